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

export function addDevice(ns: Netns, d: Omit<Device, 'ifindex' | 'up'> & { up?: boolean }): Device {
  const dev: Device = { ...d, ifindex: ns.devices.size + 1, up: d.up ?? true };
  ns.devices.set(dev.name, dev);
  for (const a of dev.addrs) ns.local.set(a.ip, dev.name);
  return dev;
}

export function addAddress(ns: Netns, devName: string, ip: number, bits: number): void {
  const dev = ns.devices.get(devName);
  if (!dev) return;
  dev.addrs.push({ ip, bits });
  ns.local.set(ip, devName);
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

/** Longest-prefix match over the main table (local addresses are checked by the caller). */
export function lookupRoute(ns: Netns, dst: number): Route | undefined {
  return lpm(ns.routes, dst);
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
