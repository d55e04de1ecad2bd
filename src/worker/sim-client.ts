/**
 * The main thread's handle on the simulator: a typed Promise API over the Web Worker.
 * The UI and the store reach the engine only through this.
 */
import { wrap, releaseProxy, type Remote } from 'comlink';
import type { Problem } from '../model';
import {
  CancelledError,
  type CniCallResult,
  type CompareResult,
  type ExportResult,
  type KubectlImportReply,
  type LoadResult,
  type SimApi,
  type SimClient,
  type TraceResult,
  type ViewResult,
} from './protocol';

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
  // One generation per worker: cancel() retires a generation and starts the next.
  interface Generation {
    worker: Worker;
    remote: Remote<SimApi>;
    failure: Error | null;
    fail(e: Error): void;
    dead: Promise<never>;
  }
  let disposed: Error | null = null;
  // NOTE: the last document loaded, so a replacement worker can be brought to the same state.
  let lastLoad: string | null = null;

  const spawn = (): Generation => {
    const worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module' });
    let failNow: (e: Error) => void = () => {};
    const dead = new Promise<never>((_, reject) => {
      failNow = reject;
    });
    // NOTE: keeps an unobserved rejection of `dead` from being reported when nothing is pending.
    dead.catch(() => {});
    const g: Generation = {
      worker,
      remote: wrap<SimApi>(worker),
      failure: null,
      dead,
      fail(e) {
        if (g.failure) return;
        g.failure = e;
        failNow(e);
      },
    };
    worker.addEventListener('error', (ev) => {
      ev.preventDefault();
      g.fail(new Error(`The simulator stopped: ${ev.message || 'its worker failed to load'}`));
    });
    worker.addEventListener('messageerror', () => g.fail(new Error('The simulator sent a message that could not be read.')));
    return g;
  };
  let gen = spawn();

  const retire = (g: Generation, e: Error) => {
    g.fail(e);
    g.remote[releaseProxy]();
    g.worker.terminate();
  };

  const call = <T>(run: (remote: Remote<SimApi>) => Promise<T>): Promise<T> => {
    if (disposed) return Promise.reject(disposed);
    const g = gen;
    return g.failure ? Promise.reject(g.failure) : Promise.race([run(g.remote), g.dead]);
  };

  return {
    version: () => call((r) => r.version()),
    // Explicit result types: comlink's Remote<> turns a union result into a union of Promises.
    load: (text) => {
      lastLoad = text;
      return call<LoadResult>((r) => r.load(text) as Promise<LoadResult>);
    },
    check: (text) => call<Problem[]>((r) => r.check(text) as Promise<Problem[]>),
    trace: (req) => call<TraceResult>((r) => r.trace(req) as Promise<TraceResult>),
    view: (node, kind, trace) => call<ViewResult>((r) => r.view(node, kind, trace) as Promise<ViewResult>),
    compare: (a, b, request) => call<CompareResult>((r) => r.compare(a, b, request) as Promise<CompareResult>),
    cniCall: (pod, command) => call<CniCallResult>((r) => r.cniCall(pod, command) as Promise<CniCallResult>),
    exportTrace: (trace, format) => call<ExportResult>((r) => r.exportTrace(trace, format) as Promise<ExportResult>),
    importKubectl: (text, options) => call<KubectlImportReply>((r) => r.importKubectl(text, options) as Promise<KubectlImportReply>),
    toJson: (text) => call((r) => r.toJson(text)),
    prepareEditing: () => call((r) => r.prepareEditing()),
    cancel() {
      if (disposed) return;
      retire(gen, new CancelledError());
      gen = spawn();
      // Messages to a worker are handled in order, so calls made from now on wait for this load.
      if (lastLoad !== null) void call<LoadResult>((r) => r.load(lastLoad!) as Promise<LoadResult>).catch(() => {});
    },
    dispose() {
      disposed = new Error('The simulator was shut down.');
      retire(gen, disposed);
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
  // NOTE: inline, nothing is downloaded: with the validator ready, an edit validates in the same tick as before.
  await sim.prepareEditing();
  let disposed = false;
  const call = <T>(run: () => T | Promise<T>): Promise<T> =>
    disposed ? Promise.reject(new Error('The simulator was shut down.')) : Promise.resolve().then(run);
  return {
    version: () => call(() => sim.version()),
    load: (text) => call(() => sim.load(text)),
    check: (text) => call(() => sim.check(text)),
    trace: (req) => call(() => sim.trace(req)),
    view: (node, kind, trace) => call(() => sim.view(node, kind, trace)),
    compare: (a, b, request) => call(() => sim.compare(a, b, request)),
    cniCall: (pod, command) => call(() => sim.cniCall(pod, command)),
    exportTrace: (trace, format) => call(() => sim.exportTrace(trace, format)),
    importKubectl: (text, options) => call(() => sim.importKubectl(text, options)),
    toJson: (text) => call(() => sim.toJson(text)),
    prepareEditing: () => call(() => sim.prepareEditing()),
    // NOTE: inline, the engine runs synchronously on this thread, so there is nothing to interrupt.
    cancel() {},
    dispose() {
      disposed = true;
    },
  };
}
