/**
 * Services with an endpoint on nearly every node, over a generated cluster (generate.ts makes
 * services of 10 pods): what `all` meets when a Deployment is spread across a big cluster. For
 * benches and the tests of `all`'s classes of equivalent endpoints.
 */
import type { GeneratedDocument, GenService } from './generate';

export interface BigServices {
  doc: GeneratedDocument;
  /** A ClusterIP service (internalTrafficPolicy Cluster), and LoadBalancers with externalTrafficPolicy Cluster and Local. */
  clusterIP: GenService;
  lbCluster: GenService;
  lbLocal: GenService;
}

/**
 * A copy of `doc` in which three TCP services (a ClusterIP one and two LoadBalancers, Cluster and
 * Local) are each a Deployment over the cluster: on each node, a TCP pod of the service's
 * namespace not taken yet leaves its own service and takes the labels of the big one (the same for
 * each of its pods, as a Deployment's pod template gives them).
 */
export function withBigServices(source: GeneratedDocument): BigServices {
  const doc = JSON.parse(JSON.stringify(source)) as GeneratedDocument;
  const tcp = (s: GenService) => s.ports[0]!.protocol === 'TCP' && !s.loadBalancerSourceRanges;
  const clusterIP = doc.services.find((s) => tcp(s) && s.type === 'ClusterIP' && !s.externalIPs && !s.internalTrafficPolicy)!;
  const lbCluster = doc.services.find((s) => tcp(s) && s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Cluster')!;
  const lbLocal = doc.services.find((s) => tcp(s) && s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local')!;
  const taken = new Set<string>();
  for (const svc of [clusterIP, lbCluster, lbLocal]) {
    const labels = { app: `big-${svc.name}` };
    const nodes = new Set<string>();
    for (const p of doc.pods) {
      if (p.namespace !== svc.namespace || nodes.has(p.node) || taken.has(p.name) || p.ports[0]?.protocol !== 'TCP') continue;
      nodes.add(p.node);
      taken.add(p.name);
      p.labels = { ...labels };
    }
    svc.selector = labels;
  }
  return { doc, clusterIP, lbCluster, lbLocal };
}
