/**
 * The place worker of a `?generate=N` cluster, started by the app's entry (src/start.ts) before the page's own code is
 * downloaded and compiled: the worker generates and places the cluster while main's and the editor's chunks (~650 KB)
 * are compiled and run, and place-client.ts takes the worker, with what it answered meanwhile, when main asks for the
 * cluster (generateCluster). Started by main, the worker began only once main had run and place-client's chunk had
 * loaded. Small on purpose: it is on the path to the first frame.
 */
import type { GenerateRequest, PlaceReply } from './placer';
import type { PlaceWorkerLike } from './place-client';

/** A new place worker (placer.ts behind place.worker.ts). */
export const spawnPlacer = (): PlaceWorkerLike => new Worker(new URL('./place.worker.ts', import.meta.url), { type: 'module' }) as unknown as PlaceWorkerLike;

/** The most nodes `?generate=` makes. */
const MOST_NODES = 1000;

/** How many nodes the address's `?generate=N` asks for (at most MOST_NODES), or null when it asks for none. */
export function generatedNodes(search: string): number | null {
  const n = Number(new URLSearchParams(search).get('generate'));
  return Number.isInteger(n) && n > 0 ? Math.min(n, MOST_NODES) : null;
}

/** A worker generating a cluster since the page started, and what it answered until taken. */
export interface GeneratingPlacer {
  worker: PlaceWorkerLike;
  /** The request it was sent. */
  request: GenerateRequest;
  replies: PlaceReply[];
  /** Its failure, if it failed before it was taken. */
  failed: ErrorEvent | null;
}

let generating: GeneratingPlacer | null = null;

let tokens = 0;
/** The token of a new text sent to a place worker, or generated there (what a request names it by): one past the last. */
export const newToken = (): number => ++tokens;

/** Starts generating the cluster `search` asks for (`?generate=N`) in a place worker of its own; nothing otherwise. */
export function startGenerating(search: string, spawn = spawnPlacer): void {
  const nodes = generatedNodes(search);
  if (nodes === null || generating) return;
  const worker = spawn();
  const g: GeneratingPlacer = { worker, request: { kind: 'generate', nodes, token: newToken() }, replies: [], failed: null };
  // (Held until place-client takes the worker: a message with no listener is lost.)
  worker.onmessage = ({ data }) => void g.replies.push(data);
  worker.onerror = (e) => void (g.failed = e);
  worker.postMessage(g.request);
  generating = g;
}

/**
 * The worker startGenerating started, if it generates a cluster of `nodes` nodes: taken once (its listeners are the
 * taker's to set, and its replies so far the taker's to hear). One generating another size is stopped.
 */
export function takeGenerating(nodes: number): GeneratingPlacer | null {
  if (generating?.request.nodes !== nodes) return stopGenerating();
  const g = generating;
  generating = null;
  return g;
}

/** Stops the worker startGenerating started, if no one took it: the page opens another document first (a link's, a lesson). */
export function stopGenerating(): null {
  generating?.worker.terminate();
  generating = null;
  return null;
}
