/**
 * Node views as committed: every node of every built-in and of small generated clusters (IPVS and
 * iptables, Local and Cluster traffic policies), printed as `ip route`, `ip addr`, `ip -d link`,
 * `iptables-save`, `ipvsadm -Ln` and `ipset list` would, must match testdata/views/ byte for
 * byte. Work on how kube-proxy state is stored (shared across nodes, built on demand) proves here
 * that what a node shows did not change. After an intended change: `npx vitest run -u THIS_FILE`.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import './wiring-modules-all';
import { validateTopology, type Topology, type TraceRequest } from '../model';
import { nodeId, podId } from '../model/element-id';
import { builtins } from '../scenarios';
import { generateFlannelCluster } from '../scenarios/generate';
import { compile } from './compile';
import { setId } from './netfilter/table';
import type { Dataplane } from './dataplane';
import { trace } from './trace';
import { renderView, type ViewKind } from './views';
import { doc } from './test/kit';

const KINDS: ViewKind[] = ['routes', 'addr', 'link', 'iptables', 'ipvs', 'ipset'];

/** Every kind of kube-proxy state on a small cluster: policies, firewall, affinity, no endpoints, externalIPs on a node. */
function mixed(proxy: 'ipvs' | 'iptables', version: string | undefined, detectLocalMode: string): unknown {
  const svc = (name: string, ip: string, app: string, extra: Record<string, unknown> = {}, nodePort?: number) => ({
    name,
    namespace: 'default',
    selector: { app },
    clusterIP: ip,
    ports: [{ name: 'http', port: 80, targetPort: 8080, ...(nodePort ? { nodePort } : {}) }],
    ...extra,
  });
  const d = doc({ proxy, version });
  const cluster = d.cluster as { kubeProxy: Record<string, unknown> };
  cluster.kubeProxy.detectLocalMode = detectLocalMode;
  d.nodes = [
    { name: 'node-a', ip: '10.0.0.10', podCIDR: '10.244.1.0/24', secondaryIPs: ['10.0.0.100'] },
    { name: 'node-b', ip: '10.0.0.11', podCIDR: '10.244.2.0/24' },
    { name: 'node-c', ip: '10.0.0.12', podCIDR: '10.244.3.0/24' },
  ];
  d.pods = [
    { name: 'client', node: 'node-a', ip: '10.244.1.5', labels: { app: 'client' } },
    { name: 'web-a', node: 'node-a', ip: '10.244.1.10', labels: { app: 'web' } },
    { name: 'web-b1', node: 'node-b', ip: '10.244.2.10', labels: { app: 'web' } },
    { name: 'web-b2', node: 'node-b', ip: '10.244.2.11', labels: { app: 'web' } },
    { name: 'api-c', node: 'node-c', ip: '10.244.3.10', labels: { app: 'api' } },
  ];
  d.services = [
    svc('web', '10.96.0.50', 'web', { sessionAffinity: 'ClientIP', externalIPs: ['10.0.0.100'] }),
    svc('web-local', '10.96.0.51', 'web', { internalTrafficPolicy: 'Local' }),
    svc('api-np', '10.96.0.52', 'api', { type: 'NodePort', externalTrafficPolicy: 'Local' }, 30080),
    svc(
      'api-lb',
      '10.96.0.53',
      'api',
      { type: 'LoadBalancer', loadBalancer: 'lb', externalTrafficPolicy: 'Local', healthCheckNodePort: 32000, loadBalancerSourceRanges: ['192.0.2.0/24'] },
      30081,
    ),
    svc('web-lb', '10.96.0.54', 'web', { type: 'LoadBalancer', loadBalancer: 'lb2' }, 30082),
    svc('nobody', '10.96.0.55', 'none', { type: 'NodePort' }, 30083),
  ];
  d.loadBalancers = [
    { name: 'lb', ip: '203.0.113.10', backend: 'nodeport' },
    { name: 'lb2', ip: '203.0.113.11', backend: 'nodeport' },
  ];
  return d;
}

const DOCS: [string, unknown][] = [
  ['mixed-iptables', mixed('iptables', undefined, 'ClusterCIDR')],
  ['mixed-iptables-nodecidr', mixed('iptables', '1.28', 'NodeCIDR')],
  ['mixed-ipvs-1.20', mixed('ipvs', undefined, 'ClusterCIDR')],
  ['mixed-ipvs-1.28', mixed('ipvs', '1.28', 'NodeCIDR')],
  ...builtins.map((b): [string, unknown] => [b.id, parse(b.yaml)]),
  ['generated-ipvs', generateFlannelCluster({ nodes: 5, podsPerNode: 8, podsPerService: 3, seed: 7, kubeProxyMode: 'ipvs', networkPolicies: true })],
  ['generated-iptables', generateFlannelCluster({ nodes: 5, podsPerNode: 8, podsPerService: 3, seed: 7, kubeProxyMode: 'iptables', networkPolicies: true })],
  ['generated-vxlan-iptables', generateFlannelCluster({ nodes: 3, podsPerNode: 6, podsPerService: 2, seed: 5, cniMode: 'vxlan', kubeProxyMode: 'iptables' })],
];

function valid(raw: unknown): Topology {
  const v = validateTopology(raw);
  if (!v.ok) throw new Error(`invalid: ${v.problems[0]!.path}: ${v.problems[0]!.message}`);
  return v.topology;
}

/** Every view of every node of `raw`, on a dataplane fresh from compile (or after `before` ran on it). */
function allViews(raw: unknown, before?: (dp: Dataplane) => void): string {
  const topology = valid(raw);
  const dp = compile(topology);
  before?.(dp);
  const out: string[] = [];
  for (const n of topology.nodes) for (const k of KINDS) out.push(`==== ${n.name} ${k}`, renderView(dp, n.name, k));
  return out.join('\n') + '\n';
}

describe('node views', () => {
  for (const [name, raw] of DOCS) {
    it(`${name}: every node's views print as committed`, async () => {
      await expect(allViews(raw)).toMatchFileSnapshot(`testdata/views/${name}.txt`);
    });
  }

  // kube-proxy state is written when a packet first needs it, partly into rules every node
  // shares: what traces wrote first (here the last services first) must not show anywhere else
  // or change any order.
  for (const [name, raw] of DOCS.filter(([n]) => n.startsWith('generated') || n.startsWith('mixed'))) {
    it(`${name}: views after traces print the same`, async () => {
      const topology = valid(raw);
      const services = [...topology.services].reverse();
      const requests: TraceRequest[] = topology.pods.flatMap((p) => services.map((s) => ({ from: podId(p), to: `${s.clusterIP}:${s.ports[0]!.port}` })));
      const text = allViews(raw, (dp) => {
        for (const r of requests.slice(0, 60)) trace(dp, r);
      });
      await expect(text).toMatchFileSnapshot(`testdata/views/${name}.txt`);
    });
  }
});

describe('kube-proxy state is shared across nodes, not copied', () => {
  it('IPVS: every node refers to the same service sets and virtual servers', () => {
    const dp = compile(valid(DOCS.find(([n]) => n === 'generated-ipvs')![1]));
    const [a, b] = dp.topology.nodes.map((n) => dp.ns(nodeId(n.name))!);
    expect(a!.ipsets![setId('KUBE-CLUSTER-IP')]).toBe(b!.ipsets![setId('KUBE-CLUSTER-IP')]);
    const sp = dp.servicePorts.find((x) => x.svc.internalTrafficPolicy !== 'Local')!;
    expect(a!.ipvs!.get(sp.port.protocol, sp.clusterIP, sp.port.port)).toBe(b!.ipvs!.get(sp.port.protocol, sp.clusterIP, sp.port.port));
    expect(a!.ipsets![setId('KUBE-LOOP-BACK')]).not.toBe(b!.ipsets![setId('KUBE-LOOP-BACK')]);
  });

  it("iptables: nodes' tables share one set of service rules", () => {
    const dp = compile(valid(DOCS.find(([n]) => n === 'generated-iptables')![1]));
    const [a, b] = dp.topology.nodes.map((n) => dp.ns(nodeId(n.name))!);
    a!.prepareAll!();
    b!.prepareAll!();
    expect(a!.nat!.base!.table).toBe(b!.nat!.base!.table);
    expect(a!.nat!.chains.get('KUBE-SERVICES')!.length).toBeLessThan(a!.nat!.base!.table.chains.get('KUBE-SERVICES')!.length);
  });
});
