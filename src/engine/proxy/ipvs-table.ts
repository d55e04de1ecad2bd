import type { Reason } from '../../model/trace';
/** The IPVS table of a node: virtual servers and their real servers, as `ipvsadm -Ln` lists them. */
export interface RealServer {
  ip: number;
  port: number;
  weight: number;
  /** The endpoint's pod, for notes. */
  pod?: string;
}

export interface VirtualServer {
  proto: 'TCP' | 'UDP' | 'SCTP';
  ip: number;
  port: number;
  scheduler: 'rr';
  /** sessionAffinity ClientIP: `persistent 10800`. */
  persistent?: number;
  reals: RealServer[];
  /** "ns/name:port" and which address kind this VS is for, to explain decisions. */
  service: string;
  kind: 'clusterIP' | 'externalIP' | 'loadBalancer' | 'nodePort';
  /** Why the real-server list is what it is (e.g. "externalTrafficPolicy=Local: local endpoints only"). */
  policy: Reason;
}

export interface IpvsTable {
  /** The virtual server for `proto` `ip`:`port`, if any. */
  get(proto: string, ip: number, port: number): VirtualServer | undefined;
  /** Every virtual server (what `ipvsadm -Ln` lists). */
  all(): Iterable<VirtualServer>;
}

export const vsKey = (proto: string, ip: number, port: number) => `${proto} ${ip} ${port}`;

/** A set's members: a Set, or a view of a shared one (a node's KUBE-IPVS-IPS without its own addresses). */
export interface Members extends Iterable<string> {
  has(key: string): boolean;
}

/** An ipset as kube-proxy's IPVS mode keeps them (hash:ip,port, bitmap:port, …). */
export interface IpSet {
  name: string;
  type: 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'bitmap:port' | 'hash:ip';
  comment: string;
  /** Entry keys: "ip,proto:port" | "ip,proto:port,ip" | "proto:port"…, in the order they were added. */
  entries: Members;
}

/**
 * A namespace's ipsets, by the number a rule's set test holds (netfilter/table.ts setId): the
 * kernel finds a set by its index too (ip_set_list[index], which `--match-set` resolves once).
 * NOTE: an array, not a Map by name: a node holds ~15 sets, all but one or two the cluster's own
 * objects, and a Map's table per node was ~0.5 KB of what each node's first touch kept (and a
 * minor GC then copied). Views list them in SETS' order.
 */
export type IpSets = (IpSet | undefined)[];

/** Which dimensions of a set test read the source address ("src,dst" reads it first, "dst,dst,src" third). */
export interface SetDims {
  readonly setSrcFirst: boolean;
  readonly setSrcThird: boolean;
}

/** `dims` as written in a rule ("dst,dst,src"), read. */
export const setDims = (dims: string): SetDims => {
  const d = dims.split(',');
  return { setSrcFirst: d[0] === 'src', setSrcThird: d[2] === 'src' };
};

/** The protocol as 2 bits of a key (a switch, not a keyed property load per test). */
const protoCode = (proto: string) => (proto === 'tcp' ? 0 : proto === 'udp' ? 1 : proto === 'sctp' ? 2 : 3);
/** "ip,proto:port" as one number (an address needs 32 bits, a port 16, the protocol 2: inside 2^53). */
const ipPortKey = (ip: number, proto: string, port: number) => (ip * 4 + protoCode(proto)) * 65536 + port;

/**
 * A set's members parsed for lookups by number, kept on the members object itself (not in a
 * WeakMap, whose probe cost a cache miss per set test; a node's own view of a shared set is its
 * own members object, so it gets its own index). Not enumerable: the members print as before.
 */
const NUMERIC = Symbol('numeric');
const TRIPLES = Symbol('triples');
type Indexed = Members & { [NUMERIC]?: Numeric; [TRIPLES]?: TripleIndex };

const keep = <T>(on: Indexed, key: typeof NUMERIC | typeof TRIPLES, value: T): T => {
  Object.defineProperty(on, key, { value });
  return value;
};

/**
 * A set's members as numbers, for the sets a packet is tested against by address and port:
 * parsed once (sets do not change once a node is built), then membership is a number lookup
 * instead of a string built per test. `blocks` lists the /16 blocks the members' first address
 * is in (null past MAX_BLOCKS): service addresses sit in a few blocks and most packets a node's
 * KUBE-SERVICES tests (pod to pod, pod to node) are in none, so their test reads this one short
 * array instead of probing a set of thousands (a cache miss or two each, a dozen per trace).
 */
interface Numeric {
  members: Set<number>;
  blocks: Int32Array | null;
}

const MAX_BLOCKS = 8;

function numeric(set: IpSet): Numeric {
  const entries = set.entries as Indexed;
  const n = entries[NUMERIC];
  if (n) return n;
  const members = new Set<number>();
  const blocks = new Set<number>();
  for (const e of set.entries) {
    if (set.type !== 'hash:ip,port') {
      members.add(Number(e));
      if (set.type === 'hash:ip') blocks.add(Number(e) >>> 16);
    } else {
      const m = /^(\d+),(\w+):(\d+)$/.exec(e)!;
      members.add(ipPortKey(Number(m[1]), m[2]!, Number(m[3])));
      blocks.add(Number(m[1]) >>> 16);
    }
  }
  const filtered = set.type !== 'bitmap:port' && blocks.size <= MAX_BLOCKS;
  return keep(entries, NUMERIC, { members, blocks: filtered ? Int32Array.from(blocks) : null });
}

/** Whether `ip`'s /16 block may hold a member (always, for a set without a block list). */
function inBlocks(n: Numeric, ip: number): boolean {
  const b = n.blocks;
  if (b === null) return true;
  const block = ip >>> 16;
  for (let i = 0; i < b.length; i++) if (b[i] === block) return true;
  return false;
}

/** Parses a set's members for lookups by number ahead of the first packet (a no-op for the sets tested as strings). */
export function indexSet(set: IpSet): void {
  if (set.type === 'bitmap:port' || set.type === 'hash:ip' || set.type === 'hash:ip,port') numeric(set);
  else if (set.type === 'hash:ip,port,ip') triples(set);
}

/**
 * A hash:ip,port,ip set's members as numbers: each "ip,proto:port" key (ipPortKey) with its third
 * address, sorted by key then third, in one flat array [key, third, key, third, …]: a node's
 * KUBE-LOOP-BACK holds one member per local endpoint, and an object and a Set per member were most
 * of what the first packet leaving a node left behind.
 */
type TripleIndex = Float64Array;

/** Whether `idx` holds `key` with `third` (binary search over the sorted pairs). */
function hasTriple(idx: TripleIndex, key: number, third: number): boolean {
  let lo = 0;
  let hi = idx.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = idx[2 * mid]!;
    const t = idx[2 * mid + 1]!;
    if (k < key || (k === key && t < third)) lo = mid + 1;
    else hi = mid;
  }
  return lo < idx.length / 2 && idx[2 * lo] === key && idx[2 * lo + 1] === third;
}

/** A short set (a node's KUBE-LOOP-BACK: its pods' endpoints) is sorted in place, by insertion. */
const INSERTION_SORTED = 64;

function tripleIndex(pairs: ArrayLike<number>): TripleIndex {
  const n = pairs.length / 2;
  // A short list made as a Float64Array of its own (EndpointTriples') is sorted where it is.
  const idx = n <= INSERTION_SORTED && pairs instanceof Float64Array ? pairs : new Float64Array(pairs.length);
  if (n <= INSERTION_SORTED) {
    // NOTE: every node built sorted its KUBE-LOOP-BACK with an index array and Array.prototype.sort,
    // whose work arrays were ~1 KB of the ~16 KB a node's first touch allocates.
    for (let i = 0; i < n; i++) {
      const k = pairs[2 * i]!;
      const t = pairs[2 * i + 1]!;
      let j = i;
      for (; j > 0 && (idx[2 * j - 2]! > k || (idx[2 * j - 2] === k && idx[2 * j - 1]! > t)); j--) {
        idx[2 * j] = idx[2 * j - 2]!;
        idx[2 * j + 1] = idx[2 * j - 1]!;
      }
      idx[2 * j] = k;
      idx[2 * j + 1] = t;
    }
    return idx;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => pairs[2 * a]! - pairs[2 * b]! || pairs[2 * a + 1]! - pairs[2 * b + 1]!);
  order.forEach((from, to) => {
    idx[2 * to] = pairs[2 * from]!;
    idx[2 * to + 1] = pairs[2 * from + 1]!;
  });
  return idx;
}

/**
 * A hash:ip,port,ip set of endpoints each with its own address third (a node's KUBE-LOOP-BACK,
 * read by the first packet to leave the node), from `flat`: address, protocol (protoCode) and
 * port per endpoint, read, never written. The walk's lookups read the numbers; the members are
 * written as text only when something lists them (a view). NOTE: one object holding the shared
 * list (its text and index made when asked: the index kept as any set's is), where closures, a WeakMap entry and a list of pairs
 * grown by push were made per node (with IpSets' Map, 1.5 KB of the 9 KB a node's build kept).
 */
export class EndpointTriples implements Members {
  private text: Set<string> | undefined;

  constructor(private readonly flat: readonly number[]) {}

  has(key: string): boolean {
    return this.asText().has(key);
  }

  [Symbol.iterator](): Iterator<string> {
    return this.asText()[Symbol.iterator]();
  }

  private asText(): Set<string> {
    if (!this.text) {
      const t = new Set<string>();
      const f = this.flat;
      for (let i = 0; i < f.length; i += 3) t.add(`${f[i]},${PROTO_NAMES[f[i + 1]!]}:${f[i + 2]},${f[i]}`);
      this.text = t;
    }
    return this.text;
  }

  /** [ipPortKey, third] pairs, in the list's order (tripleIndex sorts them). */
  pairs(): Float64Array {
    const f = this.flat;
    const pairs = new Float64Array((f.length / 3) * 2);
    for (let i = 0, j = 0; i < f.length; i += 3, j += 2) {
      pairs[j] = (f[i]! * 4 + f[i + 1]!) * 65536 + f[i + 2]!;
      pairs[j + 1] = f[i]!;
    }
    return pairs;
  }
}

/** protoCode's protocols, as members spell them. */
const PROTO_NAMES = ['tcp', 'udp', 'sctp'];

/** A hash:ip,port,ip set's members as numbers (made from them, or parsed from their text once). */
function triples(set: IpSet): TripleIndex {
  const entries = set.entries as Indexed;
  const t = entries[TRIPLES];
  if (t) return t;
  if (entries instanceof EndpointTriples) return keep(entries, TRIPLES, tripleIndex(entries.pairs()));
  const pairs: number[] = [];
  for (const e of set.entries) {
    const m = /^(\d+),(\w+):(\d+),(\d+)$/.exec(e)!;
    pairs.push(ipPortKey(Number(m[1]), m[2]!, Number(m[3])), Number(m[4]));
  }
  return keep(entries, TRIPLES, tripleIndex(pairs));
}

/** Whether a packet matches `-m set --match-set NAME DIMS` for this set. */
export function inSet(set: IpSet, dims: SetDims, p: { src: number; dst: number; dport: number; proto: string }): boolean {
  const first = dims.setSrcFirst ? p.src : p.dst;
  switch (set.type) {
    case 'bitmap:port':
      return numeric(set).members.has(p.dport);
    case 'hash:ip': {
      const n = numeric(set);
      return inBlocks(n, first) && n.members.has(first);
    }
    case 'hash:ip,port': {
      const n = numeric(set);
      return inBlocks(n, first) && n.members.has(ipPortKey(first, p.proto, p.dport));
    }
    case 'hash:ip,port,ip': {
      const third = dims.setSrcThird ? p.src : p.dst;
      // KUBE-LOOP-BACK's members name their endpoint's address twice (EndpointTriples): a packet whose two
      // addresses differ (all but a pod's hairpin) is in none, and the node's index of them is not read.
      if (first !== third && set.entries instanceof EndpointTriples) return false;
      return hasTriple(triples(set), ipPortKey(first, p.proto, p.dport), third);
    }
    case 'hash:ip,port,net': {
      const prefix = `${first},${p.proto}:${p.dport},`;
      const ip = dims.setSrcThird ? p.src : p.dst;
      for (const e of set.entries) {
        if (!e.startsWith(prefix)) continue;
        const [base, bits] = e.slice(prefix.length).split('/');
        const b = Number(bits ?? 32);
        const n = base!.split('.').reduce((acc, x) => acc * 256 + Number(x), 0);
        const size = 2 ** (32 - b);
        if (ip >= n - (n % size) && ip < n - (n % size) + size) return true;
      }
      return false;
    }
  }
}
