/**
 * Routes into the service CIDR from outside (issue 15 item 10): a VPC static route for the service
 * CIDR to a node. The node's kube-proxy then handles the ClusterIP as for its own pods, and an
 * off-cluster source is masqueraded because it is not local pod traffic: iptables proxier.go writes
 * `-A KUBE-SVC-… ! -s <clusterCIDR> -d <clusterIP> … -j KUBE-MARK-MASQ` (localDetector.IfNotLocal());
 * without a detector there is no such rule, the backend answers the client straight, and the client
 * drops a reply from an address it never called. (Calico's own docs on advertising service IPs say
 * the same: external traffic to a ClusterIP is SNATed by kube-proxy unless the policy is Local.)
 */
import { describe, expect, it } from 'vitest';
import { validateTopology } from '../model';
import { build, doc, run } from './test/kit';

const web = { name: 'web', selector: { app: 'web' }, clusterIP: '10.96.0.50', ports: [{ name: 'http', port: 80, targetPort: 8080 }] };
const withRoute = (kubeProxy: Record<string, unknown> = {}, node = 'node-a', ipMasq?: boolean) => {
  const d = doc({ services: [web], ipMasq }) as { cluster: { vpc: Record<string, unknown>; kubeProxy: Record<string, unknown> } };
  d.cluster.vpc.routes = [{ dst: '10.96.0.0/16', node }];
  d.cluster.kubeProxy = { ...d.cluster.kubeProxy, ...kubeProxy };
  return d;
};
const toB = { choice: { pick: ['10.244.2.10:8080'] } };

describe('a VPC route for the service CIDR to a node', () => {
  it('without it, a client in the VPC cannot reach a ClusterIP', () => {
    expect(run(build({ services: [web] }), 'external:office', '10.96.0.50:80', toB).verdict).not.toBe('delivered');
  });
  it('with it, the node DNATs and masquerades the off-cluster client (iptables and IPVS)', () => {
    for (const mode of ['iptables', 'ipvs']) {
      const t = run(build(withRoute({ mode })), 'external:office', '10.96.0.50:80', toB);
      expect(t.verdict).toBe('delivered');
      expect(t.hops.at(-1)?.packet.dst).toBe('10.244.2.10:8080');
      expect(t.hops.at(-1)?.packet.src).toMatch(/^10\.0\.0\.10:/);
      expect(t.reply?.hops.at(-1)?.packet.src).toBe('10.96.0.50:80');
    }
  });
  // flanneld's --ip-masq would masquerade it anyway (`! -s podCIDR -d podCIDR -j MASQUERADE`): off here.
  it('with no local-traffic detector (no --cluster-cidr) the client is not masqueraded and the reply goes astray', () => {
    const masq = run(build(withRoute({}, 'node-a', false)), 'external:office', '10.96.0.50:80', toB);
    expect(masq.verdict).toBe('delivered');
    const t = run(build(withRoute({ clusterCIDR: '' }, 'node-a', false)), 'external:office', '10.96.0.50:80', toB);
    expect(t.hops.find((h) => h.ns === 'pod:default/web-b1')?.packet.src).toMatch(/^10\.0\.5\.5:/);
    expect(t.verdict).toBe('dropped');
  });
  it('names a missing node with the field', () => {
    const r = validateTopology(withRoute({}, 'node-z'));
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['cluster.vpc.routes[0].node']);
  });
});
