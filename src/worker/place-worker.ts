// Starting a place worker (placer.ts behind place.worker.ts), apart from its client (place-client.ts): the page's own
// code starts the `?generate=` cluster's as it runs, so the cluster is made while the client's chunk loads, not after
// (that worker is what that first frame waits for).
import type { PlaceReply } from './placer';
import type { PlaceWorkerLike } from './place-client';

/** The name of a place worker started to generate a cluster: it loads the generator as it starts. */
export const GENERATOR_NAME = 'generate';

const spawnNamed = (name?: string): PlaceWorkerLike =>
  new Worker(new URL('./place.worker.ts', import.meta.url), { type: 'module', name }) as unknown as PlaceWorkerLike;
export const spawnPlaceWorker = (): PlaceWorkerLike => spawnNamed();

let tokens = 0;
/** A new token, naming a text the place worker is sent or made. */
export const nextToken = (): number => ++tokens;

/** A place worker making a cluster before its client took it, and what it said meanwhile. */
export interface Generating {
  worker: PlaceWorkerLike;
  nodes: number;
  token: number;
  /** Its replies until a client took it (null since). */
  heard: MessageEvent<PlaceReply>[] | null;
  failed: ErrorEvent | null;
}
let generating: Generating | null = null;

/** Starts making the `nodes`-node cluster in a place worker of its own now; its client takes it (takeGenerating). */
export function startGenerating(nodes: number, spawn = () => spawnNamed(GENERATOR_NAME)): void {
  const worker = spawn();
  const g: Generating = (generating = { worker, nodes, token: nextToken(), heard: [], failed: null });
  // (A reply handed to this handler after the client took the worker, late, goes to the client's.)
  worker.onmessage = (e) => void (g.heard ? g.heard.push(e) : worker.onmessage?.(e));
  worker.onerror = (e) => void (g.heard ? (g.failed = e) : worker.onerror?.(e));
  worker.postMessage({ kind: 'generate', nodes, token: g.token });
}

/** The worker started making the `nodes`-node cluster, once; null when none was. */
export function takeGenerating(nodes: number): (Generating & { heard: MessageEvent<PlaceReply>[] }) | null {
  const g = generating?.nodes === nodes ? generating : null;
  generating = null;
  if (!g?.heard) return null;
  const taken = { ...g, heard: g.heard };
  g.heard = null;
  return taken;
}
