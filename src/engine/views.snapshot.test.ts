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
import { validateTopology } from '../model';
import { builtins } from '../scenarios';
import { generateFlannelCluster } from '../scenarios/generate';
import { compile } from './compile';
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

/** Every view of every node of `raw`, on a dataplane fresh from compile. */
export function allViews(raw: unknown): string {
  const v = validateTopology(raw);
  if (!v.ok) throw new Error(`invalid: ${v.problems[0]!.path}: ${v.problems[0]!.message}`);
  const dp = compile(v.topology);
  const out: string[] = [];
  for (const n of v.topology.nodes) for (const k of KINDS) out.push(`==== ${n.name} ${k}`, renderView(dp, n.name, k));
  return out.join('\n') + '\n';
}

describe('node views', () => {
  for (const [name, raw] of DOCS) {
    it(`${name}: every node's views print as committed`, async () => {
      await expect(allViews(raw)).toMatchFileSnapshot(`testdata/views/${name}.txt`);
    });
  }
});
