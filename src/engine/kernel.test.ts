/**
 * Kernel settings and Flannel modes taking their real effect: ip_forward, rp_filter, MTU with
 * DF, br_netfilter, user filter rules, --ip-masq, VXLAN and host-gw, TCP/UDP/ICMP.
 */
import { describe, expect, it } from 'vitest';
import { build, doc, path, rewrites, run } from './test/kit';
import { renderView } from './views';

const nodes = (a: Record<string, unknown> = {}, b: Record<string, unknown> = {}) => [
  { name: 'node-a', ip: '10.0.0.10', podCIDR: '10.244.1.0/24', ...a },
  { name: 'node-b', ip: '10.0.0.11', podCIDR: '10.244.2.0/24', ...b },
];

describe('When a node does not forward (net.ipv4.ip_forward=0)', () => {
  const dp = build({ nodes: nodes({}, { kernel: { ipForward: false } }) });
  it('drops traffic for its pods at FORWARD and names the sysctl that fixes it', () => {
    const t = run(dp, 'pod:default/client', '10.244.2.10:80');
    expect(t.verdict).toBe('dropped');
    expect(t.hops.at(-1)?.ns).toBe('node:node-b');
    expect(t.reason).toMatch(/ip_forward=0.*sysctl -w net\.ipv4\.ip_forward=1/);
  });
  it('still answers a ping to its own cni0 address', () => {
    expect(run(dp, 'pod:default/client', '10.244.2.1', { protocol: 'ICMP' }).verdict).toBe('delivered');
  });
});

describe('When a user filter rule drops ICMP in FORWARD', () => {
  const dp = build({ nodes: nodes({}, { filter: [{ chain: 'FORWARD', proto: 'icmp', action: 'DROP' }] }) });
  it('ping fails, naming the rule', () => {
    const t = run(dp, 'pod:default/client', '10.244.2.10', { protocol: 'ICMP' });
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/user rule `-A FORWARD -p icmp -j DROP`/);
  });
  it('TCP still works', () => {
    expect(run(dp, 'pod:default/client', '10.244.2.10:80').verdict).toBe('delivered');
  });
});

describe('MTU and DF', () => {
  it('vxlan: a pod MTU of 1500 over flannel.1 (1450) drops a full-size DF packet with "fragmentation needed"', () => {
    const raw = doc({ mode: 'vxlan' }) as { cluster: { cni: Record<string, unknown> } };
    raw.cluster.cni.mtu = 1500;
    const dp = build(raw);
    const t = run(dp, 'pod:default/client', '10.244.2.10:80', { size: 1500 });
    expect(t.verdict).toBe('unreachable');
    expect(t.reason).toMatch(/fragmentation needed.*1450-byte MTU of flannel\.1/);
    expect(run(dp, 'pod:default/client', '10.244.2.10:80', { size: 1500, df: false }).verdict).toBe('delivered');
  });
  it('vxlan with the default pod MTU (1450): TCP sizes its segment to fit; a 1500-byte UDP datagram with DF never leaves the pod', () => {
    const dp = build({ mode: 'vxlan' });
    const t = run(dp, 'pod:default/client', '10.244.2.10:80', { size: 1500 });
    expect(t.verdict).toBe('delivered');
    expect(t.hops[0]!.packet.size).toBe(1450);
    const u = run(dp, 'pod:default/client', '10.244.2.10:80', { size: 1500, protocol: 'UDP', df: true });
    expect(u.verdict).toBe('unreachable');
    expect(u.hops.at(-1)?.ns).toBe('pod:default/client');
  });
});

describe('Flannel backends', () => {
  it('vxlan encapsulates on flannel.1 (UDP 8472 between node IPs) and decapsulates on the peer', () => {
    const t = run(build({ mode: 'vxlan' }), 'pod:default/client', '10.244.2.10:80');
    expect(t.verdict).toBe('delivered');
    const encap = rewrites(t).find((r) => r.type === 'ENCAP')!;
    expect(encap.to).toMatch(/outer 10\.0\.0\.10 → 10\.0\.0\.11 UDP 8472 VNI 1/);
    const wire = t.hops.find((h) => h.ns === 'node:node-a' && h.device === 'eth0')!;
    expect(wire.packet.outer?.dst).toBe('10.0.0.11');
    expect(wire.packet.dst).toBe('10.244.2.10:80');
    expect(path(t)).toContain('node:node-b/flannel.1');
    expect(t.hops.find((h) => h.ns === 'vpc')?.note).not.toMatch(/custom entry/);
  });
  it('host-gw routes each peer block via the peer node; vpc-route leaves it to the VPC table', () => {
    expect(renderView(build({ mode: 'host-gw' }), 'node-a', 'routes')).toMatch(/^10\.244\.2\.0\/24 via 10\.0\.0\.11 dev eth0$/m);
    expect(renderView(build({ mode: 'vpc-route' }), 'node-a', 'routes')).not.toMatch(/10\.244\.2\.0\/24/);
    expect(run(build({ mode: 'host-gw' }), 'pod:default/client', '10.244.2.10:80').verdict).toBe('delivered');
  });
  it('host-gw across subnets: flanneld cannot add the route, the VPC has none, the packet dies', () => {
    const raw = doc({ mode: 'host-gw', nodes: nodes({}, { ip: '10.0.9.11' }) }) as { cluster: { vpc: Record<string, unknown> } };
    raw.cluster.vpc.vswitches = [
      { name: 'a', cidr: '10.0.0.0/24' },
      { name: 'b', cidr: '10.0.9.0/24' },
    ];
    const t = run(build(raw), 'pod:default/client', '10.244.2.10:80');
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/no NAT gateway|no instance/);
  });
});

describe('br_netfilter', () => {
  const svc = { name: 'web', selector: { app: 'web' }, clusterIP: '10.96.0.50', ports: [{ port: 80, targetPort: 8080 }] };
  it('with bridge-nf-call-iptables=0, a same-node backend replies straight over the bridge and the client drops it', () => {
    const dp = build({ nodes: nodes({ kernel: { bridgeNfCallIptables: false } }), services: [svc] });
    const t = run(dp, 'pod:default/client', '10.96.0.50:80', { choice: { pick: ['10.244.1.10:8080'] } });
    expect(t.deliveredTo?.ip).toBe('10.244.1.10');
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/from 10\.244\.1\.10:8080, but the client sent to 10\.96\.0\.50:80/);
  });
  it('with it on (the default), conntrack un-DNATs the bridged reply', () => {
    const dp = build({ services: [svc] });
    expect(run(dp, 'pod:default/client', '10.96.0.50:80', { choice: { pick: ['10.244.1.10:8080'] } }).verdict).toBe('delivered');
  });
});

describe('flannel --ip-masq and leaving the pod network', () => {
  it('masquerades pod traffic to a VPC host to the node IP', () => {
    const t = run(build({}), 'pod:default/client', '10.0.5.5:443');
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeenByServer).toBe('10.0.0.10');
  });
  it('without it the VPC host sees the pod IP and answers through the VPC route table', () => {
    const t = run(build({ ipMasq: false }), 'pod:default/client', '10.0.5.5:443');
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeenByServer).toBe('10.244.1.5');
  });
  it('without it and without VPC routes (host-gw), the reply has no way back', () => {
    const t = run(build({ ipMasq: false, mode: 'host-gw' }), 'pod:default/client', '10.0.5.5:443');
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/reply did not make it back/);
  });
  it('an internet destination needs a NAT gateway the VPC does not have', () => {
    const t = run(build({}), 'pod:default/client', '93.184.216.34:80');
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/no NAT gateway/);
  });
});

describe('protocols and sockets', () => {
  const pods = [
    { name: 'client', node: 'node-a', ip: '10.244.1.5' },
    { name: 'dns', node: 'node-b', ip: '10.244.2.53', ports: [{ containerPort: 53, protocol: 'UDP' }] },
  ];
  it('UDP to a port nobody listens on is refused with ICMP port unreachable', () => {
    const dp = build({ pods });
    expect(run(dp, 'pod:default/client', '10.244.2.53:53', { protocol: 'UDP' }).verdict).toBe('delivered');
    const t = run(dp, 'pod:default/client', '10.244.2.53:54', { protocol: 'UDP' });
    expect(t.verdict).toBe('refused');
    expect(t.reason).toMatch(/ICMP port unreachable/);
  });
  it('TCP to a closed port is refused with RST', () => {
    expect(run(build({ pods }), 'pod:default/client', '10.244.2.53:80').reason).toMatch(/TCP RST/);
  });
  it('a node answers on sshd and refuses elsewhere', () => {
    const dp = build({});
    expect(run(dp, 'external:office', '10.0.0.11:22').verdict).toBe('delivered');
    expect(run(dp, 'external:office', '10.0.0.11:8081').verdict).toBe('refused');
  });
});
