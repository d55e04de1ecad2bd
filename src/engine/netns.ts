/** Building blocks for namespaces: devices with ifindexes, addresses and routes. */
import type { Device, Netns, NsKind, Route } from './dataplane';

export function newNetns(id: string, kind: NsKind, node?: string): Netns {
  const ns: Netns = {
    id,
    kind,
    node,
    devices: new Map(),
    local: new Map(),
    routes: [],
    sysctl: { ipForward: kind !== 'pod' && kind !== 'external', rpFilter: 'off', bridgeNfCallIptables: false },
    conntrack: false,
  };
  addDevice(ns, { name: 'lo', kind: 'loopback', mtu: 65536, mac: '00:00:00:00:00:00', addrs: [{ ip: 0x7f000001, bits: 8 }] });
  return ns;
}

/**
 * A namespace's local addresses with a shared layer behind its own: a node in IPVS mode holds
 * every service address on kube-ipvs0, and that set is the cluster's, not copied per node.
 * Its own addresses win (a service address the node holds itself stays on its device).
 */
export class LocalAddresses extends Map<number, string> {
  constructor(
    own: Iterable<[number, string]>,
    private readonly shared: { set: ReadonlySet<number>; dev: string },
  ) {
    super(own);
  }

  override get(ip: number): string | undefined {
    return super.get(ip) ?? (this.shared.set.has(ip) ? this.shared.dev : undefined);
  }

  override has(ip: number): boolean {
    return super.has(ip) || this.shared.set.has(ip);
  }
}

export function addDevice(ns: Netns, d: Omit<Device, 'ifindex' | 'up'> & { up?: boolean }): Device {
  const dev: Device = { ...d, ifindex: ns.devices.size + 1, up: d.up ?? true };
  ns.devices.set(dev.name, dev);
  for (const a of dev.addrs) ns.local.set(a.ip, dev.name);
  return dev;
}

export function addRoute(ns: Netns, r: Route): void {
  ns.routes.push(r);
}

interface LpmIndex {
  size: number;
  /** Prefix lengths present, longest first, each with its routes by network address. */
  levels: { bits: number; block: number; byBase: Map<number, Route> }[];
}
const lpmCache = new WeakMap<readonly { dst: { base: number; bits: number } }[], LpmIndex>();

/**
 * Longest-prefix match over a route list (first route wins among equal prefixes, as the
 * kernel keeps the first of duplicates). Indexed by prefix length, so host-gw nodes with a
 * route per peer and the VPC table with one entry per node stay fast.
 */
export function lpm<R extends { dst: { base: number; bits: number } }>(routes: R[], dst: number): R | undefined {
  let idx = lpmCache.get(routes);
  if (!idx || idx.size !== routes.length) {
    const byBits = new Map<number, Map<number, Route>>();
    for (const r of routes) {
      let m = byBits.get(r.dst.bits);
      if (!m) byBits.set(r.dst.bits, (m = new Map()));
      if (!m.has(r.dst.base)) m.set(r.dst.base, r as unknown as Route);
    }
    idx = {
      size: routes.length,
      levels: [...byBits.entries()].sort((a, b) => b[0] - a[0]).map(([bits, byBase]) => ({ bits, block: 2 ** (32 - bits), byBase })),
    };
    lpmCache.set(routes, idx);
  }
  for (const l of idx.levels) {
    const r = l.byBase.get(dst - (dst % l.block));
    if (r) return r as unknown as R;
  }
  return undefined;
}

const MAIN_TABLE = 254;

/**
 * The routing decision (local addresses are checked by the caller): policy rules in priority
 * order when the namespace has them (`ip rule`), else the main table's longest-prefix match.
 */
export function lookupRoute(ns: Netns, dst: number, src?: number): Route | undefined {
  if (ns.rules) {
    for (const r of ns.rules) {
      if (r.from && (src === undefined || !inBlock(r.from, src))) continue;
      if (r.to && !inBlock(r.to, dst)) continue;
      const table = r.table === MAIN_TABLE ? ns.routes : ns.tables?.get(r.table);
      const hit = table && lpm(table, dst);
      if (hit) return hit;
    }
  }
  return lpm(ns.routes, dst);
}

const inBlock = (c: { base: number; bits: number }, ip: number) => ip >= c.base && ip < c.base + 2 ** (32 - c.bits);

/** The address MASQUERADE takes on `devName`: one of its own, else (like inet_select_addr) the first global one. */
export function masqueradeSource(ns: Netns, devName: string, to: number): number | undefined {
  const own = sourceFor(ns, devName, to);
  if (own !== undefined) return own;
  for (const d of ns.devices.values()) if (d.kind !== 'loopback' && d.kind !== 'dummy' && d.addrs[0]) return d.addrs[0].ip;
  return undefined;
}

/** The address a route's device would use as source towards `to` (the kernel's preferred source). */
export function sourceFor(ns: Netns, devName: string, to: number): number | undefined {
  const dev = ns.devices.get(devName);
  if (!dev || dev.addrs.length === 0) return undefined;
  for (const a of dev.addrs) {
    const size = 2 ** (32 - a.bits);
    const base = a.ip - (a.ip % size);
    if (to >= base && to < base + size) return a.ip;
  }
  return dev.addrs[0]!.ip;
}
