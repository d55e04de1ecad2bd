/**
 * What a node and a pod are with their names and addresses taken out, read once per document:
 * the keys the classes of equivalent options compare (classes.ts, endpoint-classes.ts). A key is
 * undefined when the element must be a class of its own: the document names it somewhere else
 * than its own record (a VPC route to it, a route via it, a rule matching it), or it is special
 * (a node with a hostNetwork pod or a hostPort, a hostNetwork pod).
 */
import { ipToInt, parseCidr, type ParsedCidr } from '../../model/cidr';
import type { Node, Pod, Topology } from '../../model';

/** Keys by node name and by pod `NS/NAME`. */
export interface Census {
  nodes: Map<string, string | undefined>;
  pods: Map<string, string | undefined>;
}

const censusOf = new WeakMap<Topology, Census>();

const LEADING_IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/;
const CIDR = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/\d{1,2}$/;
/** Fields that hold names, not addresses. */
const NAME_FIELDS = new Set(['name', 'node', 'nodes', 'namespace']);
/**
 * A service's externalIPs: a node holding one as a secondary address receives only what is sent
 * to it (its key counts its secondary addresses; explore.ts catches any branch that names one).
 */
const FRONTEND_FIELDS = new Set(['externalIPs']);

/**
 * How often the document (its canvas layout aside) names each of `names` and each of `addresses`
 * (as a value, an IP:PORT or a CIDR's base), and the CIDRs it names; `blockCidrs` are those named
 * anywhere but a `podCIDR` field (a node's block holds its own pods and no other node's).
 */
function count(t: Topology, names: ReadonlySet<string>, addresses: ReadonlySet<string>) {
  const nameCount = new Map<string, number>();
  const addressCount = new Map<string, number>();
  const cidrs = new Map<string, ParsedCidr>();
  const elsewhere = new Set<string>();
  const visit = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (names.has(v)) nameCount.set(v, (nameCount.get(v) ?? 0) + 1);
      if (NAME_FIELDS.has(key) || FRONTEND_FIELDS.has(key) || v.length > 21) return;
      const ip = LEADING_IPV4.exec(v)?.[0];
      if (ip !== undefined && addresses.has(ip)) addressCount.set(ip, (addressCount.get(ip) ?? 0) + 1);
      if (ip !== undefined && CIDR.test(v)) {
        if (key !== 'podCIDR') elsewhere.add(v);
        if (!cidrs.has(v)) {
          const c = parseCidr(v);
          if (c) cidrs.set(v, c);
        }
      }
    } else if (Array.isArray(v)) for (const x of v) visit(x, key);
    else if (v && typeof v === 'object') for (const k in v) if (k !== 'layout') visit((v as Record<string, unknown>)[k], k);
  };
  visit(t, '');
  return { nameCount, addressCount, cidrs: [...cidrs.values()], blockCidrs: [...elsewhere].map((c) => cidrs.get(c)!) };
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

/** A node's own addresses: the address, the secondary ones, its extra interfaces'. */
export const nodeAddresses = (n: Node): string[] => [n.ip, ...n.secondaryIPs, ...n.interfaces.map((i) => i.ip)];

export function census(t: Topology): Census {
  let c = censusOf.get(t);
  if (c) return c;
  const podAddresses = t.pods.filter((p) => !p.hostNetwork).map((p) => p.ip);
  const { nameCount, addressCount, cidrs, blockCidrs } = count(
    t,
    new Set([...t.nodes.map((n) => n.name), ...t.pods.map((p) => p.name)]),
    new Set([...t.nodes.flatMap(nodeAddresses), ...podAddresses]),
  );
  const where = membership(
    t.nodes.flatMap((n) => nodeAddresses(n).map(ipToInt)),
    cidrs,
  );
  const podWhere = membership(podAddresses.map(ipToInt), blockCidrs);
  const podsOn = new Map<string, number>();
  const special = new Set<string>();
  for (const p of t.pods) {
    podsOn.set(p.node, (podsOn.get(p.node) ?? 0) + 1);
    if (p.hostNetwork || p.ports.some((x) => x.hostPort !== undefined)) special.add(p.node);
  }
  const nodes = new Map<string, string | undefined>();
  for (const n of t.nodes) {
    const routers = t.routers.filter((r) => r.nodes.includes(n.name)).map((r) => r.name);
    const own = nodeAddresses(n);
    // Its name: its own field, its pods' `node`, its routers' lists; its addresses: their own fields.
    const namedElsewhere =
      (nameCount.get(n.name) ?? 0) !== 1 + (podsOn.get(n.name) ?? 0) + routers.length ||
      own.some((ip) => (addressCount.get(ip) ?? 0) !== own.filter((x) => x === ip).length);
    if (special.has(n.name) || namedElsewhere) {
      nodes.set(n.name, undefined);
      continue;
    }
    const { name: _name, ip: _ip, podCIDR: _podCIDR, secondaryIPs, interfaces, ...settings } = n;
    nodes.set(n.name, JSON.stringify([settings, secondaryIPs.length, interfaces.map((i) => [i.name, i.up]), routers, own.map((ip) => where.get(ipToInt(ip)))]));
  }
  const pods = new Map<string, string | undefined>();
  for (const p of t.pods) pods.set(`${p.namespace}/${p.name}`, podKey(p, nameCount, addressCount, podWhere));
  censusOf.set(t, (c = { nodes, pods }));
  return c;
}

/**
 * A pod with its name, address and node taken out: its namespace, labels (what NetworkPolicies
 * select), readiness, ports and ENI, and which CIDRs the document names hold its address.
 */
function podKey(p: Pod, nameCount: Map<string, number>, addressCount: Map<string, number>, where: Map<number, string>): string | undefined {
  if (p.hostNetwork || (nameCount.get(p.name) ?? 0) !== 1 || (addressCount.get(p.ip) ?? 0) !== 1) return undefined;
  const { name: _name, ip, node: _node, ...rest } = p;
  return JSON.stringify([rest, where.get(ipToInt(ip))]);
}
