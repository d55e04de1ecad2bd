/**
 * Rows B of the lessons against the built-in Calico document, and Calico's other modes
 * (full mesh, IPIP through tunl0, VXLAN through vxlan.calico).
 */
import { describe, expect, it } from 'vitest';
import { parseTopology, rewritesOf } from '../model';
import { calicoBgpTorYaml } from '../scenarios/calico-bgp-tor';
import { compile } from './compile';
import { caliName } from './names';
import { renderView } from './views';
import { trace } from './trace';
import { path, rewrites } from './test/kit';

const load = (yaml: string) => {
  const r = parseTopology(yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return compile(r.topology);
};
const dp = load(calicoBgpTorYaml);
const client = 'pod:default/client-5d8f6c7b9-abcde';

describe('B1: a pod calls a ClusterIP (kube-proxy iptables mode)', () => {
  it('jumps KUBE-SERVICES → KUBE-SVC → one of two KUBE-SEP at 0.5 each and DNATs to podIP:80', () => {
    const t = trace(dp, { from: client, to: '10.196.52.1:8088', choice: { all: true } });
    expect(t.outcomes!.map((o) => o.deliveredTo?.ip).sort()).toEqual(['10.217.120.72', '10.217.121.9']);
    for (const o of t.outcomes!) expect(o.p).toBeCloseTo(0.5, 9);
    const hop = t.hops.find((h) => h.choices)!;
    expect(hop.choices!.every((c) => /^KUBE-SEP-[A-Z2-7]{16}$/.test(c.via ?? ''))).toBe(true);
    expect(
      hop.matched!.some((m) =>
        m.includes('-A KUBE-SERVICES -d 10.196.52.1/32 -p tcp -m comment --comment "default/nginx-demo-1:http cluster IP" -m tcp --dport 8088 -j KUBE-SVC-'),
      ),
    ).toBe(true);
  });
  it('the reply is un-DNATed by conntrack on worker-a', () => {
    const t = trace(dp, { from: client, to: '10.196.52.1:8088', choice: { pick: ['10.217.120.72:80'] } });
    const undo = t.reply!.hops.flatMap(rewritesOf).find((r) => r.type === 'un-DNAT');
    expect(undo).toMatchObject({ from: '10.217.120.72:80', to: '10.196.52.1:8088' });
    expect(t.reply!.hops.find((h) => rewritesOf(h).some((r) => r.type === 'un-DNAT'))?.ns).toBe('node:worker-a');
  });
});

describe('B2: an outside host calls the externalIP and the NodePort', () => {
  it('the externalIP (the node address) goes through KUBE-EXT with masquerade', () => {
    const t = trace(dp, { from: 'external:office-host', to: '192.168.64.57:8088', choice: { pick: ['10.217.120.72:80'] } });
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeenByServer).toBe('192.168.64.57');
    expect(t.hops.some((h) => h.matched?.some((m) => /-j KUBE-EXT-/.test(m)))).toBe(true);
  });
  it('the NodePort on worker-a reaches the pod on worker-b through the ToR', () => {
    const t = trace(dp, { from: 'external:office-host', to: '192.168.64.57:31755' });
    expect(t.deliveredTo?.ip).toBe('10.217.120.80');
    expect(path(t)).toContain('router:tor-1/eth0');
  });
});

describe('B3: pod to pod across nodes', () => {
  it('goes caliX → eth0 → ToR → eth0 → caliY with the client IP kept, four stacks', () => {
    const t = trace(dp, { from: client, to: '10.217.120.72:80' });
    expect(t.kernelStacks).toBe(4);
    expect(t.sourceSeenByServer).toBe('10.217.121.5');
    const cali = caliName('default', 'client-5d8f6c7b9-abcde');
    expect(path(t).slice(0, 3)).toEqual([`${client}/eth0`, `node:worker-a/${cali}`, 'node:worker-a/eth0']);
    expect(t.hops.find((h) => h.ns === 'router:tor-1')?.note).toMatch(/10\.217\.120\.64\/26 via 192\.168\.64\.58/);
  });
  it("names host veths by Calico's scheme and routes each pod by /32, with a blackhole for the block", () => {
    expect(caliName('default', 'client-5d8f6c7b9-abcde')).toMatch(/^cali[0-9a-f]{11}$/);
    const routes = renderView(dp, 'worker-a', 'routes');
    expect(routes).toMatch(/^blackhole 10\.217\.121\.0\/26 proto bird$/m);
    expect(routes).toMatch(new RegExp(`^10\\.217\\.121\\.5 dev ${caliName('default', 'client-5d8f6c7b9-abcde')} scope link$`, 'm'));
    expect(routes).toMatch(/^10\.217\.120\.64\/26 via 192\.168\.64\.1 dev eth0 proto bird$/m);
    expect(renderView(dp, 'pod:default/client-5d8f6c7b9-abcde', 'routes')).toMatch(/^default via 169\.254\.1\.1 dev eth0$/m);
  });
});

describe('B4: the node view', () => {
  it('prints kube-proxy chains as iptables-save -t nat would', () => {
    const text = renderView(dp, 'worker-a', 'iptables');
    expect(text).toContain('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000');
    expect(text).toMatch(
      /-A KUBE-SVC-\w{16} -m comment --comment "default\/nginx-demo-1:http -> 10\.217\.120\.72:80" -m statistic --mode random --probability 0\.50000000000 -j KUBE-SEP-\w{16}/,
    );
  });
  it('shows BGP routes as birdcl would', () => {
    expect(renderView(dp, 'router:tor-1', 'bgp')).toMatch(/10\.217\.121\.0\/26\s+via 192\.168\.64\.57 on eth0 \[\w+/);
  });
});

describe("Calico's other modes", () => {
  const mode = (m: string, extra = '') =>
    load(
      calicoBgpTorYaml
        .replace('cni: { plugin: calico, mode: bgp, bgp: { peering: tor } }', `cni: { plugin: calico, mode: ${m}${extra} }`)
        .replace(/routers:\n.*\n/, ''),
    );
  it('full mesh: each node routes the other blocks straight to the peer', () => {
    const d = mode('bgp', ', bgp: { peering: mesh }');
    expect(renderView(d, 'worker-a', 'routes')).toMatch(/^10\.217\.120\.64\/26 via 192\.168\.64\.58 dev eth0 proto bird$/m);
    const t = trace(d, { from: client, to: '10.217.120.72:80' });
    expect(t.verdict).toBe('delivered');
    expect(t.hops.some((h) => h.ns.startsWith('router:'))).toBe(false);
  });
  it('ipip: encapsulates on tunl0 (protocol 4) and decapsulates on the peer', () => {
    const d = mode('ipip');
    const t = trace(d, { from: client, to: '10.217.120.72:80' });
    expect(t.verdict).toBe('delivered');
    expect(rewrites(t).find((r) => r.type === 'ENCAP')?.to).toMatch(/outer 192\.168\.64\.57 → 192\.168\.64\.58 IPIP/);
    expect(path(t)).toContain('node:worker-b/tunl0');
    expect(trace(d, { from: client, to: '10.217.120.72:80', size: 1500, protocol: 'UDP', df: true }).reason).toMatch(/fragmentation needed.*1480/);
  });
  it('vxlan: encapsulates on vxlan.calico (UDP 4789, VNI 4096)', () => {
    const t = trace(mode('vxlan'), { from: client, to: '10.217.120.72:80' });
    expect(t.verdict).toBe('delivered');
    expect(rewrites(t).find((r) => r.type === 'ENCAP')?.to).toMatch(/UDP 4789 VNI 4096/);
  });
});
