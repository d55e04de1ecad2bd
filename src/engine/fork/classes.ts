/**
 * Equivalence classes of a load balancer's choices, for `choice: {all: true}`: options whose
 * branches provably continue the same way from modelled state, up to the renaming of one node
 * for another. `all` walks one representative per class (its first option) and lets it stand
 * for the class (fork/explore.ts).
 *
 * Two SLB backends are equivalent when the packet after the choice differs only in the node it
 * reaches (same port; an SLB's backends are equally likely; the backend's address is its node's address) and the walk
 * past the choice cannot tell the two nodes apart. It reads of a node: its settings and faults
 * (kernel, interfaces, routes and deleted routes, links down, nat and filter rules, ENIs: all
 * equal), the pods it hosts when the packet can reach them (so a node hosting an endpoint of the
 * listener's service, a hostNetwork pod or a hostPort is a class of its own), the routers that
 * peer with it, and how every CIDR the document names classifies its address (NetworkPolicy
 * ipBlocks, loadBalancerSourceRanges, routes, the VPC's). A node whose name or address the
 * document names anywhere else (a VPC route to it, a route via it, a rule matching it) is a
 * class of its own. Whatever the walk then writes about the representative's node (its address
 * as the source the server sees, its name in a reason) is checked in explore.ts.
 */
import { intToIp, ipToInt, parseCidr, type ParsedCidr } from '../../model/cidr';
import type { Node, Topology } from '../../model';
import type { Dataplane, SlbListener } from '../dataplane';
import type { OptionClasses } from '../hop';

/** What a node is, with its name and addresses taken out: undefined when it must be a class of its own. */
type NodeKeys = Map<string, string | undefined>;

const nodeKeysOf = new WeakMap<Topology, NodeKeys>();
const slbClasses = new WeakMap<SlbListener, OptionClasses>();

const LEADING_IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/;
const CIDR = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/\d{1,2}$/;
/** Fields that hold names, not addresses. */
const NAME_FIELDS = new Set(['name', 'node', 'nodes', 'namespace']);
/**
 * A service's externalIPs: a node holding one as a secondary address receives only what is sent
 * to it (its key counts its secondary addresses; the check in explore.ts catches any branch that
 * names one).
 */
const FRONTEND_FIELDS = new Set(['externalIPs']);

/**
 * How often the document (its canvas layout aside) names each node and each node address (as a
 * value, an IP:PORT or a CIDR's base), and the CIDRs it names.
 */
function census(t: Topology, names: ReadonlySet<string>, addresses: ReadonlySet<string>) {
  const nameCount = new Map<string, number>();
  const addressCount = new Map<string, number>();
  const cidrs = new Map<string, ParsedCidr>();
  const visit = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (names.has(v)) nameCount.set(v, (nameCount.get(v) ?? 0) + 1);
      if (NAME_FIELDS.has(key) || FRONTEND_FIELDS.has(key) || v.length > 21) return;
      const ip = LEADING_IPV4.exec(v)?.[0];
      if (ip !== undefined && addresses.has(ip)) addressCount.set(ip, (addressCount.get(ip) ?? 0) + 1);
      if (ip !== undefined && !cidrs.has(v) && CIDR.test(v)) {
        const c = parseCidr(v);
        if (c) cidrs.set(v, c);
      }
    } else if (Array.isArray(v)) for (const x of v) visit(x, key);
    else if (v && typeof v === 'object') for (const k in v) if (k !== 'layout') visit((v as Record<string, unknown>)[k], k);
  };
  visit(t, '');
  return { nameCount, addressCount, cidrs: [...cidrs.values()] };
}

/** Which of `cidrs` hold each address: sorted addresses, a binary search per CIDR. */
function membership(addresses: readonly number[], cidrs: readonly ParsedCidr[]): Map<number, string> {
  const sorted = [...new Set(addresses)].sort((a, b) => a - b);
  const held = new Map<number, number[]>();
  cidrs.forEach((c, i) => {
    const lo = c.base >>> 0;
    const hi = lo + 2 ** (32 - c.bits) - 1;
    let a = 0;
    let b = sorted.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (sorted[m]! < lo) a = m + 1;
      else b = m;
    }
    for (let j = a; j < sorted.length && sorted[j]! <= hi; j++) (held.get(sorted[j]!) ?? held.set(sorted[j]!, []).get(sorted[j]!)!).push(i);
  });
  return new Map(sorted.map((x) => [x, (held.get(x) ?? []).join(',')]));
}

function nodeKeys(t: Topology): NodeKeys {
  let keys = nodeKeysOf.get(t);
  if (keys) return keys;
  const ownOf = (n: Node) => [n.ip, ...n.secondaryIPs, ...n.interfaces.map((i) => i.ip)];
  const { nameCount, addressCount, cidrs } = census(t, new Set(t.nodes.map((n) => n.name)), new Set(t.nodes.flatMap(ownOf)));
  const where = membership(
    t.nodes.flatMap((n) => ownOf(n).map(ipToInt)),
    cidrs,
  );
  const podsOn = new Map<string, number>();
  const special = new Set<string>();
  for (const p of t.pods) {
    podsOn.set(p.node, (podsOn.get(p.node) ?? 0) + 1);
    if (p.hostNetwork || p.ports.some((c) => c.hostPort !== undefined)) special.add(p.node);
  }
  keys = new Map();
  for (const n of t.nodes) {
    const routers = t.routers.filter((r) => r.nodes.includes(n.name)).map((r) => r.name);
    const own = ownOf(n);
    // Its name: its own field, its pods' `node`, its routers' lists; its addresses: their own fields.
    const namedElsewhere =
      (nameCount.get(n.name) ?? 0) !== 1 + (podsOn.get(n.name) ?? 0) + routers.length ||
      own.some((ip) => (addressCount.get(ip) ?? 0) !== own.filter((x) => x === ip).length);
    if (special.has(n.name) || namedElsewhere) {
      keys.set(n.name, undefined);
      continue;
    }
    const { name: _name, ip: _ip, podCIDR: _podCIDR, secondaryIPs, interfaces, ...settings } = n;
    keys.set(n.name, JSON.stringify([settings, secondaryIPs.length, interfaces.map((i) => [i.name, i.up]), routers, own.map((ip) => where.get(ipToInt(ip)))]));
  }
  nodeKeysOf.set(t, keys);
  return keys;
}

/** The classes of an SLB listener's backends (each option is one backend, in order; all equally likely). */
export function slbBackendClasses(dp: Dataplane, l: SlbListener): OptionClasses {
  let c = slbClasses.get(l);
  if (c) return c;
  const group = l.group;
  const hosting = new Set(l.sp.endpoints.map((e) => e.node));
  const backends = Array.from({ length: group.length }, (_, k) => ({ node: dp.nodesByName.get(group.node(k)), ip: group.ip(k), port: group.port(k) }));
  // Only nodes without an endpoint can share a class: with fewer than two, the document is not read.
  const open = backends.filter((b) => b.node !== undefined && !hosting.has(b.node.name)).length;
  const keys = open > 1 ? nodeKeys(dp.topology) : new Map<string, undefined>();
  const firstOf = new Map<string, number>();
  const repOf: number[] = [];
  const identity: OptionClasses['identity'][number][] = [];
  backends.forEach(({ node, ip: at, port }, k) => {
    const key = node && !hosting.has(node.name) && at === ipToInt(node.ip) ? keys.get(node.name) : undefined;
    const full = key === undefined ? undefined : `${port} ${key}`;
    const rep = full === undefined ? k : (firstOf.get(full) ?? k);
    if (full !== undefined && rep === k) firstOf.set(full, k);
    repOf.push(rep);
    const ip = intToIp(at);
    const others = node ? [node.ip, ...node.secondaryIPs, ...node.interfaces.map((i) => i.ip)].filter((x) => x !== ip) : [];
    identity.push({ name: node?.name ?? '', ip, others });
  });
  slbClasses.set(l, (c = { repOf, identity }));
  return c;
}
