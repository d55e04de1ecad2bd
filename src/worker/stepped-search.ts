/**
 * A search for every outcome run in the worker a slice at a time: between slices the worker reads
 * its other messages (a stopSearch, a newer trace or load, which stop the search) and says how far
 * the search has come. The engine's search is clock-free; the clock is here.
 */
import type { SearchProgress } from './protocol';

/** A slice's length: short enough that a Stop is felt at once, long enough that pausing costs nothing measurable. */
export const SLICE_MS = 25;
/** How often progress is told: a few times a second. */
export const PROGRESS_MS = 200;

/** What is stepped: engine/fork/search.ts `Search`. */
export interface Stepped {
  /** One step; true once the search has ended. */
  step(): boolean;
  progress(): SearchProgress;
}

/** Lets the worker's queued messages in (a MessageChannel round: no timer clamping). */
const pause = (): Promise<void> =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });

/** Steps `search` to its end (whole, cut, or stopped from outside), telling `tell` its progress every PROGRESS_MS. */
export async function stepToEnd(search: Stepped, tell: (p: SearchProgress) => void, clock: () => number = () => performance.now()): Promise<void> {
  let told = clock();
  for (;;) {
    const start = clock();
    do {
      if (search.step()) return;
    } while (clock() - start < SLICE_MS);
    if (clock() - told >= PROGRESS_MS) {
      told = clock();
      tell(search.progress());
    }
    await pause();
  }
}
