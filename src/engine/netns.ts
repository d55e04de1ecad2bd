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

/** Longest-prefix match over the main table (local addresses are checked by the caller). */
export function lookupRoute(ns: Netns, dst: number): Route | undefined {
  let best: Route | undefined;
  for (const r of ns.routes) {
    if (best && r.dst.bits <= best.dst.bits) continue;
    const size = 2 ** (32 - r.dst.bits);
    if (dst >= r.dst.base && dst < r.dst.base + size) best = r;
  }
  return best;
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
