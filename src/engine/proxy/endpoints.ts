/** Endpoint categorisation as kube-proxy's CategorizeEndpoints does it (pkg/proxy/topology.go). */
import { cidrContains, parseCidr, type ParsedCidr } from '../../model/cidr';
import type { Dataplane, EndpointInfo, ServicePortInfo } from '../dataplane';

export interface Categorized {
  cluster: EndpointInfo[];
  local: EndpointInfo[];
  hasAny: boolean;
  externallyAccessible: boolean;
  internalLocal: boolean;
  externalLocal: boolean;
}

/** Whether `sp` is reachable from outside, and which of its traffic policies are Local. */
function policyOf(sp: ServicePortInfo): Pick<Categorized, 'externallyAccessible' | 'internalLocal' | 'externalLocal'> {
  const externallyAccessible = sp.port.nodePort !== undefined || sp.lbIP !== undefined || sp.externalIPs.length > 0;
  return {
    externallyAccessible,
    internalLocal: sp.svc.internalTrafficPolicy === 'Local',
    externalLocal: sp.svc.externalTrafficPolicy === 'Local' && externallyAccessible,
  };
}

export function categorize(sp: ServicePortInfo, node: string): Categorized {
  const { externallyAccessible, internalLocal, externalLocal } = policyOf(sp);
  const usesCluster = !internalLocal || externallyAccessible;
  const usesLocal = internalLocal || externalLocal;
  const ready = sp.endpoints.filter((e) => e.ready);
  // Serving-but-terminating endpoints are used only when nothing is ready.
  const cluster = ready.length > 0 ? ready : sp.endpoints.filter((e) => e.serving && e.terminating);
  const localReady = ready.filter((e) => e.node === node);
  const local = localReady.length > 0 ? localReady : sp.endpoints.filter((e) => e.node === node && e.serving && e.terminating);
  return {
    cluster: usesCluster ? cluster : [],
    local: usesLocal ? local : [],
    hasAny: cluster.length > 0,
    externallyAccessible,
    internalLocal,
    externalLocal,
  };
}

/** Whether a traffic policy of `sp` is Local: then what kube-proxy writes for it differs on a node with a local endpoint. */
export function usesLocalPolicy(sp: ServicePortInfo): boolean {
  const p = policyOf(sp);
  return p.internalLocal || p.externalLocal;
}

const portsByNode = new WeakMap<Dataplane, Map<string, number[]>>();

/** The service ports (indexes, ascending) with an endpoint on each node. */
export function servicePortsOnNodes(dp: Dataplane): Map<string, number[]> {
  let m = portsByNode.get(dp);
  if (m) return m;
  m = new Map();
  dp.servicePorts.forEach((sp, i) => {
    for (const e of sp.endpoints) {
      const l = m!.get(e.node);
      if (!l) m!.set(e.node, [i]);
      else if (l[l.length - 1] !== i) l.push(i);
    }
  });
  portsByNode.set(dp, m);
  return m;
}

const localPolicyOf = new WeakMap<Dataplane, Uint8Array>();

/** The service ports whose rules differ on `node`: a Local traffic policy and an endpoint there. */
export function localPolicyPortsOn(dp: Dataplane, node: string): Set<number> {
  // Each port's policy worked out once per cluster, not again at every node's first touch.
  let local = localPolicyOf.get(dp);
  if (!local) localPolicyOf.set(dp, (local = Uint8Array.from(dp.servicePorts, (sp) => (usesLocalPolicy(sp) ? 1 : 0))));
  const out = new Set<number>();
  // Indexed, not for-of: a node's first touch runs this once, in V8's interpreter, where each step of an iterator is an object.
  const on = servicePortsOnNodes(dp).get(node) ?? [];
  for (let k = 0; k < on.length; k++) if (local[on[k]!]) out.add(on[k]!);
  return out;
}

const firewalledOf = new WeakMap<Dataplane, { i: number; ranges: ParsedCidr[] }[]>();
const byRangeOf = new WeakMap<Dataplane, { range: ParsedCidr; ports: number[] }[]>();

/**
 * The service ports whose loadBalancerSourceRanges hold `nodeIP`. On that node kube-proxy also
 * admits each LB IP as a source (iptables KUBE-FW, IPVS KUBE-LOAD-BALANCER-SOURCE-IP), so their
 * rules differ there from the cluster's shared ones. Usually none.
 */
export function sourceRangePortsHolding(dp: Dataplane, nodeIP: number | undefined): number[] {
  if (nodeIP === undefined) return [];
  // By distinct range, grouped once per cluster: services share a few ranges, and every node's
  // first touch asked each firewalled port's ranges again.
  let byRange = byRangeOf.get(dp);
  if (!byRange) {
    const m = new Map<number, { range: ParsedCidr; ports: number[] }>();
    for (const f of firewalledPorts(dp)) {
      for (const range of f.ranges) {
        const key = range.base * 64 + range.bits;
        let g = m.get(key);
        if (!g) m.set(key, (g = { range, ports: [] }));
        if (g.ports[g.ports.length - 1] !== f.i) g.ports.push(f.i);
      }
    }
    byRangeOf.set(dp, (byRange = [...m.values()]));
  }
  let held: number[] | undefined;
  let several = false;
  for (const g of byRange) {
    if (!cidrContains(g.range, nodeIP)) continue;
    several = held !== undefined;
    held = several ? [...held!, ...g.ports] : g.ports;
  }
  // The ports in service order, each once (a copy: callers own what they get).
  return held ? (several ? [...new Set(held)].sort((a, b) => a - b) : held.slice()) : [];
}

/** The service ports with an LB IP and loadBalancerSourceRanges, with the ranges parsed (listed once per cluster). */
export function firewalledPorts(dp: Dataplane): { i: number; ranges: ParsedCidr[] }[] {
  let firewalled = firewalledOf.get(dp);
  if (!firewalled) {
    const list: { i: number; ranges: ParsedCidr[] }[] = [];
    dp.servicePorts.forEach((sp, i) => {
      if (sp.lbIPs.length === 0) return;
      const ranges = sp.svc.loadBalancerSourceRanges.map(parseCidr).filter((c): c is ParsedCidr => c !== undefined);
      if (ranges.length > 0) list.push({ i, ranges });
    });
    firewalledOf.set(dp, (firewalled = list));
  }
  return firewalled;
}

/**
 * What kube-proxy's health check server for `svc` answers on `node`: EndpointsMap.LocalReadyEndpoints
 * counts the distinct IPs of the service's local *ready* endpoints ("the health check signal should
 * fail if there are only terminating endpoints on a node"), and hcHandler.ServeHTTP writes 200 when
 * that count is not 0, else 503 (pkg/proxy/healthcheck/service_health.go).
 */
export function healthOf(sps: ServicePortInfo[], svc: ServicePortInfo['svc'], node: string): { status: 200 | 503; localEndpoints: number } {
  const ips = new Set<number>();
  for (const sp of sps) if (sp.svc === svc) for (const e of sp.endpoints) if (e.node === node && e.ready) ips.add(e.ip);
  return { status: healthStatus(ips.size), localEndpoints: ips.size };
}

/** hcHandler.ServeHTTP's answer for a node with `localEndpoints` local ready endpoints. */
export const healthStatus = (localEndpoints: number): 200 | 503 => (localEndpoints > 0 ? 200 : 503);

/**
 * healthOf for every node at once: the service's sps scanned once (not once per node), the same
 * counts. `spsOfSvc` are the service ports of `svc` (every sp whose svc it is), in order. Lists only
 * the nodes with a local ready endpoint; every other node answers 503 with 0.
 */
export function readyEndpointsByNode(spsOfSvc: readonly ServicePortInfo[]): Map<string, number> {
  const ipsByNode = new Map<string, Set<number>>();
  for (const sp of spsOfSvc) {
    for (const e of sp.endpoints) {
      if (!e.ready) continue;
      let ips = ipsByNode.get(e.node);
      if (!ips) ipsByNode.set(e.node, (ips = new Set()));
      ips.add(e.ip);
    }
  }
  return new Map([...ipsByNode].map(([node, ips]) => [node, ips.size]));
}

/** kube-proxy orders endpoints by their "ip:port" string. */
export const epString = (e: EndpointInfo, ip: string) => `${ip}:${e.port}`;

/** Minor version number of a "1.20"-style version, or Infinity when unset-means-newest. */
export function minorOf(version: string | undefined, unset: number): number {
  if (!version) return unset;
  const m = /^v?1\.(\d+)/.exec(version);
  return m ? Number(m[1]) : unset;
}
