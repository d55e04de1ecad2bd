import { useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { selectTrace, useAppStore } from '../../store';
import type { Graph } from './layout';

/** Above this many elements the whole cluster is too small to read and too many to draw at once. */
export const BIG_GRAPH = 200;

/**
 * On a big cluster, the camera goes to where the traced packet goes: the elements of its path
 * fill the view, and React Flow (onlyRenderVisibleElements) draws only what is around them.
 * A small cluster stays as it is, whole, unless `always` (an embed's `fit=path`) asks for its path too.
 */
export function FollowTrace({ graph, always = false }: { graph: Graph | null; always?: boolean }) {
  const trace = useAppStore(selectTrace);
  const { fitView } = useReactFlow();
  const big = (graph?.nodes.length ?? 0) > BIG_GRAPH || (always && !!trace);
  useEffect(() => {
    if (!big || !graph) return;
    // The VPC box spans the whole cluster: fitting it would show everything again.
    const ids = new Set(graph.nodes.map((n) => n.id));
    const path = trace
      ? [...new Set([...trace.hops, ...(trace.reply?.hops ?? [])].map((h) => h.ns))].filter((id) => ids.has(id) && id !== 'vpc')
      : graph.nodes.filter((n) => n.type === 'clusterNode').slice(0, 3).map((n) => n.id);
    if (path.length === 0) return;
    // NOTE: after the frame that mounted the nodes, so React Flow knows their sizes.
    const t = requestAnimationFrame(() => void fitView({ nodes: path.map((id) => ({ id })), padding: 0.25, duration: 0 }));
    return () => cancelAnimationFrame(t);
  }, [big, graph, trace, fitView]);
  return null;
}
