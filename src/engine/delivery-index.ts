/**
 * What a packet delivered to a node's own stack reached, by index rather than by a scan of every
 * pod and service (30,000 and 3,000 at 1,000 nodes): the hostNetwork pod listening on the port,
 * and the service whose healthCheckNodePort it is (kube-proxy's health check server). Made once
 * per dataplane, the first time a trace is delivered to a node.
 */
import type { Pod, Service } from '../model';
import type { Dataplane } from './dataplane';

interface DeliveryIndex {
  /** `${node} ${port}` → the first hostNetwork pod (document order) on that node listing that container port. */
  hostPods: Map<string, Pod>;
  /** healthCheckNodePort → the first service (document order) with it. */
  healthChecks: Map<number, Service>;
}

const indexes = new WeakMap<Dataplane, DeliveryIndex>();

function indexOf(dp: Dataplane): DeliveryIndex {
  let idx = indexes.get(dp);
  if (idx) return idx;
  idx = { hostPods: new Map(), healthChecks: new Map() };
  for (const p of dp.topology.pods) {
    if (!p.hostNetwork) continue;
    for (const c of p.ports) {
      const key = `${p.node} ${c.containerPort}`;
      if (!idx.hostPods.has(key)) idx.hostPods.set(key, p);
    }
  }
  for (const s of dp.topology.services) {
    if (s.healthCheckNodePort !== undefined && !idx.healthChecks.has(s.healthCheckNodePort)) idx.healthChecks.set(s.healthCheckNodePort, s);
  }
  indexes.set(dp, idx);
  return idx;
}

/** The hostNetwork pod on `node` that lists container port `port` (none for ICMP's undefined port). */
export const hostPodAt = (dp: Dataplane, node: string, port: number | undefined): Pod | undefined =>
  port === undefined ? undefined : indexOf(dp).hostPods.get(`${node} ${port}`);

/** The service whose healthCheckNodePort is `port`. */
export const healthCheckServiceAt = (dp: Dataplane, port: number): Service | undefined => indexOf(dp).healthChecks.get(port);
