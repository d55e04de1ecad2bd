/**
 * Rows A1–A5 of the lessons (src/scenarios/lessons.ts) against the built-in ACK Flannel document:
 * the articles' five data links, from the compiled state.
 */
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../model';
import { ackFlannelYaml } from '../scenarios/ack-flannel';
import { compile } from './compile';
import { renderView } from './views';
import { trace } from './trace';
import { path, rewrites } from './test/kit';

const parsed = parseTopology(ackFlannelYaml);
if (!parsed.ok) throw new Error('built-in document invalid');
const dp = compile(parsed.topology);

const ids = {
  centos: 'pod:default/centos-67756b6dc8-rmmxt',
  nginx: 'pod:default/nginx-7d6877d777-6jkfg',
  s6z79: 'pod:default/nginx1-76c99b49df-s6z79',
  p7plsr: 'pod:default/nginx1-76c99b49df-7plsr',
  n180: 'node:ap-southeast-1.10.0.0.180',
  n216: 'node:ap-southeast-1.10.0.1.216',
  n206: 'node:ap-southeast-1.10.0.1.206',
  client: 'external:internet-client',
};

/** Whether `want` occurs in order (not necessarily adjacent) in `got`. */
function inOrder(got: string[], want: RegExp[]): boolean {
  let i = 0;
  for (const g of got) if (i < want.length && want[i]!.test(g)) i++;
  return i === want.length;
}

describe('A1: pods on the same node', () => {
  it('bridges pod to pod through cni0 without leaving the node, three stacks', () => {
    const t = trace(dp, { from: ids.centos, to: '172.23.96.24:80' });
    expect(t.verdict).toBe('delivered');
    expect(t.kernelStacks).toBe(3);
    expect(inOrder(path(t), [/^pod:.*rmmxt\/eth0$/, /180\/veth[0-9a-f]{8}$/, /180\/cni0$/, /180\/veth[0-9a-f]{8}$/, /6jkfg\/eth0$/])).toBe(true);
    expect(t.hops.some((h) => h.ns === 'vpc')).toBe(false);
  });

  it('via a ClusterIP whose backend is on the same node: IPVS DNAT, back out of cni0', () => {
    const t = trace(dp, { from: ids.centos, to: '192.168.20.10:80' });
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo?.ip).toBe('172.23.96.24');
    expect(rewrites(t)).toContainEqual(expect.objectContaining({ type: 'DNAT', from: '192.168.20.10:80', to: '172.23.96.24:80' }));
  });
});

describe('A2: pods on different nodes', () => {
  it('crosses the VPC route table, four stacks, source kept', () => {
    const t = trace(dp, { from: ids.centos, to: '172.23.96.163:80' });
    expect(t.kernelStacks).toBe(4);
    expect(t.sourceSeenByServer).toBe('172.23.96.23');
    const vpc = t.hops.find((h) => h.ns === 'vpc');
    expect(vpc?.note).toMatch(/172\.23\.96\.128\/26 → instance ap-southeast-1\.10\.0\.1\.206/);
  });

  it('via the ClusterIP: the service IP exists only in the pod and its veth; conntrack on ECS1 only', () => {
    const t = trace(dp, { from: ids.centos, to: '192.168.13.23:80', choice: { pick: ['172.23.96.163:80'] } });
    expect(t.deliveredTo?.ip).toBe('172.23.96.163');
    const seen = t.hops.filter((h) => h.device && (h.packet.dst.startsWith('192.168.13.23') || h.packet.src.startsWith('192.168.13.23')));
    expect(seen.every((h) => h.ns === ids.centos || /^veth/.test(h.device!))).toBe(true);
    const ct = (ns: string) =>
      t.conntrack
        .filter((c) => c.ns === ns)
        .map((c) => c.orig + c.reply)
        .join();
    expect(ct(ids.n180)).toContain('192.168.13.23');
    expect(ct(ids.n206)).not.toContain('192.168.13.23');
    // the reply is un-DNATed on ECS1, so the client sees the address it dialled
    expect(t.reply?.hops.at(-1)?.packet.src).toBe('192.168.13.23:80');
  });

  it('offers every nginx1 endpoint with equal probability and all outcomes sum to 1', () => {
    const t = trace(dp, { from: ids.centos, to: '192.168.13.23:80', choice: { all: true } });
    const ips = new Set(t.outcomes!.map((o) => o.deliveredTo?.ip));
    expect([...ips].sort()).toEqual(['172.23.96.162', '172.23.96.163', '172.23.96.82']);
    expect(t.outcomes!.reduce((s, o) => s + o.p, 0)).toBeCloseTo(1, 9);
  });
});

describe('A3: a pod on a node without a local endpoint calls the ETP=Local LB IP', () => {
  it('is refused by the empty IPVS virtual server in the node, 1.5 stacks', () => {
    const t = trace(dp, { from: ids.centos, to: '8.219.164.113:80' });
    expect(t.verdict).toBe('refused');
    expect(t.kernelStacks).toBe(1.5);
    expect(t.hops.at(-1)?.ns).toBe(ids.n180);
    expect(t.reason).toMatch(/IPVS virtual server 8\.219\.164\.113:80/);
    expect(t.reason).toMatch(/externalTrafficPolicy=Local/);
    expect(renderView(dp, 'ap-southeast-1.10.0.0.180', 'ipvs')).toMatch(/TCP {2}8\.219\.164\.113:80 rr\n(?! {2}->)/);
  });

  it('is delivered by kube-proxy 1.21+ which falls back to every endpoint (kubernetes#97081)', () => {
    const p = parseTopology(ackFlannelYaml.replace('kubeProxy: { mode: ipvs }', 'kubeProxy: { mode: ipvs, version: "1.28" }'));
    if (!p.ok) throw new Error('invalid');
    const t = trace(compile(p.topology), { from: ids.centos, to: '8.219.164.113:80' });
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeenByServer).toBe('172.23.96.23');
  });
});

describe('A4: internet client → SLB, externalTrafficPolicy Local', () => {
  it('keeps only nodes with a local endpoint in the backend group and preserves the client IP', () => {
    const t = trace(dp, { from: ids.client, to: '8.219.164.113:80', choice: { pick: ['10.0.1.216:32580'] } });
    expect(t.verdict).toBe('delivered');
    expect(t.kernelStacks).toBe(2);
    expect(t.sourceSeenByServer).toBe('47.74.0.10');
    const slb = t.hops.find((h) => h.ns === 'slb:slb-nginx1');
    expect(slb?.choices?.map((c) => c.to).sort()).toEqual(['10.0.1.206:32580', '10.0.1.216:32580']);
    expect(renderView(dp, 'ap-southeast-1.10.0.1.216', 'ipvs')).toMatch(/TCP {2}10\.0\.1\.216:32580 rr\n {2}-> 172\.23\.96\.82:80/);
  });
});

describe('A5: internet client → SLB, externalTrafficPolicy Cluster', () => {
  it('through a node without the pod: SNAT to that node, the pod sees 10.0.0.180', () => {
    const t = trace(dp, { from: ids.client, to: '8.219.170.20:80', choice: { pick: ['10.0.0.180:30875', '172.23.96.163:80'] } });
    expect(t.kernelStacks).toBe(3);
    expect(t.sourceSeenByServer).toBe('10.0.0.180');
    expect(rewrites(t).some((r) => r.type === 'MASQUERADE' && r.to.startsWith('10.0.0.180'))).toBe(true);
    expect(t.reply?.hops.at(-1)?.packet.src).toBe('8.219.170.20:80');
  });

  it('through the node with the pod: masqueraded to its cni0 address', () => {
    const t = trace(dp, { from: ids.client, to: '8.219.170.20:80', choice: { pick: ['10.0.1.216:30875', '172.23.96.82:80'] } });
    expect(t.sourceSeenByServer).toBe('172.23.96.65');
    expect(t.hops.some((h) => h.ns === 'vpc')).toBe(false);
  });

  it('never lets the pod see the client IP, on any branch', () => {
    const t = trace(dp, { from: ids.client, to: '8.219.170.20:80', choice: { all: true } });
    expect(t.outcomes!.every((o) => o.verdict === 'delivered' && o.sourceSeenByServer !== '47.74.0.10')).toBe(true);
    // 3 backend nodes × 3 pods: 9 branches, grouped by pod and kernel stacks (trace-all.test.ts).
    expect(t.outcomes!.reduce((n, o) => n + (o.branches ?? 1), 0)).toBe(9);
  });
});

describe('Hairpin: a pod calls a ClusterIP that load-balances to itself (IPVS)', () => {
  // kubernetes pkg/proxy/ipvs/proxier.go syncProxyRules, "Handle traffic that loops back to the
  // originator with SNAT": for every endpoint of every service port, `if !ep.IsLocal() { continue }`,
  // then KUBE-LOOP-BACK gets "epIP,proto:epPort,epIP" (HashIPPortIP) whatever the traffic policy;
  // writeIptablesRules adds `-A KUBE-POSTROUTING -m set --match-set KUBE-LOOP-BACK dst,dst,src
  // -j MASQUERADE` when the set is not empty. MASQUERADE takes the out device's address facing the
  // next hop (net/netfilter/nf_nat_masquerade.c: `nh = rt_nexthop(rt, daddr); newsrc =
  // inet_select_addr(out, nh, RT_SCOPE_UNIVERSE)`), here cni0's 172.23.96.1.
  // The frame is addressed to the gateway MAC, so the host routes it (IPVS DNATs at LOCAL_IN, not
  // in bridged PREROUTING) and sends it back out of cni0: br_dev_xmit delivers it to the port
  // because skb->dev is the bridge, not that port, so hairpin mode is not what lets it through
  // (flannel sets it anyway: Documentation/kube-flannel.yml delegate `"hairpinMode": true`).
  it('is masqueraded to cni0 by KUBE-LOOP-BACK and the reply comes back un-NATed', () => {
    const t = trace(dp, { from: ids.nginx, to: '192.168.20.10:80' });
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo?.ip).toBe('172.23.96.24');
    expect(t.sourceSeenByServer).toBe('172.23.96.1');
    expect(t.hops.flatMap((h) => h.matched ?? []).some((m) => /KUBE-POSTROUTING .*KUBE-LOOP-BACK dst,dst,src -j MASQUERADE/.test(m))).toBe(true);
    expect(t.reply?.hops.at(-1)?.packet.src).toBe('192.168.20.10:80');
  });

  it('lists the local endpoints of Cluster-policy services in KUBE-LOOP-BACK (ipset list)', () => {
    const sets = renderView(dp, 'ap-southeast-1.10.0.0.180', 'ipset');
    const loop = sets.split('Name: ').find((s) => s.startsWith('KUBE-LOOP-BACK'))!;
    expect(loop).toContain('172.23.96.24,tcp:80,172.23.96.24');
    // nginx1/nginx2 (ETP Local and Cluster) both have 172.23.96.82 on ECS2
    expect(renderView(dp, 'ap-southeast-1.10.0.1.216', 'ipset')).toContain('172.23.96.82,tcp:80,172.23.96.82');
  });
});

describe('KUBE-IPVS-FILTER follows kube-proxy version', () => {
  // kubernetes#108460 "Prevent host access on VIP addresses in proxy-mode=ipvs" adds the filter
  // chain KUBE-IPVS-FILTER (pkg/proxy/ipvs/proxier.go: `kubeIPVSFilterChain ... filters external
  // access to main netns, https://github.com/kubernetes/kubernetes/issues/72236`): RETURN for
  // KUBE-LOAD-BALANCER / KUBE-CLUSTER-IP / KUBE-EXTERNAL-IP dst,dst, then `-m conntrack --ctstate
  // NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT`. It was merged on 2022-09-02 (#72236's
  // thread), after v1.25.0 (2022-08-23): kube-proxy 1.26+. The articles' clusters predate it, so a
  // ClusterIP on kube-ipvs0 is an ordinary local address there: #72236 "a pod can access its
  // host's ssh service at something like 10.96.0.1:22", and ping to a ClusterIP is answered.
  const v = (version: string) => {
    const p = parseTopology(ackFlannelYaml.replace('kubeProxy: { mode: ipvs }', `kubeProxy: { mode: ipvs, version: "${version}" }`));
    if (!p.ok) throw new Error('invalid');
    return compile(p.topology);
  };
  it('before 1.26 (the articles): ping to a ClusterIP is answered by the node, and :22 reaches its sshd', () => {
    const ping = trace(dp, { from: ids.centos, to: '192.168.20.10', protocol: 'ICMP' });
    expect(ping.verdict).toBe('delivered');
    expect(ping.deliveredTo).toMatchObject({ kind: 'node', name: 'ap-southeast-1.10.0.0.180' });
    const ssh = trace(v('1.25'), { from: ids.centos, to: '192.168.20.10:22' });
    expect(ssh.verdict).toBe('delivered');
    expect(ssh.deliveredTo).toMatchObject({ kind: 'node', port: 22 });
    expect(renderView(dp, 'ap-southeast-1.10.0.0.180', 'iptables')).not.toContain('KUBE-IPVS-FILTER');
    expect(renderView(dp, 'ap-southeast-1.10.0.0.180', 'ipset')).not.toContain('KUBE-IPVS-IPS');
  });

  it('from 1.26: both are rejected by KUBE-IPVS-FILTER, and the service port still works', () => {
    const dp26 = v('1.26');
    const ping = trace(dp26, { from: ids.centos, to: '192.168.20.10', protocol: 'ICMP' });
    expect(ping.verdict).toBe('refused');
    expect(ping.reason).toMatch(/KUBE-IPVS-FILTER -m set --match-set KUBE-IPVS-IPS dst .*-j REJECT/);
    expect(trace(dp26, { from: ids.centos, to: '192.168.20.10:22' }).verdict).toBe('refused');
    expect(trace(dp26, { from: ids.centos, to: '192.168.20.10:80' }).verdict).toBe('delivered');
    expect(renderView(dp26, 'ap-southeast-1.10.0.0.180', 'ipset')).toMatch(/Name: KUBE-IPVS-IPS[\s\S]*192\.168\.20\.10/);
  });
});
