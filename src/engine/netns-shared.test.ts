/**
 * What namespaces share instead of copying (netns.ts newNetns): one loopback for all of them, one
 * set of sysctls for every pod (a 1,000-node cluster has 30,000 pods). Sharing must not carry one
 * namespace's state into another: what a node writes to its own sysctls stays on the node.
 */
import { describe, expect, it } from 'vitest';
import { build } from './test/kit';
import { renderView } from './views';

describe('namespaces built alike', () => {
  it('share one loopback, and every pod the same sysctls; a node has its own', () => {
    const dp = build({ proxy: 'iptables' });
    const pods = ['client', 'web-a', 'web-b1'].map((p) => dp.ns(`pod:default/${p}`)!);
    const nodes = ['node-a', 'node-b'].map((n) => dp.ns(`node:${n}`)!);
    const lo = pods[0]!.devices.get('lo');
    for (const ns of [...pods, ...nodes]) expect(ns.devices.get('lo')).toBe(lo);
    expect(pods[1]!.sysctl).toBe(pods[0]!.sysctl);
    expect(nodes[0]!.sysctl).not.toBe(pods[0]!.sysctl);
    expect(nodes[0]!.sysctl).not.toBe(nodes[1]!.sysctl);
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
