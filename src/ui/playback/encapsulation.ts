import type { Hop } from '../../model/trace';

type Outer = NonNullable<Hop['packet']['outer']>;

/** Which tunnel an outer header belongs to: Calico's IP-in-IP (protocol 4), or VXLAN (UDP with a VNI). */
export function encapsulation(outer: Outer): 'ipip' | 'vxlan' | 'other' {
  if (outer.proto.toUpperCase() === 'IPIP') return 'ipip';
  if (outer.vni !== undefined) return 'vxlan';
  return 'other';
}

/** The catalogue key naming the outer header's layer in the packet detail. */
export const outerLabelKey = (outer: Outer) =>
  (({ ipip: 'detail.outerIpip', vxlan: 'detail.outerVxlan', other: 'detail.outer' }) as const)[encapsulation(outer)];
