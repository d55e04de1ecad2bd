/**
 * Alibaba Terway: pods take secondary IPs of the node's secondary ENIs (vSwitch addresses).
 * - ipvlan-ebpf: each pod's eth0 is an ipvlan slave of its ENI; the host reaches pods through
 *   its own slave ipvl_N; services are resolved by eBPF on tc of the pod's eth0.
 * - eniip: a veth pair per pod (host side named like Calico's, as Terway does) and policy
 *   routing that sends the pod's traffic out of its ENI.
 * - eni-exclusive: the ENI itself is moved into the pod; a veth to the host carries service traffic.
 */
import { ipToInt, parseCidr } from '../../model/cidr';
import { podRef } from '../../model/topology';
import type { Node, Pod } from '../../model';
import type { Dataplane, Device, Netns } from '../dataplane';
import { addDevice, addRoute, newNetns } from '../netns';
import { caliName, macFor } from '../names';
import { gatewayFor, subnetFor } from '../cloud/vpc';
import { CALICO_GATEWAY } from './calico';
import { nodeId, podId } from '../../model/element-id';

/** Terway resolves LoadBalancer/external IPs in eBPF from 1.2.0 on; before, the host's IPVS does. */
export function ebpfHandlesExternal(version: string | undefined): boolean {
  if (!version) return true;
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  if (!m) return true;
  const major = Number(m[1]);
  return major > 1 || (major === 1 && Number(m[2]) >= 2);
}

/**
 * Cilium's default service loopback address (pkg/defaults: `LoopbackIPv4 = "169.254.42.1"`),
 * which Terway does not override. bpf/lib/lb.h lb4_local: `if (saddr == backend->address) {
 * new_saddr = IPV4_LOOPBACK; state->loopback = 1; }`.
 */
export const SERVICE_LOOPBACK = 0xa9fe2a01;

/**
 * Terway hands a pod's hairpin (itself picked as its service's backend) back to it from 1.2.0 on:
 * terway commit 92223952 "feat: support hairpin with ipvlan" (PR #300, first tagged v1.2.0-rc.1)
 * sets the endpoint's HostMac to the container's MAC so the delivery back into the pod works;
 * policy/cilium/0016-bpf-fix-hairpin.patch redirects the packet to the ingress of the same
 * interface (`ctx_redirect(ctx, ep->ifindex, BPF_F_INGRESS)`) instead of leaking it to the master.
 */
export function ebpfHairpin(version: string | undefined): boolean {
  return ebpfHandlesExternal(version);
}

/** The host's own ipvlan slave of an ENI: "ipvl_" + the master's interface index. */
export function hostSlaveName(eni: Device): string {
  return `ipvl_${eni.ifindex}`;
}

export function buildTerwayPod(dp: Dataplane, pod: Pod, node: Node, id: string): Netns {
  const { cni } = dp.topology.cluster;
  const ns = newNetns(id, 'pod', node.name);
  const ip = ipToInt(pod.ip);
  const subnet = subnetFor(dp, ip);
  const gw = gatewayFor(subnet);
  const eniName = pod.eni ?? 'eth1';
  if (cni.mode === 'ipvlan-ebpf') {
    addDevice(ns, {
      name: 'eth0',
      kind: 'ipvlan',
      mtu: cni.mtu,
      mac: macFor(`${node.name}/${eniName}`),
      addrs: [{ ip, bits: subnet.bits }],
      ipvlanMaster: { ns: nodeId(node.name), dev: eniName },
    });
    addRoute(ns, { dst: { base: 0, bits: 0 }, dev: 'eth0', via: gw, type: 'unicast' });
    addRoute(ns, { dst: subnet, dev: 'eth0', src: ip, type: 'unicast', proto: 'kernel', scope: 'link' });
    ns.ebpf = {
      externalIPs: ebpfHandlesExternal(cni.version),
      hostRedirect: '',
      hostNs: nodeId(node.name),
      ...(ebpfHairpin(cni.version) ? { hairpinLoopback: SERVICE_LOOPBACK } : {}),
    };
  } else if (cni.mode === 'eni-exclusive') {
    const eni = node.enis.find((e) => e.name === eniName);
    addDevice(ns, {
      name: 'eth0',
      kind: 'ether',
      mtu: node.kernel.mtu,
      mac: eni?.mac ?? macFor(`${podRef(pod)}/eni`),
      addrs: [{ ip, bits: subnet.bits }],
      link: 'vpc',
    });
    addDevice(ns, {
      name: 'veth1',
      kind: 'veth',
      mtu: cni.mtu,
      mac: macFor(`${podRef(pod)}/veth1`),
      addrs: [],
      peer: { ns: nodeId(node.name), dev: caliName(pod.namespace, pod.name) },
    });
    addRoute(ns, { dst: { base: 0, bits: 0 }, dev: 'eth0', via: gw, type: 'unicast' });
    addRoute(ns, { dst: subnet, dev: 'eth0', src: ip, type: 'unicast', proto: 'kernel', scope: 'link' });
    // Services and the node are reached through the host, where kube-proxy resolves them.
    addRoute(ns, { dst: parseCidr(dp.topology.cluster.serviceCIDR)!, dev: 'veth1', via: CALICO_GATEWAY, type: 'unicast', onlink: true });
    addRoute(ns, { dst: { base: ipToInt(node.ip), bits: 32 }, dev: 'veth1', via: CALICO_GATEWAY, type: 'unicast', onlink: true });
  } else {
    addDevice(ns, {
      name: 'eth0',
      kind: 'veth',
      mtu: cni.mtu,
      mac: macFor(`${podRef(pod)}/eth0`),
      addrs: [{ ip, bits: 32 }],
      peer: { ns: nodeId(node.name), dev: caliName(pod.namespace, pod.name) },
    });
    addRoute(ns, { dst: { base: 0, bits: 0 }, dev: 'eth0', via: CALICO_GATEWAY, type: 'unicast' });
    addRoute(ns, { dst: { base: CALICO_GATEWAY, bits: 32 }, dev: 'eth0', type: 'unicast', scope: 'link' });
  }
  if (pod.ports.length > 0) ns.listeners = pod.ports.map((p) => ({ proto: p.protocol, port: p.containerPort }));
  return ns;
}

export function buildTerwayNode(dp: Dataplane, ns: Netns, node: Node, pods: Pod[]): void {
  const { cni } = dp.topology.cluster;
  const nodeIp = ipToInt(node.ip);
  const enis = new Map<string, Device>();
  for (const e of node.enis) {
    enis.set(e.name, addDevice(ns, { name: e.name, kind: 'ether', mtu: node.kernel.mtu, mac: e.mac, addrs: [], link: 'vpc' }));
  }
  const local = pods.filter((p) => !p.hostNetwork);
  if (cni.mode === 'ipvlan-ebpf') {
    for (const eni of enis.values()) {
      eni.ipvlanSlaves = new Map();
      addDevice(ns, { name: hostSlaveName(eni), kind: 'ipvlan', mtu: cni.mtu, mac: eni.mac, addrs: [], ipvlanMaster: { ns: ns.id, dev: eni.name } });
    }
    for (const p of local) {
      const eni = enis.get(p.eni ?? '');
      if (!eni) continue;
      eni.ipvlanSlaves!.set(ipToInt(p.ip), { ns: podId(p), dev: 'eth0' });
      addRoute(ns, { dst: { base: ipToInt(p.ip), bits: 32 }, dev: hostSlaveName(eni), src: nodeIp, type: 'unicast', scope: 'link' });
    }
    return;
  }
  // eniip and eni-exclusive: a veth per pod, a /32 route to it.
  for (const p of local) {
    const cali = caliName(p.namespace, p.name);
    const podDev = cni.mode === 'eni-exclusive' ? 'veth1' : 'eth0';
    addDevice(ns, { name: cali, kind: 'veth', mtu: cni.mtu, mac: 'ee:ee:ee:ee:ee:ee', addrs: [], peer: { ns: podId(p), dev: podDev } });
    addRoute(ns, { dst: { base: ipToInt(p.ip), bits: 32 }, dev: cali, type: 'unicast', scope: 'link' });
  }
  if (cni.mode !== 'eniip') return;
  // Policy routing: a pod's own traffic leaves by its ENI (table 1000 + the ENI's ifindex).
  ns.rules = [];
  ns.tables = new Map();
  for (const p of local) {
    const eni = enis.get(p.eni ?? '');
    if (!eni) continue;
    const ip = ipToInt(p.ip);
    const table = 1000 + eni.ifindex;
    ns.rules.push({ priority: 512, to: { base: ip, bits: 32 }, table: 254 });
    ns.rules.push({ priority: 2048, from: { base: ip, bits: 32 }, table });
    if (!ns.tables.has(table)) {
      const subnet = subnetFor(dp, ip);
      ns.tables.set(table, [
        { dst: { base: 0, bits: 0 }, dev: eni.name, via: gatewayFor(subnet), type: 'unicast' },
        { dst: subnet, dev: eni.name, type: 'unicast', scope: 'link' },
      ]);
    }
  }
  ns.rules.sort((a, b) => a.priority - b.priority);
}
