/**
 * Pass 3 of validation: addresses. Every address the document states is claimed in one address
 * book (a duplicate is a problem) and checked to sit where it belongs (a node in its VPC, a pod in
 * its node's block or a vSwitch, a cluster IP in the service range); then IPAM (ipam.ts) fills what
 * the document left out, so an assigned address never collides with a stated one, and ENIs
 * without a MAC get one. Mutates the drafts it is given.
 */
import { cidrContains, cidrLast, cidrsOverlap, cidrWithin, intToIp, ipToInt, parseCidr, type ParsedCidr } from './cidr';
import {
  AddressBook,
  assignClusterIPs,
  assignEnis,
  assignLoadBalancerIPs,
  assignMacs,
  assignNodeBlocks,
  assignNodePorts,
  assignPodAddresses,
  eniCapacity,
  flannelGateway,
  vswitchRange,
  type IpamContext,
  type Owner,
} from './ipam';
import { part, said, type ProblemKey } from './problem-text';
import type { Report } from './report';
import type { ExternalDraft, LoadBalancerDraft, NodeDraft, PodDraft, RouterDraft, ServiceDraft } from './schema';
import { cniOf, type ClusterDraft, type Drafts } from './shape-check';
import type { CniMode, CniPlugin } from './topology';
import type { Reason } from './trace';

/** Claims and checks the stated addresses, then assigns the rest, in the order their problems are listed. */
export function assignAddresses(report: Report, d: Drafts): void {
  const { cluster, nodes, pods, services, loadBalancers, externals, routers } = d;
  const { plugin, mode } = cniOf(cluster);
  const book = new AddressBook();
  const ctx: IpamContext = { book, error: (p, m) => report.error(p, m) };
  claimAddresses(report, book, cluster, nodes, pods, services, loadBalancers, externals, routers);
  checkNodeBlocks(report, cluster, plugin, nodes);

  const clusterPod = cluster.podCIDR ? parseCidr(cluster.podCIDR) : undefined;
  if ((plugin === 'flannel' || plugin === 'calico') && clusterPod && !report.problems.some((p) => /^nodes\[\d+\]\.podCIDR$/.test(p.path))) {
    assignNodeBlocks(ctx, plugin, clusterPod, nodes, pods);
  }
  checkPodAddresses(report, cluster, plugin, nodes, pods);
  if (plugin) {
    const vswitches = (cluster.vpc?.vswitches ?? []).map((v) => ({ name: v.name, cidr: parseCidr(v.cidr) as ParsedCidr }));
    assignPodAddresses(ctx, plugin, vswitches, nodes, pods);
    if (plugin === 'terway' && mode) {
      checkEniCapacity(report, mode, nodes, pods);
      assignEnis(ctx, mode, nodes, pods);
    }
  }
  const serviceCidr = cluster.serviceCIDR ? parseCidr(cluster.serviceCIDR) : undefined;
  if (serviceCidr) assignClusterIPs(ctx, serviceCidr, services);
  assignNodePorts(ctx, services);
  assignLoadBalancerIPs(ctx, loadBalancers);
  assignMacs(nodes);
}

/** The owners of a node's own addresses, which a service's externalIPs may name. */
const NODE_OWNERS: ReadonlySet<string> = new Set<ProblemKey>(['p_ownerNode', 'p_ownerNodeSecondary']);

function claimAddresses(
  report: Report,
  book: AddressBook,
  cluster: ClusterDraft,
  nodes: (NodeDraft | undefined)[],
  pods: (PodDraft | undefined)[],
  services: (ServiceDraft | undefined)[],
  lbs: (LoadBalancerDraft | undefined)[],
  externals: (ExternalDraft | undefined)[],
  routers: (RouterDraft | undefined)[],
): void {
  // Owners are claimed as data (IPAM claims only after these checks), so a clash names the
  // owner in the reader's language.
  const claim = (ip: string, path: string, owner: Reason) => claimAs(ip, { path, what: owner });
  const claimAs = (ip: string, owner: Owner) => {
    const earlier = book.claim(ipToInt(ip), owner);
    if (earlier) report.error(owner.path, said('p_addressTaken', { ip, owner: earlier.what, path: earlier.path }));
  };
  const vpc = cluster.vpc?.cidr;
  const inVpc = (ip: string, path: string, key: ProblemKey) => {
    if (vpc && !cidrContains(vpc, ip)) report.error(path, said(key, { ip, vpc }));
  };
  nodes.forEach((n, i) => {
    if (!n) return;
    claim(n.ip, `nodes[${i}].ip`, part('p_ownerNode', { name: n.name }));
    inVpc(n.ip, `nodes[${i}].ip`, 'p_nodeOutsideVpc');
    n.secondaryIPs.forEach((ip, j) => {
      claim(ip, `nodes[${i}].secondaryIPs[${j}]`, part('p_ownerNodeSecondary', { name: n.name }));
      inVpc(ip, `nodes[${i}].secondaryIPs[${j}]`, 'p_secondaryOutsideVpc');
    });
  });
  pods.forEach((p, i) => {
    if (!p || p.ip === undefined || p.hostNetwork) return;
    claimAs(p.ip, new PodOwner(p, i));
  });
  const svcCidr = cluster.serviceCIDR ? parseCidr(cluster.serviceCIDR) : undefined;
  let nodeHeld: Set<string> | undefined; // every node's ip and secondaryIPs, built when an externalIP needs it
  services.forEach((s, i) => {
    if (!s) return;
    if (s.clusterIP !== undefined) {
      const path = `services[${i}].clusterIP`;
      claim(s.clusterIP, path, part('p_ownerService', { name: `${s.namespace}/${s.name}` }));
      if (svcCidr) {
        const n = ipToInt(s.clusterIP);
        if (!cidrContains(svcCidr, n)) report.error(path, said('p_clusterIPOutside', { ip: s.clusterIP, cidr: cluster.serviceCIDR ?? '' }));
        else if (n === svcCidr.base || n === cidrLast(svcCidr))
          report.error(path, said(n === svcCidr.base ? 'p_clusterIPNetwork' : 'p_clusterIPBroadcast', { ip: s.clusterIP }));
      }
    }
    // NOTE externalIPs are not claimed: they are routed to a node that already holds them
    // (its ip or a secondaryIP), and several services may share one on different ports.
    s.externalIPs.forEach((ip, j) => {
      nodeHeld ??= new Set(nodes.flatMap((n) => (n ? [n.ip, ...n.secondaryIPs] : [])));
      if (!nodeHeld.has(ip)) report.warn(`services[${i}].externalIPs[${j}]`, said('p_externalIPNoNode', { ip }));
      const owner = book.ownerOf(ipToInt(ip));
      if (owner && !(typeof owner.what === 'object' && NODE_OWNERS.has(owner.what.key)))
        report.error(`services[${i}].externalIPs[${j}]`, said('p_externalIPTaken', { ip, owner: owner.what, path: owner.path }));
    });
  });
  lbs.forEach((lb, i) => {
    if (lb?.ip !== undefined) claim(lb.ip, `loadBalancers[${i}].ip`, part('p_ownerLoadBalancer', { name: lb.name }));
    lb?.secondaryIPs?.forEach((ip, j) => claim(ip, `loadBalancers[${i}].secondaryIPs[${j}]`, part('p_ownerLoadBalancer', { name: lb.name })));
  });
  externals.forEach((e, i) => {
    if (!e) return;
    claim(e.ip, `externals[${i}].ip`, part('p_ownerExternal', { name: e.name }));
  });
  routers.forEach((r, i) => {
    if (!r?.ip) return;
    claim(r.ip, `routers[${i}].ip`, part('p_ownerRouter', { name: r.name }));
    inVpc(r.ip, `routers[${i}].ip`, 'p_routerOutsideVpc');
  });
}

/** A pod as the holder of its address, worded only when a clash is said (30,000 pods are claimed, a clash is rare). */
class PodOwner implements Owner {
  constructor(
    private readonly pod: PodDraft,
    private readonly index: number,
  ) {}

  get path(): string {
    return `pods[${this.index}].ip`;
  }

  get what(): Reason {
    return part('p_ownerPod', { name: `${this.pod.namespace}/${this.pod.name}` });
  }
}

function checkNodeBlocks(report: Report, cluster: ClusterDraft, plugin: CniPlugin | undefined, nodes: (NodeDraft | undefined)[]): void {
  if (plugin !== 'flannel' && plugin !== 'calico') return;
  const clusterPod = cluster.podCIDR;
  const clusterPodParsed = clusterPod ? parseCidr(clusterPod) : undefined;
  // Each block parsed once; then the first earlier overlapping block of each, found by
  // sort-and-sweep instead of comparing every pair: only blocks in one chain of overlapping
  // intervals (sorted by start) can overlap, and those are compared in document order.
  const blocks = nodes.map((n) => (n?.podCIDR !== undefined ? parseCidr(n.podCIDR) : undefined));
  const firstOverlap = firstEarlierOverlap(blocks);
  nodes.forEach((n, i) => {
    if (!n?.podCIDR) return;
    const path = `nodes[${i}].podCIDR`;
    if (clusterPod && !(clusterPodParsed && blocks[i] && cidrWithin(blocks[i], clusterPodParsed))) {
      report.error(path, said('p_nodeBlockOutside', { cidr: n.podCIDR, podCidr: clusterPod }));
      return;
    }
    const j = firstOverlap[i]!;
    if (j >= 0)
      report.error(
        path,
        said('p_nodeBlockOverlap', { cidr: n.podCIDR, node: String(nodes[j]?.name), other: String(nodes[j]?.podCIDR), path: `nodes[${j}].podCIDR` }),
      );
  });
}

/**
 * For each block, the index of the first earlier block that overlaps it, or -1 (undefined
 * blocks overlap nothing). Sorted by start, overlapping blocks fall in runs whose intervals
 * chain; a block outside every run overlaps nothing, and within a run the blocks are compared
 * in document order, so the answer is the same as comparing every pair.
 */
export function firstEarlierOverlap(blocks: readonly (ParsedCidr | undefined)[]): number[] {
  const out = new Array<number>(blocks.length).fill(-1);
  const order = blocks.flatMap((b, i) => (b ? [i] : [])).sort((a, b) => blocks[a]!.base - blocks[b]!.base || a - b);
  let start = 0;
  let runLast = -1;
  const closeRun = (end: number) => {
    if (end - start < 2) return;
    const run = order.slice(start, end).sort((a, b) => a - b);
    for (let x = 1; x < run.length; x++) {
      const bi = blocks[run[x]!]!;
      for (let y = 0; y < x; y++) {
        if (cidrsOverlap(blocks[run[y]!]!, bi)) {
          out[run[x]!] = run[y]!;
          break;
        }
      }
    }
  };
  order.forEach((i, k) => {
    const b = blocks[i]!;
    if (k > 0 && b.base > runLast) {
      closeRun(k);
      start = k;
    }
    runLast = Math.max(k === start ? -1 : runLast, cidrLast(b));
  });
  closeRun(order.length);
  return out;
}

function checkPodAddresses(
  report: Report,
  cluster: ClusterDraft,
  plugin: CniPlugin | undefined,
  nodes: (NodeDraft | undefined)[],
  pods: (PodDraft | undefined)[],
): void {
  const vswitches = (cluster.vpc?.vswitches ?? []).map((v) => ({ ...v, parsed: parseCidr(v.cidr) as ParsedCidr }));
  // The first node of each name (as a find would give), and each node's block parsed once.
  const nodeByName = new Map<string, NodeDraft>();
  for (const n of nodes) if (n && !nodeByName.has(n.name)) nodeByName.set(n.name, n);
  const blockOfNode = new Map<NodeDraft, ParsedCidr | undefined>();
  pods.forEach((p, i) => {
    if (!p || p.ip === undefined) return;
    const node = nodeByName.get(p.node);
    if (!node) return;
    const path = `pods[${i}].ip`;
    const ip = ipToInt(p.ip);
    if (p.hostNetwork) {
      if (p.ip !== node.ip && !node.secondaryIPs.includes(p.ip)) report.error(path, said('p_hostNetworkIp', { ip: node.ip, node: node.name }));
      return;
    }
    if (plugin === 'flannel' || plugin === 'calico') {
      let block = blockOfNode.get(node);
      if (block === undefined && !blockOfNode.has(node)) blockOfNode.set(node, (block = node.podCIDR ? parseCidr(node.podCIDR) : undefined));
      if (!block) return;
      if (!cidrContains(block, ip)) {
        report.error(path, said('p_podOutsideBlock', { ip: p.ip, node: node.name, cidr: String(node.podCIDR) }));
      } else if (ip === block.base) {
        report.error(path, said('p_podNetworkAddress', { ip: p.ip, node: node.name, cidr: String(node.podCIDR) }));
      } else if (plugin === 'flannel' && ip === flannelGateway(block)) {
        report.error(path, said('p_podGateway', { ip: p.ip, node: node.name, from: intToIp(block.base + 2) }));
      } else if (plugin === 'flannel' && ip === cidrLast(block)) {
        report.error(path, said('p_podBroadcast', { ip: p.ip, node: node.name, cidr: String(node.podCIDR) }));
      }
    } else if (plugin === 'terway') {
      const vsw = vswitches.find((v) => cidrContains(v.parsed, ip));
      if (!vsw) {
        report.error(
          path,
          vswitches.length
            ? said('p_podNoVswitch', { ip: p.ip, vswitches: vswitches.map((v) => v.cidr).join(', ') })
            : said('p_podNoVswitchNone', { ip: p.ip }),
        );
      } else {
        const r = vswitchRange(vsw.parsed);
        if (ip < r.first || ip > r.last) report.error(path, said('p_podVswitchReserved', { ip: p.ip, vswitch: vsw.name, cidr: vsw.cidr }));
      }
    }
  });
}

function checkEniCapacity(report: Report, mode: CniMode, nodes: (NodeDraft | undefined)[], pods: (PodDraft | undefined)[]): void {
  // The pods (by index, in document order) on each node's ENI.
  const onEni = new Map<string, number[]>();
  pods.forEach((p, k) => {
    if (!p || p.hostNetwork || p.eni === undefined) return;
    const key = `${p.node}\u0000${p.eni}`;
    const list = onEni.get(key);
    if (list) list.push(k);
    else onEni.set(key, [k]);
  });
  nodes.forEach((n, i) => {
    n?.enis.forEach((e, j) => {
      const holders = onEni.get(`${n.name}\u0000${e.name}`) ?? [];
      const cap = eniCapacity(mode, e);
      if (holders.length > cap) {
        const at = { eni: e.name, node: n.name, path: `nodes[${i}].enis[${j}]`, count: holders.length };
        report.error(`pods[${holders[cap]}].eni`, mode === 'eni-exclusive' ? said('p_eniFullExclusive', at) : said('p_eniFull', { ...at, max: cap }));
      }
    });
  });
}
