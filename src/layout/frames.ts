/**
 * The animation model: a trace turned into frames, one per hop, request first, then the reply.
 * Pure data in, data out: the canvas overlay, the timeline and the packet detail all draw
 * from the same frames, so they cannot disagree about where the packet is.
 */
import { rewritesOf, type ChoiceOption, type Hop, type Rewrite, type Trace, type Reason, type Verdict } from '../model/trace';

export type Leg = 'request' | 'reply';

/** A rewrite as a person reads it on the canvas. */
export interface NatBadge {
  type: Rewrite['type'];
  /** e.g. "DNAT 192.168.13.23:80 → 172.23.96.163:80 by IPVS 192.168.13.23:80 rr (…)" */
  text: string;
  /** before → after only, for tight places. */
  short: string;
}

export interface Frame {
  /** Position in the whole animation. */
  index: number;
  leg: Leg;
  /** Position within its leg (0-based). */
  legIndex: number;
  hop: Hop;
  /** The canvas element the packet is in: the hop's namespace id (pod:…, node:…, vpc, slb:…, external:…). */
  at: string;
  /** The cluster node whose views explain this hop, when there is one. */
  node: string | null;
  /** The packet's addresses at this hop: "src → dst". */
  label: string;
  /** The label differs from the previous frame's (a rewrite happened on the way here). */
  labelChanged: boolean;
  badges: NatBadge[];
  drop: { verdict: Exclude<Verdict, 'delivered'>; reason: string; why?: Reason } | null;
  /** Load-balancing alternatives offered at this hop, and which one was taken. */
  choices: ChoiceOption[] | null;
  taken: string | null;
  /** Kernel stacks the request has entered up to here (the one it dies in counts half). */
  stacks: number;
}

export const badgeOf = (r: Rewrite): NatBadge => ({
  type: r.type,
  text: `${r.type} ${r.from} → ${r.to} by ${r.by}`,
  short: `${r.type} ${r.from} → ${r.to}`,
});

export const packetLabel = (h: Hop): string => `${h.packet.src} → ${h.packet.dst}${h.packet.icmp ? ` (${h.packet.icmp})` : ''}`;

/** Namespaces that hold a kernel network stack of the cluster (clients, VPC and SLBs do not). */
const isStack = (ns: string) => ns.startsWith('pod:') || ns.startsWith('node:');

function nodeOf(h: Hop): string | null {
  if (h.ns.startsWith('node:')) return h.ns.slice('node:'.length);
  return h.node ?? null;
}

/**
 * One frame per hop: the request's hops, then the reply's.
 *
 * @example
 *   const frames = buildFrames(trace);
 *   frames.find((f) => f.badges.length)?.badges[0].text // "DNAT 192.168.13.23:80 → …"
 */
export function buildFrames(trace: Trace | null): Frame[] {
  if (!trace) return [];
  const frames: Frame[] = [];
  let prevLabel: string | null = null;
  let stacks = 0;
  let prevNs: string | null = null;
  const legs: [Leg, Hop[]][] = [
    ['request', trace.hops],
    ['reply', trace.reply?.hops ?? []],
  ];
  for (const [leg, hops] of legs) {
    hops.forEach((hop, legIndex) => {
      if (leg === 'request' && hop.ns !== prevNs && isStack(hop.ns)) stacks += 1;
      prevNs = hop.ns;
      const drop = hop.drop ?? null;
      const label = packetLabel(hop);
      const choices = hop.choices && hop.choices.length > 0 ? hop.choices : null;
      frames.push({
        index: frames.length,
        leg,
        legIndex,
        hop,
        at: hop.ns,
        node: nodeOf(hop),
        label,
        labelChanged: prevLabel !== null && leg === frames[frames.length - 1]?.leg && label !== prevLabel,
        badges: rewritesOf(hop).map(badgeOf),
        drop,
        choices,
        taken: choices ? (hop.rewrites?.[0]?.to ?? hop.packet.dst) : null,
        // The count is the request's: the way back (a reply, or an ICMP error) adds nothing.
        stacks: leg === 'reply' ? trace.kernelStacks : drop && isStack(hop.ns) ? stacks - 0.5 : stacks,
      });
      prevLabel = label;
    });
  }
  return frames;
}

/** How many frames a trace plays, without building them (the store needs only the count). */
export const frameCount = (trace: Trace | null): number => (trace ? trace.hops.length + (trace.reply?.hops.length ?? 0) : 0);

// --- node ports -------------------------------------------------------------------------

/** Left to right on a node box: pod-facing ports first, the wire last. */
const rank = (dev: string): number =>
  dev.startsWith('veth') ? 0 : dev === 'cni0' ? 1 : dev === 'kube-ipvs0' ? 2 : dev.startsWith('flannel') ? 3 : dev === 'eth0' ? 5 : 4;

/**
 * The devices a trace used on each node, as ports to draw on the node boxes. `kube-ipvs0` is
 * added where IPVS rewrote the packet: the service address is bound there, which is why the
 * node accepts it as local.
 */
export function nodePorts(trace: Trace | null): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  if (!trace) return new Map();
  for (const h of [...trace.hops, ...(trace.reply?.hops ?? [])]) {
    if (!h.ns.startsWith('node:')) continue;
    const set = out.get(h.ns) ?? new Set<string>();
    out.set(h.ns, set);
    if (h.device) set.add(h.device);
    if (rewritesOf(h).some((r) => r.by.startsWith('IPVS'))) set.add('kube-ipvs0');
  }
  return new Map([...out].map(([ns, set]) => [ns, [...set].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))] as const));
}

// --- matched rules ----------------------------------------------------------------------

export interface MatchedRule {
  ns: string;
  table: string;
  /** The rule exactly as iptables-save prints it: "-A CHAIN …". */
  rule: string;
}

/** Split a hop's `matched` entry "NS TABLE -A CHAIN …" into its parts; null if it is not one. */
export function parseMatched(s: string): MatchedRule | null {
  const m = /^(\S+) (\S+) (-A .*)$/.exec(s);
  return m ? { ns: m[1]!, table: m[2]!, rule: m[3]! } : null;
}

/** The rules a hop matched in one table of one namespace, as a set of iptables-save lines. */
export function matchedLines(hop: Hop | null | undefined, ns: string, table: string): Set<string> {
  const out = new Set<string>();
  for (const s of hop?.matched ?? []) {
    const m = parseMatched(s);
    if (m && m.ns === ns && m.table === table) out.add(m.rule);
  }
  return out;
}

/** One table's section of an iptables-save text ("*nat" … "COMMIT"), or '' when absent. */
export function iptablesSection(text: string, table: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf(`*${table}`);
  if (start < 0) return '';
  const end = lines.indexOf('COMMIT', start);
  return lines.slice(start, end < 0 ? undefined : end + 1).join('\n');
}

// --- capture points ---------------------------------------------------------------------

export type AddressRole = 'client' | 'destination' | 'rewritten' | 'other';

export interface CapturePoint {
  ns: string;
  device: string;
  leg: Leg;
  /** Seen as the packet's source or destination (or in the outer header). */
  as: 'src' | 'dst' | 'outer';
}

export interface CaptureGroup {
  address: string;
  role: AddressRole;
  /** Where `tcpdump -i DEVICE host ADDRESS` in that namespace would see it, first pass first. */
  points: CapturePoint[];
}

const hostOf = (addr: string) => addr.replace(/:\d+$/, '');

/**
 * For every address the packet carried, the interfaces where a capture would see it.
 * Derived from the hops that sit on a device; grouped by address, client first, then the
 * address the client called, then the addresses rewrites introduced.
 */
export function capturePoints(trace: Trace | null): CaptureGroup[] {
  if (!trace || trace.hops.length === 0) return [];
  const first = trace.hops[0]!;
  const client = hostOf(first.packet.src);
  const destination = hostOf(first.packet.dst);
  const rewritten = new Set<string>();
  for (const h of [...trace.hops, ...(trace.reply?.hops ?? [])]) {
    for (const r of rewritesOf(h)) if (r.type !== 'ENCAP' && r.type !== 'DECAP') rewritten.add(hostOf(r.to));
  }
  const groups = new Map<string, CaptureGroup>();
  const add = (address: string, p: CapturePoint) => {
    let g = groups.get(address);
    if (!g) {
      const role: AddressRole = address === client ? 'client' : address === destination ? 'destination' : rewritten.has(address) ? 'rewritten' : 'other';
      g = { address, role, points: [] };
      groups.set(address, g);
    }
    if (!g.points.some((q) => q.ns === p.ns && q.device === p.device && q.leg === p.leg)) g.points.push(p);
  };
  const legs: [Leg, Hop[]][] = [
    ['request', trace.hops],
    ['reply', trace.reply?.hops ?? []],
  ];
  for (const [leg, hops] of legs) {
    for (const h of hops) {
      if (!h.device) continue;
      add(hostOf(h.packet.src), { ns: h.ns, device: h.device, leg, as: 'src' });
      add(hostOf(h.packet.dst), { ns: h.ns, device: h.device, leg, as: 'dst' });
      if (h.packet.outer) {
        add(hostOf(h.packet.outer.src), { ns: h.ns, device: h.device, leg, as: 'outer' });
        add(hostOf(h.packet.outer.dst), { ns: h.ns, device: h.device, leg, as: 'outer' });
      }
    }
  }
  const order: Record<AddressRole, number> = { client: 0, destination: 1, rewritten: 2, other: 3 };
  return [...groups.values()].sort((a, b) => order[a.role] - order[b.role]);
}

// --- packet fields ----------------------------------------------------------------------

export interface PacketField {
  layer: 'L3' | 'L4' | 'outer';
  name: string;
  value: string;
}

const splitAddr = (a: string): [string, string | null] => {
  const m = /^(.*):(\d+)$/.exec(a);
  return m ? [m[1]!, m[2]!] : [a, null];
};

/** The header fields of the packet at a hop, layer by layer, as the detail panel lists them. */
export function packetFields(h: Hop): PacketField[] {
  const [sip, sport] = splitAddr(h.packet.src);
  const [dip, dport] = splitAddr(h.packet.dst);
  const out: PacketField[] = [];
  if (h.packet.outer) {
    const o = h.packet.outer;
    out.push({ layer: 'outer', name: 'src', value: o.src }, { layer: 'outer', name: 'dst', value: o.dst });
    out.push({ layer: 'outer', name: 'proto', value: o.proto + (o.vni !== undefined ? ` vni ${o.vni}` : '') });
  }
  out.push({ layer: 'L3', name: 'src', value: sip }, { layer: 'L3', name: 'dst', value: dip }, { layer: 'L3', name: 'proto', value: h.packet.proto });
  if (h.packet.size !== undefined) out.push({ layer: 'L3', name: 'size', value: `${h.packet.size} B` });
  if (h.packet.df !== undefined) out.push({ layer: 'L3', name: 'DF', value: h.packet.df ? 'set' : 'clear' });
  if (sport !== null) out.push({ layer: 'L4', name: 'sport', value: sport });
  if (dport !== null) out.push({ layer: 'L4', name: 'dport', value: dport });
  return out;
}
