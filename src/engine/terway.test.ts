/**
 * Rows C of the lessons (the eleven data-link classes of the Terway IPVLAN + eBPF article)
 * against the built-in Terway document, plus Terway's eniip and eni-exclusive modes.
 */
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../model';
import { terwayIpvlanEbpfYaml } from '../scenarios/terway-ipvlan-ebpf';
import { compile } from './compile';
import { renderView } from './views';
import { trace } from './trace';
import { path, rewrites } from './test/kit';

const load = (yaml: string) => {
  const r = parseTopology(yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return compile(r.topology);
};
const dp = load(terwayIpvlanEbpfYaml);
const old = load(terwayIpvlanEbpfYaml.replace('version: "1.5.0"', 'version: "1.1.0"'));
const ids = {
  nginx: 'pod:default/nginx-7d6877d777-j7dqz',
  centos: 'pod:default/centos-6c48766848-znkl8',
  busybox: 'pod:default/busybox-d55494495-8t677',
  tools: 'pod:default/tools-58d9c7b6f4-q4r8t',
  n15: 'node:cn-hongkong.10.0.3.15',
  n16: 'node:cn-hongkong.10.0.3.16',
};
const nodeHops = (t: ReturnType<typeof trace>) => t.hops.filter((h) => h.ns.startsWith('node:'));

describe('C1–C3, C5: pod IPs', () => {
  it('C1 node → pod: through the host stack and its slave ipvl_N, no ENI wire', () => {
    const t = trace(dp, { from: ids.n15, to: '10.0.3.38:80' });
    expect(t.verdict).toBe('delivered');
    expect(path(t)).toEqual([`${ids.n15}/ipvl_3`, `${ids.nginx}/eth0`]);
  });
  it('C2 pods on the same ENI: slave to slave inside the kernel, two stacks, nothing on the host', () => {
    const t = trace(dp, { from: ids.centos, to: '10.0.3.38:80' });
    expect(t.kernelStacks).toBe(2);
    expect(nodeHops(t)).toEqual([]);
  });
  it('C3 pods on different ENIs of one node: out of eth2, through the VPC, in by eth1', () => {
    const t = trace(dp, { from: ids.busybox, to: '10.0.3.38:80' });
    expect(path(t)).toEqual([`${ids.busybox}/eth0`, `${ids.n15}/eth2`, 'vpc/-', `${ids.n15}/eth1`, `${ids.nginx}/eth0`]);
    expect(t.kernelStacks).toBe(2);
  });
  it('C5 pods on different nodes: each ENI to the VPC and back', () => {
    const t = trace(dp, { from: ids.tools, to: '10.0.3.38:80' });
    expect(path(t)).toEqual([`${ids.tools}/eth0`, `${ids.n16}/eth1`, 'vpc/-', `${ids.n15}/eth1`, `${ids.nginx}/eth0`]);
    expect(t.sourceSeenByServer).toBe('10.0.3.60');
  });
});

describe('C4, C6–C8: ClusterIP (and LB IP from Terway 1.2.0) resolved by eBPF in the client pod', () => {
  for (const [name, to] of [
    ['ClusterIP', '192.168.27.242:80'],
    ['LB IP', '47.242.10.21:80'],
  ] as const) {
    it(`${name}, backend on the same ENI: DNAT on tc egress, the service IP never leaves the pod`, () => {
      const t = trace(dp, { from: ids.centos, to });
      expect(t.deliveredTo?.ip).toBe('10.0.3.38');
      expect(rewrites(t)[0]).toMatchObject({ type: 'DNAT', from: to, to: '10.0.3.38:80' });
      expect(rewrites(t)[0]!.by).toMatch(/eBPF/);
      const svcIp = to.split(':')[0]!;
      expect(t.hops.filter((h) => h.packet.dst.startsWith(svcIp) || h.packet.src.startsWith(svcIp))).toEqual([]);
      expect(nodeHops(t)).toEqual([]);
      expect(t.reply!.hops.at(-1)!.rewrites?.[0]).toMatchObject({ type: 'un-DNAT', to });
    });
  }
  it('backend on another ENI of the node (C7): DNAT in the pod, then out of eth1 and in by eth2', () => {
    const t = trace(dp, { from: ids.centos, to: '192.168.30.8:80' });
    expect(t.deliveredTo?.ip).toBe('10.0.3.22');
    expect(path(t)).toContain(`${ids.n15}/eth2`);
  });
  it('backend on another node (C8): DNAT in the pod, then across the VPC', () => {
    const t = trace(dp, { from: ids.tools, to: '192.168.27.242:80' });
    expect(t.deliveredTo?.ip).toBe('10.0.3.38');
    expect(path(t)).toContain('vpc/-');
    expect(t.sourceSeenByServer).toBe('10.0.3.60');
  });
});

describe('C9–C10: the LB IP with Terway before 1.2.0 goes through the host IPVS', () => {
  it('eBPF redirects it to ipvl_N; IPVS DNATs and masquerades; the reply comes back the same way', () => {
    const t = trace(old, { from: ids.centos, to: '47.242.10.21:80' });
    expect(t.verdict).toBe('delivered');
    expect(t.hops[0]!.note).toMatch(/redirects 47\.242\.10\.21 to the host/);
    expect(rewrites(t).find((r) => r.type === 'DNAT')!.by).toMatch(/^IPVS 47\.242\.10\.21:80/);
    expect(t.sourceSeenByServer).toBe('10.0.3.15');
    expect(t.kernelStacks).toBe(3);
    expect(renderView(old, 'cn-hongkong.10.0.3.15', 'bpf')).toMatch(/not in the map/);
  });
  it('from another node the host IPVS sends it across the VPC', () => {
    const t = trace(old, { from: ids.tools, to: '47.242.10.21:80' });
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeenByServer).toBe('10.0.3.16');
  });
});

describe('C11: an outside client calls the LB IP', () => {
  it('an ENI-backed SLB sends straight to the pod IP: the client IP survives, only the pod stack', () => {
    const t = trace(dp, { from: 'external:internet-client', to: '47.242.10.20:80' });
    expect(t.deliveredTo?.ip).toBe('10.0.3.61');
    expect(t.sourceSeenByServer).toBe('47.74.0.10');
    expect(t.kernelStacks).toBe(1);
  });
  it("a nodeport-backed SLB goes through a node's IPVS with SNAT", () => {
    const t = trace(dp, { from: 'external:internet-client', to: '47.242.10.21:80', choice: { pick: ['10.0.3.16:31081'] } });
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeenByServer).toBe('10.0.3.16');
  });
});

describe('node views', () => {
  it('lists ENIs with their MACs and pod IPs like terway-cli show factory', () => {
    const v = renderView(dp, 'cn-hongkong.10.0.3.15', 'eni');
    expect(v).toMatch(/eni eth1 mac 00:16:3e:04:08:3a ips 2\/10/);
    expect(v).toMatch(/10\.0\.3\.22\s+default\/busybox/);
  });
  it('lists the eBPF service map like cilium bpf lb list', () => {
    expect(renderView(dp, 'cn-hongkong.10.0.3.15', 'bpf')).toMatch(/192\.168\.27\.242:80\s+10\.0\.3\.38:80/);
  });
});

describe('eniip: veth and policy routing through the ENI', () => {
  const d = load(
    terwayIpvlanEbpfYaml.replace('mode: ipvlan-ebpf, version: "1.5.0"', 'mode: eniip').replace('kubeProxy: { mode: ipvs }', 'kubeProxy: { mode: ipvs }'),
  );
  it("routes a pod's own traffic by `ip rule from POD lookup 10NN` out of its ENI", () => {
    const rules = renderView(d, 'cn-hongkong.10.0.3.15', 'rules');
    expect(rules).toMatch(/^2048:\tfrom 10\.0\.3\.22 lookup 1004$/m);
    expect(rules).toMatch(/^default via 10\.0\.3\.253 dev eth2$/m);
    const t = trace(d, { from: ids.busybox, to: '10.0.3.60:80' });
    expect(t.verdict).toBe('delivered');
    expect(path(t)).toContain(`${ids.n15}/eth2`);
  });
  it('services go through the host (kube-proxy), not eBPF', () => {
    const t = trace(d, { from: ids.centos, to: '192.168.27.242:80' });
    expect(t.verdict).toBe('delivered');
    expect(rewrites(t).find((r) => r.type === 'DNAT')!.by).toMatch(/^IPVS/);
  });
});

describe('eni-exclusive: the ENI inside the pod', () => {
  const d = load(`apiVersion: hopscope/v1
kind: Topology
metadata: { name: exclusive }
cluster:
  cni: { plugin: terway, mode: eni-exclusive }
  kubeProxy: { mode: ipvs }
  serviceCIDR: 192.168.0.0/16
  vpc: { cidr: 10.0.0.0/16, vswitches: [ { name: vsw, cidr: 10.0.3.0/24 } ] }
nodes:
  - { name: n1, ip: 10.0.3.15, enis: [ { name: eth1, mac: "00:16:3e:00:00:01" }, { name: eth2, mac: "00:16:3e:00:00:02" } ] }
pods:
  - { name: a, node: n1, ip: 10.0.3.30, eni: eth1, labels: { app: a } }
  - { name: b, node: n1, ip: 10.0.3.31, eni: eth2, labels: { app: b } }
services:
  - { name: b, clusterIP: 192.168.1.10, selector: { app: b }, ports: [ { port: 80, targetPort: 80 } ] }
`);
  it("pod to pod leaves by the pod's own ENI and arrives on the other pod's ENI, never through the host", () => {
    const t = trace(d, { from: 'pod:default/a', to: '10.0.3.31:80' });
    expect(t.verdict).toBe('delivered');
    expect(path(t)).toEqual(['pod:default/a/eth0', 'vpc/-', 'pod:default/b/eth0']);
  });
  it('a ClusterIP goes through veth1 to the host, where IPVS resolves it', () => {
    // NOTE: the backend answers over its own ENI, past the host's conntrack; see docs/engine.md.
    const t = trace(d, { from: 'pod:default/a', to: '192.168.1.10:80' });
    expect(t.deliveredTo?.ip).toBe('10.0.3.31');
    expect(path(t)[0]).toBe('pod:default/a/veth1');
    expect(rewrites(t).find((r) => r.type === 'DNAT')!.by).toMatch(/^IPVS/);
  });
});

describe('Hairpin: a pod reaching itself through its own ClusterIP (ipvlan + eBPF)', () => {
  // Cilium bpf/lib/lb.h lb4_local: `if (saddr == backend->address) { new_saddr = IPV4_LOOPBACK;
  // state->loopback = 1; }` ("Linux considers such packets as martian source"); IPV4_LOOPBACK is
  // pkg/defaults `LoopbackIPv4 = "169.254.42.1"`, which Terway does not override. Terway commit
  // 92223952 "feat: support hairpin with ipvlan" (PR #300, first in v1.2.0-rc.1) makes the
  // endpoint's HostMac the container's MAC; policy/cilium/0016-bpf-fix-hairpin.patch: "In ipvlan
  // mode, the hairpin packet must be redirected back to the ingress of the interface, otherwise it
  // will leak out to the host stack via the master device" (`ctx_redirect(ctx, ep->ifindex,
  // BPF_F_INGRESS)`). The reply matches the loopback CT entry on the pod's egress and is reversed.
  it('is SNATed to 169.254.42.1, handed back to its own eth0, and the reply is un-NATed in the pod', () => {
    const t = trace(dp, { from: ids.nginx, to: '192.168.27.242:80' });
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeenByServer).toBe('169.254.42.1');
    expect(path(t)).toEqual([`${ids.nginx}/eth0`, `${ids.nginx}/eth0`]);
    expect(rewrites(t)).toContainEqual(expect.objectContaining({ type: 'SNAT', from: '10.0.3.38:41000', to: '169.254.42.1:41000' }));
    expect(t.hops.some((h) => h.ns.startsWith('node:') || h.ns === 'vpc')).toBe(false);
    expect(t.reply?.hops.at(-1)?.packet).toEqual(expect.objectContaining({ src: '192.168.27.242:80', dst: '10.0.3.38:41000' }));
  });

  it('leaves other pods alone: a client that is not the backend keeps its own source', () => {
    const t = trace(dp, { from: ids.centos, to: '192.168.27.242:80' });
    expect(t.sourceSeenByServer).toBe('10.0.3.5');
  });
});
