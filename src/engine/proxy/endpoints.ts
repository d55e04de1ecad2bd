/** Endpoint categorisation as kube-proxy's CategorizeEndpoints does it (pkg/proxy/topology.go). */
import type { EndpointInfo, ServicePortInfo } from '../dataplane';

export interface Categorized {
  cluster: EndpointInfo[];
  local: EndpointInfo[];
  hasAny: boolean;
  externallyAccessible: boolean;
  internalLocal: boolean;
  externalLocal: boolean;
}

export function categorize(sp: ServicePortInfo, node: string): Categorized {
  const svc = sp.svc;
  const externallyAccessible = sp.port.nodePort !== undefined || sp.lbIP !== undefined || sp.externalIPs.length > 0;
  const internalLocal = svc.internalTrafficPolicy === 'Local';
  const externalLocal = svc.externalTrafficPolicy === 'Local' && externallyAccessible;
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

/**
 * What kube-proxy's health check server for `svc` answers on `node`: EndpointsMap.LocalReadyEndpoints
 * counts the distinct IPs of the service's local *ready* endpoints ("the health check signal should
 * fail if there are only terminating endpoints on a node"), and hcHandler.ServeHTTP writes 200 when
 * that count is not 0, else 503 (pkg/proxy/healthcheck/service_health.go).
 */
export function healthOf(sps: ServicePortInfo[], svc: ServicePortInfo['svc'], node: string): { status: 200 | 503; localEndpoints: number } {
  const ips = new Set<number>();
  for (const sp of sps) if (sp.svc === svc) for (const e of sp.endpoints) if (e.node === node && e.ready) ips.add(e.ip);
  return { status: ips.size > 0 ? 200 : 503, localEndpoints: ips.size };
}

/**
 * healthOf for every node at once: the service's sps scanned once (not once per node), the same
 * answers. `spsOfSvc` are the service ports of `svc` (every sp whose svc it is), in order.
 */
export function healthByNode(spsOfSvc: readonly ServicePortInfo[]): (node: string) => { status: 200 | 503; localEndpoints: number } {
  const ipsByNode = new Map<string, Set<number>>();
  for (const sp of spsOfSvc) {
    for (const e of sp.endpoints) {
      if (!e.ready) continue;
      let ips = ipsByNode.get(e.node);
      if (!ips) ipsByNode.set(e.node, (ips = new Set()));
      ips.add(e.ip);
    }
  }
  return (node) => {
    const n = ipsByNode.get(node)?.size ?? 0;
    return { status: n > 0 ? 200 : 503, localEndpoints: n };
  };
}

/** kube-proxy orders endpoints by their "ip:port" string. */
export const epString = (e: EndpointInfo, ip: string) => `${ip}:${e.port}`;

/** Minor version number of a "1.20"-style version, or Infinity when unset-means-newest. */
export function minorOf(version: string | undefined, unset: number): number {
  if (!version) return unset;
  const m = /^v?1\.(\d+)/.exec(version);
  return m ? Number(m[1]) : unset;
}
