/**
 * What a topology document means when it leaves a field out: the one source for the validator's
 * schemas (schema.ts), the lenient reading of a document being edited (display.ts), rewiring and
 * the kubectl import. No zod here, so the main bundle can read these without the validator.
 */
import type { CniMode, CniPlugin, Kernel } from './topology';

/**
 * Pod network MTU when `cni.mtu` is left out: the node MTU less the encapsulation header
 * (VXLAN 50 bytes, IP-in-IP 20); routed modes need none.
 */
export function defaultPodMtu(plugin: CniPlugin, mode: CniMode): number {
  if (mode === 'vxlan') return 1450;
  if (plugin === 'calico' && mode === 'ipip') return 1480;
  return NODE_MTU;
}

/** A node's (and a routed pod network's) MTU when the document leaves it out: Ethernet's. */
export const NODE_MTU = 1500;

/** Service range when the document leaves cluster.serviceCIDR out: kubeadm's default. */
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';

/** ENI secondary-IP capacity when an ENI leaves maxIPs out. */
export const DEFAULT_ENI_MAX_IPS = 10;

/** A node's kernel settings when the document leaves them out: a stock Kubernetes node. */
export const DEFAULT_KERNEL: Readonly<Kernel> = { ipForward: true, rpFilter: 'loose', mtu: NODE_MTU, bridgeNfCallIptables: true };
