/**
 * Compiles a topology into the dataplane: global indexes now, each namespace's kernel
 * state (devices, routes, netfilter, IPVS) the first time something asks for it.
 */
import { cidrContains, ipToInt, parseCidr, type ParsedCidr } from '../model/cidr';
// NOTE: from topology.ts, not the model's index, which also exports the YAML reader (the worker loads it lazily).
import { podRef } from '../model/topology';
import { podSelector } from '../model/selector';
import type { Node, Pod, ServicePort, Topology } from '../model';
import type { Dataplane, EndpointInfo, Listener, Netns, ServicePortInfo } from './dataplane';
import { addDevice, addressedDevices, addRoute, lpm, newNetns } from './netns';
import { macFor } from './names';
import { blockOf, buildFlannelNode, buildFlannelPod, writeFlannelMasqBlock, writeFlannelMasqShared } from './cni/flannel';
import { newTable, addRule, sharedIfUnwritten, type L4, type Table } from './netfilter/table';
import { iptablesFixedVariant, writeIptablesFixed } from './proxy/iptables';
import { fixedTables } from './proxy/fixed-tables';
import { attachIptablesState } from './proxy/iptables-state';
import { addKubeIpvs0, hasIpvsFilter, ipvsFixedVariant, ipvsFlags, ipvsNodePortIPs, writeIpvsFixed, type IpvsFlags } from './proxy/ipvs';
import { attachIpvsState, shareIpvsState } from './proxy/ipvs-state';
import { firewalledPorts, localPolicyPortsOn, servicePortsOnNodes, sourceRangePortsHolding } from './proxy/endpoints';
import { localDetector } from './proxy/local-detector';
import { matchingNodeIPs, nodePortAddressesOf, routeLocalnet } from './proxy/nodeport-addresses';
import { kubeProxyFlags } from '../model/defaults';
import { buildSlbs, buildVpcRoutes, gatewayFor, subnetFor } from './cloud/vpc';
// NOTE: Calico and Terway through the registry, so the worker loads them only for documents that use them.
import { wiringModule } from './wiring-modules';
import { writePortmap } from './cni/portmap';
import { externalId, nodeId, podId, routerId } from '../model/element-id';

/** Why compile refused a document (the validator accepts more than the engine models yet). */
export class UnsupportedError extends Error {}

/**
 * Builds the dataplane for a validated topology.
 * @example const dp = compile(parseTopology(text).topology)
 */
export function compile(topology: Topology): Dataplane {
  const { cluster } = topology;
  if (cluster.kubeProxy.mode === 'ebpf' && !(cluster.cni.plugin === 'terway' && cluster.cni.mode === 'ipvlan-ebpf')) {
    throw new UnsupportedError(`cluster.kubeProxy.mode: ebpf is simulated only with terway ipvlan-ebpf; for ${cluster.cni.plugin} use iptables or ipvs`);
  }
  const nodesByName = new Map(topology.nodes.map((n) => [n.name, n]));
  const podsByRef = new Map(topology.pods.map((p) => [podRef(p), p]));
  const externalsByName = new Map(topology.externals.map((e) => [e.name, e]));
  const podsOnNode = new Map<string, Pod[]>();
  // The nodes with a pod on the host's network or mapping a hostPort (portmap's rules), noted in this
  // one pass over the pods: most nodes have neither, and a node's first touch read its 30 pods and
  // their port lists to find that out, a cache miss or two each.
  const hostPodsOn = new Set<string>();
  for (const p of topology.pods) {
    const list = podsOnNode.get(p.node) ?? [];
    list.push(p);
    podsOnNode.set(p.node, list);
    if (p.hostNetwork || p.ports.some((c) => c.hostPort)) hostPodsOn.add(p.node);
  }

  const owners = new Map<number, string>();
  for (const n of topology.nodes) {
    owners.set(ipToInt(n.ip), nodeId(n.name));
    for (const s of n.secondaryIPs) owners.set(ipToInt(s), nodeId(n.name));
    for (const f of n.interfaces) owners.set(ipToInt(f.ip), nodeId(n.name));
  }
  for (const p of topology.pods) if (!p.hostNetwork) owners.set(ipToInt(p.ip), podId(p));
  for (const e of topology.externals) owners.set(ipToInt(e.ip), externalId(e.name));
  // Routers without an address take the first free ones of the node network.
  const routerIps = new Map<string, number>();
  const vpcBase = parseCidr(cluster.vpc.cidr)!.base;
  let next = vpcBase + 1;
  for (const r of topology.routers) {
    let ip: number;
    if (r.ip) ip = ipToInt(r.ip);
    else {
      while (owners.has(next)) next++;
      ip = next++;
    }
    routerIps.set(r.name, ip);
    owners.set(ip, routerId(r.name));
  }

  const lbs = new Map(topology.loadBalancers.map((l) => [l.name, l]));
  const select = podSelector(topology.pods);
  const servicePorts: ServicePortInfo[] = [];
  for (const svc of topology.services) {
    const selected = select(svc.namespace, svc.selector);
    const lb = svc.type === 'LoadBalancer' && svc.loadBalancer ? lbs.get(svc.loadBalancer) : undefined;
    for (const port of svc.ports) {
      const endpoints: EndpointInfo[] = selected.flatMap((p) => {
        const at = findPort(p, port);
        if (at === undefined) return [];
        return [
          {
            pod: p,
            ip: ipToInt(p.hostNetwork ? nodesByName.get(p.node)!.ip : p.ip),
            port: at,
            node: p.node,
            serving: p.ready,
            terminating: p.terminating,
            ready: p.ready && !p.terminating,
          },
        ];
      });
      servicePorts.push({
        svc,
        port,
        spn: `${svc.namespace}/${svc.name}${port.name ? `:${port.name}` : ''}`,
        clusterIP: ipToInt(svc.clusterIP),
        externalIPs: svc.externalIPs.map(ipToInt),
        lbIP: lb ? ipToInt(lb.ip) : undefined,
        lbIPs: lb ? [lb.ip, ...(lb.secondaryIPs ?? [])].map(ipToInt) : [],
        lb,
        endpoints,
      });
    }
  }

  const spsByAddr = new Map<number, number[]>();
  const spsByNodePort = new Map<number, number[]>();
  const push = (m: Map<number, number[]>, k: number, i: number) => {
    const l = m.get(k);
    if (!l) m.set(k, [i]);
    else if (l[l.length - 1] !== i) l.push(i);
  };
  const nodesWithEndpoints = new Set<string>();
  servicePorts.forEach((sp, i) => {
    push(spsByAddr, sp.clusterIP, i);
    for (const e of sp.externalIPs) push(spsByAddr, e, i);
    for (const ip of sp.lbIPs) push(spsByAddr, ip, i);
    if (sp.port.nodePort !== undefined) push(spsByNodePort, sp.port.nodePort, i);
    for (const e of sp.endpoints) nodesWithEndpoints.add(e.node);
  });
  const flags = ipvsFlags(servicePorts);

  const podCidr = cluster.podCIDR ? parseCidr(cluster.podCIDR) : undefined;
  const vpcCidr = parseCidr(cluster.vpc.cidr)!;
  const cache = new Map<string, Netns | null>();
  const dp: Dataplane = {
    topology,
    podCidr,
    serviceCidr: parseCidr(cluster.serviceCIDR)!,
    vpcCidr,
    nodesByName,
    podsByRef,
    externalsByName,
    owners,
    servicePorts,
    spsByAddr,
    spsByNodePort,
    nodesWithEndpoints,
    vpcRoutes: [],
    slbs: new Map(),
    routerIps,
    lastWalk: undefined,
    ns(id) {
      let ns = cache.get(id);
      if (ns === undefined) {
        ns = buildNs(dp, id, podsOnNode, hostPodsOn, flags) ?? null;
        cache.set(id, ns);
      }
      return ns ?? undefined;
    },
    nsIds() {
      return [
        ...topology.nodes.map((n) => nodeId(n.name)),
        ...topology.pods.filter((p) => !p.hostNetwork).map((p) => podId(p)),
        ...topology.externals.map((e) => externalId(e.name)),
        ...topology.routers.map((r) => routerId(r.name)),
      ];
    },
  };
  dp.vpcRoutes = buildVpcRoutes(dp);
  dp.slbs = buildSlbs(dp);
  shareClusterState(dp);
  return dp;
}

/**
 * What every node shares, built here, once per document, rather than by whichever trace first
 * needs it (that trace paid ~10 ms at 1,000 nodes): the service ports by node, the firewalled
 * ones, the host listeners, IPVS's sets and bound addresses, the VPC route table's index.
 */
function shareClusterState(dp: Dataplane): void {
  servicePortsOnNodes(dp);
  firewalledPorts(dp);
  // Their per-cluster indexes (each service port's traffic policy, the source ranges grouped), made by a first call.
  localPolicyPortsOn(dp, '');
  sourceRangePortsHolding(dp, 0);
  hostListeners(dp);
  if (dp.topology.cluster.kubeProxy.mode === 'ipvs') shareIpvsState(dp);
  lpm(dp.vpcRoutes, 0);
}

/**
 * The pod's port for a service port, as the EndpointSlice controller finds it (kubernetes
 * pkg/api/v1/pod FindPort, called by endpointslice getEndpointPorts): a numeric targetPort is
 * used as it is, whatever the pod declares; a named one is the pod's container port of that name
 * and protocol, and a pod without one is not an endpoint of this port.
 */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  return pod.ports.find((cp) => cp.name === port.targetPort && cp.protocol === port.protocol)?.containerPort;
}

function buildNs(dp: Dataplane, id: string, podsOnNode: Map<string, Pod[]>, hostPodsOn: Set<string>, flags: IpvsFlags): Netns | undefined {
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  const name = id.slice(colon + 1);
  if (kind === 'pod') {
    const pod = dp.podsByRef.get(name);
    if (!pod) return undefined;
    if (pod.hostNetwork) return dp.ns(nodeId(pod.node));
    const node = dp.nodesByName.get(pod.node)!;
    switch (dp.topology.cluster.cni.plugin) {
      case 'flannel':
        return buildFlannelPod(dp, pod, node, id);
      case 'calico':
        return wiringModule('calico').buildCalicoPod(dp, pod, node, id);
      case 'terway':
        return wiringModule('terway').buildTerwayPod(dp, pod, node, id);
    }
  }
  if (kind === 'router') return wiringModule('calico').buildRouter(dp, name, gatewayFor(dp.vpcCidr));
  if (kind === 'node') {
    const node = dp.nodesByName.get(name);
    return node ? buildNode(dp, node, podsOnNode.get(node.name) ?? [], hostPodsOn.has(name), flags) : undefined;
  }
  if (kind === 'external') {
    const ext = dp.externalsByName.get(name);
    return ext ? buildHost(id, ipToInt(ext.ip), ext.network) : undefined;
  }
  return undefined;
}

/** An outside host: one interface, a default route, listening on every port. */
export function buildHost(id: string, ip: number, network: 'internet' | 'vpc'): Netns {
  const ns = newNetns(id, 'external');
  addDevice(ns, { name: 'eth0', kind: 'ether', mtu: 1500, mac: macFor(`${id}/eth0`), addrs: [{ ip, bits: 32 }], link: network });
  addRoute(ns, { dst: { base: 0, bits: 0 }, dev: 'eth0', type: 'unicast' });
  return ns;
}

/** Every distinct set of node sysctls, frozen: nodes with the same settings share one object. */
const NODE_SYSCTLS = new Map<string, Netns['sysctl']>();

/**
 * A node's sysctls, shared by every node with the same settings: each node held its own, an object
 * of its own that every packet through the node read (ip_forward, rp_filter, br_netfilter), last
 * read a thousand traces earlier at 1,000 nodes. Frozen, so a write meant for one node fails rather than reaching them all.
 */
function nodeSysctls(kernel: Node['kernel'], localnet: boolean): Netns['sysctl'] {
  const key = `${kernel.ipForward} ${kernel.rpFilter} ${kernel.bridgeNfCallIptables} ${localnet}`;
  let s = NODE_SYSCTLS.get(key);
  if (!s) {
    s = Object.freeze({ ipForward: kernel.ipForward, rpFilter: kernel.rpFilter, bridgeNfCallIptables: kernel.bridgeNfCallIptables, routeLocalnet: localnet });
    NODE_SYSCTLS.set(key, s);
  }
  return s;
}

/** `hostPods`: whether a pod of `pods` is on the host's network or maps a hostPort. */
function buildNode(dp: Dataplane, node: Node, pods: Pod[], hostPods: boolean, flags: IpvsFlags): Netns {
  const { cluster } = dp.topology;
  const ns = newNetns(nodeId(node.name), 'node', node.name);
  ns.conntrack = true;
  const npa = nodePortAddressesOf(cluster, node);
  ns.sysctl = nodeSysctls(node.kernel, routeLocalnet(cluster, npa));
  const ip = ipToInt(node.ip);
  const subnet: ParsedCidr = subnetFor(dp, ip);
  const eth0 = addDevice(ns, {
    name: 'eth0',
    kind: 'ether',
    mtu: node.kernel.mtu,
    mac: macFor(`${node.name}/eth0`),
    addrs: [{ ip, bits: subnet.bits }, ...node.secondaryIPs.map((s) => ({ ip: ipToInt(s), bits: subnet.bits }))],
    link: 'vpc',
  });
  addRoute(ns, { dst: { base: 0, bits: 0 }, dev: 'eth0', via: gatewayFor(subnet), type: 'unicast' });
  addRoute(ns, { dst: subnet, dev: 'eth0', src: ip, type: 'unicast', proto: 'kernel', scope: 'link' });
  const plugin = cluster.cni.plugin;
  if (plugin === 'flannel' && blockOf(node)) buildFlannelNode(dp, ns, node, pods, eth0, hostPods);
  if (plugin === 'calico' && blockOf(node)) wiringModule('calico').buildCalicoNode(dp, ns, node, pods, eth0);
  if (plugin === 'terway') wiringModule('terway').buildTerwayNode(dp, ns, node, pods);

  applyNodeFaults(dp, ns, node);

  // Sockets on the host: sshd, kubelet, kube-proxy healthz, and hostNetwork pods' ports.
  const hostNetworkPorts: Listener[] = [];
  if (hostPods) for (const p of pods) if (p.hostNetwork) for (const cp of p.ports) hostNetworkPorts.push({ proto: cp.protocol, port: cp.containerPort });
  ns.listeners = hostNetworkPorts.length === 0 ? hostListeners(dp) : [...hostListeners(dp), ...hostNetworkPorts];

  const opts = {
    node: node.name,
    nodeIP: ipToInt(node.ip),
    local: localDetector(cluster, blockOf(node)),
    masqueradeAll: cluster.kubeProxy.masqueradeAll,
    version: cluster.kubeProxy.version,
  };
  const ipvs = cluster.kubeProxy.mode === 'ipvs';
  if (ipvs) addKubeIpvs0(ns, node.name);
  const ipvsVariant = ipvs ? ipvsFixedVariant(opts, flags, dp.nodesWithEndpoints.has(node.name)) : undefined;
  // GetNodeIPs matters only to a filtered --nodeport-addresses (with none, one `--dst-type LOCAL` rule).
  const tail = ipvs
    ? undefined
    : {
        npa,
        nodeIPs: npa.matchAll ? [] : matchingNodeIPs(ns, npa),
        localhostNodePorts: kubeProxyFlags(cluster.kubeProxy, cluster.podCIDR).localhostNodePorts,
      };
  const block = blockOf(node);
  // flanneld's masquerade is the same on every node but for the node's block: its shared rules go with the fixed ones.
  const flannelMasq = plugin === 'flannel' && cluster.cni.ipMasq && dp.podCidr && block ? dp.podCidr : undefined;
  const writeFixed = (nat: Table, filter: Table) => {
    if (ipvsVariant) writeIpvsFixed(nat, filter, ipvsVariant, flags);
    else writeIptablesFixed(nat, filter, tail!);
    if (flannelMasq) writeFlannelMasqShared(nat, flannelMasq);
  };
  let nat: Table;
  let filter: Table;
  const variant = ipvsVariant ?? iptablesFixedVariant(tail!);
  if (node.filter.length === 0) ({ nat, filter } = fixedTables(dp, flannelMasq ? { variant, flannelMasq: true } : variant, writeFixed));
  else {
    nat = newTable('nat');
    filter = newTable('filter');
    // User rules first, as `iptables -I` puts them.
    for (const r of node.filter) {
      addRule(
        filter,
        r.chain,
        {
          proto: r.proto as L4 | undefined,
          src: r.source ? parseCidr(r.source) : undefined,
          dst: r.destination ? parseCidr(r.destination) : undefined,
          dport: r.dport,
        },
        r.action === 'REJECT' ? { t: 'REJECT', with: 'icmp-port-unreachable' } : { t: r.action },
        'user',
      );
    }
    writeFixed(nat, filter);
  }
  // KUBE-IPVS-IPS exists for KUBE-IPVS-FILTER alone (its only match), so it comes and goes with it.
  if (ipvs) attachIpvsState(dp, ns, opts, ipvsNodePortIPs(ns, npa), hasIpvsFilter(opts.version));
  else attachIptablesState(dp, ns, nat, filter, opts);
  if (flannelMasq) writeFlannelMasqBlock(nat, flannelMasq, block!);
  if (plugin === 'calico' && cluster.cni.ipMasq && dp.podCidr) wiringModule('calico').writeCalicoNat(nat, dp.podCidr);
  if (hostPods) writePortmap(nat, plugin, pods);
  // Extra nat rules a user appended (`iptables -t nat -A …`), after everything the cluster wrote.
  for (const r of node.nat) {
    const c = (x?: string) => (x ? parseCidr(x) : undefined);
    const [toIp, toPort] = (r.to ?? '').split(':');
    const target =
      r.action === 'MASQUERADE'
        ? ({ t: 'MASQUERADE' } as const)
        : r.action === 'RETURN'
          ? ({ t: 'RETURN' } as const)
          : r.action === 'SNAT'
            ? ({ t: 'SNAT', ip: ipToInt(toIp!) } as const)
            : ({ t: 'DNAT', ip: ipToInt(toIp!), port: toPort ? Number(toPort) : undefined } as const);
    addRule(
      nat,
      r.chain,
      { proto: r.proto as L4 | undefined, src: c(r.source), dst: c(r.destination), outIface: r.outInterface, dport: r.dport },
      target,
      'user',
    );
  }
  ns.nat = sharedIfUnwritten(nat);
  ns.filter = sharedIfUnwritten(filter);
  return ns;
}

const hostListenersOf = new WeakMap<Dataplane, Listener[]>();

/**
 * What listens on every node: sshd, the kubelet, kube-proxy's healthz and each healthCheckNodePort
 * kube-proxy serves (pkg/proxy/healthcheck/service_health.go). The same on every node: listed once
 * and shared by the nodes without hostNetwork pods (a 1,000-node cluster has hundreds of them).
 */
function hostListeners(dp: Dataplane): Listener[] {
  let l = hostListenersOf.get(dp);
  if (!l) {
    l = [
      { proto: 'TCP', port: 22 },
      { proto: 'TCP', port: 10250 },
      { proto: 'TCP', port: 10256 },
      ...dp.topology.services.flatMap((s) => (s.healthCheckNodePort !== undefined ? [{ proto: 'TCP' as const, port: s.healthCheckNodePort }] : [])),
    ];
    hostListenersOf.set(dp, l);
  }
  return l;
}

/**
 * The faults a troubleshooting lesson switches on: extra interfaces, routes added or removed
 * by hand, links set down. Applied after the CNI built the node, as an operator would.
 */
function applyNodeFaults(dp: Dataplane, ns: Netns, node: Node): void {
  // Most nodes have none: their first touch need not walk four empty lists.
  if (node.interfaces.length + node.routes.length + node.deletedRoutes.length + node.linksDown.length === 0) return;
  for (const f of node.interfaces) {
    const ip = ipToInt(f.ip);
    const subnet = subnetFor(dp, ip);
    addDevice(ns, {
      name: f.name,
      kind: 'ether',
      mtu: node.kernel.mtu,
      mac: macFor(`${node.name}/${f.name}`),
      addrs: [{ ip, bits: subnet.bits }],
      link: 'vpc',
      up: f.up,
    });
    // A second interface in the same subnet adds a second connected route (the first one wins).
    addRoute(ns, { dst: subnet, dev: f.name, src: ip, type: 'unicast', proto: 'kernel', scope: 'link' });
  }
  for (const r of node.routes) {
    const dst = parseCidr(r.dst)!;
    const via = r.via ? ipToInt(r.via) : undefined;
    const dev =
      r.dev ??
      (via !== undefined
        ? [...addressedDevices(ns)].find((d) => d.addrs.some((a) => cidrContains({ base: a.ip - (a.ip % 2 ** (32 - a.bits)), bits: a.bits }, via)))?.name
        : undefined) ??
      'eth0';
    // `ip route add … dev X` fails when there is no X ("Cannot find device"): no route is added.
    if (!ns.devices.has(dev)) continue;
    // `ip route add` puts the user's route ahead of an equal prefix the CNI installed.
    ns.routes.unshift({ dst, dev, via, type: 'unicast', proto: 'static' });
  }
  for (const d of node.deletedRoutes) {
    const c = parseCidr(d)!;
    const gone = ns.routes.filter((r) => r.dst.base === c.base && r.dst.bits === c.bits);
    ns.routes = ns.routes.filter((r) => !gone.includes(r));
    (ns.deletedRoutes ??= []).push(...gone);
  }
  for (const name of node.linksDown) {
    const dev = ns.devices.get(name);
    // NOTE: `lo` is one object shared by every namespace (netns.ts LOOPBACK); validation refuses `lo` here (not a node
    // device). Allowing it would need a copy of it in this namespace first.
    if (dev) dev.up = false;
  }
}
