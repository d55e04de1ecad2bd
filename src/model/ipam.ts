/**
 * IPAM: fills in the addresses a topology document leaves out (IPs, node blocks, ENIs,
 * nodePorts, ENI MACs), the way the real allocators would, deterministically (document order,
 * lowest free address first) and never reusing an address something else already holds.
 *
 * The validator (assign-addresses.ts) calls these after it has claimed every address the document states,
 * so an assigned address can never collide with a stated one. Each function reports
 * exhaustion as a problem with the path of the element left without an address.
 */
import type { CniMode, CniPlugin, Protocol, ServiceType } from './topology';
import { said, type Said } from './problem-text';
import type { Reason } from './trace';
import { blockSize, cidrLast, formatCidr, intToIp, ipToInt, parseCidr, type ParsedCidr } from './cidr';

/**
 * Who holds an address: a path into the document and a phrase a person can read, or (for what
 * the document states) the phrase as data, worded only if a clash is said: wording each of
 * 30,000 pods' owner up front was a seventh of the validation.
 */
export interface Owner {
  path: string;
  what: string | Reason;
}

/**
 * Every address in use in the topology, by its /24 block: a list of the block's owners (by the
 * address's last byte) under the block's number. One map of every address (34,000 at 1,000
 * nodes) grew through backing stores of up to a megabyte, each a fresh allocation the size of the
 * map: claiming was a tenth of the validation's profile; a thousand blocks' map stays small.
 */
export class AddressBook {
  // NOTE: NaN (ipToInt's answer for a text that is no address) is a block of its own: a Map's keys compare as SameValueZero.
  private readonly blocks = new Map<number, (Owner | undefined)[]>();

  /** Records `owner` as the holder of `ip`; returns the earlier holder instead if there is one. */
  claim(ip: number, owner: Owner): Owner | undefined {
    const block = Math.floor(ip / 256);
    let owners = this.blocks.get(block);
    if (!owners) this.blocks.set(block, (owners = [])); // grows to the highest address claimed in it
    const earlier = owners[ip & 255];
    if (earlier) return earlier;
    owners[ip & 255] = owner;
    return undefined;
  }

  isFree(ip: number): boolean {
    return this.ownerOf(ip) === undefined;
  }

  ownerOf(ip: number): Owner | undefined {
    return this.blocks.get(Math.floor(ip / 256))?.[ip & 255];
  }
}

export interface IpamContext {
  book: AddressBook;
  error(path: string, problem: Said): void;
}

/** Inclusive address range. */
export interface Range {
  first: number;
  last: number;
}

/** Lowest address in `range` for which `isFree` holds. */
export function firstFree(range: Range, isFree: (ip: number) => boolean): number | undefined {
  for (let ip = range.first; ip <= range.last; ip++) if (isFree(ip)) return ip;
  return undefined;
}

/**
 * {@link firstFree} for many allocations from the same ranges: nothing is released while IPAM
 * runs, so the lowest free address of a range never moves down and each search resumes where
 * the last one stopped (30,000 pods from one vSwitch scanned from its start took n² steps).
 * Only for one `isFree` whose answers turn from true to false, never back.
 */
export class Cursors {
  private readonly from = new Map<string, number>();

  constructor(private readonly isFree: (ip: number) => boolean) {}

  firstFree(range: Range): number | undefined {
    const key = `${range.first}-${range.last}`;
    const ip = firstFree({ first: this.from.get(key) ?? range.first, last: range.last }, this.isFree);
    this.from.set(key, ip ?? range.last + 1);
    return ip;
  }
}

/**
 * Address blocks in use, kept as sorted disjoint intervals (overlapping or touching blocks are
 * merged), so whether a block is free is a binary search instead of a scan of every block.
 */
export class TakenBlocks {
  private readonly firsts: number[] = [];
  private readonly lasts: number[] = [];

  static of(blocks: readonly ParsedCidr[]): TakenBlocks {
    const t = new TakenBlocks();
    for (const b of blocks) t.add(b);
    return t;
  }

  add(b: ParsedCidr): void {
    let first = b.base;
    let last = cidrLast(b);
    // Merge with every interval that overlaps or touches [first, last].
    const i = this.firstEndingAtOrAfter(first - 1);
    let j = i;
    while (j < this.firsts.length && this.firsts[j]! <= last + 1) {
      first = Math.min(first, this.firsts[j]!);
      last = Math.max(last, this.lasts[j]!);
      j++;
    }
    this.firsts.splice(i, j - i, first);
    this.lasts.splice(i, j - i, last);
  }

  /** The end of the interval overlapping [first, last], or undefined when that range is free. */
  clashEnd(first: number, last: number): number | undefined {
    const i = this.firstEndingAtOrAfter(first);
    return i < this.firsts.length && this.firsts[i]! <= last ? this.lasts[i] : undefined;
  }

  /** Index of the first interval whose last address is ≥ `ip`. */
  private firstEndingAtOrAfter(ip: number): number {
    let lo = 0;
    let hi = this.lasts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lasts[mid]! < ip) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Lowest block of prefix length `bits` inside `parent` that overlaps nothing `taken`.
 * Blocks in `prefer` are tried first (used to keep a node's stated pod IPs inside the
 * block it is given).
 */
export function nextFreeBlock(parent: ParsedCidr, bits: number, taken: TakenBlocks, prefer: readonly number[] = []): ParsedCidr | undefined {
  if (bits < parent.bits || bits > 32) return undefined;
  const size = blockSize(bits);
  for (const ip of prefer) {
    const candidate = { base: ip - (ip % size), bits };
    if (candidate.base >= parent.base && cidrLast(candidate) <= cidrLast(parent) && taken.clashEnd(candidate.base, cidrLast(candidate)) === undefined)
      return candidate;
  }
  const end = cidrLast(parent);
  let base = parent.base;
  while (base + size - 1 <= end) {
    const clash = taken.clashEnd(base, base + size - 1);
    if (clash === undefined) return { base, bits };
    // NOTE jump past the clashing block, realigned, instead of stepping one block at a time.
    base = Math.max(base + size, Math.ceil((clash + 1) / size) * size);
  }
  return undefined;
}

/** Node pod block size when no node states one: flannel's subnet.env default /24, Calico's IPAM block /26. */
export function defaultBlockBits(plugin: CniPlugin): number {
  return plugin === 'calico' ? 26 : 24;
}

/**
 * Addresses a pod may take from its node's block. Flannel's host-local IPAM starts after
 * the cni0 gateway (.1) and stops before broadcast; Calico owns the whole block but we
 * leave the network address unused, as its IPAM hands it out last.
 */
export function podRange(plugin: CniPlugin, block: ParsedCidr): Range {
  const last = cidrLast(block);
  return plugin === 'flannel' ? { first: block.base + 2, last: last - 1 } : { first: block.base + 1, last };
}

/** The flannel cni0 bridge address of a node block (network address + 1). */
export function flannelGateway(block: ParsedCidr): number {
  return block.base + 1;
}

/** Alibaba VPC reserves the first address and the last three of every vSwitch. */
export function vswitchRange(vsw: ParsedCidr): Range {
  return { first: vsw.base + 1, last: cidrLast(vsw) - 3 };
}

/** The service allocator skips the network address, .1 (the `kubernetes` service) and broadcast. */
export function serviceRange(serviceCidr: ParsedCidr): Range {
  return { first: serviceCidr.base + 2, last: cidrLast(serviceCidr) - 1 };
}

export const NODE_PORT_RANGE: Range = { first: 30000, last: 32767 };

/** Pool for load balancer IPs the document leaves out: TEST-NET-3, documentation-only, never a real host. */
export const LB_POOL = '203.0.113.0/24';

type Slots<T> = ReadonlyArray<T | undefined>;

export interface IpamNode {
  name: string;
  ip: string;
  podCIDR?: string;
  enis: { name: string; maxIPs: number }[];
}

export interface IpamPod {
  name: string;
  namespace: string;
  node: string;
  ip?: string;
  eni?: string;
  hostNetwork: boolean;
}

export interface IpamService {
  name: string;
  namespace: string;
  type: ServiceType;
  clusterIP?: string;
  ports: { port: number; nodePort?: number; protocol: Protocol }[];
  externalTrafficPolicy?: 'Cluster' | 'Local';
  healthCheckNodePort?: number;
  allocateLoadBalancerNodePorts?: boolean;
}

export interface IpamLoadBalancer {
  name: string;
  ip?: string;
}

function nodeIndex(nodes: Slots<IpamNode>): Map<string, number> {
  const byName = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (n && !byName.has(n.name)) byName.set(n.name, i);
  });
  return byName;
}

/**
 * Gives every flannel/calico node without a podCIDR the next free block of `cluster.podCIDR`,
 * sized like the blocks other nodes state (else the plugin default). A node whose pods
 * state IPs gets the block holding the first of them when that block is free.
 */
export function assignNodeBlocks(ctx: IpamContext, plugin: CniPlugin, clusterPodCidr: ParsedCidr, nodes: Slots<IpamNode>, pods: Slots<IpamPod>): void {
  // Nothing to assign (every node states its block): the taken blocks and the pods' addresses are not needed.
  if (!nodes.some((n) => n && n.podCIDR === undefined)) return;
  const taken = new TakenBlocks();
  let bits: number | undefined;
  for (const n of nodes) {
    const block = n?.podCIDR ? parseCidr(n.podCIDR) : undefined;
    if (block) {
      taken.add(block);
      bits ??= block.bits;
    }
  }
  bits ??= Math.max(defaultBlockBits(plugin), clusterPodCidr.bits);
  // The stated pod addresses of each node, in document order.
  const stated = new Map<string, number[]>();
  for (const p of pods) {
    if (!p || p.hostNetwork || p.ip === undefined) continue;
    const ip = ipToInt(p.ip);
    if (Number.isNaN(ip)) continue;
    const list = stated.get(p.node);
    if (list) list.push(ip);
    else stated.set(p.node, [ip]);
  }
  nodes.forEach((node, i) => {
    if (!node || node.podCIDR !== undefined) return;
    const block = nextFreeBlock(clusterPodCidr, bits, taken, stated.get(node.name));
    if (!block) {
      ctx.error(`nodes[${i}].podCIDR`, said('p_noFreeBlock', { podCidr: formatCidr(clusterPodCidr), bits, node: node.name }));
      return;
    }
    taken.add(block);
    node.podCIDR = formatCidr(block);
  });
}

/**
 * Gives every pod without an IP one: hostNetwork pods take their node's IP; flannel/calico
 * pods the next free address of their node's block; terway pods the next free address of
 * a vSwitch (the one holding the node's IP first, then the others in document order).
 */
export function assignPodAddresses(
  ctx: IpamContext,
  plugin: CniPlugin,
  vswitches: readonly { name: string; cidr: ParsedCidr }[],
  nodes: Slots<IpamNode>,
  pods: Slots<IpamPod>,
): void {
  const byName = nodeIndex(nodes);
  const cursors = new Cursors((n) => ctx.book.isFree(n));
  pods.forEach((pod, i) => {
    if (!pod) return;
    const ni = byName.get(pod.node);
    const node = ni === undefined ? undefined : nodes[ni];
    if (!node) return;
    if (pod.hostNetwork) {
      pod.ip ??= node.ip;
      return;
    }
    if (pod.ip !== undefined) return;
    const who = `pod ${pod.namespace}/${pod.name}`;
    if (plugin === 'terway') {
      const nodeIp = ipToInt(node.ip);
      const ordered = [...vswitches].sort((a, b) => Number(containsInt(b.cidr, nodeIp)) - Number(containsInt(a.cidr, nodeIp)));
      for (const vsw of ordered) {
        const ip = cursors.firstFree(vswitchRange(vsw.cidr));
        if (ip !== undefined) {
          ctx.book.claim(ip, { path: `pods[${i}].ip`, what: who });
          pod.ip = intToIp(ip);
          return;
        }
      }
      if (vswitches.length > 0) ctx.error(`pods[${i}].ip`, said('p_noFreeVswitchAddress', { pod: `${pod.namespace}/${pod.name}` }));
      return;
    }
    const block = node.podCIDR ? parseCidr(node.podCIDR) : undefined;
    if (!block) return;
    const ip = cursors.firstFree(podRange(plugin, block));
    if (ip === undefined) {
      ctx.error(`pods[${i}].ip`, said('p_noFreePodAddress', { node: node.name, cidr: formatCidr(block), pod: `${pod.namespace}/${pod.name}` }));
      return;
    }
    ctx.book.claim(ip, { path: `pods[${i}].ip`, what: who });
    pod.ip = intToIp(ip);
  });
}

function containsInt(c: ParsedCidr, ip: number): boolean {
  return ip >= c.base && ip <= cidrLast(c);
}

/** How many pod addresses an ENI holds: its maxIPs, or one in eni-exclusive mode (the pod owns the ENI). */
export function eniCapacity(mode: CniMode, eni: { maxIPs: number }): number {
  return mode === 'eni-exclusive' ? 1 : eni.maxIPs;
}

/**
 * Terway: puts every non-hostNetwork pod without an `eni` on the first ENI of its node with
 * spare capacity. Pods that state their ENI are counted first.
 */
export function assignEnis(ctx: IpamContext, mode: CniMode, nodes: Slots<IpamNode>, pods: Slots<IpamPod>): void {
  const byName = nodeIndex(nodes);
  const used = new Map<string, number>();
  const key = (node: string, eni: string) => `${node}\u0000${eni}`;
  for (const p of pods) if (p && !p.hostNetwork && p.eni !== undefined) used.set(key(p.node, p.eni), (used.get(key(p.node, p.eni)) ?? 0) + 1);
  pods.forEach((pod, i) => {
    if (!pod || pod.hostNetwork || pod.eni !== undefined) return;
    const ni = byName.get(pod.node);
    const node = ni === undefined ? undefined : nodes[ni];
    if (!node) return;
    const eni = node.enis.find((e) => (used.get(key(node.name, e.name)) ?? 0) < eniCapacity(mode, e));
    if (!eni) {
      const at = { node: node.name, pod: `${pod.namespace}/${pod.name}`, path: `nodes[${ni}].enis` };
      ctx.error(`pods[${i}].eni`, said(node.enis.length === 0 ? 'p_noSecondaryEni' : 'p_noSpareEni', at));
      return;
    }
    used.set(key(node.name, eni.name), (used.get(key(node.name, eni.name)) ?? 0) + 1);
    pod.eni = eni.name;
  });
}

/** Gives every service without a clusterIP the next free address of the service CIDR. */
export function assignClusterIPs(ctx: IpamContext, serviceCidr: ParsedCidr, services: Slots<IpamService>): void {
  const cursors = new Cursors((n) => ctx.book.isFree(n));
  services.forEach((svc, i) => {
    if (!svc || svc.clusterIP !== undefined) return;
    const ip = cursors.firstFree(serviceRange(serviceCidr));
    if (ip === undefined) {
      ctx.error(`services[${i}].clusterIP`, said('p_noFreeClusterIP', { cidr: formatCidr(serviceCidr), service: `${svc.namespace}/${svc.name}` }));
      return;
    }
    ctx.book.claim(ip, { path: `services[${i}].clusterIP`, what: `service ${svc.namespace}/${svc.name}` });
    svc.clusterIP = intToIp(ip);
  });
}

/** Gives every NodePort/LoadBalancer service port without a nodePort the next free one from 30000. */
export function assignNodePorts(ctx: IpamContext, services: Slots<IpamService>): void {
  const used = new Set<number>();
  for (const s of services) for (const p of s?.ports ?? []) if (p.nodePort !== undefined) used.add(p.nodePort);
  for (const s of services) if (s?.healthCheckNodePort !== undefined) used.add(s.healthCheckNodePort);
  const cursors = new Cursors((n) => !used.has(n));
  services.forEach((svc, i) => {
    if (!svc || svc.type === 'ClusterIP') return;
    // Kubernetes allocates no nodePort to a LoadBalancer with allocateLoadBalancerNodePorts: false.
    if (svc.type === 'LoadBalancer' && svc.allocateLoadBalancerNodePorts === false) return;
    svc.ports.forEach((port, j) => {
      if (port.nodePort !== undefined) return;
      const np = cursors.firstFree(NODE_PORT_RANGE);
      if (np === undefined) {
        ctx.error(`services[${i}].ports[${j}].nodePort`, said('p_noFreeNodePort', { first: NODE_PORT_RANGE.first, last: NODE_PORT_RANGE.last }));
        return;
      }
      used.add(np);
      port.nodePort = np;
    });
  });
  // The API server allocates healthCheckNodePort from the same range for LoadBalancer + Local.
  services.forEach((svc, i) => {
    if (!svc || svc.type !== 'LoadBalancer' || svc.externalTrafficPolicy !== 'Local' || svc.healthCheckNodePort !== undefined) return;
    const hc = cursors.firstFree(NODE_PORT_RANGE);
    if (hc === undefined) {
      ctx.error(`services[${i}].healthCheckNodePort`, said('p_noFreeNodePort', { first: NODE_PORT_RANGE.first, last: NODE_PORT_RANGE.last }));
      return;
    }
    used.add(hc);
    svc.healthCheckNodePort = hc;
  });
}

/** Gives every load balancer without an IP the next free address of {@link LB_POOL}. */
export function assignLoadBalancerIPs(ctx: IpamContext, lbs: Slots<IpamLoadBalancer>): void {
  const pool = parseCidr(LB_POOL) as ParsedCidr;
  const cursors = new Cursors((n) => ctx.book.isFree(n));
  lbs.forEach((lb, i) => {
    if (!lb || lb.ip !== undefined) return;
    const ip = cursors.firstFree({ first: pool.base + 1, last: cidrLast(pool) - 1 });
    if (ip === undefined) {
      ctx.error(`loadBalancers[${i}].ip`, said('p_lbPoolUsedUp', { pool: LB_POOL, path: `loadBalancers[${i}]` }));
      return;
    }
    ctx.book.claim(ip, { path: `loadBalancers[${i}].ip`, what: `load balancer ${lb.name}` });
    lb.ip = intToIp(ip);
  });
}

/** Deterministic MACs (Alibaba's 00:16:3e OUI) for ENIs that leave mac out. */
export function assignMacs(nodes: Slots<{ enis: { mac?: string }[] }>): void {
  const used = new Set<string>();
  for (const n of nodes) for (const e of n?.enis ?? []) if (e.mac) used.add(e.mac.toLowerCase());
  let counter = 0;
  const hex = (b: number) => b.toString(16).padStart(2, '0');
  for (const n of nodes) {
    for (const e of n?.enis ?? []) {
      if (e.mac) continue;
      let mac: string;
      do {
        counter++;
        mac = `00:16:3e:${hex((counter >> 16) & 255)}:${hex((counter >> 8) & 255)}:${hex(counter & 255)}`;
      } while (used.has(mac));
      used.add(mac);
      e.mac = mac;
    }
  }
}
