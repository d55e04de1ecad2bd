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

/** buildGraph(t)'s graph as placeGraph draws it with every node collapsed, in two parts: what its layout reads, and its edges. */
export interface Frame {
  /**
   * The frame's boxes, and the edges of it that the automatic layout keeps: each load balancer's to its service and
   * each service's to the node running most of its pods (ties: the first by id), weighted by their count. Laid out
   * and placed, its boxes are the frame's (no box depends on an edge).
   */
  outline: Graph;
  /** How many edges the frame has. */
  edgeCount: number;
  /** The frame's edges (made when first asked for: 30,607 at 1,000 nodes, which the first picture does not draw). */
  edges(): GraphEdge[];
}

/**
 * buildGraph(t)'s graph as placeGraph draws it with every node collapsed: its elements without the pods, and its edges
 * with those into a pod on a node ending at the node instead (one per service and node, where the first of them was).
 * Placed with every node collapsed, `outline`'s boxes with `edges()` are the picture buildGraph's graph places
 * (frame.test.ts holds them equal).
 */
export function buildFrame(t: Topology): Frame {
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
  const lbEdgeOf = new Map(bare.edges.map((e) => [e.target, e]));
  // NOTE: the layout keeps one edge of each service (autoLayoutBoxes: to the node running most of its pods), so that
  // one is made now and the others when asked for: making and laying out 30,607 edges was ~40% of the worker's work
  // before a 1,000-node cluster's first picture.
  const selected = t.services.map((s) => select(s.namespace, s.selector));
  const layoutEdges: GraphEdge[] = [];
  const weights = new Map<GraphEdge, number>();
  let edgeCount = 0;
  // (A service's pods counted by node in an array, each node's id written once: this runs once, before the JIT has
  // made it fast, and a map of counts per service was most of its time.)
  const nodeAt = new Map(t.nodes.map((n, i) => [n.name, i]));
  const ids = t.nodes.map((n) => nodeId(n.name));
  const onNode = new Int32Array(t.nodes.length);
  const touched: number[] = [];
  t.services.forEach((s, i) => {
    const source = serviceId(s);
    const lb = lbEdgeOf.get(source);
    if (lb) layoutEdges.push(lb);
    for (const p of selected[i]!) {
      // (A pod on no node of the document is in no collapsed node: its edge stays as buildGraph makes it, into the pod.)
      const at = nodeAt.get(p.node);
      if (at === undefined) edgeCount++;
      else if (onNode[at]!++ === 0) touched.push(at);
    }
    edgeCount += touched.length + (lb ? 1 : 0);
    let main = -1;
    for (const at of touched) {
      const pods = onNode[at]!;
      if (main < 0 || pods > onNode[main]! || (pods === onNode[main]! && ids[at]! < ids[main]!)) main = at;
    }
    const most = main < 0 ? 0 : onNode[main]!;
    for (const at of touched) onNode[at] = 0;
    touched.length = 0;
    if (!most) return;
    const edge = endpointEdge(source, ids[main]!);
    layoutEdges.push(edge);
    if (most > 1) weights.set(edge, most);
  });
  let edges: GraphEdge[] | null = null;
  const makeEdges = (): GraphEdge[] => {
    const out: GraphEdge[] = [];
    t.services.forEach((s, i) => {
      const source = serviceId(s);
      const lb = lbEdgeOf.get(source);
      if (lb) out.push(lb);
      const into = new Set<string>();
      for (const p of selected[i]!) {
        const at = nodeAt.get(p.node);
        const home = at === undefined ? null : ids[at]!;
        if (home && into.has(home)) continue;
        if (home) into.add(home);
        out.push(endpointEdge(source, home ?? podId(p)));
      }
    });
    return out;
  };
  // (A collapsed node's box takes the summary's height: only its pod count is said.)
  const nodes = bare.nodes.map((n) => (n.type === 'clusterNode' ? { ...n, data: { ...n.data, pods: podsOn.get(n.data.name) ?? 0 } } : n));
  return { outline: { nodes, edges: layoutEdges, podsBehind: weights }, edgeCount, edges: () => (edges ??= makeEdges()) };
}
