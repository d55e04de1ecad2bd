/**
 * The cloud network's MTU (issue 15 item 12). Jumbo frames on the hosts do not make the VPC carry
 * them: Alibaba Cloud ECS supports 8500-byte jumbo frames on some instance families, and "packets
 * whose size exceeds the MTUs are fragmented or dropped by Alibaba Cloud forwarding components"
 * (alibabacloud.com/help/en/ecs/user-guide/mtus; its PMTUD page: the router "drops the packet and
 * sends an ICMP error message"); AWS allows 9001 inside a VPC, 1500 through an internet gateway or
 * VPN, and a packet over the limit with DF set is dropped with "Destination Unreachable:
 * Fragmentation Needed and Don't Fragment was Set (Type 3, Code 4)" (docs.aws.amazon.com
 * AWSEC2/latest/UserGuide/network_mtu.html); GCP's VPC MTU is 1460 by default (1300–8896) and an
 * oversize packet is dropped with an ICMP Fragmentation-Needed carrying the MTU
 * (cloud.google.com/vpc/docs/mtu). Without DF the packet is fragmented (RFC 791). Where the ICMP is
 * filtered (an AWS security group without an inbound ICMP rule) the sender hears nothing.
 */
import { describe, expect, it } from 'vitest';
import { build, doc, run } from './test/kit';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const jumbo = (vpc: Record<string, unknown> = {}) => {
  const d = doc() as Raw;
  for (const n of d.nodes as Raw[]) n.kernel = { mtu: 8500 };
  Object.assign(d.cluster.vpc, vpc);
  return build(d);
};
const toPodB = '10.244.2.10:8080';

describe("a VPC whose MTU is smaller than the hosts' (jumbo frames on eth0)", () => {
  it('drops an 8500-byte DF packet at the VPC and its gateway answers ICMP fragmentation needed, which reaches the sender', () => {
    const t = run(jumbo(), 'node:node-a', toPodB, { size: 8500 });
    expect(t.verdict).toBe('unreachable');
    expect(t.reason).toMatch(/VPC forwards at most 1500 bytes.*gateway 10\.0\.255\.253 sends ICMP "fragmentation needed" \(mtu 1500\) to 10\.0\.0\.10/);
    expect(t.hops.at(-1)?.ns).toBe('vpc');
    const back = t.reply!.hops;
    expect(back[0]?.packet.icmp).toBe('ICMP fragmentation needed');
    expect(back.at(-1)?.ns).toBe('node:node-a');
  });
  it('carries it when the VPC takes jumbo frames (Alibaba Cloud 8500)', () => {
    // node to node (kubelet): the pod network's 1500-byte veths would stop it on node-b instead.
    expect(run(jumbo({ mtu: 8500 }), 'node:node-a', '10.0.0.11:10250', { size: 8500 }).verdict).toBe('delivered');
    expect(run(jumbo(), 'node:node-a', '10.0.0.11:10250', { size: 8500 }).verdict).toBe('unreachable');
  });
  it('is a silent drop (a PMTU black hole) where the ICMP never comes back', () => {
    const t = run(jumbo({ icmpFragNeeded: false }), 'node:node-a', toPodB, { size: 8500 });
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/no ICMP "fragmentation needed" comes back/);
    expect(t.reply).toBeNull();
  });
  it('fragments a packet without DF and delivers it', () => {
    const t = run(jumbo(), 'node:node-a', '10.244.2.10:53', { protocol: 'UDP', size: 3000, df: false });
    expect(t.verdict).toBe('delivered');
    expect(t.hops.find((h) => h.ns === 'vpc')?.note).toMatch(/fragmented: 3000 bytes > MTU 1500 of the VPC/);
  });
  it('leaves a packet within the MTU alone (the default document: 1500 everywhere)', () => {
    expect(run(build(), 'node:node-a', toPodB, { size: 1500 }).verdict).toBe('delivered');
  });
});
