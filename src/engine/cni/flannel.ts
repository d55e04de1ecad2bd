/**
 * Flannel as ACK and upstream run it: a cni0 bridge per node with the block's .1 as the
 * pods' gateway, one veth pair per pod, and between nodes either the VPC route table
 * (vpc-route), direct routes to peer nodes (host-gw) or a flannel.1 VXLAN VTEP (vxlan).
 */
import { cidrContains, ipToInt, parseCidr, type ParsedCidr } from '../../model/cidr';
import { podRef } from '../../model/topology';
import type { Node, Pod } from '../../model';
import type { Dataplane, Device, Netns } from '../dataplane';
import { addDevice, addRoute, newNetns, type Devices, type PodPorts } from '../netns';
import { macFor, vethHash, vethHashOfName, vethName } from '../names';
import { addRule, rulesOf, type Table, type Target } from '../netfilter/table';
import { nodeId, podId } from '../../model/element-id';

export const VXLAN_PORT = 8472;
export const VXLAN_OVERHEAD = 50;

export function blockOf(node: Node): ParsedCidr | undefined {
  if (!node.podCIDR) return undefined;
  // Parsed once per node: a node's first touch asks for its block a dozen times (routes, masquerade, local detector).
  let b = blocks.get(node);
  if (b?.text !== node.podCIDR) blocks.set(node, (b = { text: node.podCIDR, block: parseCidr(node.podCIDR) }));
  return b.block;
}

const blocks = new WeakMap<Node, { text: string; block: ParsedCidr | undefined }>();

/** The pod's own namespace: eth0 (veth to the node), default route via the block's gateway. */
export function buildFlannelPod(dp: Dataplane, pod: Pod, node: Node, id: string): Netns {
  const ns = newNetns(id, 'pod', node.name);
  const block = blockOf(node)!;
  const ip = ipToInt(pod.ip);
  const eth0 = addDevice(ns, {
    name: 'eth0',
    kind: 'veth',
    mtu: dp.topology.cluster.cni.mtu,
    mac: macFor(`${podRef(pod)}/eth0`),
    addrs: [{ ip, bits: block.bits }],
    peer: { ns: nodeId(node.name), dev: vethName(podRef(pod)) },
  });
  addRoute(ns, { dst: { base: 0, bits: 0 }, dev: eth0.name, via: block.base + 1, type: 'unicast' });
  addRoute(ns, { dst: block, dev: eth0.name, src: ip, type: 'unicast', proto: 'kernel', scope: 'link' });
  if (pod.ports.length > 0) ns.listeners = pod.ports.map((p) => ({ proto: p.protocol, port: p.containerPort }));
  return ns;
}

/**
 * The node side of Flannel: cni0, the pods' veths, flannel.1 and the routes between blocks.
 * `hostPods`: whether a pod of `pods` may be on the host's network (it has no veth); compile knows.
 */
export function buildFlannelNode(dp: Dataplane, ns: Netns, node: Node, pods: Pod[], eth0: Device, hostPods: boolean): void {
  const { cni } = dp.topology.cluster;
  const block = blockOf(node)!;
  const gw = block.base + 1;
  // flanneld makes flannel.1 when it starts, before the bridge plugin's first ADD makes cni0 (ifindex order).
  if (cni.mode === 'vxlan') {
    addDevice(ns, {
      name: 'flannel.1',
      kind: 'vxlan',
      mtu: eth0.mtu - VXLAN_OVERHEAD,
      mac: macFor(`${node.name}/flannel.1`),
      addrs: [{ ip: block.base, bits: 32 }],
      vxlan: { vni: 1, port: VXLAN_PORT, local: ipToInt(node.ip) },
    });
  }
  addDevice(ns, { name: 'cni0', kind: 'bridge', mtu: cni.mtu, mac: macFor(`${node.name}/cni0`), addrs: [{ ip: gw, bits: block.bits }] });
  addRoute(ns, { dst: block, dev: 'cni0', src: gw, type: 'unicast', proto: 'kernel', scope: 'link' });
  const devices = ns.devices as Devices;
  const ports = bridgePorts(hostPods ? pods.filter((p) => !p.hostNetwork) : pods, cni.mtu, devices);
  devices.declarePorts(ports);
  ns.bridgeFdb = ports;
  // Listed only by the modes that route to each peer (vpc-route leaves that to the VPC's table).
  const peers = () => dp.topology.nodes.filter((n) => n.name !== node.name && n.podCIDR);
  if (cni.mode === 'host-gw') {
    const subnet = eth0.addrs[0]!;
    for (const o of peers()) {
      const oip = ipToInt(o.ip);
      // host-gw needs the peer on the same L2 segment; flanneld skips the route otherwise.
      if (!cidrContains({ base: subnet.ip - (subnet.ip % 2 ** (32 - subnet.bits)), bits: subnet.bits }, oip)) continue;
      addRoute(ns, { dst: blockOf(o)!, dev: 'eth0', via: oip, type: 'unicast' });
    }
  } else if (cni.mode === 'vxlan') {
    ns.vxlanFdb = new Map();
    for (const o of peers()) {
      const ob = blockOf(o)!;
      addRoute(ns, { dst: ob, dev: 'flannel.1', via: ob.base, type: 'unicast', onlink: true });
      ns.vxlanFdb.set(ob.base, ipToInt(o.ip));
    }
  }
}

const NO_ADDRS: Device['addrs'] = [];

/**
 * cni0's ports: the host side of each pod's veth, in pod order, made when a trace or a view reaches
 * it (a node has dozens, a trace crosses one or two); and the bridge's neighbours (pod address →
 * port), looked up in the node's pods rather than kept per node.
 */
function bridgePorts(own: Pod[], mtu: number, devices: Devices): PodPorts & NonNullable<Netns['bridgeFdb']> {
  let hashes: Uint32Array | undefined;
  let ips: Uint32Array | undefined;
  return {
    count: own.length,
    indexOf(name) {
      const h = vethHashOfName(name);
      if (h === undefined) return -1;
      if (!hashes) {
        hashes = new Uint32Array(own.length);
        for (let i = 0; i < own.length; i++) hashes[i] = vethHash(own[i]!.namespace, own[i]!.name);
      }
      return hashes.indexOf(h);
    },
    make(i, ifindex) {
      const pod = own[i]!;
      const ref = podRef(pod);
      // The fields in addDevice's order, so the device is what it was when every port was added eagerly.
      return {
        name: vethName(ref),
        kind: 'veth',
        mtu,
        mac: macFor(`${ref}/host`),
        addrs: NO_ADDRS,
        peer: { ns: podId(pod), dev: 'eth0' },
        master: 'cni0',
        ifindex,
        up: true,
      };
    },
    port(ip) {
      if (!ips) {
        ips = new Uint32Array(own.length);
        for (let i = 0; i < own.length; i++) ips[i] = ipToInt(own[i]!.ip);
      }
      return devices.portAt(ips.indexOf(ip));
    },
    get(ip) {
      return this.port(ip)?.name;
    },
  };
}

const MASQ_COMMENT = 'flanneld masq';
const MASQ_CHAIN = 'FLANNEL-POSTRTG';
const MULTICAST = parseCidr('224.0.0.0/4')!;
/** The rules of FLANNEL-POSTRTG that name the node's own block (they sit after the mark's RETURN). */
const BLOCK_RULES = 3;

/**
 * flanneld --ip-masq: masquerade pod traffic that leaves the pod network, leave pod-to-pod
 * traffic alone, and defer to kube-proxy's own mark. Every node writes the same chain but for
 * its block: the rules that do not name it go into the tables every node shares (these, with the
 * block's rules' places kept free) and a node adds only its three (writeFlannelMasqBlock); the
 * chain reads as flanneld writes it.
 */
export function writeFlannelMasqShared(nat: Table, podCidr: ParsedCidr): void {
  const c = MASQ_COMMENT;
  addRule(nat, 'POSTROUTING', { comment: c }, { t: 'jump', chain: MASQ_CHAIN }, 'flanneld');
  addRule(nat, MASQ_CHAIN, { mark: { value: 0x4000, mask: 0x4000 }, comment: c }, { t: 'RETURN' }, 'flanneld');
  // The places of the node's block rules, in writing order.
  nat.seq += BLOCK_RULES;
  addRule(nat, MASQ_CHAIN, { src: podCidr, dst: MULTICAST, dstNot: true, comment: c }, { t: 'MASQUERADE', randomFully: true }, 'flanneld');
  addRule(nat, MASQ_CHAIN, { src: podCidr, srcNot: true, dst: podCidr, comment: c }, { t: 'MASQUERADE', randomFully: true }, 'flanneld');
}

/**
 * The target of every node's block rules: one object, not three per node, each of which a packet
 * leaving a node read after matching its rule (last read a thousand traces earlier at 1,000 nodes).
 * Frozen: a rule's target is never written.
 */
const RETURN: Target = Object.freeze({ t: 'RETURN' });

/** The node's own rules of FLANNEL-POSTRTG, in the places writeFlannelMasqShared kept after the mark's RETURN. */
export function writeFlannelMasqBlock(nat: Table, podCidr: ParsedCidr, block: ParsedCidr): void {
  const c = MASQ_COMMENT;
  const at = rulesOf(nat, MASQ_CHAIN)![0]!.order + 1;
  addRule(nat, MASQ_CHAIN, { src: block, dst: podCidr, comment: c }, RETURN, 'flanneld', at);
  addRule(nat, MASQ_CHAIN, { src: podCidr, dst: block, comment: c }, RETURN, 'flanneld', at + 1);
  addRule(nat, MASQ_CHAIN, { src: podCidr, srcNot: true, dst: block, comment: c }, RETURN, 'flanneld', at + 2);
}
