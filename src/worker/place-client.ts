/**
 * The main thread's handle on the place worker (placer.ts): it sends the display topology of each new picture
 * and hands back the placed picture of the latest request, with the graph once all of its slices are in.
 */
import type { Topology } from '../model/topology';
import type { Graph } from '../layout/graph';
import type { GraphEdge, GraphNode } from '../layout/types';
import type { Position } from '../model/edit';
import { samePicture } from '../layout/picture-parts';
import {
  joiner,
  sliceJoiner,
  WORKER_PODS,
  type PlaceMessage,
  type PlaceReply,
  type PlacerCounts,
  type PlaceRequest,
  type Sent,
  type SentMemory,
  type SentSlice,
} from './placer';
import { newToken, spawnPlacer, takeGenerating, type GeneratingPlacer } from './place-start';

function receiveList<T extends { id: string }>(memory: Map<string, T>, list: readonly Sent<T>[]): T[] {
  return list.map((x) => {
    if (typeof x !== 'string') {
      memory.set(x.id, x);
      return x;
    }
    const kept = memory.get(x);
    // (The placer sends an id only for an element it sent before, since the memory last started afresh.)
    if (kept === undefined) throw new Error(`The place worker named an element the page never received: ${x}`);
    return kept;
  });
}

/**
 * The page's side of a picture sent as what changed (placer.ts `Sent`): each slice read, elements sent before put back
 * as the objects received then. (Here, not beside the placer's side: what the page's main chunk imports of placer.ts,
 * the embed's carries.)
 */
function pictureReceiver() {
  let memory: SentMemory = { nodes: new Map(), edges: new Map() };
  return (slice: SentSlice): { nodes: GraphNode[]; edges: GraphEdge[]; last: boolean } => {
    if (slice.fresh) memory = { nodes: new Map(), edges: new Map() };
    return { nodes: receiveList(memory.nodes, slice.nodes), edges: receiveList(memory.edges, slice.edges), last: slice.last };
  };
}

/** What the worker placed: `topology` (the one asked about, as the main thread holds it), its picture and graph. */
export interface Placement {
  topology: Topology;
  placed: Graph;
  /** buildGraph(topology), null until its slices are in. */
  built: Graph | null;
  /**
   * How many of the picture's edges are still to come (`placed` has none of them then): a graph's first picture of
   * more than EDGE_LIMIT edges draws none of them, and they come with the graph, once the picture is drawn.
   */
  held: number;
  counts: PlacerCounts;
}

export interface PlaceClient {
  /** Place `topology` with these nodes collapsed; only the latest request's answer is handed on. */
  place(topology: Topology, collapsed: readonly string[], groupByNamespace: boolean): void;
  /**
   * The picture handed on is drawn (committed): its graph's slices are asked for after the next frame. Received with
   * the picture, they held the first frame back (~30 slices of 4,000 elements at 1,000 nodes).
   */
  drawn(): void;
  /**
   * The automatic layout of `topology` (one this client placed), made in the worker from the graph it keeps; null when
   * the worker cannot make it, or stops first (the caller makes it then).
   */
  autoLayout(topology: Topology, collapsed: readonly string[]): Promise<Record<string, Position> | null>;
  dispose(): void;
}

/** What the client needs of a worker. */
export interface PlaceWorkerLike {
  postMessage(message: PlaceMessage): void;
  onmessage: ((e: MessageEvent<PlaceReply>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  terminate(): void;
}

const defaultWorker = spawnPlacer;

// NOTE: each topology is written once (an edit's new one once more: what it changed may be anywhere); its layout
// apart, so a move sends the same graph text and the worker places its kept graph again. A topology the page read
// from a text it sent ahead is not written at all: the request names that text (writing 30,000 pods out was a
// ~90 ms task just before the first picture at 1,000 nodes).
// A topology that makes the last one written's picture but for its layout (a move, a kube-proxy mode, a title: viewOf
// keeps the rest) keeps its graph's text, or names the text it was read from: the worker keeps its graph (a mode change
// wrote 30,000 pods out, ~30-40 ms, and the worker built the graph and sent all its slices again).
const sources = new WeakMap<Topology, PlaceRequest['source']>();
let lastWritten: Topology | undefined;
function sourceOf(t: Topology): PlaceRequest['source'] {
  let x = sources.get(t);
  // (A text is named only while it is the last one sent to a worker: the worker keeps no other.)
  const gone = (s: PlaceRequest['source'] | undefined) => !!s && 'token' in s && (s.token !== lastSent.token || !lastSent.worker);
  if (!x || gone(x)) {
    const { layout, ...graph } = t;
    const same = lastWritten && samePicture(lastWritten, t) ? sources.get(lastWritten) : undefined;
    const before = gone(same) ? undefined : same;
    const layoutText = layout ? JSON.stringify(layout) : '';
    // (Moved on a document read from a text the worker holds: that text's graph, this layout.)
    x = before && 'token' in before ? { token: before.token, layoutText } : { graphText: before?.graphText ?? JSON.stringify(graph), layoutText };
    sources.set(t, x);
  }
  lastWritten = t;
  return x;
}

/** A big document's first picture, sent unasked by the worker its text went to (placer 'first'). */
export interface OpeningPicture {
  /** The token of the text it is of. */
  token: number;
  /** The worker that placed it, and its graph's number there. */
  worker: PlaceWorkerLike;
  graph: number;
  placed: Graph;
  held: number;
  /** What the canvas reads beside it (placer's openingView). */
  view: Topology;
}

/** The last first picture received, and who waits for the next. */
let opening: OpeningPicture | null = null;
const openingHeard = new Set<() => void>();
/**
 * The token of the text the page is opening as its first document, to draw before the page has read it (its load
 * started: sent ahead to be drawn, or generated); null while it opens any other (whose picture is never drawn so).
 */
let openingToken: number | null = null;
const joinOpening = joiner();

/** Hears a worker's first-picture slices (placer 'first'); true when `r` was one. */
function heardOpening(worker: PlaceWorkerLike, r: PlaceReply): r is Extract<PlaceReply, { kind: 'first' }> {
  if (r.kind !== 'first') return false;
  const placed = joinOpening(r.token, r);
  if (!placed) return true;
  opening = { token: r.token, worker, graph: r.graph, placed, held: r.held, view: r.view };
  for (const f of openingHeard) f();
  return true;
}

/** The first picture of the text the page is opening (drawn before the page has read it), or null. */
export function openingPicture(): OpeningPicture | null {
  return opening && opening.token === openingToken ? opening : null;
}
/** The opening picture last drawn (openingDrawn). */
let openingUp: OpeningPicture | null = null;
/** `p` is drawn: a document waiting for its first picture to be up (pictureDrawn) waits no more. */
export function openingDrawn(p: OpeningPicture): void {
  openingUp = p;
  pictureIsUp();
}

/** Whether the worker may send a first picture the page would draw (the page is opening a text it sent ahead to draw). */
export const openingComing = (): boolean => openingToken !== null;
/** `heard` is called when another first picture arrives, or the text being opened changes (the returned function stops that). */
export function onOpeningPicture(heard: () => void): () => void {
  openingHeard.add(heard);
  return () => void openingHeard.delete(heard);
}

/**
 * The text last sent to a place worker (sent ahead, or generated there), by its token: the one text a worker keeps, so
 * the one a request may name. A new text takes a new token (place-start.ts `newToken`). `text`: kept until the page says what it read from it
 * (readAhead); a generated text's is known once it arrives, and only if no other was sent meanwhile. `generated`: the
 * spare worker made it (generateCluster) and the page has not opened it yet: opening it sends nothing. `worker`: the one
 * that holds it, null once that one is stopped (a new worker has no text: a view of it is written out again).
 */
let lastSent: { token: number; text: string | null; generated: boolean; worker: PlaceWorkerLike | null } = {
  token: 0,
  text: null,
  generated: false,
  worker: null,
};

/** `worker` stopped: the text it held is held by none. */
function stopping(worker: PlaceWorkerLike): void {
  if (lastSent.worker === worker) lastSent = { ...lastSent, text: null, generated: false, worker: null };
  worker.terminate();
}

/**
 * The page drew `view` from `text` (displayTopology of the text's JSON, unchanged): when that text was sent ahead, a
 * request to place `view` names the text instead of writing `view` out.
 */
export function readAhead(text: string, view: Topology): void {
  if (text !== lastSent.text) return;
  const { token } = lastSent;
  lastSent = { ...lastSent, text: null, generated: false };
  if (!sources.has(view)) sources.set(view, { token });
}

/**
 * A text shorter than this cannot hold a document past WORKER_PODS (a pod is written in 40 characters or more), so it
 * is not sent ahead.
 */
export const PREFETCH_CHARS = 40_000;

// NOTE: the worker a text was sent ahead to before any canvas asked for one (`spare`), taken by the next client; and
// the worker of the client in use, to which a text opening while a big document is on screen goes.
let spare: PlaceWorkerLike | null = null;
let inUse: PlaceWorkerLike | null = null;
let active: PlaceClient | null = null;

/**
 * Send a document's text, as it opens, to the place worker (started now if none is running): a big document's graph
 * and first picture are made there while the main thread reads and draws the document, so the canvas's request finds
 * them ready instead of starting them (at 1,000 nodes: ~1 s of the first frame's wait). Only JSON texts of
 * PREFETCH_CHARS or more are sent; the worker drops one that is not a big document. True when the text's picture is
 * drawn already (a generated cluster's, drawn as it came: opening-picture.ts).
 */
export function prefetchPicture(text: string, draw = false, spawn = defaultWorker): boolean {
  const made = lastSent.generated && text === lastSent.text;
  const sent = made || (text.length >= PREFETCH_CHARS && text.trimStart()[0] === '{');
  const token = made ? lastSent.token : sent ? newToken() : null;
  // (A picture heard from now on is drawn only if it is this text's: `draw`, the page's first document, drawn as read.)
  opens(draw ? token : null);
  if (token === null) return false;
  if (made) {
    // (The text the spare worker generated is there already, and its picture sent: drawn, maybe.)
    lastSent = { ...lastSent, generated: false };
    return openingUp !== null && openingUp === openingPicture();
  }
  const worker = inUse ?? (spare ??= hearing(spawn()));
  lastSent = { token, text, generated: false, worker };
  worker.postMessage({ kind: 'text', text, token, draw });
  return false;
}

/** The page opens the text `token` names (its picture drawn as it comes), or one whose picture is not drawn so (null). */
function opens(token: number | null): void {
  openingToken = token;
  for (const f of openingHeard) f();
}

/** `worker`, hearing its first pictures until a client takes it. */
function hearing(worker: PlaceWorkerLike): PlaceWorkerLike {
  worker.onmessage = ({ data: r }) => void heardOpening(worker, r);
  return worker;
}

/**
 * Start the place worker a big document's text is sent ahead to, before that text is made: a kubectl import's
 * document is made for seconds in the simulator's worker, and a place worker started only once it was made kept the
 * text waiting for its start (0.1-0.3 s at 1,000 nodes). Not when a big document is on screen (its worker takes it).
 */
export function startPlacer(spawn = defaultWorker): void {
  if (!inUse) spare ??= spawn();
}

/**
 * The `?generate=N` cluster's text, made in a place worker that keeps it as a text sent ahead (its graph built and
 * first picture placed while the page reads it), or stops once it is made when the cluster is not a big document.
 */
export function generateCluster(nodes: number, spawn = defaultWorker, started: GeneratingPlacer | null = takeGenerating(nodes)): Promise<string> {
  // (The worker the app's entry started generating it, when no text was sent to a worker before: place-start.ts.)
  const early = started && !spare && started.request.token > lastSent.token ? started : null;
  if (started && !early) started.worker.terminate();
  const worker = early ? (spare = early.worker) : (spare ??= spawn());
  const token = early?.request.token ?? newToken();
  // NOTE: the page's load starts here (the address asks for this cluster, and nothing else it could ask for opens
  // instead): its picture, which comes before its text, is drawn as it comes. Another document opened meanwhile (its
  // load sends its text ahead: prefetchPicture) or none (File → New: a small document on screen) is never drawn over.
  opens(token);
  return new Promise<string>((resolve, reject) => {
    const heard = (r: PlaceReply) => {
      if (heardOpening(worker, r) || r.kind !== 'generated') return;
      hearing(worker);
      worker.onerror = null;
      // (Its text is the one the worker keeps unless another was sent to it meanwhile: one the page opens later is sent again.)
      if (r.pods > WORKER_PODS) {
        if (lastSent.token === token) lastSent = { token, text: r.text, generated: true, worker };
      } else {
        // (Small: no picture comes; the page places it itself.)
        if (openingToken === token) opens(null);
        if (spare === worker) {
          spare = null;
          stopping(worker);
        }
      }
      resolve(r.text);
    };
    const failed = (e: ErrorEvent) => reject(new Error(e.message || 'The place worker failed.'));
    worker.onmessage = ({ data }) => heard(data);
    worker.onerror = failed;
    lastSent = { token, text: null, generated: false, worker };
    if (!early) {
      worker.postMessage({ kind: 'generate', nodes, token });
      return;
    }
    // NOTE: what it answered before it was taken is heard now, in order, but its text only once its picture is on
    // screen, as when the worker answers after main has run: heard at once, the page's read of the text (its parse and
    // display view, ~150 ms of the main thread at 1,000 nodes) came before the picture's first render; heard as that
    // render committed, it came before the frame that shows it.
    const text = early.replies.find((r) => r.kind === 'generated');
    for (const r of early.replies) if (r !== text) heard(r);
    if (early.failed) failed(early.failed);
    if (text && openingPicture()) afterPictureUp(() => heard(text));
    else if (text) heard(text);
  });
}

/** Who waits for the next picture a place client draws (pictureDrawn). */
const waiting: (() => void)[] = [];
/** The topology a place client last drew the picture of (one drawn before a caller asks is not waited for again). */
let drawnView: Topology | null = null;
const pictureIsUp = () => {
  for (const resolve of waiting.splice(0)) resolve();
};

/**
 * How long a document placed in the worker waits for its first picture at most: a page with no canvas to draw it
 * (or one that never gets to) does not hold its validation back for longer.
 */
export const PICTURE_WAIT_MS = 5000;

/** Calls `f` after the next frame is painted, in a task of its own. */
const afterPaint = (f: () => void): void => void requestAnimationFrame(() => setTimeout(f, 0));

/** Calls `f` once the frame that shows the next picture drawn is painted (or PICTURE_WAIT_MS later, at most). */
function afterPictureUp(f: () => void): void {
  let called = false;
  const once = () => {
    if (!called) f();
    called = true;
  };
  waiting.push(() => afterPaint(once));
  setTimeout(once, PICTURE_WAIT_MS);
}

/**
 * Resolves once a place client's next picture is drawn when `view` is placed in the place worker (past WORKER_PODS
 * pods), or its worker failed (the main thread places it then); at once for a smaller document, or one whose picture
 * is drawn already (an import drawn before it was validated, whose library write waits for its picture).
 */
export function pictureDrawn(view: Topology, wait = PICTURE_WAIT_MS): Promise<void> {
  if (view.pods.length <= WORKER_PODS || view === drawnView) return Promise.resolve();
  // (The picture of the text the page opens is up already: what follows waits no more, in a task of its own.)
  if (openingUp && openingUp === openingPicture()) return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise<void>((resolve) => {
    // NOTE: in a task of its own: what follows (the validation's post of the whole text) is not part of the task that
    // drew the picture (the passive effects of its render).
    waiting.push(() => setTimeout(resolve, 0));
    setTimeout(resolve, wait);
  });
}

/**
 * Start a place worker (or take the one a text was sent ahead to). `onPlacement` gets the latest request's picture when it arrives, and again when its
 * graph's slices are all in; `onError` when the worker fails (the caller places on the main thread instead).
 */
export function createPlaceClient(
  onPlacement: (p: Placement) => void,
  onError: (e: Error) => void,
  spawn = defaultWorker,
  later: (f: () => void) => void = (f) => void setTimeout(f, 0),
  afterFrame: (f: () => void) => void = afterPaint,
): PlaceClient {
  const worker = spare ?? spawn();
  spare = null;
  inUse = worker;
  /**
   * The last request sent, by number: what it asked, its topology the one its answer is handed on with (a later view of
   * the same picture takes its place). Answered once `last` is its answer: an older request's answer is never handed on.
   */
  let request: { seq: number; topology: Topology; collapsed: readonly string[]; groupByNamespace: boolean } | null = null;
  let last: { seq: number; graph: number; placement: Placement } | null = null;
  let built: { graph: number; built: Graph } | null = null;
  let askedFor = NaN;
  let wanted: number | null = null;
  const join = sliceJoiner();
  const joinPlaced = joiner();
  const joinHeld = joiner();
  const receive = pictureReceiver();
  /** Layouts asked for and not yet answered, by request number. */
  const layouts = new Map<number, (positions: Record<string, Position> | null) => void>();
  const endLayouts = () => {
    for (const resolve of layouts.values()) resolve(null);
    layouts.clear();
  };
  worker.onmessage = ({ data: r }) => {
    if (r.kind === 'generated' || heardOpening(worker, r)) return;
    if (r.kind === 'laidOut') {
      layouts.get(r.seq)?.(r.positions);
      layouts.delete(r.seq);
      return;
    }
    // NOTE: every slice of a picture is read, those of a picture since overtaken too: what the worker sends next is
    // told against all it sent (an element sent before comes as its id).
    if (r.kind === 'edges') {
      const got = receive(r);
      // (Those of a picture since overtaken are not put together.)
      const edges = r.seq === request?.seq ? joinHeld(r.seq, got) : null;
      // NOTE: handed on with the graph, whose slices follow at once: one render of the whole picture, not two.
      if (edges && last?.seq === r.seq) last.placement = { ...last.placement, placed: { nodes: last.placement.placed.nodes, edges: edges.edges }, held: 0 };
      return;
    }
    if (r.kind === 'built') {
      const whole = join(r);
      if (!whole) return;
      built = whole;
      if (last && last.graph === whole.graph) onPlacement((last.placement = { ...last.placement, built: whole.built }));
      return;
    }
    // (The first picture, sent unasked, is the one the page drew: the same objects, not a copy; nothing to receive.)
    const got = r.kind === 'asFirst' ? null : receive(r);
    // An answer to a request since overtaken by another is not drawn (nor put together): the next one is on its way.
    if (!request || r.seq !== request.seq) return;
    const placed = got ? joinPlaced(r.seq, got) : opening?.worker === worker && opening.graph === r.graph ? opening.placed : null;
    if (!placed) return;
    const placement: Placement = { topology: request.topology, placed, built: built?.graph === r.graph ? built.built : null, held: r.held, counts: r.counts };
    last = { seq: r.seq, graph: r.graph, placement };
    // The graph (what a trace's marks read) is asked for once this picture is drawn: see drawn().
    if (!placement.built && askedFor !== r.graph) wanted = r.graph;
    onPlacement(placement);
  };
  worker.onerror = (e) => {
    pictureIsUp();
    endLayouts();
    onError(new Error(e.message || 'The place worker failed.'));
  };
  // NOTE: sent in a task of its own, the last of the requests made in one task: writing a 30,000-pod topology was
  // ~90 ms of the task that drew the document's first render (shared machine), and a document and its collapse
  // set one after the other are one request.
  let next: (() => void) | null = null;
  let layoutSeq = 0;
  /** Whether `r` places the same picture as request `a` (a kube-proxy mode, a title: see samePicture). */
  const samePlace = (a: NonNullable<typeof request>, r: NonNullable<typeof request>) =>
    a.groupByNamespace === r.groupByNamespace &&
    a.topology.layout === r.topology.layout &&
    samePicture(a.topology, r.topology) &&
    a.collapsed.length === r.collapsed.length &&
    a.collapsed.every((id, i) => id === r.collapsed[i]);
  const client: PlaceClient = {
    place(topology, collapsed, groupByNamespace) {
      const scheduled = next !== null;
      next = () => {
        const r = { seq: (request?.seq ?? 0) + 1, topology, collapsed: [...collapsed], groupByNamespace };
        // NOTE: a view that makes the last request's picture is handed that picture (on its way, or here): the worker
        // would place the same boxes again, and the page receive them again.
        if (request && samePlace(request, r)) {
          request = { ...r, seq: request.seq };
          if (last?.seq === request.seq) onPlacement((last.placement = { ...last.placement, topology }));
          return;
        }
        request = r;
        worker.postMessage({ kind: 'place', seq: r.seq, source: sourceOf(topology), collapsed: r.collapsed, groupByNamespace });
      };
      if (!scheduled)
        later(() => {
          const send = next;
          next = null;
          send?.();
        });
    },
    drawn() {
      drawnView = last?.placement.topology ?? null;
      pictureIsUp();
      if (wanted === null) return;
      const graph = (askedFor = wanted);
      wanted = null;
      afterFrame(() => worker.postMessage({ kind: 'graph', graph }));
    },
    autoLayout(topology, collapsed) {
      const seq = ++layoutSeq;
      const answer = new Promise<Record<string, Position> | null>((resolve) => layouts.set(seq, resolve));
      worker.postMessage({ kind: 'layout', seq, source: sourceOf(topology), collapsed: [...collapsed] });
      return answer;
    },
    dispose() {
      pictureIsUp();
      drawnView = null;
      if (inUse === worker) inUse = null;
      next = null;
      worker.onmessage = null;
      worker.onerror = null;
      stopping(worker);
      endLayouts();
      if (active === client) active = null;
    },
  };
  active = client;
  return client;
}

/** The client drawing the canvas now (a big document is on screen), or null. */
export const activePlaceClient = (): PlaceClient | null => active;
