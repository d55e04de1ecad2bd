/**
 * What namespaces share instead of copying (netns.ts newNetns): one loopback for all of them, one
 * set of sysctls for every pod (a 1,000-node cluster has 30,000 pods), and one for every node with the
 * same settings (compile.ts nodeSysctls), one target for flanneld's rules that name a node's block
 * (cni/flannel.ts). Sharing must not carry one namespace's state into another:
 * a node's sysctls are never a pod's, and a node set apart keeps its own.
 */
import { describe, expect, it } from 'vitest';
import { build, run } from './test/kit';
import { renderView } from './views';
import { rulesOf } from './netfilter/table';

describe('namespaces built alike', () => {
  it('share one loopback, every pod the same sysctls, and nodes alike theirs', () => {
    const dp = build({ proxy: 'iptables' });
    const pods = ['client', 'web-a', 'web-b1'].map((p) => dp.ns(`pod:default/${p}`)!);
    const nodes = ['node-a', 'node-b'].map((n) => dp.ns(`node:${n}`)!);
    const lo = pods[0]!.devices.get('lo');
    for (const ns of [...pods, ...nodes]) expect(ns.devices.get('lo')).toBe(lo);
    expect(pods[1]!.sysctl).toBe(pods[0]!.sysctl);
    expect(nodes[0]!.sysctl).not.toBe(pods[0]!.sysctl);
    expect(nodes[0]!.sysctl).toBe(nodes[1]!.sysctl);
    // Frozen: a write meant for one node would reach them all.
    expect(Object.isFrozen(nodes[0]!.sysctl)).toBe(true);
  });

  it("share the target of flanneld's rules that name a node's block: one frozen RETURN for every node's three", () => {
    for (const proxy of ['ipvs', 'iptables'] as const) {
      const dp = build({ proxy });
      const blockRules = ['node-a', 'node-b'].flatMap((n) =>
        rulesOf(dp.ns(`node:${n}`)!.nat!, 'FLANNEL-POSTRTG')!.filter((r) => r.target.t === 'RETURN' && r.m.src),
      );
      expect(blockRules).toHaveLength(6);
      expect(new Set(blockRules.map((r) => r.target)).size).toBe(1);
      expect(Object.isFrozen(blockRules[0]!.target)).toBe(true);
      expect(renderView(dp, 'node-b', 'iptables')).toMatch(/^-A FLANNEL-POSTRTG -s 10\.244\.2\.0\/24 -d 10\.244\.0\.0\/16 .*-j RETURN$/m);
    }
  });

  it("share one filter table in IPVS mode, where no node writes its own: the node's view lists it all the same", () => {
    const dp = build({
      proxy: 'ipvs',
      nodes: [
        { name: 'node-a', ip: '10.0.0.10', podCIDR: '10.244.1.0/24' },
        { name: 'node-b', ip: '10.0.0.11', podCIDR: '10.244.2.0/24' },
        { name: 'node-c', ip: '10.0.0.12', podCIDR: '10.244.3.0/24', filter: [{ chain: 'FORWARD', proto: 'icmp', action: 'DROP' }] },
      ],
    });
    const [a, b, c] = ['node-a', 'node-b', 'node-c'].map((n) => dp.ns(`node:${n}`)!);
    expect(a!.filter).toBe(b!.filter);
    // The shared one is the rules themselves, not a copy reading them (what each node kept before).
    expect(a!.filter!.template).toBeUndefined();
    // A node with rules of its own keeps its own; the nat tables hold flanneld's rules for each node's block.
    expect(c!.filter).not.toBe(a!.filter);
    expect(a!.nat).not.toBe(b!.nat);
    const forward = (n: string) =>
      renderView(dp, n, 'iptables')
        .split('\n')
        .filter((l) => l.startsWith('-A FORWARD') || l.startsWith('-A KUBE-FORWARD'));
    expect(forward('node-b')).toEqual(forward('node-a'));
    expect(forward('node-a').length).toBeGreaterThan(0);
    expect(forward('node-c')).toEqual(['-A FORWARD -p icmp -j DROP', ...forward('node-a')]);
    // node-c's DROP stays its own: ICMP forwarded by node-a and node-b is delivered.
    expect(run(dp, 'pod:default/client', '10.244.2.10', { protocol: 'ICMP' }).verdict).toBe('delivered');
  });

  it('keep apart a node whose settings differ: each its own, as its view says', () => {
    const dp = build({
      proxy: 'iptables',
      nodes: [
        { name: 'node-a', ip: '10.0.0.10', podCIDR: '10.244.1.0/24' },
        { name: 'node-b', ip: '10.0.0.11', podCIDR: '10.244.2.0/24', kernel: { rpFilter: 'strict' } },
        { name: 'node-c', ip: '10.0.0.12', podCIDR: '10.244.3.0/24', kernel: { ipForward: false } },
      ],
    });
    const [a, b, c] = ['node-a', 'node-b', 'node-c'].map((n) => dp.ns(`node:${n}`)!.sysctl);
    expect(new Set([a, b, c]).size).toBe(3);
    expect([a!.rpFilter, b!.rpFilter, c!.ipForward]).toEqual([a!.rpFilter, 'strict', false]);
    expect(renderView(dp, 'node-b', 'sysctl')).toMatch(/^net\.ipv4\.conf\.all\.rp_filter = 1$/m);
    expect(renderView(dp, 'node-c', 'sysctl')).toMatch(/^net\.ipv4\.ip_forward = 0$/m);
    expect(renderView(dp, 'node-a', 'sysctl')).toMatch(/^net\.ipv4\.ip_forward = 1$/m);
  });

  it("keep a node's sysctls off its pods: kube-proxy's route_localnet and forwarding are the node's alone", () => {
    const dp = build({ proxy: 'iptables' });
    // kube-proxy in iptables mode with the default --nodeport-addresses sets route_localnet on the node.
    expect(renderView(dp, 'node-a', 'sysctl')).toMatch(/^net\.ipv4\.ip_forward = 1$/m);
    expect(renderView(dp, 'node-a', 'sysctl')).toMatch(/^net\.ipv4\.conf\.all\.route_localnet = 1$/m);
    for (const pod of ['pod:default/client', 'pod:default/web-b1']) {
      expect(renderView(dp, pod, 'sysctl')).toMatch(/^net\.ipv4\.ip_forward = 0$/m);
      expect(renderView(dp, pod, 'sysctl')).not.toMatch(/route_localnet = 1/);
    }
  });
});
