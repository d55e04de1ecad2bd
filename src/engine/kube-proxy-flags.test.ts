/**
 * kube-proxy's flags: --detect-local-mode, --nodeport-addresses and
 * --iptables-localhost-nodeports, checked against what kube-proxy writes
 * (kubernetes/kubernetes, read for this test):
 * - pkg/proxy/util/localdetector.go: NewDetectLocalByCIDR `-s CIDR` / `! -s CIDR`,
 *   NewDetectLocalByBridgeInterface `-i NAME`, NewDetectLocalByInterfaceNamePrefix `-i PREFIX+`,
 *   NewNoOpLocalDetector (nothing: IsImplemented() false).
 * - cmd/kube-proxy/app/server_linux.go getLocalDetector: ClusterCIDR without --cluster-cidr is the
 *   no-op detector ("Detect-local-mode set to ClusterCIDR, but no cluster CIDR defined"); NodeCIDR
 *   uses the node's spec.podCIDR.
 * - pkg/proxy/iptables/proxier.go syncProxyRules: the KUBE-SVC masquerade rule is
 *   `IfNotLocal() -d CLUSTER-IP -j KUBE-MARK-MASQ`; KUBE-EXT of an ETP=Local service sends
 *   `IfLocal()` ("pod traffic for … external destinations") to KUBE-SVC; the tail call to
 *   KUBE-NODEPORTS is `--dst-type LOCAL` (plus `! -d 127.0.0.0/8` when localhostNodePorts is false)
 *   when nodePortAddresses matches all, else one `-d IP` per GetNodeIPs address.
 * - pkg/proxy/util/nodeport_addresses.go: no CIDRs is 0.0.0.0/0; ContainsIPv4Loopback; GetNodeIPs.
 * - cmd/kube-proxy/app/server.go: `primary` alone becomes the node IP/32.
 * - iptables NewProxier: route_localnet=1 when localhostNodePorts and the CIDRs hold loopback.
 */
import { describe, expect, it } from 'vitest';
import { validateTopology } from '../model';
import { serviceChain } from './names';
import { renderView } from './views';
import { build, doc, run } from './test/kit';

const flags = (kubeProxy: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const d = doc(extra) as { cluster: { kubeProxy: Record<string, unknown> } };
  d.cluster.kubeProxy = { ...d.cluster.kubeProxy, ...kubeProxy };
  return d;
};
const web = { name: 'web', selector: { app: 'web' }, clusterIP: '10.96.0.50', ports: [{ name: 'http', port: 80, targetPort: 8080 }] };
/** ETP=Local NodePort whose endpoints are all on node-b. */
const localOnB = {
  pods: [
    { name: 'client', node: 'node-a', ip: '10.244.1.5', labels: { app: 'client' } },
    { name: 'web-b1', node: 'node-b', ip: '10.244.2.10', labels: { app: 'web' } },
  ],
  services: [{ ...web, type: 'NodePort', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }] }],
};
const svcMasqRule = (text: string) =>
  text.split('\n').find((l) => l.startsWith(`-A ${serviceChain('KUBE-SVC-', 'default/web:http', 'tcp')} `) && l.includes('KUBE-MARK-MASQ'));

describe('detectLocalMode decides what counts as pod traffic', () => {
  it('ClusterCIDR (the default) matches the cluster pod range', () => {
    expect(svcMasqRule(renderView(build(flags({}, { services: [web] })), 'node-a', 'iptables'))).toContain('! -s 10.244.0.0/16 -d 10.96.0.50/32');
  });
  it("NodeCIDR matches the node's own block", () => {
    const dp = build(flags({ detectLocalMode: 'NodeCIDR' }, { services: [web] }));
    expect(svcMasqRule(renderView(dp, 'node-a', 'iptables'))).toContain('! -s 10.244.1.0/24 -d 10.96.0.50/32');
    expect(svcMasqRule(renderView(dp, 'node-b', 'iptables'))).toContain('! -s 10.244.2.0/24 -d 10.96.0.50/32');
  });
  it('BridgeInterface and InterfaceNamePrefix match the in-interface', () => {
    const br = build(flags({ detectLocalMode: 'BridgeInterface', detectLocal: { bridgeInterface: 'cni0' } }, { services: [web] }));
    expect(svcMasqRule(renderView(br, 'node-a', 'iptables'))).toMatch(/-d 10\.96\.0\.50\/32 ! -i cni0 -p tcp/);
    const pre = build(flags({ detectLocalMode: 'InterfaceNamePrefix', detectLocal: { interfaceNamePrefix: 'veth' } }, { services: [web] }));
    expect(svcMasqRule(renderView(pre, 'node-a', 'iptables'))).toMatch(/! -i veth\+ -p tcp/);
  });
  it('ClusterCIDR without --cluster-cidr detects nothing: no masquerade rule at all', () => {
    const text = renderView(build(flags({ clusterCIDR: '' }, { services: [web] })), 'node-a', 'iptables');
    expect(svcMasqRule(text)).toBeUndefined();
  });
  it('IPVS writes the detector into the KUBE-CLUSTER-IP rule (none: src,dst)', () => {
    const byIface = renderView(
      build(flags({ mode: 'ipvs', detectLocalMode: 'BridgeInterface', detectLocal: { bridgeInterface: 'cni0' } }, { services: [web] })),
      'node-a',
      'iptables',
    );
    expect(byIface).toMatch(
      /-A KUBE-SERVICES ! -i cni0 -m comment --comment "Kubernetes service cluster ip \+ port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ/,
    );
    const none = renderView(build(flags({ mode: 'ipvs', clusterCIDR: '' }, { services: [web] })), 'node-a', 'iptables');
    expect(none).toContain('--match-set KUBE-CLUSTER-IP src,dst -j KUBE-MARK-MASQ');
  });

  // The ETP=Local shortcut: a pod calling its own node's NodePort goes to KUBE-SVC (every endpoint)
  // only when the detector calls it pod traffic; otherwise KUBE-EXT has nothing for it and the
  // "has no local endpoints" DROP in KUBE-EXTERNAL-SERVICES takes it.
  it('a pod reaches an ETP=Local NodePort on its node without local endpoints only when it is detected as local', () => {
    const outcome = (kp: Record<string, unknown>) => run(build(flags(kp, localOnB)), 'pod:default/client', '10.0.0.10:30080').verdict;
    expect(outcome({})).toBe('delivered');
    expect(outcome({ detectLocalMode: 'BridgeInterface', detectLocal: { bridgeInterface: 'cni0' } })).toBe('delivered');
    expect(outcome({ detectLocalMode: 'InterfaceNamePrefix', detectLocal: { interfaceNamePrefix: 'cali' } })).toBe('dropped');
    expect(outcome({ clusterCIDR: '' })).toBe('dropped');
  });
});

describe('nodePortAddresses decides which local addresses accept NodePorts', () => {
  const np = {
    services: [{ ...web, type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }] }],
    nodes: [
      { name: 'node-a', ip: '10.0.0.10', podCIDR: '10.244.1.0/24', secondaryIPs: ['10.0.1.20'] },
      { name: 'node-b', ip: '10.0.0.11', podCIDR: '10.244.2.0/24' },
    ],
  };
  const tails = (text: string) => text.split('\n').filter((l) => l.includes('-j KUBE-NODEPORTS') && l.startsWith('-A KUBE-SERVICES'));

  it('with no CIDRs, one --dst-type LOCAL rule; with CIDRs, one -d rule per matching address', () => {
    expect(tails(renderView(build(flags({}, np)), 'node-a', 'iptables'))).toEqual([
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    ]);
    const filtered = tails(renderView(build(flags({ nodePortAddresses: ['10.0.0.0/24', '127.0.0.0/8'] }, np)), 'node-a', 'iptables'));
    expect(filtered.map((l) => / -d (\S+) /.exec(l)?.[1])).toEqual(['10.0.0.10/32', '127.0.0.1/32']);
  });
  it('a NodePort on an address outside the list is not translated, and the node refuses it', () => {
    const dp = build(flags({ nodePortAddresses: ['10.0.0.0/24'] }, np));
    expect(run(dp, 'external:office', '10.0.0.10:30080').verdict).toBe('delivered');
    expect(run(dp, 'external:office', '10.0.1.20:30080').verdict).toBe('refused');
    expect(run(build(flags({}, np)), 'external:office', '10.0.1.20:30080').verdict).toBe('delivered');
  });
  it('primary is the node IP alone, in iptables and in IPVS', () => {
    const ipt = tails(renderView(build(flags({ nodePortAddresses: ['primary'] }, np)), 'node-a', 'iptables'));
    expect(ipt.map((l) => / -d (\S+) /.exec(l)?.[1])).toEqual(['10.0.0.10/32']);
    const ipvs = renderView(build(flags({ mode: 'ipvs', nodePortAddresses: ['primary'] }, np)), 'node-a', 'ipvs');
    expect(ipvs).toContain('TCP  10.0.0.10:30080 rr');
    expect(ipvs).not.toContain('10.0.1.20:30080');
    expect(renderView(build(flags({ mode: 'ipvs' }, np)), 'node-a', 'ipvs')).toContain('TCP  10.0.1.20:30080 rr');
  });
});

describe('localhostNodePorts (iptables)', () => {
  const np = { services: [{ ...web, type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }] }] };
  it('true (the default) sets route_localnet=1; false blocks 127.0.0.0/8 in the tail rule and leaves it 0', () => {
    const on = build(flags({}, np));
    expect(renderView(on, 'node-a', 'sysctl')).toContain('net.ipv4.conf.all.route_localnet = 1');
    const off = build(flags({ localhostNodePorts: false }, np));
    expect(renderView(off, 'node-a', 'sysctl')).toContain('net.ipv4.conf.all.route_localnet = 0');
    expect(renderView(off, 'node-a', 'iptables')).toContain(
      '-A KUBE-SERVICES ! -d 127.0.0.0/8 -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    );
  });
  it('a CIDR list without loopback leaves route_localnet alone; IPVS mode does not use the flag', () => {
    expect(renderView(build(flags({ nodePortAddresses: ['10.0.0.0/24'] }, np)), 'node-a', 'sysctl')).toContain('route_localnet = 0');
    expect(renderView(build(flags({ mode: 'ipvs' }, np)), 'node-a', 'sysctl')).toContain('route_localnet = 0');
  });
});

describe('the flags are checked as kube-proxy checks them', () => {
  const problems = (kp: Record<string, unknown>) => {
    const r = validateTopology(flags(kp));
    return r.ok ? r.warnings.map((w) => `${w.path}: ${w.message}`) : r.problems.map((p) => `${p.path}: ${p.message}`);
  };
  it('names the missing interface name and the field to fill', () => {
    expect(problems({ detectLocalMode: 'BridgeInterface' })).toEqual([
      expect.stringMatching(/^cluster\.kubeProxy\.detectLocal\.bridgeInterface: detectLocalMode BridgeInterface needs the name/),
    ]);
    expect(problems({ detectLocalMode: 'InterfaceNamePrefix' })).toEqual([expect.stringMatching(/^cluster\.kubeProxy\.detectLocal\.interfaceNamePrefix: /)]);
  });
  it('refuses primary beside CIDRs and a bad CIDR', () => {
    expect(problems({ nodePortAddresses: ['primary', '10.0.0.0/24'] })).toEqual([
      expect.stringMatching(/^cluster\.kubeProxy\.nodePortAddresses: nodePortAddresses: 'primary' must be the only entry/),
    ]);
    expect(problems({ nodePortAddresses: ['10.0.0.0/33'] })[0]).toMatch(/^cluster\.kubeProxy\.nodePortAddresses\[0\]: /);
  });
  it('warns that IPVS ignores localhostNodePorts', () => {
    expect(problems({ mode: 'ipvs', localhostNodePorts: false })).toEqual([
      expect.stringMatching(/^cluster\.kubeProxy\.localhostNodePorts: .*ipvs mode ignores it/),
    ]);
  });
});
