/**
 * A Flannel node's cni0 ports (the host side of each pod's veth) are made when a trace or a view
 * reaches them (flannel.ts bridgePorts, netns.ts Devices). They must be the devices the eager
 * builder made for every pod, with the same ifindexes, whichever is asked for first, and the
 * bridge's neighbours must name the same port for every pod address. The oracle is the eager
 * loop as it was (one addDevice per pod, in pod order, after cni0).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import '../wiring-modules-all';
import { validateTopology, type Pod, type Topology } from '../../model';
import { ipToInt } from '../../model/cidr';
import { nodeId, podId } from '../../model/element-id';
import { podRef } from '../../model/topology';
import { builtins } from '../../scenarios';
import { generateFlannelCluster } from '../../scenarios/generate';
import { mulberry32 } from '../../model/rng';
import { compile } from '../compile';
import type { Device } from '../dataplane';
import { macFor, vethName } from '../names';

function valid(raw: unknown): Topology {
  const v = validateTopology(raw);
  if (!v.ok) throw new Error(`invalid: ${v.problems[0]!.path}: ${v.problems[0]!.message}`);
  return v.topology;
}

/** The old eager loop: every pod's host-side veth, added after the devices before it. */
function eagerPorts(pods: Pod[], mtu: number, firstIfindex: number): Device[] {
  const out: Device[] = [];
  for (const pod of pods) {
    if (pod.hostNetwork) continue;
    const ref = podRef(pod);
    const d = { name: vethName(ref), kind: 'veth' as const, mtu, mac: macFor(`${ref}/host`), addrs: [], peer: { ns: podId(pod), dev: 'eth0' }, master: 'cni0' };
    out.push({ ...d, ifindex: firstIfindex + out.length, up: true });
  }
  return out;
}

const flannelDocs: [string, Topology][] = [
  ...builtins.map((b): [string, Topology] => [b.id, valid(parse(b.yaml))]).filter(([, t]) => t.cluster.cni.plugin === 'flannel'),
  ['generated 40 nodes, ipvs', valid(generateFlannelCluster({ nodes: 40, seed: 3, kubeProxyMode: 'ipvs', networkPolicies: true }))],
  ['generated 40 nodes, iptables, vxlan', valid(generateFlannelCluster({ nodes: 40, seed: 4, kubeProxyMode: 'iptables', cniMode: 'vxlan' }))],
  ['generated 40 nodes, a hostNetwork pod on each (no port of its own)', valid(withHostNetworkPods(generateFlannelCluster({ nodes: 40, seed: 5 })))],
];

/** One pod per node moved into the node's own namespace (its address is the node's). */
function withHostNetworkPods(doc: ReturnType<typeof generateFlannelCluster>) {
  const nodeIp = new Map(doc.nodes.map((n) => [n.name, n.ip]));
  return { ...doc, pods: doc.pods.map((p, i) => (i % 30 === 5 ? { ...p, hostNetwork: true, ip: nodeIp.get(p.node)! } : p)) };
}

describe('Flannel bridge ports made on demand', () => {
  it('the clusters checked hold Flannel built-ins and hostNetwork pods', () => {
    expect(flannelDocs.length).toBeGreaterThan(3);
    expect(flannelDocs.at(-1)![1].pods.filter((p) => p.hostNetwork)).toHaveLength(40);
  });

  for (const [name, topology] of flannelDocs) {
    it(`${name}: every node lists the eager builder's ports, and a port asked for first is the one listed`, () => {
      const dp = compile(topology);
      const rand = mulberry32(7);
      for (const node of topology.nodes) {
        if (!node.podCIDR) continue;
        const pods = topology.pods.filter((p) => p.node === node.name);
        const ns = dp.ns(nodeId(node.name))!;
        // Ask for some ports by name first, through the pods' own eth0 peers, in a shuffled order.
        const asked = new Map<string, Device>();
        for (const p of pods.filter((x) => !x.hostNetwork && rand() < 0.5).sort(() => rand() - 0.5)) {
          const peer = dp.ns(podId(p))!.devices.get('eth0')!.peer!;
          expect(peer.ns).toBe(ns.id);
          asked.set(peer.dev, ns.devices.get(peer.dev)!);
        }
        const listed = [...ns.devices.values()];
        expect(listed.map((d) => d.ifindex)).toEqual(listed.map((_, i) => i + 1));
        expect(ns.devices.size).toBe(listed.length);
        const cni0 = listed.findIndex((d) => d.name === 'cni0');
        const expected = eagerPorts(pods, topology.cluster.cni.mtu, cni0 + 2);
        expect(listed.slice(cni0 + 1, cni0 + 1 + expected.length)).toEqual(expected);
        expect([...ns.devices.keys()]).toEqual(listed.map((d) => d.name));
        for (const [dev, d] of asked) expect(listed.find((x) => x.name === dev)).toBe(d);
        // Nothing after the ports is a port, and a name that is no device is none.
        expect(listed.slice(cni0 + 1 + expected.length).filter((d) => d.master === 'cni0')).toEqual([]);
        expect(ns.devices.get('veth00000000')).toBeUndefined();
        // The bridge's neighbours: each pod's address behind its port, nothing else.
        for (const p of pods) expect(ns.bridgeFdb!.get(ipToInt(p.ip))).toBe(p.hostNetwork ? undefined : vethName(podRef(p)));
        expect(ns.bridgeFdb!.get(ipToInt(node.ip))).toBeUndefined();
      }
    });
  }
});
