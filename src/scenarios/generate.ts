/**
 * Synthetic Flannel clusters of any size, for benchmarks and fuzzing: a valid topology
 * document (every address explicit) and random trace requests over it. Deterministic:
 * the same options always give the same document, byte for byte.
 */
import { mulberry32 } from '../model/rng';
import type { FlannelMode, KubeProxyMode, TraceRequest } from '../model';
import { externalId, nodeId, podId } from '../model/element-id';

export interface FlannelClusterOptions {
  /** Number of nodes (1 … 16,384: each takes a /26 of 172.16.0.0/12). */
  nodes: number;
  /** Pods per node, at most 61 (a /26 less network, cni0 and broadcast). Default 30. */
  podsPerNode?: number;
  /** Pods behind each service. Default 10. */
  podsPerService?: number;
  /** PRNG seed; the document depends on nothing else. Default 1. */
  seed?: number;
  kubeProxyMode?: Exclude<KubeProxyMode, 'ebpf'>;
  cniMode?: FlannelMode;
  /** Add a NetworkPolicy in front of every 8th service's pods (for benches). Default false. */
  networkPolicies?: boolean;
}

// The raw document as written (before validation fills defaults): only what we set.
export interface GenNode {
  name: string;
  ip: string;
  podCIDR: string;
  secondaryIPs?: string[];
}
export interface GenPod {
  name: string;
  namespace: string;
  node: string;
  ip: string;
  labels: Record<string, string>;
  ready?: boolean;
  ports: { containerPort: number; protocol: 'TCP' | 'UDP' }[];
}
export interface GenServicePort {
  name: string;
  port: number;
  targetPort: number;
  nodePort?: number;
  protocol: 'TCP' | 'UDP';
}
export interface GenService {
  name: string;
  namespace: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  clusterIP: string;
  externalIPs?: string[];
  selector: Record<string, string>;
  ports: GenServicePort[];
  externalTrafficPolicy?: 'Cluster' | 'Local';
  internalTrafficPolicy?: 'Cluster' | 'Local';
  loadBalancerSourceRanges?: string[];
  loadBalancer?: string;
}
export interface GenLoadBalancer {
  name: string;
  ip: string;
  backend: 'nodeport';
  preserveClientIP: boolean;
}
export interface GenExternal {
  name: string;
  ip: string;
  network?: 'internet' | 'vpc';
}
export interface GenNetworkPolicy {
  name: string;
  namespace: string;
  podSelector: { matchLabels: Record<string, string> };
  ingress: {
    from: ({ podSelector: { matchLabels: Record<string, string> } } | { ipBlock: { cidr: string } })[];
    ports: { protocol: 'TCP' | 'UDP'; port: number }[];
  }[];
}
export interface GeneratedDocument {
  apiVersion: 'hopscope/v1';
  kind: 'Topology';
  metadata: { name: string; title: string; description: string };
  cluster: {
    cni: { plugin: 'flannel'; mode: FlannelMode; ipMasq: boolean };
    kubeProxy: { mode: Exclude<KubeProxyMode, 'ebpf'>; masqueradeAll: boolean };
    podCIDR: string;
    serviceCIDR: string;
    vpc: { cidr: string };
  };
  nodes: GenNode[];
  pods: GenPod[];
  services: GenService[];
  loadBalancers: GenLoadBalancer[];
  externals: GenExternal[];
  networkPolicies?: GenNetworkPolicy[];
}

export { mulberry32 };

const ip = (n: number): string => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
const ipInt = (a: number, b: number, c: number, d: number): number => ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;

/** The i-th address of a run that never ends in .0 or .255 (usable in any mask, looks like a host). */
const hostAt = (base: number, i: number): number => base + Math.floor(i / 250) * 256 + 1 + (i % 250);

const NAMESPACES = ['default', 'shop', 'payments', 'search'];
const NODE_PORT_FIRST = 30000;
const NODE_PORT_LAST = 32767;
const POD_BASE = ipInt(172, 16, 0, 0);
const SVC_BASE = ipInt(192, 168, 0, 0);
const NODE_BASE = ipInt(10, 1, 0, 0);
const SECONDARY_BASE = ipInt(10, 200, 0, 0);
const SLB_BASE = ipInt(8, 219, 0, 0);
const INTERNET_BASE = ipInt(47, 74, 0, 0);
const ALNUM = 'bcdfghjklmnpqrstvwxz2456789'; // the alphabet of Kubernetes' generated name suffixes

/**
 * A Flannel cluster in an Alibaba-style VPC (10.0.0.0/8): N nodes with a /26 pod block
 * each, pods spread at random over the nodes, one service per `podsPerService` pods with a
 * mix of types and traffic policies, SLBs for LoadBalancer services, externalIPs held as
 * node secondary IPs, and a few outside clients.
 *
 * Service `svc-K` (K = 0, 1, …): type by K % 4 = 0 ClusterIP, 1 NodePort, 2 LoadBalancer,
 * 3 ClusterIP with an externalIP (while nodePorts last; then ClusterIP); externalTrafficPolicy
 * alternates Local/Cluster within each type (NodePorts: Local, Cluster, …; LoadBalancers the
 * same), so both policies appear for each kind of path; every 7th service has
 * internalTrafficPolicy Local; every 10th is UDP (53 → 5353), the rest TCP (80 → 8080);
 * every 5th load balancer allows only 47.74.0.0/16. One pod in 40 is not ready.
 *
 * @example
 *   const doc = generateFlannelCluster({ nodes: 100, seed: 7 });
 *   const r = validateTopology(doc); // ok, 100 nodes, 3,000 pods, 300 services
 */
export function generateFlannelCluster(opts: FlannelClusterOptions): GeneratedDocument {
  const { nodes: nodeCount, podsPerNode = 30, podsPerService = 10, seed = 1, kubeProxyMode = 'ipvs', cniMode = 'vpc-route', networkPolicies = false } = opts;
  if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > 16384) throw new RangeError(`nodes must be 1 … 16384, got ${nodeCount}`);
  if (!Number.isInteger(podsPerNode) || podsPerNode < 0 || podsPerNode > 61) throw new RangeError(`podsPerNode must be 0 … 61, got ${podsPerNode}`);
  if (!Number.isInteger(podsPerService) || podsPerService < 1) throw new RangeError(`podsPerService must be at least 1, got ${podsPerService}`);
  const rand = mulberry32(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const word = (len: number) => {
    let w = '';
    for (let i = 0; i < len; i++) w += ALNUM[int(ALNUM.length)];
    return w;
  };

  // The smallest prefix that holds a /26 per node (10 nodes: /22; 1,000 nodes: /16).
  const podPrefix = Math.min(26, 32 - Math.ceil(Math.log2(nodeCount * 64)));

  const nodes: GenNode[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const nodeIp = ip(hostAt(NODE_BASE, i));
    nodes.push({ name: `cn-hangzhou.${nodeIp}`, ip: nodeIp, podCIDR: `${ip(POD_BASE + i * 64)}/26` });
  }

  // Pods are dealt to services in a shuffled order, so a service's pods land on different
  // nodes and externalTrafficPolicy Local leaves some nodes without a local endpoint.
  const totalPods = nodeCount * podsPerNode;
  const serviceCount = Math.floor(totalPods / podsPerService);
  const order = new Int32Array(totalPods);
  for (let i = 0; i < totalPods; i++) order[i] = i;
  for (let i = totalPods - 1; i > 0; i--) {
    const j = int(i + 1);
    const o = order[i]!;
    order[i] = order[j]!;
    order[j] = o;
  }
  const serviceOfSlot = new Int32Array(totalPods).fill(-1);
  for (let k = 0; k < totalPods; k++) {
    const s = Math.floor(k / podsPerService);
    if (s < serviceCount) serviceOfSlot[order[k]!] = s;
  }

  const isUdp = (s: number) => s % 10 === 9;
  const nsOf = (s: number) => NAMESPACES[s % NAMESPACES.length]!;
  if (serviceCount > 60000) throw new RangeError(`${serviceCount} services do not fit serviceCIDR 192.168.0.0/16: raise podsPerService`);
  // Like a Deployment's pod-template-hash: one per service, shared by its pods.
  const templateHash = Array.from({ length: serviceCount + 1 }, () => word(10));

  // NOTE: what each pod shares with its service (its app, namespace and name stem) is written once per service, each pod's
  // name suffix is told apart from its stem's others by its letters' number (not a `namespace/name` key hashed) and its
  // address by its node's prefix: written for each of 30,000 pods, those strings were most of a 1,000-node cluster's
  // generation (made in the place worker before the first picture).
  const apps = Array.from({ length: serviceCount + 1 }, (_, s) => (s < serviceCount ? `svc-${s}` : 'batch'));
  const stems = apps.map((app, s) => `${app}-${templateHash[s]}-`);
  const podPrefixes = nodes.map((_, n) => ip(POD_BASE + n * 64).replace(/\d+$/, '')); // its /26's 'a.b.c.'
  // (Two pods' names are the same only under the same stem, hence in the same namespace: stems are `svc-K-hash-`. A
  // name is kept as its stem's number followed by its suffix's letters, base 27.)
  const usedNames = new Set<number>();
  const pods: GenPod[] = [];
  for (let slot = 0; slot < totalPods; slot++) {
    const n = Math.floor(slot / podsPerNode);
    const s = serviceOfSlot[slot]!;
    const stem = s >= 0 ? s : serviceCount;
    let suffix: string;
    let key: number;
    do {
      suffix = '';
      key = stem;
      for (let i = 0; i < 5; i++) {
        const c = int(ALNUM.length);
        suffix += ALNUM[c];
        key = key * ALNUM.length + c;
      }
    } while (usedNames.has(key));
    usedNames.add(key);
    // .1 of the block is cni0; pods start at .2.
    const host = ((POD_BASE + n * 64) & 255) + 2 + (slot % podsPerNode);
    const pod: GenPod = {
      name: stems[stem]! + suffix,
      namespace: s >= 0 ? nsOf(s) : 'default',
      node: nodes[n]!.name,
      ip: podPrefixes[n]! + host,
      labels: { app: apps[stem]! },
      ports: [s >= 0 && isUdp(s) ? { containerPort: 5353, protocol: 'UDP' } : { containerPort: 8080, protocol: 'TCP' }],
    };
    if (int(40) === 0) pod.ready = false;
    pods.push(pod);
  }

  const services: GenService[] = [];
  const loadBalancers: GenLoadBalancer[] = [];
  let nextNodePort = NODE_PORT_FIRST;
  let externalIPs = 0;
  // Per type (NodePort, LoadBalancer), so each gets both externalTrafficPolicies.
  const exposed = [0, 0];
  for (let s = 0; s < serviceCount; s++) {
    const udp = isUdp(s);
    const port: GenServicePort = udp
      ? { name: 'dns', port: 53, targetPort: 5353, protocol: 'UDP' }
      : { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' };
    const svc: GenService = {
      name: apps[s]!,
      namespace: nsOf(s),
      type: 'ClusterIP',
      clusterIP: ip(hostAt(SVC_BASE, 9 + s)),
      selector: { app: apps[s]! },
      ports: [port],
    };
    const kind = s % 4;
    if ((kind === 1 || kind === 2) && nextNodePort <= NODE_PORT_LAST) {
      svc.type = kind === 1 ? 'NodePort' : 'LoadBalancer';
      port.nodePort = nextNodePort++;
      svc.externalTrafficPolicy = exposed[kind - 1]!++ % 2 === 0 ? 'Local' : 'Cluster';
      if (kind === 2) {
        const lb: GenLoadBalancer = { name: `slb-${s}`, ip: ip(hostAt(SLB_BASE, loadBalancers.length)), backend: 'nodeport', preserveClientIP: true };
        loadBalancers.push(lb);
        svc.loadBalancer = lb.name;
        if (loadBalancers.length % 5 === 0) svc.loadBalancerSourceRanges = ['47.74.0.0/16'];
      }
    } else if (kind === 3) {
      // An externalIP is only reachable where the VPC routes it: a secondary IP of some node.
      const extIp = ip(hostAt(SECONDARY_BASE, externalIPs++));
      const holder = nodes[int(nodeCount)]!;
      (holder.secondaryIPs ??= []).push(extIp);
      svc.externalIPs = [extIp];
    }
    if (s % 7 === 6) svc.internalTrafficPolicy = 'Local';
    services.push(svc);
  }

  const externals: GenExternal[] = [
    ...Array.from({ length: 3 }, (_, i) => ({ name: `internet-client-${i}`, ip: ip(hostAt(INTERNET_BASE, 9 + i)) })),
    { name: 'elsewhere-client', ip: '121.40.0.10' }, // outside every loadBalancerSourceRanges
    { name: 'office-host', ip: '203.0.113.10', network: 'vpc' },
  ];

  // Every 8th service's pods accept only their neighbour service's pods and the VPC, on their port.
  const policies: GenNetworkPolicy[] = [];
  if (networkPolicies) {
    for (let s = 0; s < serviceCount; s += 8) {
      const port = services[s]!.ports[0]!;
      policies.push({
        name: `allow-svc-${s}`,
        namespace: nsOf(s),
        podSelector: { matchLabels: { app: `svc-${s}` } },
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: `svc-${s + 4}` } } }, { ipBlock: { cidr: '10.0.0.0/8' } }],
            ports: [{ protocol: port.protocol, port: port.targetPort }],
          },
        ],
      });
    }
  }

  return {
    apiVersion: 'hopscope/v1',
    kind: 'Topology',
    metadata: {
      name: `generated-flannel-${nodeCount}-nodes-seed-${seed}`,
      title: `Generated Flannel (${cniMode}) cluster, ${nodeCount} nodes`,
      description: `${nodeCount} nodes × ${podsPerNode} pods, ${serviceCount} services, kube-proxy ${kubeProxyMode}; generated with seed ${seed}.`,
    },
    cluster: {
      cni: { plugin: 'flannel', mode: cniMode, ipMasq: true },
      kubeProxy: { mode: kubeProxyMode, masqueradeAll: false },
      podCIDR: `${ip(POD_BASE)}/${podPrefix}`,
      serviceCIDR: '192.168.0.0/16',
      vpc: { cidr: '10.0.0.0/8' },
    },
    nodes,
    pods,
    services,
    loadBalancers,
    externals,
    ...(networkPolicies ? { networkPolicies: policies } : {}),
  };
}

export type RequestKind = 'pod-pod' | 'pod-clusterip' | 'external-lb' | 'node-nodeport' | 'external-externalip';

/**
 * Random trace requests over a generated document, a mix of the paths people ask about:
 * pod → pod, pod → cluster IP, internet client → SLB, node → another node's nodePort, and
 * VPC host → externalIP. Deterministic for a seed; kinds a document lacks are skipped.
 */
export function pickTraceRequests(doc: GeneratedDocument, count: number, seed = 1): { kind: RequestKind; request: TraceRequest }[] {
  const rand = mulberry32(seed ^ 0x9e3779b9);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const ready = doc.pods.filter((p) => p.ready !== false);
  const withNodePort = doc.services.filter((s) => s.ports[0]?.nodePort !== undefined);
  const withLb = doc.services.filter((s) => s.loadBalancer !== undefined);
  const withExtIp = doc.services.filter((s) => (s.externalIPs?.length ?? 0) > 0);
  const lbIp = new Map(doc.loadBalancers.map((l) => [l.name, l.ip]));
  const internet = doc.externals.filter((e) => e.network !== 'vpc');
  const vpcHosts = doc.externals.filter((e) => e.network === 'vpc');
  const proto = (p: { protocol: 'TCP' | 'UDP' }) => p.protocol;

  const makers: [RequestKind, () => TraceRequest][] = [];
  if (ready.length > 1) {
    makers.push([
      'pod-pod',
      () => {
        const [a, b] = [pick(ready), pick(ready)];
        const port = b.ports[0]!;
        return { from: podId(a), to: `${b.ip}:${port.containerPort}`, protocol: proto(port) };
      },
    ]);
  }
  if (ready.length > 0 && doc.services.length > 0) {
    makers.push([
      'pod-clusterip',
      () => {
        const [a, s] = [pick(ready), pick(doc.services)];
        const port = s.ports[0]!;
        return { from: podId(a), to: `${s.clusterIP}:${port.port}`, protocol: proto(port) };
      },
    ]);
  }
  if (withLb.length > 0 && internet.length > 0) {
    makers.push([
      'external-lb',
      () => {
        const s = pick(withLb);
        const port = s.ports[0]!;
        return { from: externalId(pick(internet).name), to: `${lbIp.get(s.loadBalancer!)}:${port.port}`, protocol: proto(port) };
      },
    ]);
  }
  if (withNodePort.length > 0 && doc.nodes.length > 0) {
    makers.push([
      'node-nodeport',
      () => {
        const s = pick(withNodePort);
        const port = s.ports[0]!;
        return { from: nodeId(pick(doc.nodes).name), to: `${pick(doc.nodes).ip}:${port.nodePort}`, protocol: proto(port) };
      },
    ]);
  }
  if (withExtIp.length > 0 && vpcHosts.length > 0) {
    makers.push([
      'external-externalip',
      () => {
        const s = pick(withExtIp);
        const port = s.ports[0]!;
        return { from: externalId(pick(vpcHosts).name), to: `${s.externalIPs![0]}:${port.port}`, protocol: proto(port) };
      },
    ]);
  }
  if (makers.length === 0) return [];
  const out: { kind: RequestKind; request: TraceRequest }[] = [];
  for (let i = 0; i < count; i++) {
    const [kind, make] = makers[i % makers.length]!;
    out.push({ kind, request: { ...make(), choice: { seed: Math.floor(rand() * 1000) } } });
  }
  return out;
}
