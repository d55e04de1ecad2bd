/**
 * Several load-balancer ingress IPs per service (issue 15 item 8). kube-proxy writes its rules for
 * every status.loadBalancer.ingress[] IP: pkg/proxy/iptables/proxier.go syncProxyRules loops
 * `for _, lbip := range svcInfo.LoadBalancerVIPs()` writing a `KUBE-SERVICES -d lbip … -j KUBE-FW/KUBE-EXT`
 * rule and a `KUBE-PROXY-FIREWALL … -d lbip -j DROP` rule for each; in KUBE-FW-* every
 * loadBalancerSourceRange jumps to KUBE-EXT, and when one holds the node IP (allowFromNode) so does
 * `-s lbip` for each LB IP ("a request from a node to the VIP will … loop back with the source IP
 * set to the VIP"). pkg/proxy/ipvs/proxier.go makes a virtual server, a kube-ipvs0 address and
 * KUBE-LOAD-BALANCER(-FW/-SOURCE-CIDR) entries per ingress IP, and KUBE-LOAD-BALANCER-SOURCE-IP
 * `lbip,proto:port,lbip` entries when a range holds the node IP.
 */
import { describe, expect, it } from 'vitest';
import { importKubectl } from '../model/kubectl-import';
import { validateTopology } from '../model/validate';
import { serviceChain } from './names';
import { renderView } from './views';
import { build, run } from './test/kit';

const lbSvc = (ranges: string[] = []) => ({
  name: 'web',
  namespace: 'default',
  type: 'LoadBalancer',
  selector: { app: 'web' },
  clusterIP: '10.96.0.50',
  loadBalancer: 'lb',
  loadBalancerSourceRanges: ranges,
  ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }],
});
const twoIPs = [{ name: 'lb', ip: '203.0.113.10', secondaryIPs: ['203.0.113.11'], backend: 'vip' }];
const externals = [
  { name: 'user', ip: '198.51.100.7' },
  { name: 'office', ip: '10.0.5.5', network: 'vpc' },
];
const lines = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));

describe('A LoadBalancer service with two ingress IPs', () => {
  it('iptables: one KUBE-SERVICES rule per ingress IP, and a client reaches the service on the second one', () => {
    const dp = build({ services: [lbSvc()], loadBalancers: twoIPs, externals });
    const lb = lines(renderView(dp, 'node-a', 'iptables'), '-A KUBE-SERVICES ').filter((l) => l.includes('loadbalancer IP'));
    expect(lb.map((l) => /-d (\S+)/.exec(l)![1])).toEqual(['203.0.113.10/32', '203.0.113.11/32']);
    const t = run(dp, 'external:user', '203.0.113.11:80');
    expect(t.verdict).toBe('delivered');
    expect(t.hops.some((h) => h.ns === 'slb:lb')).toBe(true);
    expect(t.deliveredTo?.port).toBe(8080);
  });

  it('iptables: KUBE-FW lets every LB IP in as a source only when a source range holds the node IP, and KUBE-PROXY-FIREWALL drops the rest per IP', () => {
    const fw = serviceChain('KUBE-FW-', 'default/web:http', 'tcp');
    const fwRules = (ranges: string[]) =>
      lines(renderView(build({ services: [lbSvc(ranges)], loadBalancers: twoIPs, externals }), 'node-a', 'iptables'), `-A ${fw} `);
    // 10.0.0.10 is node-a's IP: inside 10.0.0.0/16, outside 192.0.2.0/24.
    expect(fwRules(['192.0.2.0/24']).map((l) => /-s (\S+)/.exec(l)![1])).toEqual(['192.0.2.0/24']);
    expect(fwRules(['10.0.0.0/16']).map((l) => /-s (\S+)/.exec(l)![1])).toEqual(['10.0.0.0/16', '203.0.113.10/32', '203.0.113.11/32']);
    const dp = build({ services: [lbSvc(['192.0.2.0/24'])], loadBalancers: twoIPs, externals });
    const drops = lines(renderView(dp, 'node-a', 'iptables'), '-A KUBE-PROXY-FIREWALL ');
    expect(drops.map((l) => /-d (\S+)/.exec(l)![1])).toEqual(['203.0.113.10/32', '203.0.113.11/32']);
    const t = run(dp, 'external:user', '203.0.113.11:80');
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/KUBE-PROXY-FIREWALL/);
  });

  it('ipvs: a virtual server, a kube-ipvs0 address and set entries per ingress IP; SOURCE-IP entries when a range holds the node IP', () => {
    const dp = build({ services: [lbSvc(['10.0.0.0/16'])], loadBalancers: twoIPs, externals, proxy: 'ipvs' });
    const ipvs = renderView(dp, 'node-a', 'ipvs');
    expect(ipvs).toMatch(/TCP {2}203\.0\.113\.10:80 rr/);
    expect(ipvs).toMatch(/TCP {2}203\.0\.113\.11:80 rr/);
    const sets = renderView(dp, 'node-a', 'ipset');
    const members = (set: string) => {
      const block = sets.split(/\n(?=Name: )/).find((b) => b.startsWith(`Name: ${set}\n`)) ?? '';
      return block.split('Members:\n')[1]?.split('\n').filter(Boolean) ?? [];
    };
    expect(members('KUBE-LOAD-BALANCER').sort()).toEqual(['203.0.113.10,tcp:80', '203.0.113.11,tcp:80']);
    expect(members('KUBE-LOAD-BALANCER-SOURCE-IP').sort()).toEqual(['203.0.113.10,tcp:80,203.0.113.10', '203.0.113.11,tcp:80,203.0.113.11']);
    expect(renderView(dp, 'node-a', 'addr')).toMatch(/inet 203\.0\.113\.11\/32 .*kube-ipvs0/);
    expect(run(dp, 'external:user', '203.0.113.11:80').verdict).toBe('dropped'); // not in 10.0.0.0/16
    const outside = build({ services: [lbSvc(['192.0.2.0/24'])], loadBalancers: twoIPs, externals, proxy: 'ipvs' });
    expect(renderView(outside, 'node-a', 'ipset')).not.toMatch(/203\.0\.113\.1[01],tcp:80,203/);
  });

  it('a range holding one node IP changes that node alone, whichever node writes the shared rules first', () => {
    // 10.0.0.10/32 holds node-a's IP, not node-b's (10.0.0.11): allowFromNode is per node.
    const fw = serviceChain('KUBE-FW-', 'default/web:http', 'tcp');
    for (const proxy of ['iptables', 'ipvs'] as const) {
      for (const order of [
        ['node-a', 'node-b'],
        ['node-b', 'node-a'],
      ]) {
        const dp = build({ services: [lbSvc(['10.0.0.10/32'])], loadBalancers: twoIPs, externals, proxy });
        const seen = new Map(order.map((node) => [node, renderView(dp, node, proxy === 'ipvs' ? 'ipset' : 'iptables')]));
        const admits = (node: string) =>
          proxy === 'ipvs' ? /203\.0\.113\.10,tcp:80,203\.0\.113\.10/.test(seen.get(node)!) : lines(seen.get(node)!, `-A ${fw} -s 203.0.113.10/32`).length > 0;
        expect([proxy, order.join(','), admits('node-a'), admits('node-b')]).toEqual([proxy, order.join(','), true, false]);
      }
    }
  });

  it('refuses a second IP another element holds', () => {
    const r = validateTopology({
      apiVersion: 'hopscope/v1',
      kind: 'Topology',
      metadata: { name: 't' },
      cluster: { cni: { plugin: 'flannel', mode: 'vpc-route' }, podCIDR: '10.244.0.0/16', vpc: { cidr: '10.0.0.0/16' } },
      loadBalancers: [
        { name: 'a', ip: '203.0.113.10', secondaryIPs: ['203.0.113.20'] },
        { name: 'b', ip: '203.0.113.20' },
      ],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toContain('loadBalancers[1].ip');
  });
});

describe('kubectl import of a service with several ingress IPs', () => {
  it('makes one load balancer holding every status.loadBalancer.ingress[] IP', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.96.0.50',
        selector: { app: 'web' },
        ports: [{ port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }],
      },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }, { ip: '203.0.113.11' }] } },
    };
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1' },
      spec: { podCIDR: '10.244.1.0/24' },
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.10' }] },
    };
    const r = importKubectl(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [node, svc] }), { cni: 'flannel:vxlan' });
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
    const doc = r.document as { loadBalancers: { ip: string; secondaryIPs?: string[] }[] };
    expect(doc.loadBalancers).toHaveLength(1);
    expect(doc.loadBalancers[0]).toMatchObject({ ip: '203.0.113.10', secondaryIPs: ['203.0.113.11'] });
    expect(r.warnings.join('\n')).not.toMatch(/addresses; the first/);
  });
});
