import type { Hop, Reason } from '../../model/trace';
import type { Frame } from './frames';
import { encapsulation } from './encapsulation';

/** What a hop did, derived from the trace: the event list's filters and the decision keys use it. */
export type EventCategory = 'nat' | 'routing' | 'policy' | 'drop' | 'lb';
export const EVENT_FILTERS = ['all', 'nat', 'routing', 'policy', 'drop', 'decision'] as const;
export type EventFilter = (typeof EVENT_FILTERS)[number];

// Reasons the engine gives for where a packet goes next (routes, the VPC, bridges, reverse-path checks).
const ROUTING_REASONS = new Set([
  'route',
  'noRoute',
  'netUnreachable',
  'routingLoop',
  'rpFilterNoRoute',
  'rpFilterStrict',
  'localDelivery',
  'bridgeForwards',
  'brnfRouted',
  'ipvlanToSlave',
  'ipvlanOutOfEni',
  'noIpvlanSlave',
  'routeDeletedInstead',
  'routeDeletedNone',
  'eniSecondary',
  'vpcInSwitch',
  'vpcNoInstance',
  'vpcNoRoute',
  'vpcRouteDeleted',
  'vpcToInstance',
  'vpcToInternet',
  'vpcToLocal',
  'replyElsewhere',
]);
const POLICY_REASONS = new Set(['policyAllows', 'policyDenied', 'policyDeniedIcmp', 'policyNotEnforced', 'policyNotEnforcedDeny', 'rulePolicy']);

/** Every reason key in a (possibly combined) reason. */
function reasonKeys(r: Reason | undefined, out: string[] = []): string[] {
  if (!r) return out;
  out.push(r.key);
  for (const v of Object.values(r.params ?? {})) if (typeof v === 'object') reasonKeys(v, out);
  return out;
}

const encapOf = (h: Hop | undefined) => (h?.packet.outer ? encapsulation(h.packet.outer) : 'none');

/** The categories of a hop: a rewrite, a routing decision (a route, the VPC, a tunnel entered or left), a policy verdict, a drop, a load-balancer choice. */
export function categoriesOf(f: Frame, prev: Frame | undefined): Set<EventCategory> {
  const out = new Set<EventCategory>();
  const keys = reasonKeys(f.hop.noteWhy);
  if (f.badges.some((b) => b.type !== 'ENCAP' && b.type !== 'DECAP')) out.add('nat');
  if (
    keys.some((k) => ROUTING_REASONS.has(k)) ||
    f.hop.ns === 'vpc' ||
    f.hop.ns.startsWith('router:') ||
    f.badges.some((b) => b.type === 'ENCAP' || b.type === 'DECAP') ||
    (prev !== undefined && prev.leg === f.leg && encapOf(prev.hop) !== encapOf(f.hop))
  )
    out.add('routing');
  if (f.hop.hook === 'NetworkPolicy' || keys.some((k) => POLICY_REASONS.has(k))) out.add('policy');
  if (f.drop) out.add('drop');
  if (f.choices && f.choices.length > 0) out.add('lb');
  return out;
}

export const isDecision = (c: ReadonlySet<EventCategory>) => c.size > 0;

export function matchesFilter(c: ReadonlySet<EventCategory>, filter: EventFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'decision') return isDecision(c);
  return c.has(filter);
}

/** The categories of every frame, in order. */
export const frameCategories = (frames: readonly Frame[]): Set<EventCategory>[] => frames.map((f, i) => categoriesOf(f, frames[i - 1]));

/** The next (dir 1) or previous (dir -1) frame after `from` that matches `filter` (decisions when 'all'); null when none. */
export function nextEvent(frames: readonly Frame[], from: number, dir: 1 | -1, filter: EventFilter = 'decision'): number | null {
  const cats = frameCategories(frames);
  const want: EventFilter = filter === 'all' ? 'decision' : filter;
  for (let i = from + dir; i >= 0 && i < frames.length; i += dir) if (matchesFilter(cats[i]!, want)) return i;
  return null;
}

/** One header of the packet before and after a hop. `before` is null on a leg's first hop; `name` of the outer header is its encapsulation. */
export interface HeaderChange {
  layer: 'L3' | 'L4' | 'outer';
  name: string;
  before: string | null;
  after: string;
  changed: boolean;
}

const splitPort = (a: string): [string, string | null] => {
  const i = a.lastIndexOf(':');
  return i > 0 && /^\d+$/.test(a.slice(i + 1)) ? [a.slice(0, i), a.slice(i + 1)] : [a, null];
};
const l3 = (h: Hop) => `${splitPort(h.packet.src)[0]} → ${splitPort(h.packet.dst)[0]}`;
const l4 = (h: Hop) => {
  const s = splitPort(h.packet.src)[1];
  const d = splitPort(h.packet.dst)[1];
  return s === null && d === null ? '—' : `${s ?? '*'} → ${d ?? '*'}`;
};
const outerText = (h: Hop) =>
  h.packet.outer ? `${h.packet.outer.src} → ${h.packet.outer.dst}${h.packet.outer.vni !== undefined ? ` vni ${h.packet.outer.vni}` : ''}` : '—';
const ENCAP_NAME = { vxlan: 'VXLAN', ipip: 'IP-in-IP', other: 'outer', none: 'none' } as const;

/** The packet's L3, L4 and outer header before this hop (as the previous hop of its leg left it) and after it. */
export function headerChanges(f: Frame, prev: Frame | undefined): HeaderChange[] {
  const before = prev && prev.leg === f.leg ? prev.hop : null;
  const row = (layer: HeaderChange['layer'], name: string, of: (h: Hop) => string): HeaderChange => {
    const b = before ? of(before) : null;
    const a = of(f.hop);
    return { layer, name, before: b, after: a, changed: b !== null && b !== a };
  };
  const encap = f.hop.packet.outer ? encapOf(f.hop) : before?.packet.outer ? encapOf(before) : 'none';
  return [row('L3', 'IP', l3), row('L4', f.hop.packet.proto, l4), row('outer', ENCAP_NAME[encap], outerText)];
}
