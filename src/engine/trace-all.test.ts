/**
 * `choice: {all: true}`: every branch with its probability, grouped into the outcomes a reader
 * tells apart (outcomes.ts), and an honest cut when there are more branches than the engine walks.
 */
import { describe, expect, it } from 'vitest';
import { trace, traceAll } from './trace';
import { build } from './test/kit';
import { formatTrace } from '../cli/format';
import { parseTopology, validateTopology, type Outcome } from '../model';
import { ackFlannelYaml } from '../scenarios/ack-flannel';
import { generateFlannelCluster } from '../scenarios/generate';
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
    const t = traceAll(dp, req, 2);
    expect(t.outcomes).toHaveLength(2);
    expect(t.truncated).toBe(true);
    expect(t.branchesWalked).toBe(2);
    expect(t.covered).toBeCloseTo(pSum(t.outcomes!), 12);
    expect(t.covered!).toBeLessThan(1);
    expect(formatTrace(t)).toMatch(/TRUNCATED: only the first 2 branches were walked; they cover p = 0\.\d+ of 1/);
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
