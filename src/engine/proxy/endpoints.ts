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

/** kube-proxy orders endpoints by their "ip:port" string. */
export const epString = (e: EndpointInfo, ip: string) => `${ip}:${e.port}`;

/** Minor version number of a "1.20"-style version, or Infinity when unset-means-newest. */
export function minorOf(version: string | undefined, unset: number): number {
  if (!version) return unset;
  const m = /^v?1\.(\d+)/.exec(version);
  return m ? Number(m[1]) : unset;
}
