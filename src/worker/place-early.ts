/**
 * Starting a place worker, and the `?generate=N` cluster's generation, which the page's entry (boot.ts) starts before
 * the app's code has loaded. At 1,000 nodes the worker's work (generate, then the first picture) is the first frame's
 * critical path; started by the app's code, it waited for that code to download and run (~1.1 s of a 4 s load traced
 * on the loaded machine). A small module with nothing but types imported: the entry loads it beside the app's code.
 */
import type { PlaceMessage, PlaceReply } from './placer';

/** What the page needs of a place worker (a Worker; tests hand a fake). */
export interface PlaceWorkerLike {
  postMessage(message: PlaceMessage): void;
  onmessage: ((e: MessageEvent<PlaceReply>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  terminate(): void;
}

export const spawnPlaceWorker = (): PlaceWorkerLike =>
  new Worker(new URL('./place.worker.ts', import.meta.url), { type: 'module' }) as unknown as PlaceWorkerLike;

/** A cluster being generated in `worker`; `reply` is its text and pod count. */
export interface Generating {
  nodes: number;
  token: number;
  worker: PlaceWorkerLike;
  reply: Promise<{ text: string; pods: number }>;
}

/** Ask `worker` to generate a cluster of `nodes` nodes, whose text a request will name by `token`. */
export function startGenerating(nodes: number, token: number, worker: PlaceWorkerLike): Generating {
  const reply = new Promise<{ text: string; pods: number }>((resolve, reject) => {
    worker.onmessage = ({ data: r }) => {
      if (r.kind !== 'generated') return;
      worker.onmessage = worker.onerror = null;
      resolve(r);
    };
    worker.onerror = (e) => reject(new Error(e.message || 'The place worker failed.'));
  });
  // (Not yet taken: a failure is said to whoever takes it.)
  reply.catch(() => {});
  worker.postMessage({ kind: 'generate', nodes, token });
  return { nodes, token, worker, reply };
}

/** The token of the text generated at the start: the place client numbers its texts from 1. */
export const EARLY_TOKEN = 0;

let early: Generating | null = null;

/**
 * The address's `?generate=N` cluster (at most 1,000 nodes, as main.tsx asks for it), started now in a place worker of
 * its own; nothing when the address asks for none, or opens a link's document or a lesson instead.
 */
export function generateEarly(search: string, spawn = spawnPlaceWorker): void {
  const q = new URLSearchParams(search);
  const nodes = Number(q.get('generate'));
  if (Number.isInteger(nodes) && nodes > 0 && !q.has('doc') && !q.has('lesson')) early = startGenerating(Math.min(nodes, 1000), EARLY_TOKEN, spawn());
}

/** The generation started at the start, if it is of `nodes` nodes (taken once; one of another size is stopped). */
export function takeEarly(nodes: number): Generating | null {
  const g = early;
  early = null;
  if (g && g.nodes !== nodes) g.worker.terminate();
  return g?.nodes === nodes ? g : null;
}
