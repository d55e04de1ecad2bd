/** Small helpers the simulator and its lazily loaded parts share. */
import type { Topology } from '../model';
import type { DocumentSummary } from './protocol';

/** An error as a sentence. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A short description of a document for headers and status lines. */
export function summarize(t: Topology): DocumentSummary {
  return {
    name: t.metadata.name,
    title: t.metadata.title ?? t.metadata.name,
    cni: `${t.cluster.cni.plugin} ${t.cluster.cni.mode}`,
    kubeProxy: t.cluster.kubeProxy.mode,
    counts: {
      nodes: t.nodes.length,
      pods: t.pods.length,
      services: t.services.length,
      loadBalancers: t.loadBalancers.length,
      externals: t.externals.length,
    },
  };
}
