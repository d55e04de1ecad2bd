/**
 * The place worker's work (place.worker.ts serves it; tests call it directly): a big document's graph, layout
 * and placement, off the main thread. The graph is built once per document content and kept across requests
 * that change only positions (a node moved), collapse or grouping: those lay out and place again, nothing more.
 *
 * What goes back is cheap to receive: the placed picture first (what React Flow draws; with every node
 * collapsed, a few thousand boxes of a 35,000-element document), then the whole graph — which the trace's marks
 * and the nodes a trace opens read — only when it changed, in slices, each received in a short task of its own.
 */
import type { Topology } from '../model/topology';
import { buildGraph, type Graph } from '../layout/graph';
import { adoptGraphIndex, emptyGraphIndex, indexGraph, type AutoLayoutFn } from '../layout/place';
import { adoptMarkIndex, emptyMarkIndex, indexMarks } from '../layout/marks';
import { placeDocument } from '../layout/place-doc';
import type { GraphEdge, GraphNode } from '../layout/types';

/** One picture to place: the display topology as JSON, its `layout` apart (a move changes only that). */
export interface PlaceRequest {
  seq: number;
  /** The topology without `layout`, as JSON: the graph is built again only when this changes. */
  graphText: string;
  /** The topology's `layout` as JSON ('' for none). */
  layoutText: string;
  collapsed: readonly string[];
  groupByNamespace: boolean;
}

/** How often the placer built a graph and placed one since it started (tests read them through the canvas). */
export interface PlacerCounts {
  builds: number;
  places: number;
}

export type PlaceReply =
  /** The request `seq`'s picture, of graph number `graph` (the same number: the same graph as before). */
  | { kind: 'placed'; seq: number; graph: number; placed: Graph; counts: PlacerCounts }
  /** A slice of graph `graph` (new since the last one sent): its nodes, then its edges; `last` ends it. */
  | { kind: 'built'; graph: number; nodes: GraphNode[]; edges: GraphEdge[]; last: boolean };

/** Elements per slice of the graph: receiving 4,000 takes a few ms, all 65,000 of a 1,000-node cluster well over 100. */
export const SLICE = 4000;

/** The graph and its number, kept from one request to the next. */
interface Kept {
  graphText: string;
  topology: Topology;
  built: Graph;
  graph: number;
}

/** A placer: each request's replies, in the order they are to be posted. */
export function createPlacer(autoLayout: AutoLayoutFn | null): (req: PlaceRequest) => PlaceReply[] {
  let kept: Kept | null = null;
  const counts: PlacerCounts = { builds: 0, places: 0 };
  return (req) => {
    const fresh = !kept || kept.graphText !== req.graphText;
    if (fresh) {
      const topology = JSON.parse(req.graphText) as Topology;
      counts.builds++;
      kept = { graphText: req.graphText, topology, built: buildGraph(topology), graph: (kept?.graph ?? 0) + 1 };
    }
    const { topology, built, graph } = kept!;
    const layout = req.layoutText ? (JSON.parse(req.layoutText) as Topology['layout']) : undefined;
    const t: Topology = layout ? { ...topology, layout } : topology;
    counts.places++;
    const placed = placeDocument(built, t, { collapsed: new Set(req.collapsed), groupByNamespace: req.groupByNamespace }, autoLayout);
    const replies: PlaceReply[] = [{ kind: 'placed', seq: req.seq, graph, placed, counts: { ...counts } }];
    if (fresh) replies.push(...slices(built, graph));
    return replies;
  };
}

/** `g` in slices of at most SLICE elements: its nodes, then its edges. */
function slices(g: Graph, graph: number): PlaceReply[] {
  const out: PlaceReply[] = [];
  for (let i = 0; i < g.nodes.length; i += SLICE) out.push({ kind: 'built', graph, nodes: g.nodes.slice(i, i + SLICE), edges: [], last: false });
  for (let i = 0; i < g.edges.length; i += SLICE) out.push({ kind: 'built', graph, nodes: [], edges: g.edges.slice(i, i + SLICE), last: false });
  out.push({ kind: 'built', graph, nodes: [], edges: [], last: true });
  return out;
}

/**
 * Graph slices put back together, graph by graph (what the main thread holds of the placer's graph). Each slice is
 * indexed as it arrives (the trace marks' and the opened nodes' lookups), so the whole graph is never indexed in one task.
 */
export function sliceJoiner(): (r: Extract<PlaceReply, { kind: 'built' }>) => { graph: number; built: Graph } | null {
  let graph = -1;
  let nodes: GraphNode[] = [];
  let edges: GraphEdge[] = [];
  let marks = emptyMarkIndex();
  let index = emptyGraphIndex();
  return (r) => {
    if (r.graph !== graph) {
      graph = r.graph;
      nodes = [];
      edges = [];
      marks = emptyMarkIndex();
      index = emptyGraphIndex();
    }
    for (const n of r.nodes) nodes.push(n);
    for (const e of r.edges) edges.push(e);
    indexMarks(marks, r.nodes);
    indexGraph(index, r.nodes, r.edges);
    if (!r.last) return null;
    const built = { nodes, edges };
    adoptMarkIndex(built, marks);
    adoptGraphIndex(built, index);
    return { graph, built };
  };
}
