/**
 * A big cluster's first picture without its pods' elements. It opens with every node collapsed (a summary box each),
 * and placeGraph draws no pod of a collapsed node: a service's edges into a node's pods become one edge to the node.
 * buildFrame makes that graph directly, so the place worker places the first picture of a 1,000-node cluster without
 * making the 30,000 pods' boxes and edges first (it makes them after the picture is drawn, for the trace's marks). Pure.
 */
import type { Topology } from '../model';
import { nodeId, podId, serviceId } from '../model/element-id';
import { podSelector } from '../model/selector';
import { buildGraph, endpointEdge, type Graph } from './graph';
import type { GraphEdge } from './types';

/**
 * buildGraph(t)'s graph as placeGraph draws it with every node collapsed: its elements without the pods, and its edges
 * with those into a pod on a node ending at the node instead (one per service and node, where the first of them was).
 * Placed with every node collapsed, it is the picture buildGraph's graph places (frame.test.ts holds them equal).
 */
export function buildFrame(t: Topology): Graph {
  // NOTE: buildGraph of the cluster without pods places everything that is not a pod where buildGraph(t) does (no
  // position depends on the pods); each node's box then takes its pod count, and each service its edges.
  const bare = buildGraph({ ...t, pods: [] });
  const podsOn = new Map<string, number>();
  for (const n of t.nodes) podsOn.set(n.name, 0);
  for (const p of t.pods) {
    const count = podsOn.get(p.node);
    if (count !== undefined) podsOn.set(p.node, count + 1);
  }
  const select = podSelector(t.pods);
  const edges: GraphEdge[] = [];
  /** Edges into a node that stand for more than one pod. */
  const weights = new Map<GraphEdge, number>();
  const lbEdgeOf = new Map(bare.edges.map((e) => [e.target, e]));
  for (const s of t.services) {
    const source = serviceId(s);
    const lb = lbEdgeOf.get(source);
    if (lb) edges.push(lb);
    const into = new Map<string, GraphEdge>();
    for (const p of select(s.namespace, s.selector)) {
      // (A pod on no node of the document is in no collapsed node: its edge stays as buildGraph makes it.)
      const home = podsOn.has(p.node) ? nodeId(p.node) : null;
      const target = home ?? podId(p);
      const e = home ? into.get(home) : undefined;
      if (e) {
        weights.set(e, (weights.get(e) ?? 1) + 1);
        continue;
      }
      const edge = endpointEdge(source, target);
      if (home) into.set(home, edge);
      edges.push(edge);
    }
  }
  // (A collapsed node's box takes the summary's height: only its pod count is said.)
  const nodes = bare.nodes.map((n) => (n.type === 'clusterNode' ? { ...n, data: { ...n.data, pods: podsOn.get(n.data.name) ?? 0 } } : n));
  return { nodes, edges, podsBehind: weights };
}
