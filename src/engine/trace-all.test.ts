/**
 * `choice: {all: true}`: every branch with its probability, grouped into the outcomes a reader
 * tells apart (outcomes.ts), and an honest cut when there are more branches than the engine walks.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RequestError, trace } from './trace';
import { Search, traceAll, traceAllReplayed } from './fork/search';
import { build } from './test/kit';
import { formatTrace } from '../cli/format';
import { traceToMarkdown } from './export';
import { parseTopology, validateTopology, type Outcome, type Topology, type TraceRequest } from '../model';
import { ackFlannelYaml } from '../scenarios/ack-flannel';
import { generateFlannelCluster, pickTraceRequests, type GeneratedDocument } from '../scenarios/generate';
import { builtins } from '../scenarios';
import { withBigServices } from '../scenarios/big-services';
import { applyEdits, faultLessons, lessons } from '../scenarios/lessons';
import type { Dataplane } from './dataplane';
import { compile } from './compile';

const web = { name: 'web', namespace: 'default', selector: { app: 'web' }, clusterIP: '10.96.0.50', ports: [{ name: 'http', port: 80, targetPort: 8080 }] };
const req = { from: 'pod:default/client', to: '10.96.0.50:80', choice: { all: true as const } };
const branchesOf = (os: readonly Outcome[]) => os.reduce((n, o) => n + (o.branches ?? 1), 0);
const pSum = (os: readonly Outcome[]) => os.reduce((s, o) => s + o.p, 0);

describe('When every outcome is asked for', () => {
  const dp = build({ services: [web] });

  it('lists every branch, their probabilities summing to 1, and says nothing was cut', () => {
    const t = trace(dp, req);
    expect(t.outcomes).toHaveLength(3);
    expect(pSum(t.outcomes!)).toBeCloseTo(1, 9);
    expect(t.truncated).toBeUndefined();
    expect(t.covered).toBeUndefined();
    expect(formatTrace(t)).not.toMatch(/TRUNCATED/);
  });

  it('says so when it must cut: truncated, the branches walked and the probability they cover', () => {
    const t = traceAll(dp, req, 1);
    expect(t.outcomes).toHaveLength(1);
    expect(t.truncated).toBe(true);
    expect(t.branchesWalked).toBe(1);
    expect(t.covered).toBeCloseTo(pSum(t.outcomes!), 12);
    expect(t.covered!).toBeLessThan(1);
    expect(formatTrace(t)).toMatch(/TRUNCATED: the search stopped after 1 walk; the branches listed cover p = 0\.\d+ of 1/);
  });

  it('walks one of two equivalent endpoints on another node: two walks for three branches, as walking all three gives', () => {
    // web-b1 and web-b2 are identical pods on node-b; web-a is on the client's own node (a class of its own).
    const t = traceAll(dp, req, 2);
    expect(t.truncated).toBeUndefined();
    expect(t).toEqual(traceAllReplayed(dp, req));
    expect(t.outcomes!.map((o) => o.deliveredTo!.name)).toEqual(['default/web-a', 'default/web-b1', 'default/web-b2']);
  });

  it('never prints a cut as covering all of it (CLI and Markdown export)', () => {
    const t = traceAll(dp, req, 1);
    expect(formatTrace({ ...t, covered: 0.99996 })).toMatch(/listed cover p = 0\.9999 of 1/);
    expect(traceToMarkdown({ ...t, covered: 0.99996 })).toMatch(/cover p = 0\.9999 of 1/);
  });

  it('does not call a search cut when the limit is exactly the number of branches', () => {
    expect(traceAll(dp, req, 3).truncated).toBeUndefined();
  });
});

describe('Equivalent branches are one outcome', () => {
  // ACK Flannel, internet client → SLB with externalTrafficPolicy Cluster: the SLB picks one of
  // 3 nodes, whose kube-proxy picks one of 3 nginx1 pods and masquerades to that node
  // (kubernetes pkg/proxy/iptables/proxier.go: external traffic to a Cluster-policy service
  // jumps to KUBE-MARK-MASQ), so the pod sees each node's address: 9 branches.
  const parsed = parseTopology(ackFlannelYaml);
  if (!parsed.ok) throw new Error('built-in document invalid');
  const dp = compile(parsed.topology);
  const slb = { from: 'external:internet-client', to: '8.219.170.20:80', choice: { all: true as const } };

  it('groups branches that end the same way, summing their probability and counting them', () => {
    const t = trace(dp, slb);
    const os = t.outcomes!;
    expect(branchesOf(os)).toBe(9);
    expect(pSum(os)).toBeCloseTo(1, 12);
    // Every pod is reached through a node that masquerades to its own address: one outcome
    // per pod and path length, the addresses the pod saw counted.
    const merged = os.filter((o) => (o.branches ?? 1) > 1);
    expect(merged.length).toBeGreaterThan(0);
    for (const o of merged) {
      expect(o.p).toBeCloseTo((o.branches ?? 1) / 9, 12);
      expect(o.sourcesSeen).toBe(o.branches);
    }
    // No two outcomes a reader could not tell apart.
    const keys = os.map((o) => JSON.stringify([o.verdict, o.reason, o.deliveredTo, o.kernelStacks, o.httpStatus ?? null]));
    expect(new Set(keys).size).toBe(os.length);
  });

  it("keeps a real branch as each outcome's path: following it ends the same way", () => {
    for (const o of trace(dp, slb).outcomes!) {
      const one = trace(dp, { ...slb, choice: { pick: o.path } });
      expect(one.deliveredTo).toEqual(o.deliveredTo);
      expect(one.sourceSeenByServer).toBe(o.sourceSeenByServer);
      expect(one.kernelStacks).toBe(o.kernelStacks);
    }
  });

  it('keeps apart a server that sees the client and one that sees a translated address', () => {
    // externalTrafficPolicy Local keeps the client address (no SNAT); Cluster never does.
    const local = trace(dp, { from: 'external:internet-client', to: '8.219.170.21:80', choice: { all: true } });
    const cluster = trace(dp, slb);
    const client = '47.74.0.10';
    expect(local.outcomes!.every((o) => o.sourceSeenByServer === client && o.sourcesSeen === undefined)).toBe(true);
    expect(cluster.outcomes!.every((o) => o.sourceSeenByServer !== client)).toBe(true);
  });
});

describe('A generated cluster of 100 nodes behind one SLB', () => {
  const doc = generateFlannelCluster({ nodes: 100, seed: 1, kubeProxyMode: 'ipvs' });
  const v = validateTopology(doc);
  if (!v.ok) throw new Error('generated document invalid');
  const dp = compile(v.topology);
  const svc = v.topology.services.find((s) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Cluster' && s.loadBalancer)!;
  const lb = v.topology.loadBalancers.find((l) => l.name === svc.loadBalancer)!;
  const endpoints = v.topology.pods.filter((p) => p.namespace === svc.namespace && Object.entries(svc.selector).every(([k, x]) => p.labels[k] === x));

  it('walks every branch (100 nodes × each endpoint) and lists one outcome per endpoint and path length', () => {
    const t = trace(dp, {
      from: `external:${doc.externals.find((e) => e.network !== 'vpc')!.name}`,
      to: `${lb.ip}:${svc.ports[0]!.port}`,
      choice: { all: true },
    });
    expect(t.truncated).toBeUndefined();
    expect(branchesOf(t.outcomes!)).toBe(100 * endpoints.length);
    expect(pSum(t.outcomes!)).toBeCloseTo(1, 9);
    expect(new Set(t.outcomes!.map((o) => o.deliveredTo?.name))).toEqual(new Set(endpoints.map((p) => `${p.namespace}/${p.name}`)));
    expect(t.outcomes!.length).toBeLessThanOrEqual(2 * endpoints.length);
  });
});

/**
 * The search walks one SLB backend per class of equivalent nodes (fork/classes.ts) and lists the
 * other members' branches as the representative's renamed; the oracle is the search that walks
 * every branch from the start (traceAllReplayed). Both must give the same trace, byte for byte:
 * the same outcomes in the same order, the same probabilities (summed in the same order), paths,
 * addresses seen and counts.
 */
const all = { all: true as const };

/** Requests of every kind a document offers: lessons', and from each external, a pod per node and a node to every service frontend. */
function requestsFor(t: Topology, extra: readonly TraceRequest[] = []): TraceRequest[] {
  const froms = [
    ...t.externals.map((e) => `external:${e.name}`),
    ...t.nodes.slice(0, 4).flatMap((n) =>
      t.pods
        .filter((p) => p.node === n.name && !p.hostNetwork)
        .slice(0, 1)
        .map((p) => `pod:${p.namespace}/${p.name}`),
    ),
    `node:${t.nodes[0]!.name}`,
  ];
  const tos = t.services.flatMap((s) =>
    s.ports.flatMap((port) => {
      const lb = t.loadBalancers.find((l) => l.name === s.loadBalancer);
      const frontends = [s.clusterIP, ...s.externalIPs, ...(lb ? [lb.ip, ...(lb.secondaryIPs ?? [])] : [])].map((ip) => `${ip}:${port.port}`);
      const nodePorts = port.nodePort === undefined ? [] : [t.nodes[0]!, t.nodes[t.nodes.length - 1]!].map((n) => `${n.ip}:${port.nodePort}`);
      return [...frontends, ...nodePorts].map((to) => ({ to, protocol: port.protocol === 'UDP' ? ('UDP' as const) : ('TCP' as const) }));
    }),
  );
  const reqs = froms.flatMap((from) => tos.map((to) => ({ from, ...to, choice: all })));
  // Earlier connections leave affinity state behind that the traced one's choices read.
  const again = reqs.filter((r) => r.from.startsWith('external:')).map((r) => ({ ...r, repeat: 1 }));
  return [...extra.map((r) => ({ ...r, choice: all })), ...reqs, ...again];
}

function expectSameAsReplay(dp: Dataplane, requests: readonly TraceRequest[]): number {
  let merged = 0;
  for (const r of requests) {
    let want: ReturnType<typeof trace> | string;
    try {
      want = traceAllReplayed(dp, r);
    } catch (e) {
      if (!(e instanceof RequestError)) throw e;
      want = e.message;
    }
    if (typeof want === 'string') {
      expect(() => traceAll(dp, r)).toThrow(want);
      continue;
    }
    const got = traceAll(dp, r);
    expect(got, `${r.from} → ${r.to}`).toEqual(want);
    merged += got.outcomes!.filter((o) => (o.branches ?? 1) > 1).length;
  }
  return merged;
}

describe('Classes of equivalent SLB backends give what walking every branch gives', () => {
  const raw = (id: string) => parse(builtins.find((b) => b.id === id)!.yaml) as Record<string, unknown>;
  const dpOf = (doc: unknown) => {
    const v = validateTopology(doc);
    if (!v.ok) throw new Error(`invalid: ${v.problems[0]!.path}: ${v.problems[0]!.message}`);
    return { dp: compile(v.topology), topology: v.topology };
  };

  for (const b of builtins) {
    it(`on the built-in ${b.id}, every request kind`, () => {
      const { dp, topology } = dpOf(raw(b.id));
      expectSameAsReplay(
        dp,
        requestsFor(
          topology,
          lessons.filter((l) => l.doc === b.id).map((l) => l.request),
        ),
      );
    });
  }

  it('on every fault lesson, its request and every SLB frontend', () => {
    for (const f of faultLessons) {
      const { dp, topology } = dpOf(applyEdits(raw(f.doc), f.fault));
      const lbs = requestsFor(topology).filter((r) => r.from.startsWith('external:') && topology.loadBalancers.some((l) => r.to.startsWith(`${l.ip}:`)));
      expectSameAsReplay(dp, [{ ...f.request, choice: all }, ...lbs]);
    }
  });

  for (const mode of ['ipvs', 'iptables'] as const) {
    it(`on a generated 40-node cluster with NetworkPolicies under ${mode}: every SLB, and a mix of requests`, () => {
      const doc = generateFlannelCluster({ nodes: 40, seed: 3, kubeProxyMode: mode, networkPolicies: true });
      const { dp } = dpOf(doc);
      const client = `external:${doc.externals.find((e) => e.network !== 'vpc')!.name}`;
      const slbs = doc.services
        .filter((s) => s.loadBalancer)
        .map((s) => ({
          from: client,
          to: `${doc.loadBalancers.find((l) => l.name === s.loadBalancer)!.ip}:${s.ports[0]!.port}`,
          protocol: s.ports[0]!.protocol,
        }));
      const mix = pickTraceRequests(doc, 30, 3).map((x) => x.request);
      // Classes did merge somewhere: the comparison is not of two replays.
      expect(
        expectSameAsReplay(
          dp,
          [...slbs, ...mix].map((r) => ({ ...r, choice: all })),
        ),
      ).toBeGreaterThan(0);
    }, 60_000); // the replayed walk (the oracle) walks every branch: seconds on a busy machine
  }

  it("walks every member when a branch names the representative's node (a service with no endpoints: each node refuses by name)", () => {
    const doc = generateFlannelCluster({ nodes: 30, seed: 2, kubeProxyMode: 'ipvs' });
    const svc = doc.services.find((s) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Cluster')!;
    svc.selector = { app: 'nothing-selects-this' };
    const { dp } = dpOf(doc);
    const r = {
      from: 'external:internet-client-0',
      to: `${doc.loadBalancers.find((l) => l.name === svc.loadBalancer)!.ip}:${svc.ports[0]!.port}`,
      choice: all,
    };
    expectSameAsReplay(dp, [r]);
    const t = traceAll(dp, r);
    expect(t.outcomes).toHaveLength(30);
    expect(t.outcomes!.every((o) => o.verdict !== 'delivered' && o.branches === undefined)).toBe(true);
  });

  it('walks one backend per class: within a budget that cuts the replay, nothing is cut', () => {
    const doc = generateFlannelCluster({ nodes: 100, seed: 1, kubeProxyMode: 'iptables' });
    const { dp } = dpOf(doc);
    const r = internetToClusterLb(doc);
    const whole = traceAllReplayed(dp, r);
    const branches = branchesOf(whole.outcomes!);
    expect(branches).toBeGreaterThan(500);
    const budget = Math.floor(branches / 4);
    expect(traceAllReplayed(dp, r, budget).truncated).toBe(true);
    expect(traceAll(dp, r, budget)).toEqual(whole);
  });

  it('lists the members of a class whose representative was walked before the cut, and says what that covers', () => {
    const doc = generateFlannelCluster({ nodes: 100, seed: 1, kubeProxyMode: 'ipvs' });
    const { dp } = dpOf(doc);
    const r = internetToClusterLb(doc);
    // The first backends are classes of their own (they host endpoints); the 4th stands for a class.
    const replayed = traceAllReplayed(dp, r, 40);
    const t = traceAll(dp, r, 40);
    expect(t.truncated).toBe(true);
    expect(t.branchesWalked).toBe(40);
    expect(t.covered).toBeCloseTo(pSum(t.outcomes!), 12);
    expect(t.covered!).toBeLessThan(1);
    // The same 40 walks stand for far more branches than the replay's 40.
    expect(t.covered!).toBeGreaterThan(5 * replayed.covered!);
  });
});

/**
 * A service spread over the cluster, one endpoint per node: the endpoint choice (iptables
 * `statistic` run, IPVS rr) groups endpoints whose pods and nodes are identical but for name and
 * address (fork/endpoint-classes.ts), and under externalTrafficPolicy Local the SLB groups the
 * nodes that each host one such endpoint (fork/classes.ts). kube-proxy picks among every ready
 * endpoint for a ClusterIP (pkg/proxy/iptables/proxier.go writes one `-m statistic --mode random
 * --probability 1/(n-i)` rule per endpoint in KUBE-SVC-*; pkg/proxy/ipvs/proxier.go adds every
 * endpoint as a real server), and only among the node's own for an externalTrafficPolicy Local
 * frontend (KUBE-SVL-* / the local real servers).
 */
describe('Classes of equivalent endpoints give what walking every branch gives', () => {
  for (const mode of ['ipvs', 'iptables'] as const) {
    const { doc, clusterIP, lbCluster, lbLocal } = withBigServices(generateFlannelCluster({ nodes: 40, seed: 5, kubeProxyMode: mode }));
    const v = validateTopology(doc);
    if (!v.ok) throw new Error(`invalid: ${v.problems[0]!.path}: ${v.problems[0]!.message}`);
    const dp = compile(v.topology);
    const lb = (s: typeof lbCluster) => `${doc.loadBalancers.find((l) => l.name === s.loadBalancer)!.ip}:${s.ports[0]!.port}`;
    const client = doc.pods.find((p) => p.namespace === 'default' && p.labels.app !== `big-${clusterIP.name}`)!;
    const requests: [string, TraceRequest][] = [
      ['pod → ClusterIP', { from: `pod:${client.namespace}/${client.name}`, to: `${clusterIP.clusterIP}:80`, choice: all }],
      ['node → ClusterIP', { from: `node:${doc.nodes[3]!.name}`, to: `${clusterIP.clusterIP}:80`, choice: all }],
      ['internet → SLB, Local', { from: 'external:internet-client-0', to: lb(lbLocal), choice: all }],
      ['internet → SLB, Cluster', { from: 'external:internet-client-0', to: lb(lbCluster), choice: all }],
    ];
    it(`walks every endpoint when each ends in its own words (under ${mode}: no pod listens on the targetPort, each resets by name)`, () => {
      const closed = JSON.parse(JSON.stringify(doc)) as typeof doc;
      closed.services.find((s) => s.name === clusterIP.name)!.ports[0]!.targetPort = 9999;
      const w = validateTopology(closed);
      if (!w.ok) throw new Error('invalid');
      const dp2 = compile(w.topology);
      const r = requests[0]![1];
      const t = traceAll(dp2, r);
      expect(t).toEqual(traceAllReplayed(dp2, r));
      expect(t.outcomes!.length).toBeGreaterThanOrEqual(30);
      expect(t.outcomes!.every((o) => o.verdict === 'refused' && o.branches === undefined)).toBe(true);
    });

    for (const [kind, r] of requests) {
      it(`${kind} under ${mode}: the same trace as the replay, in under a third of its walks`, () => {
        const whole = traceAllReplayed(dp, r);
        expect(whole.truncated).toBeUndefined();
        const branches = branchesOf(whole.outcomes!);
        expect(branches).toBeGreaterThanOrEqual(30);
        // Within a third of the replay's walks nothing is cut, and nothing differs.
        expect(traceAll(dp, r, Math.floor(branches / 3))).toEqual(whole);
      }, 60_000);
    }
  }
});

/**
 * Calico advertising the service range to its ToR (projectcalico/calico confd/pkg/backends/calico/
 * routes.go: every node advertises serviceClusterIPs, "load balanced across nodes in the cluster
 * using ECMP" in Calico's docs): the ToR's next hops are the nodes, and nodes identical but for
 * name and address, holding nothing the packet is addressed to, are one class (fork/classes.ts).
 */
describe('Classes of equivalent ECMP next hops give what walking every branch gives', () => {
  const d = parse(builtins.find((b) => b.id === 'calico-bgp-tor')!.yaml) as {
    cluster: { cni: { bgp: Record<string, unknown> } };
    nodes: { name: string; ip: string; podCIDR: string }[];
    routers: { nodes: string[] }[];
  };
  d.cluster.cni.bgp.serviceClusterIPs = [{ cidr: '10.196.0.0/16' }];
  // Six empty workers beside worker-a and worker-b (which hosts the endpoint).
  for (let i = 0; i < 6; i++) {
    d.nodes.push({ name: `worker-${'cdefgh'[i]}`, ip: `192.168.64.${70 + i}`, podCIDR: `10.217.${122 + i}.0/26` });
    d.routers[0]!.nodes.push(`worker-${'cdefgh'[i]}`);
  }
  const v = validateTopology(d);
  if (!v.ok) throw new Error(`invalid: ${v.problems[0]!.path}: ${v.problems[0]!.message}`);
  const dp = compile(v.topology);

  it('office host → ClusterIP through the ToR: 8 next hops, 2 classes (worker-b hosts the endpoint), the same trace as the replay', () => {
    const r = { from: 'external:office-host', to: '10.196.89.31:8089', choice: all };
    const whole = traceAllReplayed(dp, r);
    expect(branchesOf(whole.outcomes!)).toBe(8);
    expect(whole.outcomes!.every((o) => o.verdict === 'delivered')).toBe(true);
    expect(traceAll(dp, r, 2)).toEqual(whole);
    expect(traceAll(dp, r, 1).truncated).toBe(true);
  });
});

/** `all` from the internet client to the first Cluster-policy load balancer's first port (no source ranges). */
function internetToClusterLb(doc: GeneratedDocument): TraceRequest {
  const svc = doc.services.find((s) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Cluster' && !s.loadBalancerSourceRanges)!;
  return {
    from: 'external:internet-client-0',
    to: `${doc.loadBalancers.find((l) => l.name === svc.loadBalancer)!.ip}:${svc.ports[0]!.port}`,
    choice: all,
  };
}

/**
 * A search stopped part way (the UI's Stop, worker/simulator.ts): what it found is a cut whose
 * covered probability is that of the outcomes it lists, and those outcomes are a part of the
 * whole answer's (each group's p no more than the whole's).
 */
describe('A search stopped part way', () => {
  const { doc, lbCluster } = withBigServices(generateFlannelCluster({ nodes: 40, seed: 5, kubeProxyMode: 'ipvs' }));
  const v = validateTopology(doc);
  if (!v.ok) throw new Error('invalid');
  const dp = compile(v.topology);
  const r = { from: 'external:internet-client-0', to: `${doc.loadBalancers.find((l) => l.name === lbCluster.loadBalancer)!.ip}:80`, choice: all };
  const whole = traceAll(dp, r);
  // Summed p per verdict and endpoint: a cut's is part of the whole's.
  const pBy = (os: readonly Outcome[]) => {
    const m = new Map<string, number>();
    for (const o of os) m.set(JSON.stringify([o.verdict, o.deliveredTo]), (m.get(JSON.stringify([o.verdict, o.deliveredTo])) ?? 0) + o.p);
    return m;
  };

  for (const steps of [1, 7, 60]) {
    it(`after ${steps} steps: a cut listing what was found, covering the sum of its outcomes`, () => {
      const search = new Search(dp, r);
      for (let i = 0; i < steps; i++) expect(search.step()).toBe(false);
      const before = search.progress();
      search.stop();
      expect(search.step()).toBe(true);
      const t = search.result();
      expect(t.truncated).toBe(true);
      expect(t.branchesWalked).toBe(before.walked);
      expect(t.covered).toBe(before.covered);
      expect(t.covered).toBeCloseTo(pSum(t.outcomes!), 12);
      expect(t.covered!).toBeGreaterThan(0);
      expect(t.covered!).toBeLessThan(1);
      const wholeP = pBy(whole.outcomes!);
      for (const [k, p] of pBy(t.outcomes!)) expect(p).toBeLessThanOrEqual(wholeP.get(k)! + 1e-12);
    });
  }

  it('stepped to its end without a stop: the whole answer, as traceAll gives it', () => {
    const search = new Search(dp, r);
    let steps = 0;
    while (!search.step()) steps++;
    expect(steps).toBeGreaterThan(60);
    search.stop();
    expect(search.result()).toEqual(whole);
    expect(whole.truncated).toBeUndefined();
  });
});
