/**
 * The main thread's handle on the simulator: a typed Promise API over the Web Worker.
 * The UI and the store reach the engine only through this.
 */
import { wrap, releaseProxy, type Remote } from 'comlink';
import type { LoadResult, SimApi, SimClient, TraceResult, ViewResult } from './protocol';

/**
 * Start the simulator in a Web Worker.
 * A worker that crashes or cannot load makes every pending and later call reject with a
 * readable message instead of hanging.
 *
 * @example
 *   const sim = createSimClient();
 *   const loaded = await sim.load(yamlText);
 */
export function createSimClient(): SimClient {
  const worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module' });
  const remote: Remote<SimApi> = wrap<SimApi>(worker);

  let failure: Error | null = null;
  let failNow: (e: Error) => void = () => {};
  const dead = new Promise<never>((_, reject) => {
    failNow = reject;
  });
  // NOTE: keeps an unobserved rejection of `dead` from being reported when nothing is pending.
  dead.catch(() => {});
  const fail = (message: string) => {
    if (failure) return;
    failure = new Error(message);
    failNow(failure);
  };
  worker.addEventListener('error', (ev) => {
    ev.preventDefault();
    fail(`The simulator stopped: ${ev.message || 'its worker failed to load'}`);
  });
  worker.addEventListener('messageerror', () => fail('The simulator sent a message that could not be read.'));

  const call = <T>(run: () => Promise<T>): Promise<T> =>
    failure ? Promise.reject(failure) : Promise.race([run(), dead]);

  return {
    version: () => call(() => remote.version()),
    // Explicit result types: comlink's Remote<> turns a union result into a union of Promises.
    load: (text) => call<LoadResult>(() => remote.load(text)),
    trace: (req) => call<TraceResult>(() => remote.trace(req)),
    view: (node, kind) => call<ViewResult>(() => remote.view(node, kind)),
    dispose() {
      fail('The simulator was shut down.');
      remote[releaseProxy]();
      worker.terminate();
    },
  };
}

/**
 * The same API running the engine on the calling thread: for tests in Node and for
 * environments without module workers. The engine is loaded lazily so it stays out of
 * the main bundle.
 */
export async function createInlineSimClient(): Promise<SimClient> {
  const { createSimulator } = await import('./simulator');
  const sim = createSimulator();
  let disposed = false;
  const call = <T>(run: () => T): Promise<T> =>
    disposed ? Promise.reject(new Error('The simulator was shut down.')) : Promise.resolve().then(run);
  return {
    version: () => call(() => sim.version()),
    load: (text) => call(() => sim.load(text)),
    trace: (req) => call(() => sim.trace(req)),
    view: (node, kind) => call(() => sim.view(node, kind)),
    dispose() {
      disposed = true;
    },
  };
}
