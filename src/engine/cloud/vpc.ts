/**
 * The cloud around the cluster: the VPC's vSwitches and route table (one custom entry per
 * node block in Flannel's vpc-route mode), and SLBs whose backend groups the cloud
 * controller derives from each service's externalTrafficPolicy.
 */
import { cidrContains, ipToInt, parseCidr, type ParsedCidr } from '../../model/cidr';
import type { LoadBalancer } from '../../model';
import type { Dataplane, ServicePortInfo, Slb, VpcRoute } from '../dataplane';
import { blockOf } from '../cni/flannel';
import { advertisedServicePrefixes } from '../cni/bgp-services';
import { readyEndpointsByNode } from '../proxy/endpoints';
import { NodeBackends, NodeList, PodBackends, type BackendGroup, type HealthCheck } from './backends';

/** The vSwitch holding `ip`, or the whole VPC when the document lists none. */
export function subnetFor(dp: Dataplane, ip: number): ParsedCidr {
  for (const v of dp.topology.cluster.vpc.vswitches) {
    const c = parseCidr(v.cidr);
    if (c && cidrContains(c, ip)) return c;
  }
  return dp.vpcCidr;
}

/** A VPC forwards standard Ethernet-sized packets unless the document says otherwise (jumbo frames). */
export const DEFAULT_VPC_MTU = 1500;

/** Alibaba Cloud puts a vSwitch's gateway at its .253 (the last usable address but one). */
export function gatewayFor(subnet: ParsedCidr): number {
  return subnet.base + 2 ** (32 - subnet.bits) - 3;
}

/** An entry in VpcRoute's one shape, what the walk keeps on it present from the start (fields added later would give it another hidden class). */
const entry = (dst: ParsedCidr, kind: VpcRoute['kind'], target: VpcRoute['target'], node = '', ip = 0): VpcRoute => ({
  dst,
  target,
  node,
  ip,
  kind,
  owner: undefined,
  ns: undefined,
  dev: undefined,
});

export function buildVpcRoutes(dp: Dataplane): VpcRoute[] {
  const routes: VpcRoute[] = [];
  const { vpc, cni } = dp.topology.cluster;
  const switches = vpc.vswitches.length > 0 ? vpc.vswitches.map((v) => parseCidr(v.cidr)!) : [dp.vpcCidr];
  for (const s of switches) routes.push(entry(s, 'system', 'local'));
  for (const e of dp.topology.externals) {
    if (e.network === 'vpc') routes.push(entry({ base: ipToInt(e.ip), bits: 32 }, 'custom', 'local'));
  }
  // Blocks a top-of-rack router learned by BGP are reachable through it from the rest of the network.
  for (const r of dp.topology.routers) {
    const rip = dp.routerIps.get(r.name);
    if (rip === undefined) continue;
    for (const n of r.nodes) {
      const node = dp.nodesByName.get(n);
      const b = node && blockOf(node);
      if (b) routes.push(entry(b, 'custom', 'instance', `router ${r.name}`, rip));
    }
    for (const p of advertisedServicePrefixes(dp, r.nodes)) routes.push(entry(p.dst, 'custom', 'instance', `router ${r.name}`, rip));
  }
  if (cni.plugin === 'flannel' && cni.mode === 'vpc-route') {
    for (const n of dp.topology.nodes) {
      const b = blockOf(n);
      if (b) routes.push(entry(b, 'custom', 'instance', n.name, ipToInt(n.ip)));
    }
  }
  // Static entries to a node, e.g. the service CIDR: the node's kube-proxy then handles the ClusterIP.
  for (const r of vpc.routes ?? []) {
    const node = dp.nodesByName.get(r.node);
    if (node) routes.push(entry(parseCidr(r.dst)!, 'custom', 'instance', node.name, ipToInt(node.ip)));
  }
  routes.push(entry({ base: 0, bits: 0 }, 'system', 'internet'));
  const deleted = vpc.deletedRoutes.map((d) => parseCidr(d)!);
  return routes.filter((r) => !(r.kind === 'custom' && deleted.some((d) => d.base === r.dst.base && d.bits === r.dst.bits)));
}

export function buildSlbs(dp: Dataplane): Map<number, Slb> {
  const slbs = new Map<number, Slb>();
  for (const lb of dp.topology.loadBalancers) {
    // One load balancer, one set of listeners, on each of its addresses.
    const slb: Slb = { lb, ip: ipToInt(lb.ip), listeners: [] };
    for (const ip of [lb.ip, ...(lb.secondaryIPs ?? [])]) slbs.set(ipToInt(ip), slb);
  }
  // Each service's ports, gathered once: a health check per node then costs a map lookup.
  const spsOfSvc = new Map<ServicePortInfo['svc'], ServicePortInfo[]>();
  for (const sp of dp.servicePorts) {
    const l = spsOfSvc.get(sp.svc);
    if (l) l.push(sp);
    else spsOfSvc.set(sp.svc, [sp]);
  }
  let nodes: NodeList | undefined;
  for (const sp of dp.servicePorts) {
    if (!sp.lb || sp.lbIP === undefined) continue;
    const lb = sp.lb;
    // The backend group is worked out when a packet first reaches the listener: listing every
    // node for every port at compile held 375k entries for a 1,000-node cluster.
    let group: BackendGroup | undefined;
    slbs.get(sp.lbIP)!.listeners.push({
      port: sp.port.port,
      proto: sp.port.protocol,
      sp,
      get group() {
        return (group ??= backendGroup((nodes ??= new NodeList(dp.topology.nodes)), sp, lb, spsOfSvc.get(sp.svc)!));
      },
    });
  }
  return slbs;
}

/** What the cloud controller puts in a listener's vServer group, from the service's externalTrafficPolicy. */
function backendGroup(nodes: NodeList, sp: ServicePortInfo, lb: LoadBalancer, spsOfSvc: ServicePortInfo[]): BackendGroup {
  const proto = sp.port.protocol;
  if (lb.backend === 'eni')
    return new PodBackends(
      proto,
      sp.endpoints.filter((x) => x.ready),
    );
  const hc = sp.svc.externalTrafficPolicy === 'Local' ? sp.svc.healthCheckNodePort : undefined;
  // ETP=Local: with a healthCheckNodePort the SLB probes every node there and keeps those kube-proxy
  // answers 200 (a local ready endpoint; a node whose endpoints all terminate answers 503 and is
  // drained). Without one, the cloud controller keeps nodes with a ready local endpoint.
  const health: HealthCheck | undefined = hc !== undefined ? { nodes, readyByNode: readyEndpointsByNode(spsOfSvc) } : undefined;
  const port = lb.backend === 'nodeport' ? sp.port.nodePort : sp.port.port;
  if (port === undefined) return new NodeBackends(proto, nodes, 0, [], health);
  if (sp.svc.externalTrafficPolicy !== 'Local') return new NodeBackends(proto, nodes, port, undefined, health);
  let withLocal: Iterable<string>;
  // The nodes the health check lists answer 200 (they have a local ready endpoint).
  if (health) withLocal = health.readyByNode.keys();
  else {
    const ready = sp.endpoints.filter((e) => e.ready);
    withLocal = new Set((ready.length > 0 ? ready : sp.endpoints.filter((e) => e.serving)).map((e) => e.node));
  }
  const members = [...new Set(withLocal)]
    .map((n) => nodes.indexOf.get(n))
    .filter((i) => i !== undefined)
    .sort((a, b) => a - b);
  return new NodeBackends(proto, nodes, port, members, health);
}
