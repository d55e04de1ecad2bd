/**
 * The place worker's work (place.worker.ts serves it; tests call it directly): a big document's graph, layout
 * and placement, off the main thread. The graph is built once per document content and kept across requests
 * that change only positions (a node moved), collapse or grouping: those lay out and place again, nothing more.
 *
 * What goes back is cheap to receive: the placed picture first (what React Flow draws; with every node
 * collapsed, a few thousand boxes of a 35,000-element document, and their lines), then the whole graph — which the
 * trace's marks and the nodes a trace opens read — only when it changed; both in slices, each received in a short
 * task of its own (one message of 35,000 elements was a ~280 ms task on the main thread, on the shared machine).
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

/** A slice of a graph: some of its nodes, then some of its edges; `last` ends the graph. */
export interface Slice {
  nodes: GraphNode[];
  edges: GraphEdge[];
  last: boolean;
}

export type PlaceReply =
  /** A slice of the request `seq`'s picture, of graph number `graph` (the same number: the same graph as before). */
  | ({ kind: 'placed'; seq: number; graph: number; counts: PlacerCounts } & Slice)
  /** A slice of graph `graph` (new since the last one sent). */
  | ({ kind: 'built'; graph: number } & Slice);

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
    const replies: PlaceReply[] = slices(placed, { kind: 'placed' as const, seq: req.seq, graph, counts: { ...counts } });
    if (fresh) replies.push(...slices(built, { kind: 'built' as const, graph }));
    return replies;
  };
}

/** `g` in slices of at most SLICE elements, each with `head`: its nodes, then its edges. */
function slices<H>(g: Graph, head: H): (H & Slice)[] {
  const out: (H & Slice)[] = [];
  for (let i = 0; i < g.nodes.length; i += SLICE) out.push({ ...head, nodes: g.nodes.slice(i, i + SLICE), edges: [], last: false });
  for (let i = 0; i < g.edges.length; i += SLICE) out.push({ ...head, nodes: [], edges: g.edges.slice(i, i + SLICE), last: false });
  out.push({ ...head, nodes: [], edges: [], last: true });
  return out;
}

/** Slices put back together, graph by graph (`key`: a new key starts a new graph). */
export function joiner(): (key: number, s: Slice) => Graph | null {
  let at = NaN;
  let nodes: GraphNode[] = [];
  let edges: GraphEdge[] = [];
  return (key, s) => {
    if (key !== at) {
      at = key;
      nodes = [];
      edges = [];
    }
    for (const n of s.nodes) nodes.push(n);
    for (const e of s.edges) edges.push(e);
    return s.last ? { nodes, edges } : null;
  };
}

/**
 * The graph's slices put back together (what the main thread holds of the placer's graph). Each slice is indexed as
 * it arrives (the trace marks' and the opened nodes' lookups), so the whole graph is never indexed in one task.
 */
export function sliceJoiner(): (r: Extract<PlaceReply, { kind: 'built' }>) => { graph: number; built: Graph } | null {
  const join = joiner();
  let graph = NaN;
  let marks = emptyMarkIndex();
  let index = emptyGraphIndex();
  return (r) => {
    if (r.graph !== graph) {
      graph = r.graph;
      marks = emptyMarkIndex();
      index = emptyGraphIndex();
    }
    indexMarks(marks, r.nodes);
    indexGraph(index, r.nodes, r.edges);
    const built = join(r.graph, r);
    if (!built) return null;
    adoptMarkIndex(built, marks);
    adoptGraphIndex(built, index);
    return { graph, built };
  };
}
