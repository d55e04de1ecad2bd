/**
 * kube-proxy's iptables and IPVS modes, with cases taken from kube-proxy's own tests
 * (pkg/proxy/iptables/proxier_test.go): chain names, probabilities, masquerade or not,
 * REJECT vs DROP, Local vs Cluster, from pods, nodes and outside.
 */
import { describe, expect, it } from 'vitest';
import { endpointChain, serviceChain } from './names';
import { savedProbability } from './netfilter/render';
import { renderView } from './views';
import { build, run, rewrites } from './test/kit';

const web = (extra: Record<string, unknown> = {}) => ({
  name: 'web',
  namespace: 'default',
  selector: { app: 'web' },
  clusterIP: '10.96.0.50',
  ports: [{ name: 'http', port: 80, targetPort: 8080 }],
  ...extra,
});
const nodePortWeb = (etp: 'Local' | 'Cluster') =>
  web({ type: 'NodePort', externalTrafficPolicy: etp, ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }] });
const onlyOnB = [
  { name: 'client', node: 'node-a', ip: '10.244.1.5', labels: { app: 'client' } },
  { name: 'web-b1', node: 'node-b', ip: '10.244.2.10', labels: { app: 'web' } },
  { name: 'web-b2', node: 'node-b', ip: '10.244.2.11', labels: { app: 'web' } },
];

describe('chain names and probabilities are the ones kube-proxy writes', () => {
  it('hashes service and endpoint chains like servicePortChainName / servicePortEndpointChainName', () => {
    expect(serviceChain('KUBE-SVC-', 'ns1/svc1:p80', 'tcp')).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
    expect(endpointChain('ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
    expect(serviceChain('KUBE-SVC-', 'default/kubernetes:https', 'tcp')).toBe('KUBE-SVC-NPX46M4PTMTKRN6Y');
  });

  it('prints statistic probabilities as iptables-save does', () => {
    expect(savedProbability(Number((1 / 3).toFixed(10)))).toBe('0.33333333349');
    expect(savedProbability(0.5)).toBe('0.50000000000');
    expect(savedProbability(0.2)).toBe('0.20000000019');
  });

  it('writes one KUBE-SEP per endpoint in lexical ip:port order with 1/(n-i) probabilities', () => {
    const dp = build({ services: [web()] });
    const text = renderView(dp, 'node-a', 'iptables');
    const svc = serviceChain('KUBE-SVC-', 'default/web:http', 'tcp');
    const lines = text.split('\n').filter((l) => l.startsWith(`-A ${svc} `));
    expect(lines[0]).toContain('! -s 10.244.0.0/16 -d 10.96.0.50/32 -p tcp');
    expect(lines[0]).toContain('-j KUBE-MARK-MASQ');
    expect(lines[1]).toContain('"default/web:http -> 10.244.1.10:8080" -m statistic --mode random --probability 0.33333333349');
    expect(lines[2]).toContain('"default/web:http -> 10.244.2.10:8080" -m statistic --mode random --probability 0.50000000000');
    expect(lines[3]).toMatch(/"default\/web:http -> 10\.244\.2\.11:8080" -j KUBE-SEP-/);
  });
});

describe('When a pod calls a ClusterIP (iptables mode)', () => {
  it('DNATs in PREROUTING to one endpoint chosen by statistic rules, and keeps the pod IP', () => {
    const dp = build({ services: [web()] });
    const t = run(dp, 'pod:default/client', '10.96.0.50:80', { choice: { all: true } });
    expect(t.outcomes!.map((o) => o.deliveredTo?.ip).sort()).toEqual(['10.244.1.10', '10.244.2.10', '10.244.2.11']);
    for (const o of t.outcomes!) expect(o.p).toBeCloseTo(1 / 3, 6);
    expect(t.outcomes!.every((o) => o.sourceSeenByServer === '10.244.1.5')).toBe(true);
    const dnat = rewrites(t).find((r) => r.type === 'DNAT')!;
    expect(dnat.by).toMatch(/^-A KUBE-SEP-\w{16} -p tcp .*-j DNAT --to-destination 10\.244\./);
  });

  it('masquerades with --masquerade-all, so the remote pod sees the node', () => {
    const dp = build({ services: [web()], masqueradeAll: true });
    const t = run(dp, 'pod:default/client', '10.96.0.50:80', { choice: { pick: ['10.244.2.10:8080'] } });
    expect(t.sourceSeenByServer).toBe('10.0.0.10');
  });

  it('masquerades traffic from the node itself (not from the pod CIDR): a local pod sees cni0', () => {
    const dp = build({ services: [web()] });
    const t = run(dp, 'node:node-a', '10.96.0.50:80', { choice: { pick: ['10.244.1.10:8080'] } });
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeenByServer).toBe('10.244.1.1');
  });

  it('hairpins back to the calling pod with KUBE-SEP masquerade', () => {
    const dp = build({ services: [web()] });
    const t = run(dp, 'pod:default/web-a', '10.96.0.50:80', { choice: { pick: ['10.244.1.10:8080'] } });
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo?.ip).toBe('10.244.1.10');
    expect(t.sourceSeenByServer).toBe('10.244.1.1');
  });

  it('REJECTs a service with no endpoints (filter KUBE-SERVICES, icmp-port-unreachable)', () => {
    const dp = build({ services: [web({ selector: { app: 'nothing' } })] });
    const t = run(dp, 'pod:default/client', '10.96.0.50:80');
    expect(t.verdict).toBe('refused');
    expect(t.reason).toMatch(/has no endpoints.*REJECT/);
  });

  it('DROPs with internalTrafficPolicy Local when the node has no local endpoint', () => {
    const dp = build({ pods: onlyOnB, services: [web({ internalTrafficPolicy: 'Local' })] });
    const t = run(dp, 'pod:default/client', '10.96.0.50:80');
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/has no local endpoints.*DROP/);
  });

  it('uses serving terminating endpoints only when none is ready', () => {
    const pods = onlyOnB.map((p, i) => (i === 0 ? p : { ...p, terminating: true }));
    const dp = build({ pods, services: [web()] });
    expect(run(dp, 'pod:default/client', '10.96.0.50:80').verdict).toBe('delivered');
    const notServing = onlyOnB.map((p, i) => (i === 0 ? p : { ...p, terminating: true, ready: false }));
    expect(run(build({ pods: notServing, services: [web()] }), 'pod:default/client', '10.96.0.50:80').verdict).toBe('refused');
  });
});

describe('When an outside host calls a NodePort', () => {
  it('ETP=Cluster on a node without endpoints: SNAT to the node, delivered elsewhere', () => {
    const dp = build({ pods: onlyOnB, services: [nodePortWeb('Cluster')] });
    const t = run(dp, 'external:office', '10.0.0.10:30080', { choice: { pick: ['10.244.2.10:8080'] } });
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeenByServer).toBe('10.0.0.10');
    expect(t.reply?.hops.at(-1)?.packet.src).toBe('10.0.0.10:30080');
  });

  it('ETP=Local on a node with endpoints: the client IP survives', () => {
    const dp = build({ pods: onlyOnB, services: [nodePortWeb('Local')] });
    const t = run(dp, 'external:office', '10.0.0.11:30080');
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeenByServer).toBe('10.0.5.5');
  });

  it('ETP=Local on a node without endpoints: silently DROPped by KUBE-EXTERNAL-SERVICES', () => {
    const dp = build({ pods: onlyOnB, services: [nodePortWeb('Local')] });
    const t = run(dp, 'external:office', '10.0.0.10:30080');
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/KUBE-EXTERNAL-SERVICES.*has no local endpoints/);
  });

  it('ETP=Local from a pod on a node without endpoints: kube-proxy short-circuits pod traffic to all endpoints', () => {
    const dp = build({ pods: onlyOnB, services: [nodePortWeb('Local')] });
    const t = run(dp, 'pod:default/client', '10.0.0.10:30080');
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeenByServer).toBe('10.244.1.5');
  });

  it('IPVS mode, the same Local miss: the empty virtual server refuses (before 1.21)', () => {
    const dp = build({ pods: onlyOnB, services: [nodePortWeb('Local')], proxy: 'ipvs', version: '1.20' });
    expect(run(dp, 'external:office', '10.0.0.10:30080').verdict).toBe('refused');
  });

  it('IPVS mode 1.21+ with flannel --ip-masq: the fallback endpoint is remote, flannel masquerades, delivered', () => {
    const dp = build({ pods: onlyOnB, services: [nodePortWeb('Local')], proxy: 'ipvs', version: '1.28' });
    const t = run(dp, 'external:office', '10.0.0.10:30080');
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeenByServer).toBe('10.0.0.10');
    expect(rewrites(t).find((r) => r.type === 'MASQUERADE')?.by).toMatch(/FLANNEL-POSTRTG/);
  });

  it('IPVS mode 1.21+ without --ip-masq: routed to a remote pod without SNAT, whose reply bypasses the node and is lost', () => {
    const dp = build({ pods: onlyOnB, services: [nodePortWeb('Local')], proxy: 'ipvs', version: '1.28', ipMasq: false });
    const t = run(dp, 'external:office', '10.0.0.10:30080');
    expect(t.deliveredTo?.ip).toMatch(/^10\.244\.2\./);
    expect(t.sourceSeenByServer).toBe('10.0.5.5');
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/asymmetric|not un-NATed/);
  });
});

describe('externalIPs and load balancer source ranges', () => {
  it('an externalIP routed to a node is DNATed and masqueraded (ETP=Cluster)', () => {
    const nodes = [
      { name: 'node-a', ip: '10.0.0.10', podCIDR: '10.244.1.0/24', secondaryIPs: ['10.0.0.100'] },
      { name: 'node-b', ip: '10.0.0.11', podCIDR: '10.244.2.0/24' },
    ];
    const dp = build({ nodes, pods: onlyOnB, services: [web({ externalIPs: ['10.0.0.100'] })] });
    const t = run(dp, 'external:office', '10.0.0.100:80', { choice: { pick: ['10.244.2.11:8080'] } });
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeenByServer).toBe('10.0.0.10');
  });

  it('drops LB traffic from outside loadBalancerSourceRanges in KUBE-PROXY-FIREWALL (vip backend)', () => {
    const svc = web({
      type: 'LoadBalancer',
      loadBalancer: 'lb',
      loadBalancerSourceRanges: ['192.0.2.0/24'],
      ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }],
    });
    const dp = build({
      services: [svc],
      loadBalancers: [{ name: 'lb', ip: '203.0.113.10', backend: 'vip' }],
      externals: [
        { name: 'allowed', ip: '192.0.2.7' },
        { name: 'other', ip: '198.51.100.7' },
      ],
    });
    expect(run(dp, 'external:allowed', '203.0.113.10:80').verdict).toBe('delivered');
    const t = run(dp, 'external:other', '203.0.113.10:80');
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/KUBE-PROXY-FIREWALL/);
  });
});

describe('sessionAffinity: ClientIP', () => {
  it("adds kube-proxy's recent rcheck rules before the statistic ones, which a first connection never matches", () => {
    const dp = build({ services: [web({ sessionAffinity: 'ClientIP' })] });
    const svc = serviceChain('KUBE-SVC-', 'default/web:http', 'tcp');
    const lines = renderView(dp, 'node-a', 'iptables')
      .split('\n')
      .filter((l) => l.startsWith(`-A ${svc} `));
    expect(lines[1]).toMatch(/-m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-\w{16} --mask 255\.255\.255\.255 --rsource -j KUBE-SEP-/);
    const t = run(dp, 'pod:default/client', '10.96.0.50:80', { choice: { all: true } });
    expect(t.outcomes).toHaveLength(3);
  });
  it('makes IPVS virtual servers persistent', () => {
    const dp = build({ services: [web({ sessionAffinity: 'ClientIP' })], proxy: 'ipvs' });
    expect(renderView(dp, 'node-a', 'ipvs')).toMatch(/TCP {2}10\.96\.0\.50:80 rr persistent 10800/);
  });
  // A second connection from the same client: iptables `-m recent --rcheck ... --rsource` in
  // KUBE-SVC matches the source the KUBE-SEP chain's `-m recent --set` recorded (xt_recent), so it
  // jumps to that endpoint before the statistic rules; IPVS finds the persistence template the first
  // connection created (ip_vs_sched_persist: client address, virtual service → real server).
  for (const proxy of ['iptables', 'ipvs'] as const) {
    it(`${proxy}: a repeated connection goes where the first went, on every branch`, () => {
      const dp = build({ services: [web({ sessionAffinity: 'ClientIP' })], proxy });
      const t = run(dp, 'pod:default/client', '10.96.0.50:80', { choice: { all: true }, repeat: 2 });
      expect(t.outcomes).toHaveLength(3);
      for (const o of t.outcomes!) {
        expect(o.path).toHaveLength(1);
        expect(o.deliveredTo?.ip).toBe(o.path[0]!.replace(/:\d+$/, ''));
      }
      expect(t.outcomes!.reduce((s, o) => s + o.p, 0)).toBeCloseTo(1, 9);
    });
  }
  // `after`: earlier connections with their own from/to. iptables keeps one xt_recent list per
  // endpoint chain, checked in KUBE-SVC (writeServiceToEndpointRules in
  // pkg/proxy/iptables/proxier.go: `-A svcChain -m recent --name epChain --rcheck …`), and a
  // NodePort reaches that same KUBE-SVC through KUBE-EXT, so a NodePort connection pins the
  // client's later ClusterIP connection. IPVS keeps a persistence template per virtual server
  // (ip_vs_sched_persist keys it by client, vaddr and vport), and the NodePort is its own virtual
  // server: there the ClusterIP connection is balanced afresh. Another client pins nothing.
  const stickyNodePort = web({ type: 'NodePort', sessionAffinity: 'ClientIP', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }] });
  it('iptables: an earlier NodePort connection from the same client pins the ClusterIP one (one KUBE-SVC)', () => {
    const dp = build({ services: [stickyNodePort] });
    const t = run(dp, 'pod:default/client', '10.96.0.50:80', { choice: { all: true }, after: [{ to: '10.0.0.10:30080' }] });
    expect(t.outcomes).toHaveLength(3);
    for (const o of t.outcomes!) expect(o.deliveredTo?.ip).toBe(o.path[0]!.replace(/:\d+$/, ''));
  });
  it('ipvs: the NodePort is another virtual server, so the ClusterIP connection is balanced again', () => {
    const dp = build({ services: [stickyNodePort], proxy: 'ipvs' });
    const t = run(dp, 'pod:default/client', '10.96.0.50:80', { choice: { all: true }, after: [{ to: '10.0.0.10:30080' }] });
    // 3 × 3 branches: whatever the NodePort connection picked, each endpoint is reached alike.
    expect(t.outcomes!.map((o) => o.branches)).toEqual([3, 3, 3]);
  });
  it('an earlier connection from another client pins nothing; from the same client it pins as repeat does', () => {
    const dp = build({ services: [web({ sessionAffinity: 'ClientIP' })] });
    const branches = (after: { from?: string }[]) =>
      run(dp, 'pod:default/client', '10.96.0.50:80', { choice: { all: true }, after }).outcomes!.map((o) => o.branches ?? 1);
    // Another client: 3 × 3 branches, each endpoint reached whatever the earlier one picked.
    expect(branches([{ from: 'node:node-a' }])).toEqual([3, 3, 3]);
    // The same client: the earlier pick decides, one branch per endpoint.
    expect(branches([{}])).toEqual([1, 1, 1]);
  });
  it('names the earlier connection a bad field belongs to', () => {
    const dp = build({ services: [web()] });
    expect(() => run(dp, 'pod:default/client', '10.96.0.50:80', { after: [{ from: 'pod:default/nobody' }] })).toThrow(/^after\[0\]\.from: no pod/);
  });
  it('without affinity a repeated connection is balanced again', () => {
    const dp = build({ services: [web()] });
    // 3 × 3 branches (the earlier connection's pick, then this one's): whatever the earlier one
    // picked, this one lands on each endpoint alike, so each endpoint is one outcome of 3 branches.
    const outcomes = run(dp, 'pod:default/client', '10.96.0.50:80', { choice: { all: true }, repeat: 1 }).outcomes!;
    expect(outcomes.map((o) => [o.deliveredTo?.ip, o.branches])).toEqual([
      ['10.244.1.10', 3],
      ['10.244.2.10', 3],
      ['10.244.2.11', 3],
    ]);
  });
  it('says on the IPVS hop that persistence decided', () => {
    const dp = build({ services: [web({ sessionAffinity: 'ClientIP' })], proxy: 'ipvs' });
    const t = run(dp, 'pod:default/client', '10.96.0.50:80', { choice: { pick: ['10.244.2.11:8080'] }, repeat: 1 });
    expect(t.deliveredTo?.ip).toBe('10.244.2.11');
    expect(t.hops.some((h) => /IPVS persistence \(10800 s.*10\.244\.1\.5 was sent to 10\.244\.2\.11:8080/.test(h.note ?? ''))).toBe(true);
  });
});

describe('healthCheckNodePort (LoadBalancer, externalTrafficPolicy Local)', () => {
  // kubernetes pkg/proxy/healthcheck/service_health.go hcHandler.ServeHTTP: `count := svc.endpoints`,
  // `if count != 0 && kubeProxyHealthy { 200 } else { 503 }`, with the count from
  // EndpointsMap.LocalReadyEndpoints (distinct local IPs of *ready* endpoints: "the health check
  // signal should fail if there are only terminating endpoints on a node"). The iptables proxier
  // accepts the port in filter KUBE-NODEPORTS (`"NS/NAME health check node port" ... -j ACCEPT`),
  // the IPVS one through the KUBE-HEALTH-CHECK-NODE-PORT set; the cloud's LB probes it.
  const lbLocal = (extra: Record<string, unknown> = {}) =>
    web({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      loadBalancer: 'lb',
      ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }],
      ...extra,
    });
  const lbs = [{ name: 'lb', ip: '8.8.8.8', backend: 'nodeport' }];
  const internet = [
    { name: 'office', ip: '10.0.5.5', network: 'vpc' },
    { name: 'user', ip: '47.1.1.1' },
  ];

  it("is assigned when absent and accepted by kube-proxy's rules (iptables and IPVS)", () => {
    const dp = build({ services: [lbLocal()], loadBalancers: lbs, externals: internet });
    expect(dp.topology.services[0]!.healthCheckNodePort).toBe(30000);
    expect(renderView(dp, 'node-a', 'iptables')).toContain(
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web health check node port" -m tcp --dport 30000 -j ACCEPT',
    );
    const ipvs = build({ services: [lbLocal()], loadBalancers: lbs, externals: internet, proxy: 'ipvs' });
    expect(renderView(ipvs, 'node-a', 'ipset')).toMatch(/Name: KUBE-HEALTH-CHECK-NODE-PORT[\s\S]*?Members:\n30000/);
  });

  it('answers 200 with local ready endpoints and 503 without, to anyone who asks', () => {
    const dp = build({ pods: onlyOnB, services: [lbLocal({ healthCheckNodePort: 32000 })], loadBalancers: lbs, externals: internet });
    const a = run(dp, 'external:office', '10.0.0.10:32000');
    expect(a.verdict).toBe('delivered');
    expect(a.httpStatus).toBe(503);
    const b = run(dp, 'external:office', '10.0.0.11:32000');
    expect(b.httpStatus).toBe(200);
    expect(b.reason).toMatch(/answers HTTP 200: 2 local ready endpoint/);
  });

  it('the SLB forwards only to nodes answering 200, and says so; a node whose endpoints all terminate is drained', () => {
    const dp = build({ services: [lbLocal()], loadBalancers: lbs, externals: internet });
    const t = run(dp, 'external:user', '8.8.8.8:80', { choice: { all: true } });
    const slb = t.hops.find((h) => h.ns === 'slb:lb')!;
    expect(slb.note).toMatch(/probes every node at HTTP :30000\/healthz .*node-a 200 \(localEndpoints 1\), node-b 200 \(localEndpoints 2\)/);
    const terminating = build({
      pods: [
        { name: 'client', node: 'node-a', ip: '10.244.1.5', labels: { app: 'client' } },
        { name: 'web-a', node: 'node-a', ip: '10.244.1.10', labels: { app: 'web' }, terminating: true },
        { name: 'web-b1', node: 'node-b', ip: '10.244.2.10', labels: { app: 'web' } },
      ],
      services: [lbLocal()],
      loadBalancers: lbs,
      externals: internet,
    });
    const d = run(terminating, 'external:user', '8.8.8.8:80', { choice: { all: true } });
    expect(d.outcomes!.map((o) => o.path[0])).toEqual(['10.0.0.11:30080']);
    expect(d.hops.find((h) => h.ns === 'slb:lb')!.note).toMatch(/node-a 503 \(localEndpoints 0\)/);
  });
});
