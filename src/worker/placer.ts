/**
 * The place worker's work (place.worker.ts serves it; tests call it directly): a big document's graph, layout
 * and placement, off the main thread. The graph is built once per document content and kept across requests
 * that change only positions (a node moved), collapse or grouping: those lay out and place again, nothing more.
 *
 * What goes back is cheap to receive: the placed picture first (what React Flow draws; with every node
 * collapsed, a few thousand boxes of a 35,000-element document, and their lines), then the whole graph — which the
 * trace's marks and the nodes a trace opens read — only when it changed; both in slices, each received in a short
 * task of its own (one message of 35,000 elements was a ~280 ms task on the main thread, on the shared machine). A
 * picture's elements the page received before cross as their ids (see Sent): a new picture of the same cluster
 * sends what changed.
 */
import type { Topology } from '../model/topology';
import { autoCollapsed, displayTopology, isDrawable } from '../model/display';
import { buildGraph, type Graph } from '../layout/graph';
import { buildFrame, type Frame } from '../layout/frame';
import { nodeId } from '../model/element-id';
import { adoptGraphIndex, emptyGraphIndex, indexGraph, type AutoLayoutFn } from '../layout/place';
import { adoptMarkIndex, emptyMarkIndex, indexMarks } from '../layout/marks';
import { placeDocument } from '../layout/place-doc';
import { jsonValue } from '../model/doc-text';
import { EDGE_LIMIT } from '../layout/lod';
import type { GraphEdge, GraphNode } from '../layout/types';
import type { Position } from '../model/edit';
import { sameData } from '../model/same-data';

/**
 * Past this many pods a document is placed in the worker. Building and placing a generated cluster (Node, median of 5,
 * on the shared machine): 990 pods ~8 ms, less than starting the worker and copying the picture back; 3,000 pods
 * ~80 ms; 30,000 ~1.1 s. The built-ins have a few dozen pods: they open at once, as before.
 */
export const WORKER_PODS = 1000;

/** A display topology written out: without `layout`, and its `layout` apart (a move changes only that). */
export interface Written {
  /** The topology without `layout`, as JSON: the graph is built again only when this changes. */
  graphText: string;
  /** The topology's `layout` as JSON ('' for none). */
  layoutText: string;
}

/** One picture to place. */
export interface PlaceRequest {
  kind: 'place';
  seq: number;
  /**
   * The display topology written out, or the token of the JSON text it was read from (a text sent ahead or generated:
   * the worker reads it as the page did, or has read it already; the page neither writes 30,000 pods out again nor
   * sends the 6.5 MB text back, a ~70 ms task of the main thread at 1,000 nodes just before the first picture); with
   * `layoutText`, that text's graph moved (its first move wrote 30,000 pods out again: ~50 ms).
   */
  source: Written | { token: number; layoutText?: string };
  collapsed: readonly string[];
  groupByNamespace: boolean;
}

/**
 * A document's text as it opens (JSON), before the main thread has read it: its graph is built and its picture placed
 * as it will first be drawn (nodes collapsed as autoCollapsed says, not grouped), so the request that follows finds
 * both made. A text that is not a big document's JSON is dropped.
 */
export interface PrefetchRequest {
  kind: 'text';
  text: string;
  /** What a request names this text by. */
  token: number;
  /** Its first picture is sent unasked (PlaceReply 'first'): the page draws it before it has read the text. */
  draw?: boolean;
}

/**
 * Generate the `?generate=N` cluster here (the worker that places it) and send its text to the page: the text is
 * made, read and placed in one thread, and crosses to the page once (a generate worker's text crossed twice, and was
 * parsed again here).
 */
export interface GenerateRequest {
  kind: 'generate';
  nodes: number;
  /** What a request names the generated text by. */
  token: number;
}

/**
 * The graph `graph`'s slices, asked for once its picture is drawn (received before, they delayed the first frame); the
 * edges its picture held back (PlaceReply `held`) come first.
 */
export interface GraphRequest {
  kind: 'graph';
  graph: number;
}

/**
 * The automatic layout of the document `source` names (Auto-layout on a big document): `autoLayout` of its graph, as
 * the main thread would make it from `buildGraph(view)`, made from the graph kept here (at 1,000 nodes building the
 * graph and laying it out on the main thread was a ~0.75 s task).
 */
export interface LayoutRequest {
  kind: 'layout';
  seq: number;
  source: PlaceRequest['source'];
  /** Canvas ids of the nodes drawn collapsed: they take a summary's height. */
  collapsed: readonly string[];
}

export type PlaceMessage = PlaceRequest | PrefetchRequest | GraphRequest | GenerateRequest | LayoutRequest;

/** How often the placer built a graph and placed one since it started (tests read them through the canvas). */
export interface PlacerCounts {
  /** Graphs made, one per document content (its pods' boxes and edges only once a picture or the slices need them). */
  builds: number;
  places: number;
  /** Texts sent ahead that were big documents (their graph built and picture placed before asked for). */
  ahead: number;
  /** Requests that named the text the page read their topology from, instead of sending it written out. */
  named: number;
}

/** A slice of a graph: some of its nodes, then some of its edges; `last` ends the graph. */
export interface Slice {
  nodes: GraphNode[];
  edges: GraphEdge[];
  last: boolean;
}

/**
 * A picture after the first crosses as what changed: the placer remembers each box and line it sent the page, by id,
 * and sends again only those that differ; one it sent before goes as its id, and the page puts back the object it
 * received then (place-client.ts `pictureReceiver`). A new picture of the same cluster (nodes expanded again, an
 * auto-layout, its undo) is then cheap to receive — sending all 35,000 elements of a 1,000-node cluster each time
 * cloned them all (~80 ms of the page's thread) and the page compared each with its namesake (sameData, ~50–130 ms) to
 * keep the objects React Flow holds — and every element that did not change arrives as the very object the page had.
 */
export type Sent<T> = T | string;

/** Each element's latest object by id, as sent (the placer's memory) or as received (the page's): the two hold the same. */
export interface SentMemory {
  nodes: Map<string, GraphNode>;
  edges: Map<string, GraphEdge>;
}

const emptyMemory = (): SentMemory => ({ nodes: new Map(), edges: new Map() });

/** Depths the page's identity keeper compares at (layout/identity.ts): a node's data holds one more level. */
const NODE_DEPTH = 4;
const EDGE_DEPTH = 3;

function sendList<T extends { id: string }>(memory: Map<string, T>, list: readonly T[], depth: number): Sent<T>[] {
  return list.map((x) => {
    const before = memory.get(x.id);
    if (before !== undefined && (before === x || sameData(before, x, depth))) return x.id;
    memory.set(x.id, x);
    return x;
  });
}

/**
 * The placer's side: `start` says whether the next picture's elements are all sent afresh (the page forgets what it
 * holds), `nodes` and `edges` encode its slices. The memory starts afresh when it holds far more than a picture of the
 * document can (`most`: a picture with every node open): then it holds another document's elements, or long-gone ones.
 * (Not more than this picture: a collapsed cluster's has a tenth of the expanded one's boxes, and its pods, sent again
 * when the nodes are expanded again, were most of what crossed.)
 */
function pictureSender() {
  let memory: SentMemory | null = null;
  return {
    start(most: { nodes: number; edges: number }): boolean {
      const fresh = !memory || memory.nodes.size > 2 * most.nodes + 100 || memory.edges.size > 2 * most.edges + 100;
      if (fresh) memory = emptyMemory();
      return fresh;
    },
    nodes: (list: readonly GraphNode[]) => sendList((memory ??= emptyMemory()).nodes, list, NODE_DEPTH),
    edges: (list: readonly GraphEdge[]) => sendList((memory ??= emptyMemory()).edges, list, EDGE_DEPTH),
  };
}

/**
 * A slice of a picture as sent (see Sent): an element the page received before as its id; `fresh`, the page
 * forgets what it received before (the first slice of a picture sent whole).
 */
export interface SentSlice {
  nodes: Sent<GraphNode>[];
  edges: Sent<GraphEdge>[];
  last: boolean;
  fresh: boolean;
}

export type PlaceReply =
  /**
   * A slice of the request `seq`'s picture, of graph number `graph` (the same number: the same graph as before);
   * `held`, how many of the picture's edges are held back (its slices carry none then): they come as 'edges' slices
   * when the graph is asked for.
   */
  | ({ kind: 'placed'; seq: number; graph: number; counts: PlacerCounts; held: number } & SentSlice)
  /** A slice of the edges the request `seq`'s picture held back (nodes: none). */
  | ({ kind: 'edges'; seq: number; graph: number } & SentSlice)
  /** A slice of graph `graph` (new since the last one sent). */
  | ({ kind: 'built'; graph: number } & Slice)
  /**
   * A slice of the first picture of the text `token` (generated, or sent ahead to be drawn), sent unasked: the page
   * draws it before it has read the text; `view`, what the canvas reads beside it (openingView). As 'placed' otherwise.
   */
  | ({ kind: 'first'; token: number; graph: number; held: number; view: Topology } & Slice)
  /** The request `seq`'s picture is the first picture sent unasked (same graph): the page draws the one it holds. */
  | { kind: 'asFirst'; seq: number; graph: number; counts: PlacerCounts; held: number }
  /** The generated cluster's text, and its pod count (the page keeps this worker only for a big one). */
  | { kind: 'generated'; text: string; pods: number }
  /** The layout request `seq` asked for; null when this placer cannot make it (the page makes it then). */
  | { kind: 'laidOut'; seq: number; positions: Record<string, Position> | null };

/** Elements per slice of the graph: receiving 4,000 takes a few ms, all 65,000 of a 1,000-node cluster well over 100. */
export const SLICE = 4000;

/** The graph and its number, kept from one request to the next. */
interface Kept {
  /** Its topology written out as a request writes it: written only when a written request is compared with it. */
  graphText: string | null;
  /** The text it was read from (a request naming that text is of this graph); null when it came written out. */
  from: string | null;
  topology: Topology;
  /** buildGraph(topology), made when first needed: a picture with a node open, or the graph's slices. */
  built: Graph | null;
  /** buildFrame(topology): what a picture with every node collapsed is placed from until `built` is made. */
  frame: Frame | null;
  graph: number;
  /** Its last picture (placed again only when the layout or settings differ). */
  last: LastPlaced | null;
  /** Its slices were asked for (sent): a picture of it then holds nothing back. */
  sent: boolean;
}

/** A placed picture: its boxes, and its edges made when asked for (a frame's are made only once they are sent). */
interface Picture {
  nodes: GraphNode[];
  edgeCount: number;
  edges(): GraphEdge[];
}

/** A graph's last picture, and what it was placed for. */
interface LastPlaced {
  layoutText: string;
  collapsed: string;
  groupByNamespace: boolean;
  placed: Picture;
}

/** A document's JSON text read as the canvas reads it (displayTopology). */
interface TextRead {
  text: string;
  /** Its `layout` as JSON ('' for none). */
  layoutText: string;
  /** The display topology without `layout`. */
  graph: Topology;
  /** The nodes its first picture draws collapsed. */
  collapsed: readonly string[];
}

/**
 * What the canvas reads beside a picture drawn before the document is in the store: the settings and routers (drawn
 * beside the boxes; their positions with them), no list of elements (the picture's boxes carry what they show).
 */
export function openingView(t: Topology): Topology {
  const { apiVersion, kind, metadata, cluster, routers, layout } = t;
  const none = { nodes: [], pods: [], services: [], loadBalancers: [], externals: [], namespaces: [], networkPolicies: [], ingresses: [], ingressClasses: [] };
  return { apiVersion, kind, metadata, cluster, routers, ...none, ...(layout && routers.length ? { layout } : {}) };
}

/** A big document's JSON text read as the canvas reads it (`value`: its JSON value, when in hand); null for anything else. */
function readBigDocument(text: string, minPods: number, value: unknown = jsonValue(text)?.value): TextRead | null {
  if (!isDrawable(value) || !Array.isArray(value.pods) || value.pods.length <= minPods) return null;
  const view = displayTopology(value);
  const { layout, ...graph } = view;
  return { text, graph, layoutText: layout ? JSON.stringify(layout) : '', collapsed: autoCollapsed(view) };
}

// NOTE: written as the place client writes a view (without `layout`), so a written request finds a graph read from a
// text by its text alone. Written when first compared, not as the text is read: the first request names the text,
// and writing 30,000 pods out was 30-90 ms of the worker's work before the first picture.
const written = (k: Kept): string => (k.graphText ??= JSON.stringify(k.topology));

/** Whether `k` is the graph of `src`: read from the same text, or the same topology written out. */
const isOf = (k: Kept | null, src: TextRead | Written): k is Kept => !!k && ('text' in src ? k.from === src.text : written(k) === src.graphText);

/** What makes a `?generate=N` cluster (scenarios/generate's generateFlannelCluster, in the place worker's chunk; a placer without it cannot generate). */
export type GenerateFn = (nodes: number) => { pods: unknown[] };

/**
 * A placer: each message's replies, in the order they are to be posted (lazily: a generated text goes before its
 * picture is made). A text sent ahead is read past `minPods` pods.
 */
export function createPlacer(autoLayout: AutoLayoutFn | null, minPods = WORKER_PODS): (msg: PlaceMessage, generate?: GenerateFn) => Iterable<PlaceReply> {
  // NOTE: the graph made from a text sent ahead waits beside the requested one until a request takes it: a text that
  // is then refused leaves the graph on screen (and its slices, when asked for) as they were.
  let kept: Kept | null = null;
  let ahead: Kept | null = null;
  /** The last text read (a request naming it is not read again). */
  let read: TextRead | null = null;
  /** The last text sent ahead or generated, which a request names by its token (kept whether or not it was big). */
  let lastSent: { text: string; token: number } | null = null;
  const readText = (text: string, min: number, value?: unknown) => (read?.text === text ? read : (read = readBigDocument(text, min, value)));
  /** The edges the last picture held back (made when sent), until its graph is asked for. */
  let held: { seq: number; graph: number; edges: () => GraphEdge[] } | null = null;
  let graphs = 0;
  /** What the page received of the pictures: each picture's slices carry only what changed. */
  const sender = pictureSender();
  /** `g`'s slices as sent: the first starts the page's memory afresh when `fresh`. */
  const sent = <H>(g: Graph, head: H, fresh: boolean) =>
    slices(g, head).map((s, i): H & SentSlice => ({ ...s, nodes: sender.nodes(s.nodes), edges: sender.edges(s.edges), fresh: fresh && i === 0 }));
  const counts: PlacerCounts = { builds: 0, places: 0, ahead: 0, named: 0 };
  const build = (src: TextRead | Written): Kept => {
    counts.builds++;
    const fromText = 'text' in src;
    const topology = fromText ? src.graph : (JSON.parse(src.graphText) as Topology);
    return {
      graphText: fromText ? null : src.graphText,
      from: fromText ? src.text : null,
      topology,
      built: null,
      frame: null,
      graph: ++graphs,
      last: null,
      sent: false,
    };
  };
  const graphOf = (k: Kept): Graph => {
    k.frame = null;
    return (k.built ??= buildGraph(k.topology));
  };
  /** `k`'s picture with every node in `closed` collapsed, laid out and placed by `t`. */
  const place = (k: Kept, t: Topology, closed: ReadonlySet<string>, groupByNamespace: boolean): Picture => {
    const s = { collapsed: closed, groupByNamespace };
    // NOTE: a big document's first picture has every node collapsed: placed from the frame, its 30,000 pods' boxes and
    // edges are made after it is drawn (when its slices are asked for), not before; and its frame's edges too.
    if (!k.built && k.topology.nodes.every((n) => closed.has(nodeId(n.name)))) {
      const frame = (k.frame ??= buildFrame(k.topology));
      // (placeGraph passes a frame's edges through as they are: no pod of it is hidden.)
      return { nodes: placeDocument(frame.outline, t, s, autoLayout).nodes, edgeCount: frame.edgeCount, edges: frame.edges };
    }
    const placed = placeDocument(graphOf(k), t, s, autoLayout);
    return { nodes: placed.nodes, edgeCount: placed.edges.length, edges: () => placed.edges };
  };
  /** The picture of `k` with this layout and these settings: its last one again when nothing differs. */
  const pictureOf = (k: Kept, layoutText: string, collapsed: readonly string[], groupByNamespace: boolean): Picture => {
    const key = collapsed.join('\n');
    const last = k.last;
    if (last && last.layoutText === layoutText && last.collapsed === key && last.groupByNamespace === groupByNamespace) return last.placed;
    const layout = layoutText ? (JSON.parse(layoutText) as Topology['layout']) : undefined;
    const t: Topology = layout ? { ...k.topology, layout } : k.topology;
    counts.places++;
    const placed = place(k, t, new Set(collapsed), groupByNamespace);
    k.last = { layoutText, collapsed: key, groupByNamespace, placed };
    return placed;
  };
  /** The first picture last sent unasked ('first'): a request for it is answered 'asFirst'. */
  let shown: Picture | null = null;
  /**
   * A text sent ahead (`value`: its JSON value, when in hand): its graph built and its first picture placed; that
   * picture's slices when `draw` (the page draws it before it has read the text).
   */
  const prefetch = (text: string, token: number, draw: boolean, value?: unknown): PlaceReply[] => {
    lastSent = { text, token };
    const r = readText(text, minPods, value);
    return r ? placeAhead(r, token, draw) : [];
  };
  /** `r`'s graph built and first picture placed (and its slices, when `draw`). */
  const placeAhead = (r: TextRead, token: number, draw: boolean): PlaceReply[] => {
    counts.ahead++;
    const k = isOf(kept, r) ? kept : isOf(ahead, r) ? ahead : (ahead = build(r));
    const placed = pictureOf(k, r.layoutText, r.collapsed, false);
    if (!draw) return [];
    shown = placed;
    // (Its edges held back as a request's are, and for the same reason: see the request's NOTE below.)
    const hold = !k.sent && placed.edgeCount > EDGE_LIMIT;
    const layout = r.layoutText ? (JSON.parse(r.layoutText) as Topology['layout']) : undefined;
    const head = {
      kind: 'first' as const,
      token,
      graph: k.graph,
      held: hold ? placed.edgeCount : 0,
      view: openingView({ ...r.graph, ...(layout ? { layout } : {}) }),
    };
    return slices({ nodes: placed.nodes, edges: hold ? [] : placed.edges() }, head);
  };
  /** The automatic layout of the graph `msg` names (the one kept for the picture on screen), or null. */
  const layOut = (msg: LayoutRequest): Record<string, Position> | null => {
    // (A text other than the last one sent cannot be read again here: the page lays that document out itself.)
    const token = 'token' in msg.source ? msg.source.token : null;
    if (!autoLayout || (token !== null && lastSent?.token !== token)) return null;
    const src = token !== null ? readText(lastSent!.text, -1) : (msg.source as Written);
    if (!src) return null;
    const k = isOf(kept, src) ? kept : isOf(ahead, src) ? ahead : build(src);
    return autoLayout(graphOf(k), k.topology, { collapsed: new Set(msg.collapsed) });
  };
  function* generated(nodes: number, token: number, generate: GenerateFn): Iterable<PlaceReply> {
    const doc = generate(nodes);
    // NOTE: read from the document itself, not its text: JSON.parse of 30,000 pods was ~200 ms before the first picture.
    // Its picture goes before its text (named by it once written): the page draws the picture while the text is
    // written out, and reads the text after (writing it, ~120 ms, and the page's parse held the first frame back).
    const r = readBigDocument('', minPods, doc);
    if (r) yield* placeAhead(r, token, true);
    const text = JSON.stringify(doc);
    lastSent = { text, token };
    if (r && ahead) {
      // (Read from this text, as one sent ahead is: `ahead` is the graph placeAhead built for it.)
      r.text = ahead.from = text;
      read = r;
    }
    yield { kind: 'generated', text, pods: doc.pods.length };
  }
  return (msg, generate) => {
    if (msg.kind === 'generate') {
      if (!generate) throw new Error('This placer cannot generate a cluster.');
      return generated(msg.nodes, msg.token, generate);
    }
    if (msg.kind === 'text') return prefetch(msg.text, msg.token, !!msg.draw);
    if (msg.kind === 'layout') return [{ kind: 'laidOut' as const, seq: msg.seq, positions: layOut(msg) }];
    if (msg.kind === 'graph') {
      if (kept?.graph !== msg.graph) return [];
      kept.sent = true;
      const rest =
        held?.graph === kept.graph ? sent({ nodes: [], edges: held.edges() }, { kind: 'edges' as const, seq: held.seq, graph: kept.graph }, false) : [];
      held = null;
      return [...rest, ...slices(graphOf(kept), { kind: 'built' as const, graph: kept.graph })];
    }
    // (A text named by a request is one the page drew as a big document: read past any number of pods.)
    const token = 'token' in msg.source ? msg.source.token : null;
    if (token !== null) counts.named++;
    // (The page names only the last text it sent: another token would be a bug.)
    if (token !== null && lastSent?.token !== token) throw new Error('The place worker does not have the text the page named.');
    const src = token !== null ? readText(lastSent!.text, -1) : (msg.source as Written);
    // (The page read it as a big document's JSON: this would be a bug, and the page places the document itself.)
    if (!src) throw new Error('The place worker could not read the text the page named.');
    if (!isOf(kept, src)) {
      kept = isOf(ahead, src) ? ahead : build(src);
      ahead = null;
    }
    const placed = pictureOf(kept, msg.source.layoutText ?? src.layoutText, msg.collapsed, msg.groupByNamespace);
    // NOTE: a picture of more than EDGE_LIMIT edges draws only the selection's and the trace's, none before the first
    // frame (nothing is selected or traced yet): a graph's first picture is sent without them, and they come once it is
    // drawn, before the graph (which the page asks for then). At 1,000 nodes: 30,607 of its 35,363 elements.
    held = !kept.sent && placed.edgeCount > EDGE_LIMIT ? { seq: msg.seq, graph: kept.graph, edges: placed.edges } : null;
    const head = { kind: 'placed' as const, seq: msg.seq, graph: kept.graph, counts: { ...counts }, held: held ? placed.edgeCount : 0 };
    // (The page holds this picture already: it is not sent twice.)
    if (placed === shown) return [{ ...head, kind: 'asFirst' as const }];
    const fresh = sender.start({ nodes: Math.max(placed.nodes.length, drawable(kept.topology)), edges: placed.edgeCount });
    return sent({ nodes: placed.nodes, edges: held ? [] : placed.edges() }, head, fresh);
  };
}

/** How many boxes a picture of `t` holds with every node open (a VPC, its nodes, pods and the rest). */
const drawable = (t: Topology) => 1 + t.nodes.length + t.pods.length + t.services.length + t.loadBalancers.length + t.externals.length + t.routers.length;

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
