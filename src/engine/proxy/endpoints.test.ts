/**
 * What a node's first touch asks of the cluster's service ports, worked out once per cluster
 * (endpoints.ts): the ports whose loadBalancerSourceRanges hold the node's IP (grouped by distinct
 * range) and the Local-policy ports with an endpoint on the node must be what asking every port
 * again gives, for every node.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '..';
import { validateTopology } from '../../model';
import { cidrContains, ipToInt } from '../../model/cidr';
import { generateFlannelCluster } from '../../scenarios/generate';
import { firewalledPorts, localPolicyPortsOn, servicePortsOnNodes, sourceRangePortsHolding, usesLocalPolicy } from './endpoints';

describe('per-node answers worked out once per cluster', () => {
  it('source ranges holding a node, and Local-policy ports on it, equal the per-port answers', () => {
    const doc = generateFlannelCluster({ nodes: 40, seed: 9, kubeProxyMode: 'iptables' });
    // Ranges that hold one node, a few, half the cluster or none, shared by several services and overlapping.
    const one = (i: number) => `${doc.nodes[i]!.ip}/32`;
    const ranges = [[one(3)], [one(3), '0.0.0.0/1'], ['128.0.0.0/1'], ['47.74.0.0/16'], [one(20), one(3), one(21)], ['10.1.0.0/27']];
    let k = 0;
    for (const s of doc.services) if (s.loadBalancer) s.loadBalancerSourceRanges = ranges[k++ % ranges.length];
    const v = validateTopology(doc);
    if (!v.ok) throw new Error(v.problems[0]!.message);
    const dp = compile(v.topology);
    let held = 0;
    for (const n of v.topology.nodes) {
      const ip = ipToInt(n.ip);
      const naive = firewalledPorts(dp)
        .filter((f) => f.ranges.some((c) => cidrContains(c, ip)))
        .map((f) => f.i);
      expect(sourceRangePortsHolding(dp, ip)).toEqual(naive);
      held += naive.length;
      const local = (servicePortsOnNodes(dp).get(n.name) ?? []).filter((i) => usesLocalPolicy(dp.servicePorts[i]!));
      expect([...localPolicyPortsOn(dp, n.name)]).toEqual(local);
    }
    expect(held).toBeGreaterThan(0);
    expect(sourceRangePortsHolding(dp, undefined)).toEqual([]);
  });
});
