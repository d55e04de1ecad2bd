import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validateTopology } from '../model';
import { generateFlannelCluster, mulberry32, pickTraceRequests } from './generate';

const toInt = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const inCidr = (ip: string, cidr: string) => {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base!) / size);
};

describe('mulberry32', () => {
  it('is deterministic for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(1000);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });
});

describe('The documents it makes, byte for byte', () => {
  // (Pinned by their JSON's hash, as made before the generator was written for speed: a faster generator makes the
  // same documents. All of one service-less stem has ~30 name collisions among 30,000 pods: each draws its suffix again.)
  const sha = (o: unknown) => createHash('sha256').update(JSON.stringify(o)).digest('hex');
  it.each([
    [{ nodes: 1000 }, '33a428b9a581a03179d4ea84f3138dc53d33c01b088aeb1fab7e8ed4a92ff25a'],
    [{ nodes: 1000, podsPerService: 100000 }, 'b51eef853d2acf80fa1a1c3b549e527f023787926c3d022416cb9678dcf8333d'],
    [
      { nodes: 37, podsPerNode: 61, podsPerService: 7, seed: 9, kubeProxyMode: 'iptables', cniMode: 'vxlan', networkPolicies: true },
      '59e1705acd2b7d8c21861a0962367fab33814268c2e45b0cca91c6da871db407',
    ],
  ] as const)('%j', (opts, hash) => {
    expect(sha(generateFlannelCluster(opts))).toBe(hash);
  });
});

describe('When a Flannel cluster of 100 nodes is generated', () => {
  const doc = generateFlannelCluster({ nodes: 100, seed: 7 });

  it('has the requested counts: 30 pods per node, one service per 10 pods', () => {
    expect(doc.nodes).toHaveLength(100);
    expect(doc.pods).toHaveLength(3000);
    expect(doc.services).toHaveLength(300);
    for (const n of doc.nodes) expect(doc.pods.filter((p) => p.node === n.name)).toHaveLength(30);
    for (const s of doc.services) expect(doc.pods.filter((p) => p.namespace === s.namespace && p.labels.app === s.selector.app)).toHaveLength(10);
  });

  it('uses every address once', () => {
    const all = [
      ...doc.nodes.flatMap((n) => [n.ip, ...(n.secondaryIPs ?? [])]),
      ...doc.pods.map((p) => p.ip),
      ...doc.services.map((s) => s.clusterIP),
      ...doc.loadBalancers.map((l) => l.ip),
      ...doc.externals.map((e) => e.ip),
    ];
    expect(new Set(all).size).toBe(all.length);
  });

  it('puts each address where it belongs', () => {
    const byName = new Map(doc.nodes.map((n) => [n.name, n]));
    for (const n of doc.nodes) {
      expect(inCidr(n.ip, doc.cluster.vpc.cidr)).toBe(true);
      expect(inCidr(n.podCIDR.split('/')[0]!, doc.cluster.podCIDR)).toBe(true);
      for (const ip of n.secondaryIPs ?? []) expect(inCidr(ip, doc.cluster.vpc.cidr)).toBe(true);
    }
    for (const p of doc.pods) {
      const block = byName.get(p.node)!.podCIDR;
      expect(inCidr(p.ip, block)).toBe(true);
      const offset = toInt(p.ip) - toInt(block.split('/')[0]!);
      expect(offset).toBeGreaterThanOrEqual(2); // .0 is the network, .1 is cni0
      expect(offset).toBeLessThan(63);
    }
    for (const s of doc.services) expect(inCidr(s.clusterIP, doc.cluster.serviceCIDR)).toBe(true);
  });

  it('sizes the cluster pod CIDR to hold a /26 per node', () => {
    expect(doc.cluster.podCIDR).toBe('172.16.0.0/19');
    expect(generateFlannelCluster({ nodes: 1000, podsPerNode: 1 }).cluster.podCIDR).toBe('172.16.0.0/16');
    expect(generateFlannelCluster({ nodes: 1, podsPerNode: 1 }).cluster.podCIDR).toBe('172.16.0.0/26');
  });

  it('mixes service types and traffic policies', () => {
    const count = (f: (s: (typeof doc.services)[number]) => boolean) => doc.services.filter(f).length;
    expect(count((s) => s.type === 'ClusterIP' && !s.externalIPs)).toBeGreaterThan(0);
    expect(count((s) => s.type === 'NodePort')).toBeGreaterThan(0);
    expect(count((s) => s.type === 'LoadBalancer' && s.loadBalancer !== undefined)).toBe(doc.loadBalancers.length);
    expect(count((s) => (s.externalIPs?.length ?? 0) > 0)).toBeGreaterThan(0);
    expect(count((s) => s.externalTrafficPolicy === 'Local')).toBeGreaterThan(0);
    expect(count((s) => s.externalTrafficPolicy === 'Cluster')).toBeGreaterThan(0);
    expect(count((s) => s.internalTrafficPolicy === 'Local')).toBeGreaterThan(0);
    expect(count((s) => s.ports[0]!.protocol === 'UDP')).toBeGreaterThan(0);
    expect(count((s) => (s.loadBalancerSourceRanges?.length ?? 0) > 0)).toBeGreaterThan(0);
    expect(doc.externals.some((e) => e.network === 'vpc')).toBe(true);
    expect(doc.externals.some((e) => e.network !== 'vpc')).toBe(true);
  });

  it('gives unique nodePorts in 30000-32767', () => {
    const ports = doc.services.flatMap((s) => s.ports.flatMap((p) => (p.nodePort !== undefined ? [p.nodePort] : [])));
    expect(new Set(ports).size).toBe(ports.length);
    expect(ports.every((p) => p >= 30000 && p <= 32767)).toBe(true);
  });

  it("spreads a service's pods over several nodes", () => {
    const nodesOf = (app: string) => new Set(doc.pods.filter((p) => p.labels.app === app).map((p) => p.node)).size;
    const spread = doc.services.map((s) => nodesOf(s.selector.app!));
    expect(spread.filter((n) => n >= 5).length).toBeGreaterThan(doc.services.length * 0.9);
  });

  it('is the same document for the same seed, and another for another seed', () => {
    expect(JSON.stringify(generateFlannelCluster({ nodes: 100, seed: 7 }))).toBe(JSON.stringify(doc));
    expect(JSON.stringify(generateFlannelCluster({ nodes: 100, seed: 8 }))).not.toBe(JSON.stringify(doc));
  });

  it('is a valid topology document', () => {
    const r = validateTopology(doc);
    if (!r.ok) expect(r.problems.slice(0, 5)).toEqual([]);
    expect(r.ok).toBe(true);
  });
});

describe('Other sizes and modes', () => {
  it.each([
    { nodes: 1 },
    { nodes: 10, kubeProxyMode: 'iptables' as const, cniMode: 'vxlan' as const },
    { nodes: 7, podsPerNode: 61, podsPerService: 3, cniMode: 'host-gw' as const },
  ])('%j validates', (opts) => {
    const r = validateTopology(generateFlannelCluster({ ...opts, seed: 3 }));
    if (!r.ok) expect(r.problems.slice(0, 5)).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('refuses sizes that do not fit', () => {
    expect(() => generateFlannelCluster({ nodes: 0 })).toThrow(RangeError);
    expect(() => generateFlannelCluster({ nodes: 20000 })).toThrow(/nodes must be/);
    expect(() => generateFlannelCluster({ nodes: 2, podsPerNode: 62 })).toThrow(/podsPerNode/);
  });
});

describe('pickTraceRequests', () => {
  const doc = generateFlannelCluster({ nodes: 20, seed: 5 });
  const reqs = pickTraceRequests(doc, 500, 9);

  it('mixes the five kinds of request', () => {
    const kinds = new Set(reqs.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['external-externalip', 'external-lb', 'node-nodeport', 'pod-clusterip', 'pod-pod']);
    expect(reqs).toHaveLength(500);
  });

  it('names only things the document holds', () => {
    const pods = new Set(doc.pods.map((p) => `pod:${p.namespace}/${p.name}`));
    const nodes = new Set(doc.nodes.map((n) => `node:${n.name}`));
    const externals = new Set(doc.externals.map((e) => `external:${e.name}`));
    const addrs = new Set([
      ...doc.pods.map((p) => p.ip),
      ...doc.services.flatMap((s) => [s.clusterIP, ...(s.externalIPs ?? [])]),
      ...doc.loadBalancers.map((l) => l.ip),
      ...doc.nodes.map((n) => n.ip),
    ]);
    for (const { kind, request } of reqs) {
      const from = kind.startsWith('pod') ? pods : kind.startsWith('node') ? nodes : externals;
      expect(from.has(request.from)).toBe(true);
      expect(addrs.has(request.to.split(':')[0]!)).toBe(true);
      expect(request.choice).toHaveProperty('seed');
    }
  });

  it('is deterministic for a seed', () => {
    expect(pickTraceRequests(doc, 500, 9)).toEqual(reqs);
    expect(pickTraceRequests(doc, 500, 10)).not.toEqual(reqs);
  });
});

describe('When the generator picks traffic policies and NetworkPolicies', () => {
  it('gives NodePort and LoadBalancer services each both externalTrafficPolicies', () => {
    const doc = generateFlannelCluster({ nodes: 20, seed: 2 });
    for (const type of ['NodePort', 'LoadBalancer'] as const) {
      const policies = new Set(doc.services.filter((s) => s.type === type).map((s) => s.externalTrafficPolicy));
      expect([...policies].sort()).toEqual(['Cluster', 'Local']);
    }
  });

  it('adds valid NetworkPolicies only when asked', () => {
    expect(generateFlannelCluster({ nodes: 10 }).networkPolicies).toBeUndefined();
    const doc = generateFlannelCluster({ nodes: 10, networkPolicies: true });
    expect(doc.networkPolicies!.length).toBeGreaterThan(0);
    const r = validateTopology(doc);
    expect(r.ok && r.topology.networkPolicies.length).toBe(doc.networkPolicies!.length);
  });
});
