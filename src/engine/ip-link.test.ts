/**
 * `ip -d link` / `ip addr` node and pod views (issue 15, item 11). The ACK Flannel article finds a
 * pod's veth this way: "eth0@if81 through ip addr in the network namespace of the container, where
 * '81' will help us find the other veth pair … through ip addr | grep 81:" (shared seed
 * ack-flannel-en.txt, line 38). The output format is iproute2's (ip/ipaddress.c print_linkinfo:
 * `IFINDEX: NAME@ifPEER: <FLAGS> mtu …`, `link-netnsid` for a link in another namespace).
 */
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../model';
import { ackFlannelYaml } from '../scenarios/ack-flannel';
import { terwayIpvlanEbpfYaml } from '../scenarios/terway-ipvlan-ebpf';
import { compile } from './compile';
import { renderView } from './views';
import { nodeInterfaces } from './ip-link';
import { build } from './test/kit';
import { podId, nodeId } from '../model/element-id';
import { intToIp, parseCidr } from '../model/cidr';

const load = (yaml: string) => {
  const r = parseTopology(yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return compile(r.topology);
};

/** The header lines of `ip link`: ifindex, name, the link after `@`. */
const headers = (text: string) =>
  [...text.matchAll(/^(\d+): ([^:@\s]+)(?:@(\S+))?: <([^>]*)>/gm)].map((m) => ({ index: Number(m[1]), name: m[2]!, at: m[3], flags: m[4]! }));

describe("finding a pod's veth as the ACK Flannel article does", () => {
  const dp = load(ackFlannelYaml);
  const pods = dp.topology.pods.filter((p) => !p.hostNetwork);

  it('every pod shows eth0@ifN, and line N: on its node is the veth whose peer is that pod', () => {
    expect(pods.length).toBeGreaterThan(1);
    for (const pod of pods) {
      const inPod = headers(renderView(dp, podId(pod), 'addr'));
      // Inside the pod: lo is 1 and eth0 is 2 (created by the runtime, then the CNI).
      expect(inPod.map((h) => [h.index, h.name])).toEqual([
        [1, 'lo'],
        [2, 'eth0'],
      ]);
      const peerIndex = Number(inPod[1]!.at!.replace(/^if/, ''));
      // On the node, `ip addr | grep N:` finds the host end, and it points back at if2.
      const onNode = headers(renderView(dp, pod.node, 'addr')).find((h) => h.index === peerIndex)!;
      expect(onNode.name).toMatch(/^veth[0-9a-f]{8}$/);
      expect(onNode.at).toBe('if2');
      expect(dp.ns(nodeId(pod.node))!.devices.get(onNode.name)!.peer).toEqual({ ns: podId(pod), dev: 'eth0' });
    }
  });

  it('ifindexes follow creation order: lo, eth0, the CNI devices, then one veth per pod in pod order', () => {
    const node = dp.topology.nodes[0]!;
    const names = headers(renderView(dp, node.name, 'link')).map((h) => h.name);
    const vethCount = pods.filter((p) => p.node === node.name).length;
    expect(names.slice(0, 3)).toEqual(['lo', 'eth0', 'cni0']);
    expect(names.slice(3, 3 + vethCount).every((n) => n.startsWith('veth'))).toBe(true);
  });

  it('ip addr prints each address with its prefix, broadcast and scope, as on the node', () => {
    const node = dp.topology.nodes[0]!;
    const text = renderView(dp, node.name, 'addr');
    expect(text).toMatch(/^ {4}inet 127\.0\.0\.1\/8 scope host lo$/m);
    expect(text).toContain(`inet ${node.ip}/`);
    const block = parseCidr(node.podCIDR!)!;
    const brd = intToIp(block.base + 2 ** (32 - block.bits) - 1);
    expect(text).toContain(`inet ${intToIp(block.base + 1)}/${block.bits} brd ${brd} scope global cni0`);
  });
});

describe('ip -d link details per kind', () => {
  it('flannel vxlan: flannel.1 (made by flanneld before cni0) with VNI 1, UDP 8472 on eth0; bridge ports with hairpin', () => {
    const dp = build({ mode: 'vxlan' });
    const text = renderView(dp, 'node-a', 'link');
    expect(
      headers(text)
        .map((h) => h.name)
        .slice(0, 4),
    ).toEqual(['lo', 'eth0', 'flannel.1', 'cni0']);
    // flanneld's vxlan backend: VNI 1, port 8472 (Linux's default), learning off.
    expect(text).toMatch(/^ {4}vxlan id 1 local 10\.0\.0\.10 dev eth0 srcport 0 0 dstport 8472 nolearning/m);
    expect(text).toMatch(/^5: veth[0-9a-f]{8}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP/m);
    expect(text).toMatch(/^ {4}bridge_slave state forwarding .* hairpin on$/m);
  });

  it('the second pod namespace a node links to gets link-netnsid 1', () => {
    const dp = build();
    const text = renderView(dp, 'node-b', 'link');
    expect(text).toMatch(/^4: veth\w+@if2: .*\n.*link-netnsid 0$/m);
    expect(text).toMatch(/^5: veth\w+@if2: .*\n.*link-netnsid 1$/m);
  });

  it('IPVS: kube-ipvs0 is a dummy that stays DOWN and holds every ClusterIP as a /32', () => {
    const dp = build({ proxy: 'ipvs', services: [{ name: 'web', clusterIP: '10.96.0.20', ports: [{ port: 80 }], selector: { app: 'web' } }] });
    expect(renderView(dp, 'node-a', 'link')).toMatch(/kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN[^\n]*\n[^\n]*\n {4}dummy$/m);
    expect(renderView(dp, 'node-a', 'addr')).toContain('inet 10.96.0.20/32 scope global kube-ipvs0');
  });

  it('calico ipip: tunl0@NONE with link/ipip and the fallback tunnel details', () => {
    const r = parseTopology(ackFlannelYaml);
    if (!r.ok) throw new Error('built-in invalid');
    const raw = JSON.parse(JSON.stringify(r.topology)) as { cluster: { cni: Record<string, unknown> } };
    raw.cluster.cni = { plugin: 'calico', mode: 'ipip' };
    const v = parseTopology(JSON.stringify(raw));
    if (!v.ok) throw new Error(v.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    const dp = compile(v.topology);
    const node = v.topology.nodes.find((n) => v.topology.pods.some((p) => p.node === n.name && !p.hostNetwork))!;
    const text = renderView(dp, node.name, 'link');
    // calico-node sets up tunl0 before pods start: it comes right after eth0.
    expect(text).toMatch(
      /^3: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 [^\n]*\n {4}link\/ipip 0\.0\.0\.0 brd 0\.0\.0\.0\n {4}ipip any remote any local any ttl inherit nopmtudisc$/m,
    );
    expect(text).toMatch(/^4: cali[0-9a-f]{11}@if2: /m);
  });

  it('terway ipvlan: the pod eth0 is an L2 ipvlan slave shown @if<its ENI ifindex>; the host slave ipvl_N names its ENI', () => {
    const dp = load(terwayIpvlanEbpfYaml);
    const pod = dp.topology.pods.find((p) => !p.hostNetwork && p.eni)!;
    const eniIndex = dp.ns(nodeId(pod.node))!.devices.get(pod.eni!)!.ifindex;
    const text = renderView(dp, podId(pod), 'link');
    expect(text).toMatch(new RegExp(`^2: eth0@if${eniIndex}: <BROADCAST,MULTICAST,NOARP,UP,LOWER_UP>`, 'm'));
    // terway plugin/driver/ipvlan/ipvlan.go creates slaves with netlink.IPVLAN_MODE_L2.
    expect(text).toMatch(/^ {4}ipvlan {2}mode l2 bridge$/m);
    expect(renderView(dp, pod.node, 'link')).toMatch(new RegExp(`^\\d+: ipvl_${eniIndex}@${pod.eni}: `, 'm'));
  });

  it('a link set down shows without UP and in state DOWN', () => {
    const dp = build({
      nodes: [
        { name: 'node-a', ip: '10.0.0.10', podCIDR: '10.244.1.0/24', linksDown: ['cni0'] },
        { name: 'node-b', ip: '10.0.0.11', podCIDR: '10.244.2.0/24' },
      ],
    });
    expect(renderView(dp, 'node-a', 'link')).toMatch(/^3: cni0: <BROADCAST,MULTICAST> mtu \d+ qdisc noop state DOWN/m);
  });
});

describe('the interface legend lists what `ip addr` prints', () => {
  const dp = load(ackFlannelYaml);

  it('for a node and a pod: name, ifindex, the link after @, each address and the MTU', () => {
    const node = dp.topology.nodes[0]!.name;
    const pod = podId(dp.topology.pods.find((p) => !p.hostNetwork && p.node === node)!);
    for (const where of [node, pod]) {
      const text = renderView(dp, where, 'addr');
      const list = nodeInterfaces(dp, where);
      expect(list.map((i) => ({ index: i.ifindex, name: i.name, at: i.link }))).toEqual(headers(text).map(({ index, name, at }) => ({ index, name, at })));
      for (const i of list) {
        expect(text).toMatch(new RegExp(`^${i.ifindex}: ${i.name.replace('.', '\\.')}\\S*: <[^>]*> mtu ${i.mtu} `, 'm'));
        for (const a of i.addrs) expect(text).toMatch(new RegExp(`inet ${a.replace(/\./g, '\\.')} .* ${i.name}$`, 'm'));
      }
      expect(list.flatMap((i) => i.addrs).length).toBe([...text.matchAll(/^ {4}inet /gm)].length);
    }
    // The pod's eth0 names its peer on the node.
    expect(nodeInterfaces(dp, pod).find((i) => i.name === 'eth0')!.link).toMatch(/^if\d+$/);
    expect(nodeInterfaces(dp, node).find((i) => i.name === 'cni0')!.addrs).toEqual([expect.stringMatching(/^172\.23\.\d+\.\d+\/\d+$/)]);
  });
});
