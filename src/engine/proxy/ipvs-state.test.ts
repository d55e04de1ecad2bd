/**
 * IPVS virtual servers come from one cluster-wide verdict map (address and port → virtual server)
 * except where a node's own differ: an externalTrafficPolicy Local service with a local endpoint
 * lists only its local endpoints there (kube-proxy pkg/proxy/ipvs/proxier.go syncEndpoint: for
 * onlyNodeLocalEndpoints the real servers are the local ready endpoints), so the shared answer
 * one node got must never be what a node with a local endpoint sees, whichever asks first.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '..';
import { validateTopology } from '../../model';
import { nodeId } from '../../model/element-id';
import { inSet, setDims } from './ipvs-table';
import { setId } from '../netfilter/table';
import { generateFlannelCluster } from '../../scenarios/generate';

describe('IPVS verdict map', () => {
  it('a Local-policy service: a node with a local endpoint sees its own real servers, whichever node asked first', () => {
    const v = validateTopology(generateFlannelCluster({ nodes: 6, kubeProxyMode: 'ipvs' }));
    if (!v.ok) throw new Error(v.problems[0]!.message);
    const dp = compile(v.topology);
    const sp = dp.servicePorts.find((s) => s.svc.externalTrafficPolicy === 'Local' && s.lbIP !== undefined && s.endpoints.length > 0)!;
    expect(sp).toBeDefined();
    const withLocal = sp.endpoints[0]!.node;
    const without = v.topology.nodes.map((n) => n.name).find((n) => !sp.endpoints.some((e) => e.node === n))!;
    expect(without).toBeDefined();
    const reals = (node: string) =>
      dp
        .ns(nodeId(node))!
        .ipvs!.get(sp.port.protocol, sp.lbIP!, sp.port.port)!
        .reals.map((r) => r.ip)
        .sort();
    // The node without one asks first: what it gets is the cluster's answer (before kube-proxy 1.21, no fallback: none).
    expect(reals(without)).toEqual([]);
    const local = sp.endpoints.filter((e) => e.node === withLocal && e.ready).map((e) => e.ip);
    expect(reals(withLocal)).toEqual(local.sort());
    expect(local.length).toBeGreaterThan(0);
    // A ClusterIP every node sees alike is one object, held once.
    const a = dp.ns(nodeId(without))!.ipvs!.get(sp.port.protocol, sp.clusterIP, sp.port.port);
    const other = v.topology.nodes.map((n) => n.name).find((n) => n !== without && !sp.endpoints.some((e) => e.node === n));
    if (other) expect(dp.ns(nodeId(other))!.ipvs!.get(sp.port.protocol, sp.clusterIP, sp.port.port)).toBe(a);
  });
});

describe('KUBE-LOOP-BACK kept as numbers', () => {
  it("a node's members, as listed, are each matched by a packet and the same with another third address is not", () => {
    const v = validateTopology(generateFlannelCluster({ nodes: 6, podsPerNode: 20, kubeProxyMode: 'ipvs' }));
    if (!v.ok) throw new Error(v.problems[0]!.message);
    const dp = compile(v.topology);
    let checked = 0;
    for (const n of v.topology.nodes) {
      const set = dp.ns(nodeId(n.name))!.ipsets![setId('KUBE-LOOP-BACK')]!;
      // Asked before it is listed (the walk's order), then listed as a view would.
      const first = set.entries[Symbol.iterator]().next();
      expect(first.done).toBe(false);
      for (const e of set.entries) {
        const [ip, proto, port, third] = /^(\d+),(\w+):(\d+),(\d+)$/.exec(e)!.slice(1) as [string, string, string, string];
        const p = { src: Number(third), dst: Number(ip), dport: Number(port), proto };
        expect(inSet(set, setDims('dst,dst,src'), p)).toBe(true);
        expect(inSet(set, setDims('dst,dst,src'), { ...p, src: p.src + 1 })).toBe(false);
        expect(inSet(set, setDims('dst,dst,src'), { ...p, dport: p.dport + 1 })).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("a packet whose two addresses differ is answered without the node's index of its members (only a hairpin can match)", () => {
    const v = validateTopology(generateFlannelCluster({ nodes: 2, podsPerNode: 20, kubeProxyMode: 'ipvs' }));
    if (!v.ok) throw new Error(v.problems[0]!.message);
    const set = compile(v.topology).ns(nodeId(v.topology.nodes[0]!.name))!.ipsets![setId('KUBE-LOOP-BACK')]!;
    const [ip, proto, port] = /^(\d+),(\w+):(\d+),/.exec(set.entries[Symbol.iterator]().next().value!)!.slice(1) as [string, string, string];
    const p = { src: Number(ip) + 1, dst: Number(ip), dport: Number(port), proto };
    expect(inSet(set, setDims('dst,dst,src'), p)).toBe(false);
    // The index is kept on the members under a symbol (ipvs-table.ts TRIPLES) once made.
    expect(Object.getOwnPropertySymbols(set.entries)).toEqual([]);
    expect(inSet(set, setDims('dst,dst,src'), { ...p, src: p.dst })).toBe(true);
    expect(Object.getOwnPropertySymbols(set.entries)).toHaveLength(1);
  });
});
