/**
 * Calico as it wires a node: per pod a host-side caliXXXXXXXXXXX veth (name from
 * sha1("namespace.pod")) with a /32 route and proxy ARP, the pod's gateway 169.254.1.1, a
 * blackhole route for the node's own /26 block, and between nodes routes learned by BIRD:
 * from a top-of-rack router (bgp + peering tor), from every peer (full mesh), or through
 * tunl0 (ipip) or vxlan.calico (vxlan).
 */
import { cidrContains, ipToInt, type ParsedCidr } from '../../model/cidr';
import { podRef } from '../../model/topology';
import type { Node, Pod } from '../../model';
import type { Dataplane, Device, Netns } from '../dataplane';
import { addDevice, addRoute, newNetns } from '../netns';
import { caliName, macFor } from '../names';
import { addRule, type Table } from '../netfilter/table';
import { blockOf } from './flannel';
import { advertisedServicePrefixes } from './bgp-services';
import { nodeId, podId, routerId } from '../../model/element-id';

/** The link-local gateway every Calico pod routes through; the host answers ARP for it (proxy_arp). */
export const CALICO_GATEWAY = ipToInt('169.254.1.1');
export const CALICO_VXLAN_PORT = 4789;
export const CALICO_VNI = 4096;
export const IPIP_OVERHEAD = 20;

export function buildCalicoPod(dp: Dataplane, pod: Pod, node: Node, id: string): Netns {
  const ns = newNetns(id, 'pod', node.name);
  const ip = ipToInt(pod.ip);
  addDevice(ns, {
    name: 'eth0',
    kind: 'veth',
    mtu: dp.topology.cluster.cni.mtu,
    mac: macFor(`${podRef(pod)}/eth0`),
    addrs: [{ ip, bits: 32 }],
    peer: { ns: nodeId(node.name), dev: caliName(pod.namespace, pod.name) },
  });
  addRoute(ns, { dst: { base: 0, bits: 0 }, dev: 'eth0', via: CALICO_GATEWAY, type: 'unicast' });
  addRoute(ns, { dst: { base: CALICO_GATEWAY, bits: 32 }, dev: 'eth0', type: 'unicast', scope: 'link' });
  if (pod.ports.length > 0) ns.listeners = pod.ports.map((p) => ({ proto: p.protocol, port: p.containerPort }));
  return ns;
}

/** The address a router takes on the node network (assigned at compile when the document leaves it out). */
export function routerIp(dp: Dataplane, name: string): number | undefined {
  return dp.routerIps.get(name);
}

/** The router a node peers with (bgp + peering tor), if any. */
export function peerRouterOf(dp: Dataplane, node: string): { name: string; ip: number } | undefined {
  const r = dp.topology.routers.find((x) => x.nodes.includes(node));
  if (!r) return undefined;
  return { name: r.name, ip: routerIp(dp, r.name)! };
}

export function buildCalicoNode(dp: Dataplane, ns: Netns, node: Node, pods: Pod[], eth0: Device): void {
  const { cni } = dp.topology.cluster;
  const block = blockOf(node)!;
  addRoute(ns, { dst: block, dev: 'lo', type: 'blackhole', proto: 'bird' });
  // calico-node makes its tunnel device at start, before any pod's veth (ifindex order).
  if (cni.mode === 'ipip') {
    addDevice(ns, {
      name: 'tunl0',
      kind: 'ipip',
      mtu: eth0.mtu - IPIP_OVERHEAD,
      mac: '00:00:00:00:00:00',
      addrs: [{ ip: block.base, bits: 32 }],
      ipip: { local: ipToInt(node.ip) },
    });
  } else if (cni.mode === 'vxlan') {
    addDevice(ns, {
      name: 'vxlan.calico',
      kind: 'vxlan',
      mtu: eth0.mtu - 50,
      mac: macFor(`${node.name}/vxlan.calico`),
      addrs: [{ ip: block.base, bits: 32 }],
      vxlan: { vni: CALICO_VNI, port: CALICO_VXLAN_PORT, local: ipToInt(node.ip) },
    });
  }
  for (const pod of pods) {
    if (pod.hostNetwork) continue;
    const cali = caliName(pod.namespace, pod.name);
    // Calico gives every host-side veth the same MAC and answers ARP for 169.254.1.1 (proxy_arp).
    addDevice(ns, { name: cali, kind: 'veth', mtu: cni.mtu, mac: 'ee:ee:ee:ee:ee:ee', addrs: [], peer: { ns: podId(pod), dev: 'eth0' } });
    addRoute(ns, { dst: { base: ipToInt(pod.ip), bits: 32 }, dev: cali, type: 'unicast', scope: 'link' });
  }
  const others = dp.topology.nodes.filter((n) => n.name !== node.name && n.podCIDR);
  const subnet = eth0.addrs[0]!;
  const onLink = (ip: number) => cidrContains({ base: subnet.ip - (subnet.ip % 2 ** (32 - subnet.bits)), bits: subnet.bits }, ip);
  if (cni.mode === 'bgp') {
    const tor = cni.bgp?.peering === 'tor' ? peerRouterOf(dp, node.name) : undefined;
    if (tor) {
      // eBGP to the ToR: it re-advertises every block with itself as next hop.
      const route = ns.routes.find((r) => r.dst.bits === 0);
      if (route) route.via = tor.ip;
      for (const o of others) addRoute(ns, { dst: blockOf(o)!, dev: 'eth0', via: tor.ip, type: 'unicast', proto: 'bird' });
    } else {
      for (const o of others) {
        const oip = ipToInt(o.ip);
        if (onLink(oip)) addRoute(ns, { dst: blockOf(o)!, dev: 'eth0', via: oip, type: 'unicast', proto: 'bird' });
      }
    }
  } else if (cni.mode === 'ipip') {
    for (const o of others) addRoute(ns, { dst: blockOf(o)!, dev: 'tunl0', via: ipToInt(o.ip), type: 'unicast', proto: 'bird', onlink: true });
  } else if (cni.mode === 'vxlan') {
    ns.vxlanFdb = new Map();
    for (const o of others) {
      const ob = blockOf(o)!;
      addRoute(ns, { dst: ob, dev: 'vxlan.calico', via: ob.base, type: 'unicast', proto: 'static', onlink: true });
      ns.vxlanFdb.set(ob.base, ipToInt(o.ip));
    }
  }
}

/** Calico's natOutgoing for the pool: masquerade pod traffic leaving every Calico pool. */
export function writeCalicoNat(nat: Table, pool: ParsedCidr): void {
  addRule(nat, 'POSTROUTING', { comment: 'cali:O3lYWMrLQYEMJtB5' }, { t: 'jump', chain: 'cali-POSTROUTING' }, 'calico');
  addRule(nat, 'cali-POSTROUTING', { comment: 'cali:Z-c7XtVd2Bq7s_hA' }, { t: 'jump', chain: 'cali-nat-outgoing' }, 'calico');
  addRule(
    nat,
    'cali-nat-outgoing',
    { src: pool, dst: pool, dstNot: true, comment: 'cali:flqWnvo8yq4ULQLa natOutgoing' },
    { t: 'MASQUERADE', randomFully: true },
    'calico',
  );
}

/** A top-of-rack router: one leg on the node network, the blocks it learned by BGP, a default route upstream. */
export function buildRouter(dp: Dataplane, name: string, gateway: number): Netns | undefined {
  const r = dp.topology.routers.find((x) => x.name === name);
  const ip = routerIp(dp, name);
  if (!r || ip === undefined) return undefined;
  const ns = newNetns(routerId(name), 'router');
  ns.sysctl.ipForward = true;
  const bits = dp.vpcCidr.bits;
  addDevice(ns, { name: 'eth0', kind: 'ether', mtu: 1500, mac: macFor(`router/${name}`), addrs: [{ ip, bits }], link: 'vpc' });
  addRoute(ns, { dst: dp.vpcCidr, dev: 'eth0', src: ip, type: 'unicast', proto: 'kernel', scope: 'link' });
  for (const nodeName of r.nodes) {
    const n = dp.nodesByName.get(nodeName);
    const b = n && blockOf(n);
    if (n && b) addRoute(ns, { dst: b, dev: 'eth0', via: ipToInt(n.ip), type: 'unicast', proto: 'bird' });
  }
  // Service ranges the nodes advertise (BGPConfiguration): heard from several nodes, an ECMP route.
  for (const p of advertisedServicePrefixes(dp, r.nodes)) {
    const hops = p.nodes.map((n) => ipToInt(dp.nodesByName.get(n)!.ip));
    addRoute(ns, { dst: p.dst, dev: 'eth0', via: hops[0], type: 'unicast', proto: 'bird', ...(hops.length > 1 ? { nexthops: hops } : {}) });
  }
  addRoute(ns, { dst: { base: 0, bits: 0 }, dev: 'eth0', via: gateway, type: 'unicast' });
  return ns;
}
