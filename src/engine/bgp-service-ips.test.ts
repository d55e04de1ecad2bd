/**
 * Calico advertising service addresses over BGP (issue 15 item 10), on the calico-bgp-tor built-in.
 * confd's route generator (projectcalico/calico confd/pkg/backends/calico/routes.go): every node
 * advertises the BGPConfiguration's serviceClusterIPs/serviceExternalIPs/serviceLoadBalancerIPs
 * CIDRs ("we advertise the entire cluster IP range"), and for a service with externalTrafficPolicy
 * Local advertiseThisService advertises its /32s only "if we have local endpoints". Calico's docs
 * (Advertise Kubernetes service IP addresses): Cluster services are "load balanced across nodes in
 * the cluster using ECMP", Local ones reach only nodes with an endpoint. On the node kube-proxy
 * DNATs the ClusterIP and masquerades the off-cluster client (`! -s <clusterCIDR> … -j KUBE-MARK-MASQ`).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateTopology } from '../model';
import { calicoBgpTorYaml } from '../scenarios/calico-bgp-tor';
import { compile } from './compile';
import { trace } from './trace';
import { renderView } from './views';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const build = (mutate: (d: Raw) => void = () => {}) => {
  const d = parse(calicoBgpTorYaml) as Raw;
  mutate(d);
  const r = validateTopology(d);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return compile(r.topology);
};
const advertising = (d: Raw) => {
  d.cluster.cni.bgp.serviceClusterIPs = [{ cidr: '10.196.0.0/16' }];
};
const demo2 = 'external:office-host';
const CLUSTER_IP = '10.196.89.31:8089';

describe('Calico advertising serviceClusterIPs to the ToR', () => {
  it('without it an office host in the VPC cannot reach a ClusterIP', () => {
    expect(trace(build(), { from: demo2, to: CLUSTER_IP }).verdict).not.toBe('delivered');
  });

  it('every node advertises the range: the ToR holds an ECMP route and each choice is DNATed and masqueraded on that node', () => {
    const dp = build(advertising);
    expect(renderView(dp, 'router:tor-1', 'routes')).toContain(
      '10.196.0.0/16 proto bird\n\tnexthop via 192.168.64.57 dev eth0 weight 1\n\tnexthop via 192.168.64.58 dev eth0 weight 1',
    );
    const t = trace(dp, { from: demo2, to: CLUSTER_IP, choice: { all: true } });
    expect(t.outcomes!.map((o) => o.path[0]).sort()).toEqual(['192.168.64.57', '192.168.64.58']);
    for (const o of t.outcomes!) {
      expect(o.verdict).toBe('delivered');
      expect(o.p).toBeCloseTo(0.5, 9);
      expect(o.deliveredTo?.ip).toBe('10.217.120.80');
      // kube-proxy's KUBE-MARK-MASQ for a source outside the cluster CIDR: the node's address.
      expect(o.sourceSeenByServer).toBe(o.path[0]);
    }
    const viaA = trace(dp, { from: demo2, to: CLUSTER_IP, choice: { pick: ['192.168.64.57'] } });
    expect(viaA.hops.find((h) => h.ns === 'router:tor-1' && h.choices)?.choices?.[0]?.via).toBe('ECMP 10.196.0.0/16');
    expect(viaA.reply?.hops.at(-1)?.ns).toBe(demo2);
  });

  it('a Local service is also advertised as a /32 by the nodes with its endpoints only', () => {
    const dp = build((d) => {
      advertising(d);
      (d.services as Raw[]).find((s) => s.name === 'nginx-demo-2')!.externalTrafficPolicy = 'Local';
    });
    const routes = renderView(dp, 'router:tor-1', 'routes');
    expect(routes).toContain('10.196.89.31 via 192.168.64.58 dev eth0 proto bird');
    expect(renderView(dp, 'router:tor-1', 'bgp')).toMatch(/10\.196\.89\.31 +via 192\.168\.64\.58 on eth0 \[worker_b\] \*/);
    const t = trace(dp, { from: demo2, to: CLUSTER_IP, choice: { all: true } });
    expect(t.outcomes).toHaveLength(1);
    expect(t.hops.some((h) => h.ns === 'node:worker-b')).toBe(true);
    expect(t.hops.some((h) => h.ns === 'node:worker-a')).toBe(false);
  });
});
