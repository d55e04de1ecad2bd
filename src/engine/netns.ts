/** Building blocks for namespaces: devices with ifindexes, addresses and routes. */
import type { Dataplane, Device, Netns, NsKind, Route } from './dataplane';

/**
 * `lo`, one device for every namespace: nothing changes a loopback once built (a fault sets down
 * only the devices a document names, and a node's extra interface named lo would take the entry's
 * place, not change this one), and 30,000 pods held 30,000 copies. NOTE: made as addDevice makes
 * a device (deviceOf), so it has every device's hidden class (a literal's is another one, which
 * would make the walk's reads of devices polymorphic).
 */
const LOOPBACK: Device = deviceOf({ name: 'lo', kind: 'loopback', mtu: 65536, mac: '00:00:00:00:00:00', addrs: [{ ip: 0x7f000001, bits: 8 }] }, 1);

/** The sysctls of a namespace that forwards nothing: one object for every pod and outside host, which nothing writes to. */
const NO_FORWARDING: Netns['sysctl'] = { ipForward: false, rpFilter: 'off', bridgeNfCallIptables: false };

export function newNetns(id: string, kind: NsKind, node?: string): Netns {
  const ns: Netns = {
    id,
    kind,
    node,
    devices: new Devices(),
    local: new Map(),
    routes: [],
    // A node's are replaced by its own, a router writes to its own.
    sysctl: kind === 'pod' || kind === 'external' ? NO_FORWARDING : { ipForward: true, rpFilter: 'off', bridgeNfCallIptables: false },
    conntrack: false,
  };
  attach(ns, LOOPBACK);
  return ns;
}

/**
 * A namespace's local addresses with a shared layer behind its own: a node in IPVS mode holds
 * every service address on kube-ipvs0, and that set is the cluster's, not copied per node.
 * Its own addresses win (a service address the node holds itself stays on its device).
 */
export class LocalAddresses extends Map<number, string> {
  /** The shared layer's /16 blocks (sharedBlocks), so an address in none of them never probes its set. */
  private readonly blocks: Uint32Array;

  constructor(
    own: Iterable<[number, string]>,
    private readonly shared: { set: ReadonlySet<number>; dev: string },
  ) {
    super(own);
    this.blocks = sharedBlocks(shared.set);
  }

  override get(ip: number): string | undefined {
    return super.get(ip) ?? (this.inShared(ip) ? this.shared.dev : undefined);
  }

  override has(ip: number): boolean {
    return super.has(ip) || this.inShared(ip);
  }

  private inShared(ip: number): boolean {
    return inSharedBlock(this.blocks, ip) && this.shared.set.has(ip);
  }
}

const BLOCKS = Symbol('blocks');

/**
 * Which /16 blocks hold an address of `set` (a set of addresses, or a map keyed by them), one bit
 * each (8 KB, kept on the set: every node shares it). The walk asks whether a pod's or node's
 * address is local at every hook of every node; at 1,000 nodes the service addresses are 6,000,
 * and a probe of their set was a cache miss or two each time, while the service addresses sit in a
 * few blocks that pod and node addresses are not in.
 * The set must not change once shared (kube-ipvs0's addresses are bound once per cluster).
 */
export function sharedBlocks(set: ReadonlySet<number> | ReadonlyMap<number, unknown>): Uint32Array {
  const kept = (set as object as { [BLOCKS]?: Uint32Array })[BLOCKS];
  if (kept) return kept;
  const bits = new Uint32Array(65536 / 32);
  for (const ip of set.keys()) {
    const block = ip >>> 16;
    bits[block >>> 5]! |= 1 << (block & 31);
  }
  Object.defineProperty(set, BLOCKS, { value: bits });
  return bits;
}

/** Whether `ip`'s /16 block is one `blocks` (sharedBlocks) marks. */
export const inSharedBlock = (blocks: Uint32Array, ip: number): boolean => {
  const block = ip >>> 16;
  return (blocks[block >>> 5]! & (1 << (block & 31))) !== 0;
};

/**
 * The service ports bound to address `ip` (dp.spsByAddr, made once by compile and never changed),
 * the map probed only for an address in one of its /16 blocks: the walk asks at every namespace a
 * packet enters (kube-proxy's state written on demand, IPVS's virtual servers) for the packet's
 * addresses, mostly pods' and nodes', and each probe of the 3,000-service map was a cache miss.
 */
export function servicePortsAt(dp: Dataplane, ip: number): readonly number[] | undefined {
  return inSharedBlock(sharedBlocks(dp.spsByAddr), ip) ? dp.spsByAddr.get(ip) : undefined;
}

/**
 * A node's per-pod host-side devices (the bridge ports, one veth per pod): a node has dozens and a
 * trace crosses one or two, so a port is made when something asks for it, by name or by listing
 * the devices, and kept; until then it is its index in the node's pod list.
 */
export interface PodPorts {
  readonly count: number;
  /** The port called `name`, or -1 (found without making the ports' names). */
  indexOf(name: string): number;
  /** Port `i` as a device (made once per port). */
  make(i: number, ifindex: number): Device;
}

/**
 * A namespace's devices by name, in ifindex order. The ports declared with `declarePorts` take the
 * ifindexes after the devices added so far and are made when first read, so the map behaves as if
 * they had been added then.
 */
export class Devices extends Map<string, Device> {
  private ports: PodPorts | undefined;
  /** How many added devices come before the ports (their ifindexes start after these). */
  private before = 0;
  /** The ports made so far, by index and by name (a trace asks for the same one or two again). */
  private made: (Device | undefined)[] | undefined;
  private madeByName: Map<string, Device> | undefined;

  declarePorts(ports: PodPorts): void {
    if (this.ports) throw new Error('a namespace declares its pod ports once');
    this.ports = ports;
    this.before = super.size;
  }

  /** Port `i` (undefined for -1, no port). */
  portAt(i: number): Device | undefined {
    return i < 0 ? undefined : this.port(i);
  }

  private port(i: number): Device {
    const made = (this.made ??= []);
    let d = made[i];
    if (!d) {
      made[i] = d = this.ports!.make(i, this.before + 1 + i);
      (this.madeByName ??= new Map()).set(d.name, d);
    }
    return d;
  }

  /** The devices added, without the pod ports. */
  unported(): MapIterator<Device> {
    return super.values();
  }

  override get size(): number {
    return super.size + (this.ports?.count ?? 0);
  }

  override get(name: string): Device | undefined {
    const d = super.get(name) ?? this.madeByName?.get(name);
    if (d || !this.ports) return d;
    const i = this.ports.indexOf(name);
    return i < 0 ? undefined : this.port(i);
  }

  override has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** The devices in ifindex order, the ports made as they are reached. */
  private *listed(): Generator<Device, undefined> {
    const ports = this.ports!;
    let n = 0;
    for (const d of super.values()) {
      if (n++ === this.before) for (let i = 0; i < ports.count; i++) yield this.port(i);
      yield d;
    }
    if (n <= this.before) for (let i = 0; i < ports.count; i++) yield this.port(i);
  }

  // Without ports (every pod's namespace) the map's own iterators, which allocate nothing per device.
  override entries(): MapIterator<[string, Device]> {
    if (!this.ports) return super.entries();
    return (function* (ds: Generator<Device, undefined>): Generator<[string, Device], undefined> {
      for (const d of ds) yield [d.name, d];
      return undefined;
    })(this.listed());
  }

  override values(): MapIterator<Device> {
    return this.ports ? this.listed() : super.values();
  }

  override keys(): MapIterator<string> {
    if (!this.ports) return super.keys();
    return (function* (ds: Generator<Device, undefined>): Generator<string, undefined> {
      for (const d of ds) yield d.name;
      return undefined;
    })(this.listed());
  }

  override [Symbol.iterator](): MapIterator<[string, Device]> {
    return this.entries();
  }

  override forEach(f: (d: Device, name: string, map: Map<string, Device>) => void, thisArg?: unknown): void {
    for (const [k, d] of this.entries()) f.call(thisArg, d, k, this);
  }
}

/**
 * The devices that may hold addresses, in ifindex order: all but the pod ports (a bridge port has
 * none), so reading a node's addresses does not make its ports.
 */
export function* addressedDevices(ns: Netns): Iterable<Device> {
  if (ns.devices instanceof Devices) yield* ns.devices.unported();
  else yield* ns.devices.values();
}

export function addDevice(ns: Netns, d: Omit<Device, 'ifindex' | 'up'> & { up?: boolean }): Device {
  return attach(ns, deviceOf(d, ns.devices.size + 1));
}

function deviceOf(d: Omit<Device, 'ifindex' | 'up'> & { up?: boolean }, ifindex: number): Device {
  // Not `{ ...d, ifindex, up }`: V8 gives an object spread followed by more properties a hidden
  // class of its own, so every device carried its own (~300 bytes) and no two shared a shape.
  return Object.assign({}, d, { ifindex, up: d.up ?? true });
}

/** `dev` in `ns`, its addresses local there. */
function attach(ns: Netns, dev: Device): Device {
  ns.devices.set(dev.name, dev);
  for (const a of dev.addrs) ns.local.set(a.ip, dev.name);
  return dev;
}

export function addRoute(ns: Netns, r: Route): void {
  ns.routes.push(r);
}

type Prefixed = { dst: { base: number; bits: number } };

/**
 * A route list's longest-prefix-match index. A short list (a pod's two routes, a node's handful)
 * is one flat array of [first, end, position in the list] per route, longest prefix first, scanned
 * in order: a lookup reads that array and the route, where an object, a sorted copy of the list and
 * its elements were three more objects per namespace a warm trace visits. A long one (host-gw's route
 * per peer, the VPC's entry per node) is a map per prefix length, longest first, keyed by the block's
 * number (its base over its size): a small integer where the base above 2³¹ was a boxed number, read
 * again to compare each key probed.
 */
type LpmIndex = Float64Array | { size: number; levels: { block: number; byBlock: Map<number, Prefixed> }[] };

const LPM_SCAN = 16;
/** Kept on the route list itself: a WeakMap probe per lookup cost a cache miss per namespace a warm trace visits. */
const LPM = Symbol('lpm');
type Indexed = Prefixed[] & { [LPM]?: LpmIndex };

function lpmIndex(routes: readonly Prefixed[]): LpmIndex {
  if (routes.length <= LPM_SCAN) {
    // Stable: among equal prefixes the first route stays first, as the kernel keeps the first of duplicates.
    // By insertion, in place: a list this short needs no merge sort's work array (every namespace built made one).
    const order = routes.map((_, i) => i);
    for (let i = 1; i < order.length; i++) {
      const k = order[i]!;
      let j = i;
      for (; j > 0 && routes[order[j - 1]!]!.dst.bits < routes[k]!.dst.bits; j--) order[j] = order[j - 1]!;
      order[j] = k;
    }
    const flat = new Float64Array(order.length * 3);
    order.forEach((k, i) => {
      const { base, bits } = routes[k]!.dst;
      flat.set([base, base + 2 ** (32 - bits), k], 3 * i);
    });
    return flat;
  }
  const byBits = new Map<number, Map<number, Prefixed>>();
  for (const r of routes) {
    let m = byBits.get(r.dst.bits);
    if (!m) byBits.set(r.dst.bits, (m = new Map()));
    const key = r.dst.base / 2 ** (32 - r.dst.bits);
    if (!m.has(key)) m.set(key, r);
  }
  const levels = [...byBits.entries()].sort((a, b) => b[0] - a[0]).map(([bits, byBlock]) => ({ block: 2 ** (32 - bits), byBlock }));
  return { size: routes.length, levels };
}

/**
 * Longest-prefix match over a route list (first route wins among equal prefixes, as the
 * kernel keeps the first of duplicates). Indexed (lpmIndex), so host-gw nodes with a
 * route per peer and the VPC table with one entry per node stay fast.
 */
export function lpm<R extends Prefixed>(routes: R[], dst: number): R | undefined {
  const list = routes as Indexed;
  let idx = list[LPM];
  if (!idx || (idx instanceof Float64Array ? idx.length / 3 : idx.size) !== routes.length) {
    idx = lpmIndex(routes);
    // Not enumerable: the list still compares and prints as the routes alone.
    Object.defineProperty(list, LPM, { value: idx, writable: true, configurable: true });
  }
  if (idx instanceof Float64Array) {
    for (let i = 0; i < idx.length; i += 3) if (dst >= idx[i]! && dst < idx[i + 1]!) return routes[idx[i + 2]!];
    return undefined;
  }
  for (const l of idx.levels) {
    const r = l.byBlock.get(Math.floor(dst / l.block));
    if (r) return r as R;
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

/**
 * The far end of veth `dev` as handles (its namespace and device object), looked up by name the
 * first time and then kept on the peer record: a packet crossing a veth reads two fields instead
 * of probing the dataplane's namespace map (31,000 entries at 1,000 nodes) and a device map. Kept
 * as fields of the record, not an object of them: one object fewer a crossing reads.
 * Sound because a dataplane builds each namespace once and never replaces it or its devices.
 */
export function peerAt(dp: Dataplane, dev: Device): { farNs: Netns; farDev: Device } | undefined {
  const p = dev.peer;
  if (!p) return undefined;
  if (p.farNs && p.farDev) return p as { farNs: Netns; farDev: Device };
  const ns = dp.ns(p.ns);
  const far = ns?.devices.get(p.dev);
  if (!ns || !far) return undefined;
  p.farNs = ns;
  p.farDev = far;
  return p as { farNs: Netns; farDev: Device };
}
