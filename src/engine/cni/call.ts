/**
 * The CNI call the container runtime makes when a pod lands on a node (ADD) or leaves (DEL):
 * the node's plugin chain from its conflist, each plugin's JSON on stdin and its result (or
 * error) on stdout, with the IPAM decision taken from the cluster's state. A failing plugin
 * aborts the chain, as libcni does.
 */
import { cidrContains, intToIp, ipToInt, parseCidr } from '../../model/cidr';
import { podRef } from '../../model/topology';
import type { Node, Topology } from '../../model';
import { caliName, containerId, vethName } from '../names';
import { blockOf } from './flannel';
import { portMappings, portmapEffects } from './portmap';

export interface CniStep {
  plugin: string;
  command: 'ADD' | 'DEL';
  /** What the plugin reads on stdin (network config, with prevResult when chained). */
  stdin: Record<string, unknown>;
  /** What it prints on stdout: a CNI result, or the error object. */
  stdout: Record<string, unknown>;
  ok: boolean;
}

export interface CniCall {
  command: 'ADD' | 'DEL';
  pod: string;
  node: string;
  /** CNI_* environment the runtime sets. */
  env: Record<string, string>;
  conflist: Record<string, unknown>;
  steps: CniStep[];
  ok: boolean;
  error?: string;
  /** What now exists (ADD) or is gone (DEL), in words: the veth, the address, the routes. */
  effects: string[];
  /** The same, as data: the host-side device (none for an ipvlan slave or a moved ENI) and the pod's address. */
  created?: { hostDevice?: string; address?: string };
}

export interface PodSpec {
  name: string;
  namespace: string;
  node: string;
  /** For DEL, or an ADD replayed for an existing pod: the address it has. */
  ip?: string;
}

const CNI_VERSION = '1.0.0';

/** host-local: the first free address of the node's block (not the network, the gateway or the broadcast). */
function hostLocal(t: Topology, node: Node): { ip?: number; range: string; block?: { base: number; bits: number } } {
  const block = blockOf(node);
  if (!block) return { range: '(no podCIDR)' };
  const size = 2 ** (32 - block.bits);
  const used = new Set(t.pods.filter((p) => p.node === node.name && !p.hostNetwork).map((p) => ipToInt(p.ip)));
  const first = block.base + 2;
  const last = block.base + size - 2;
  for (let ip = first; ip <= last; ip++) if (!used.has(ip)) return { ip, range: `${intToIp(first)}-${intToIp(last)}`, block };
  return { range: `${intToIp(first)}-${intToIp(last)}`, block };
}

/**
 * Simulates the runtime's CNI ADD or DEL for a pod on a node of topology `t`.
 * @example cniCall(topology, { name: 'web', namespace: 'default', node: 'node-a' }, 'ADD')
 */
export function cniCall(t: Topology, spec: PodSpec, command: 'ADD' | 'DEL'): CniCall {
  const node = t.nodes.find((n) => n.name === spec.node);
  const ref = podRef(spec);
  const cid = containerId(ref);
  const env = {
    CNI_COMMAND: command,
    CNI_CONTAINERID: cid,
    CNI_NETNS: `/var/run/netns/cni-${cid.slice(0, 8)}-${cid.slice(8, 12)}`,
    CNI_IFNAME: 'eth0',
    CNI_PATH: '/opt/cni/bin',
    CNI_ARGS: `K8S_POD_NAMESPACE=${spec.namespace};K8S_POD_NAME=${spec.name};K8S_POD_INFRA_CONTAINER_ID=${cid}`,
  };
  const base: CniCall = { command, pod: ref, node: spec.node, env, conflist: {}, steps: [], ok: false, effects: [] };
  if (!node) return { ...base, error: `no node ${spec.node}` };
  const { cni } = t.cluster;
  const steps: CniStep[] = [];
  // kubelet passes the pod's hostPorts to portmap as runtimeConfig.portMappings (the capability).
  const pod = t.pods.find((p) => p.name === spec.name && p.namespace === spec.namespace);
  const maps = pod ? portMappings(pod) : [];
  const portmapRuntime = () => (maps.length > 0 ? { runtimeConfig: { portMappings: maps } } : {});
  const hostPortEffects = (net: string, ip: number) => (pod && maps.length > 0 ? portmapEffects(net, { ...pod, ip: intToIp(ip) }) : []);
  const fail = (plugin: string, stdin: Record<string, unknown>, code: number, msg: string): CniCall => {
    steps.push({ plugin, command, stdin, stdout: { cniVersion: CNI_VERSION, code, msg }, ok: false });
    return { ...base, conflist: base.conflist, steps, ok: false, error: `${plugin}: ${msg}` };
  };

  if (cni.plugin === 'flannel') {
    const block = blockOf(node)!;
    base.conflist = {
      cniVersion: CNI_VERSION,
      name: 'cbr0',
      plugins: [
        { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    };
    const flannelIn = { cniVersion: CNI_VERSION, name: 'cbr0', type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } };
    const bridgeIn = {
      cniVersion: CNI_VERSION,
      name: 'cbr0',
      type: 'bridge',
      bridge: 'cni0',
      isGateway: true,
      isDefaultGateway: true,
      ipMasq: !cni.ipMasq,
      hairpinMode: true,
      mtu: cni.mtu,
      ipam: {
        type: 'host-local',
        ranges: [[{ subnet: `${intToIp(block.base)}/${block.bits}` }]],
        routes: [{ dst: t.cluster.podCIDR }],
        dataDir: '/var/lib/cni/networks',
      },
    };
    const ipamIn = { cniVersion: CNI_VERSION, name: 'cbr0', ipam: bridgeIn.ipam };
    const gw = `${intToIp(block.base + 1)}`;
    const veth = vethName(ref);
    if (command === 'DEL') {
      steps.push({ plugin: 'portmap', command, stdin: { cniVersion: CNI_VERSION, name: 'cbr0', type: 'portmap' }, stdout: {}, ok: true });
      steps.push({ plugin: 'flannel', command, stdin: flannelIn, stdout: {}, ok: true });
      steps.push({ plugin: 'bridge', command, stdin: bridgeIn, stdout: {}, ok: true });
      steps.push({ plugin: 'host-local', command, stdin: ipamIn, stdout: {}, ok: true });
      return {
        ...base,
        steps,
        ok: true,
        created: { hostDevice: veth, address: spec.ip },
        effects: [
          `${veth} and the pod's eth0 deleted (the pair goes with the netns)`,
          `host-local released ${spec.ip ?? 'the address'} in /var/lib/cni/networks/cbr0`,
        ],
      };
    }
    steps.push({ plugin: 'flannel', command, stdin: flannelIn, stdout: { note: 'reads /run/flannel/subnet.env and delegates to bridge' }, ok: true });
    const alloc = spec.ip ? { ip: ipToInt(spec.ip), range: '' } : hostLocal(t, node);
    if (alloc.ip === undefined)
      return fail('host-local', ipamIn, 999, `failed to allocate for range 0: no IP addresses available in range set: ${alloc.range}`);
    const ip = `${intToIp(alloc.ip)}/${block.bits}`;
    steps.push({
      plugin: 'host-local',
      command,
      stdin: ipamIn,
      stdout: { cniVersion: CNI_VERSION, ips: [{ address: ip, gateway: gw }], routes: [{ dst: t.cluster.podCIDR }] },
      ok: true,
    });
    const result = {
      cniVersion: CNI_VERSION,
      interfaces: [
        { name: 'cni0', mac: '' },
        { name: veth, mac: '' },
        { name: 'eth0', sandbox: env.CNI_NETNS },
      ],
      ips: [{ address: ip, gateway: gw, interface: 2 }],
      routes: [{ dst: t.cluster.podCIDR }, { dst: '0.0.0.0/0', gw }],
    };
    steps.push({ plugin: 'bridge', command, stdin: bridgeIn, stdout: result, ok: true });
    steps.push({
      plugin: 'portmap',
      command,
      stdin: { cniVersion: CNI_VERSION, name: 'cbr0', type: 'portmap', capabilities: { portMappings: true }, ...portmapRuntime(), prevResult: result },
      stdout: result,
      ok: true,
    });
    return {
      ...base,
      steps,
      ok: true,
      created: { hostDevice: veth, address: intToIp(alloc.ip) },
      effects: [
        `veth pair ${veth} (host, master cni0) ↔ eth0 (pod)`,
        `eth0 ${ip}, default via ${gw}`,
        `cni0 ${gw}/${block.bits} on ${node.name}`,
        ...hostPortEffects('cbr0', alloc.ip),
      ],
    };
  }

  if (cni.plugin === 'calico') {
    const block = blockOf(node)!;
    const cali = caliName(spec.namespace, spec.name);
    const calicoIn = {
      cniVersion: CNI_VERSION,
      name: 'k8s-pod-network',
      type: 'calico',
      datastore_type: 'kubernetes',
      mtu: cni.mtu,
      nodename: node.name,
      ipam: { type: 'calico-ipam' },
      policy: { type: 'k8s' },
      kubernetes: { kubeconfig: '/etc/cni/net.d/calico-kubeconfig' },
    };
    base.conflist = {
      cniVersion: CNI_VERSION,
      name: 'k8s-pod-network',
      plugins: [calicoIn, { type: 'portmap', snat: true, capabilities: { portMappings: true } }, { type: 'bandwidth', capabilities: { bandwidth: true } }],
    };
    const ipamIn = { cniVersion: CNI_VERSION, name: 'k8s-pod-network', ipam: { type: 'calico-ipam' } };
    if (command === 'DEL') {
      for (const plugin of ['bandwidth', 'portmap', 'calico', 'calico-ipam'])
        steps.push({ plugin, command, stdin: plugin === 'calico' ? calicoIn : { cniVersion: CNI_VERSION, type: plugin }, stdout: {}, ok: true });
      return {
        ...base,
        steps,
        ok: true,
        created: { hostDevice: cali, address: spec.ip },
        effects: [`${cali} deleted with its /32 route`, `calico-ipam released ${spec.ip ?? 'the address'} back to block ${intToIp(block.base)}/${block.bits}`],
      };
    }
    const alloc = spec.ip ? { ip: ipToInt(spec.ip), range: '' } : hostLocal(t, node);
    steps.push({ plugin: 'calico', command, stdin: calicoIn, stdout: { note: "asks calico-ipam for an address from the node's affine block" }, ok: true });
    if (alloc.ip === undefined)
      return fail(
        'calico-ipam',
        ipamIn,
        999,
        `failed to request 1 IPv4 addresses. IPv4 addresses available to request: 0 (block ${intToIp(block.base)}/${block.bits} of ${node.name} is full)`,
      );
    const ip = `${intToIp(alloc.ip)}/32`;
    steps.push({ plugin: 'calico-ipam', command, stdin: ipamIn, stdout: { cniVersion: CNI_VERSION, ips: [{ address: ip }] }, ok: true });
    const result = {
      cniVersion: CNI_VERSION,
      interfaces: [{ name: cali }, { name: 'eth0', sandbox: env.CNI_NETNS }],
      ips: [{ address: ip, interface: 1 }],
      routes: [{ dst: '0.0.0.0/0', gw: '169.254.1.1' }],
    };
    steps.push({
      plugin: 'portmap',
      command,
      stdin: { cniVersion: CNI_VERSION, type: 'portmap', snat: true, capabilities: { portMappings: true }, ...portmapRuntime(), prevResult: result },
      stdout: result,
      ok: true,
    });
    steps.push({ plugin: 'bandwidth', command, stdin: { cniVersion: CNI_VERSION, type: 'bandwidth', prevResult: result }, stdout: result, ok: true });
    return {
      ...base,
      steps,
      ok: true,
      created: { hostDevice: cali, address: intToIp(alloc.ip) },
      effects: [
        `veth pair ${cali} (host, proxy_arp) ↔ eth0 (pod)`,
        `eth0 ${ip}, default via 169.254.1.1`,
        `host route ${intToIp(alloc.ip)} dev ${cali} scope link`,
        ...hostPortEffects('k8s-pod-network', alloc.ip),
      ],
    };
  }

  // Terway: the plugin asks terwayd (over gRPC) for an address on one of the node's ENIs.
  const terwayIn = { cniVersion: CNI_VERSION, name: 'terway', type: 'terway', eniip_virtual_type: cni.mode === 'ipvlan-ebpf' ? 'IPVlan' : 'Veth' };
  base.conflist = { cniVersion: CNI_VERSION, name: 'terway-chainer', plugins: [terwayIn] };
  if (command === 'DEL') {
    steps.push({ plugin: 'terway', command, stdin: terwayIn, stdout: {}, ok: true });
    const hostDevice = cni.mode === 'ipvlan-ebpf' ? undefined : caliName(spec.namespace, spec.name);
    return { ...base, steps, ok: true, created: { hostDevice, address: spec.ip }, effects: [`terwayd released ${spec.ip ?? 'the address'} back to its ENI`] };
  }
  const used = new Map<string, number>();
  for (const p of t.pods) if (p.node === node.name && p.eni) used.set(p.eni, (used.get(p.eni) ?? 0) + 1);
  const eni = node.enis.find((e) => (used.get(e.name) ?? 0) < (cni.mode === 'eni-exclusive' ? 1 : e.maxIPs));
  if (!eni)
    return fail(
      'terway',
      terwayIn,
      999,
      `alloc ip failed: no free IP on the ENIs of ${node.name} (${node.enis.map((e) => `${e.name} ${used.get(e.name) ?? 0}/${cni.mode === 'eni-exclusive' ? 1 : e.maxIPs}`).join(', ') || 'no secondary ENI'})`,
    );
  const vsw = t.cluster.vpc.vswitches.map((v) => parseCidr(v.cidr)!).find((c) => cidrContains(c, node.ip)) ?? parseCidr(t.cluster.vpc.cidr)!;
  const taken = new Set([...t.pods.map((p) => ipToInt(p.ip)), ...t.nodes.map((n) => ipToInt(n.ip))]);
  let ip = spec.ip ? ipToInt(spec.ip) : vsw.base + 3;
  if (!spec.ip) while (taken.has(ip)) ip++;
  const result = {
    cniVersion: CNI_VERSION,
    interfaces: [{ name: 'eth0', sandbox: env.CNI_NETNS }],
    ips: [{ address: `${intToIp(ip)}/${vsw.bits}`, gateway: intToIp(vsw.base + 2 ** (32 - vsw.bits) - 3) }],
  };
  steps.push({ plugin: 'terway', command, stdin: terwayIn, stdout: result, ok: true });
  const how =
    cni.mode === 'ipvlan-ebpf'
      ? `eth0 is an ipvlan slave of ${eni.name}; eBPF attached to its tc hooks`
      : cni.mode === 'eni-exclusive'
        ? `${eni.name} moved into the pod as eth0`
        : `veth pair ${caliName(spec.namespace, spec.name)} ↔ eth0, ip rule from ${intToIp(ip)} lookup the ${eni.name} table`;
  const hostDevice = cni.mode === 'ipvlan-ebpf' ? undefined : caliName(spec.namespace, spec.name);
  // Terway's default 10-terway.conf is one plugin: no portmap runs, so hostPorts map nothing.
  const noPortmap = maps.map((m) => `hostPort ${m.hostPort}/${m.protocol} not mapped: ${base.conflist.name} chains no portmap plugin`);
  return {
    ...base,
    steps,
    ok: true,
    created: { hostDevice, address: intToIp(ip) },
    effects: [`${intToIp(ip)} is a secondary IP of ENI ${eni.name} (${eni.mac})`, how, ...noPortmap],
  };
}
