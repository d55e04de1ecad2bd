/**
 * The main thread's handle on the simulator: a typed Promise API over the Web Worker.
 * The UI and the store reach the engine only through this.
 */
import { connect, type Endpoint } from './rpc';
import type { Topology } from '../model/topology';
import { patchTopology } from '../model/topology-patch';
import { textDelta, type WrittenText } from './text-delta';
import {
  CancelledError,
  SimulatorFailure,
  type EditorSimApi,
  type LoadReply,
  type LoadResult,
  type SearchProgress,
  type SimClient,
  type SimFault,
  type SimNotice,
} from './protocol';

type Remote = ReturnType<typeof connect<EditorSimApi>>;

/** What the main thread needs of a worker: an endpoint that can fail and be stopped. */
export type WorkerLike = Endpoint & Pick<Worker, 'terminate'>;

/** How long the worker may leave pending calls without answering any before it is taken for stuck and replaced. */
export const SIM_TIMEOUT_MS = 60_000;

/** After this many faults in a row (no call answered in between), no new worker is started. */
export const MAX_RESTARTS = 3;

export interface SimClientOptions {
  /** Start a worker; tests pass a fake. Defaults to the simulator's module worker. */
  spawnWorker?: () => WorkerLike;
  /** See {@link SIM_TIMEOUT_MS}. */
  timeoutMs?: number;
}

const defaultWorker = (): WorkerLike => new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module' });
/** The editor's worker: the simulator with its edits answered with what changed (edit-answer.ts; see {@link editLoads}). */
export const editorWorker = (): WorkerLike => new Worker(new URL('./editor.worker.ts', import.meta.url), { type: 'module' });

/**
 * Start the simulator in a Web Worker.
 * A worker that crashes, or leaves calls unanswered for {@link SIM_TIMEOUT_MS}, is replaced: pending calls
 * reject with a readable message, a new worker loads the *last document that loaded* (never the one
 * being loaded when the old one died), later calls work again, and `onFault` listeners are told.
 *
 * @example
 *   const sim = createSimClient();
 *   const loaded = await sim.load(yamlText);
 */
export function createSimClient(options: SimClientOptions = {}): SimClient {
  const spawnWorker = options.spawnWorker ?? defaultWorker;
  const timeoutMs = options.timeoutMs ?? SIM_TIMEOUT_MS;
  // One generation per worker: a fault or cancel() retires a generation and starts the next.
  interface Generation {
    worker: WorkerLike;
    remote: Remote;
    /** Settles once the worker holds the document it was started with: calls are posted after it. */
    ready: Promise<unknown>;
    failure: Error | null;
    fail(e: Error): void;
    dead: Promise<never>;
  }
  let disposed: Error | null = null;
  // NOTE: the last document that loaded (by the order loads were asked for), by `load` or an edit's `loadFrom`, so a
  // replacement worker is brought to a state known to be good and to the document on screen: reloading the document
  // that was loading when a worker died would kill or hang the next one too.
  let lastGood: { seq: number; text: string } | null = null;
  let loads = 0;
  let faultsInARow = 0;
  const listeners = new Set<(f: SimFault) => void>();
  const progressListeners = new Set<(p: SearchProgress) => void>();

  const spawn = (): Generation => {
    const worker = spawnWorker();
    let failNow: (e: Error) => void = () => {};
    const dead = new Promise<never>((_, reject) => {
      failNow = reject;
    });
    // NOTE: keeps an unobserved rejection of `dead` from being reported when nothing is pending.
    dead.catch(() => {});
    const g: Generation = {
      worker,
      remote: connect<EditorSimApi>(worker),
      ready: Promise.resolve(),
      failure: null,
      dead,
      fail(e) {
        if (g.failure) return;
        g.failure = e;
        failNow(e);
      },
    };
    worker.addEventListener('error', (ev) => {
      (ev as ErrorEvent).preventDefault?.();
      fault(g, { kind: 'crashed', detail: (ev as ErrorEvent).message || 'its worker failed to load' });
    });
    worker.addEventListener('messageerror', () => fault(g, { kind: 'crashed', detail: 'it sent a message that could not be read' }));
    // A search's progress: heard, and a sign of life (a long search is not a stuck worker).
    worker.addEventListener('message', (ev) => {
      const notice = ((ev as MessageEvent).data as { notice?: SimNotice } | null)?.notice;
      if (!notice || g !== gen) return;
      rearm();
      for (const l of progressListeners) l(notice.progress);
    });
    return g;
  };

  const retire = (g: Generation, e: Error) => {
    if (g.failure) return;
    g.fail(e);
    g.remote.close();
    g.worker.terminate();
  };

  /** A fresh worker in place of the current one, with the last good document loaded. */
  const replace = (e: Error) => {
    retire(gen, e);
    gen = spawn();
    // NOTE: the worker starts each call as it arrives and a fresh one's load awaits chunks (the validator), so a trace
    // posted beside the load was answered "no valid document is loaded": calls made from now on are posted after it.
    const good = lastGood;
    if (good) gen.ready = call((r) => r.call('load', good.text)).catch(() => {});
  };

  /** The worker `g` crashed or stopped answering: replace it (unless it is already gone) and say so. */
  function fault(g: Generation, f: Exclude<SimFault, { kind: 'stopped' }>) {
    if (disposed || g !== gen || g.failure) return;
    const said = f.kind === 'timeout' ? `The simulator stopped answering for ${f.seconds} s and was restarted.` : `The simulator stopped: ${f.detail}.`;
    faultsInARow++;
    if (faultsInARow > MAX_RESTARTS) {
      // NOTE: something kills every worker (a chunk that cannot load): stay down rather than loop, and say so (the
      // notices before this one said it was restarted).
      const stopped: SimFault = { kind: 'stopped', faults: faultsInARow };
      retire(g, new SimulatorFailure(stopped, `${said} It failed ${faultsInARow} times in a row and was not restarted again; reload the page.`));
      for (const l of listeners) l(stopped);
      return;
    }
    replace(new SimulatorFailure(f, said));
    for (const l of listeners) l(f);
  }

  let gen = spawn();

  // NOTE: one watchdog, not a timer per call: a call queued behind a long one waits its turn without
  // counting as stuck. The worker is stuck when calls are pending and none has been answered for timeoutMs.
  let pending = 0;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const rearm = () => {
    clearTimeout(watchdog);
    watchdog = undefined;
    if (pending === 0 || disposed) return;
    const g = gen;
    watchdog = setTimeout(() => fault(g, { kind: 'timeout', seconds: Math.round(timeoutMs / 100) / 10 }), timeoutMs);
  };

  const call = <T>(run: (remote: Remote) => Promise<T>): Promise<T> => {
    if (disposed) return Promise.reject(disposed);
    const g = gen;
    if (g.failure) return Promise.reject(g.failure);
    if (pending++ === 0) rearm();
    const settled = () => {
      pending--;
      rearm();
    };
    return Promise.race([g.ready.then(() => run(g.remote)), g.dead]).then(
      (v) => {
        settled();
        if (g === gen) faultsInARow = 0;
        return v;
      },
      (e: unknown) => {
        settled();
        throw e;
      },
    );
  };

  /** The answer to the load of `text` asked for now, kept as the last good document when valid and no later load's was. */
  const keepIfGood = (text: string) => {
    const seq = ++loads;
    return <R extends LoadReply>(res: R): R => {
      if ('ok' in res && res.ok && (!lastGood || seq > lastGood.seq)) lastGood = { seq, text };
      return res;
    };
  };

  return {
    version: () => call((r) => r.call('version')),
    load: (text, rev) => {
      const kept = keepIfGood(text);
      return call<LoadResult>((r) => r.call('load', text, rev)).then(kept);
    },
    loadFrom: (text, rev, base, delta) => {
      const kept = keepIfGood(text);
      return call((r) => r.call('loadFrom', delta ?? text, rev, base)).then(kept);
    },
    check: (text) => call((r) => r.call('check', text)),
    trace: (req) => call((r) => r.call('trace', req)),
    view: (node, kind, trace) => call((r) => r.call('view', node, kind, trace)),
    interfaces: (node) => call((r) => r.call('interfaces', node)),
    compare: (a, b, request) => call((r) => r.call('compare', a, b, request)),
    cniCall: (pod, command) => call((r) => r.call('cniCall', pod, command)),
    exportTrace: (trace, format) => call((r) => r.call('exportTrace', trace, format)),
    importKubectl: (input, options) => call((r) => r.call('importKubectl', input, options)),
    cancelKubectlImport: () => call((r) => r.call('cancelKubectlImport')),
    read: (text) => call((r) => r.call('read', text)),
    prepareEditing: () => call((r) => r.call('prepareEditing')),
    stopSearch: () => call((r) => r.call('stopSearch')),
    cancel() {
      if (disposed) return;
      replace(new CancelledError());
    },
    onFault(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onProgress(listener) {
      progressListeners.add(listener);
      return () => void progressListeners.delete(listener);
    },
    dispose() {
      if (disposed) return;
      disposed = new Error('The simulator was shut down.');
      clearTimeout(watchdog);
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
  const [{ createSimulator }, { withEditAnswers }] = await Promise.all([import('./simulator'), import('./edit-answer')]);
  const progressListeners = new Set<(p: SearchProgress) => void>();
  const sim = withEditAnswers(
    createSimulator((notice) => {
      for (const l of progressListeners) l(notice.progress);
    }),
  );
  // NOTE: inline, nothing is downloaded: with the validator ready, an edit validates in the same tick as before.
  await sim.prepareEditing();
  let disposed = false;
  const call = <T>(run: () => T | Promise<T>): Promise<T> =>
    disposed ? Promise.reject(new Error('The simulator was shut down.')) : Promise.resolve().then(run);
  return {
    version: () => call(() => sim.version()),
    load: (text, rev) => call(() => sim.load(text, rev)),
    loadFrom: (text, rev, base, delta) => call(() => sim.loadFrom(delta ?? text, rev, base)),
    check: (text) => call(() => sim.check(text)),
    trace: (req) => call(() => sim.trace(req)),
    view: (node, kind, trace) => call(() => sim.view(node, kind, trace)),
    interfaces: (node) => call(() => sim.interfaces(node)),
    compare: (a, b, request) => call(() => sim.compare(a, b, request)),
    cniCall: (pod, command) => call(() => sim.cniCall(pod, command)),
    exportTrace: (trace, format) => call(() => sim.exportTrace(trace, format)),
    importKubectl: (input, options) => call(() => sim.importKubectl(input, options)),
    cancelKubectlImport: () => call(() => sim.cancelKubectlImport()),
    read: (text) => call(() => sim.read(text)),
    prepareEditing: () => call(() => sim.prepareEditing()),
    stopSearch: () => call(() => sim.stopSearch()),
    onProgress(listener) {
      progressListeners.add(listener);
      return () => void progressListeners.delete(listener);
    },
    // NOTE: inline, the engine runs synchronously on this thread, so there is nothing to interrupt.
    cancel() {},
    // NOTE: inline, a failure is an exception on this thread: there is no worker to lose.
    onFault: () => () => {},
    dispose() {
      disposed = true;
    },
  };
}

/** How an edit's document is validated: its text (and where its fields lie in it), and the topology the page holds (the last valid answer). */
export type EditLoad = (written: WrittenText, base: Topology | null) => Promise<LoadResult>;

/**
 * The editor's loads over `sim`: each valid answer is kept in the simulator under a revision, so an edit's load, given
 * the topology the page holds, is answered with what changed from it (SimApi.loadFrom), patched here: the topology
 * answered keeps the objects of the elements that did not change. Its text is sent as what changed from the last text
 * sent (text-delta.ts), whole when the simulator no longer holds that one. (The embed never edits: it loads texts whole.)
 */
export function editLoads(sim: Pick<SimClient, 'load' | 'loadFrom'>): EditLoad {
  const revOf = new WeakMap<Topology, number>();
  let revs = 0;
  let sent: { rev: number; written: WrittenText } | null = null;
  return async (written, base) => {
    const rev = ++revs;
    const from = base ? revOf.get(base) : undefined;
    const held = sent;
    sent = { rev, written };
    const delta = from === undefined || !held ? undefined : textDelta(written, held.written, held.rev);
    const ask = (whole: boolean) => (from === undefined ? sim.load(written.text, rev) : sim.loadFrom(written.text, rev, from, whole ? undefined : delta));
    // NOTE: a trace cancelled while this waited behind it replaces the worker and rejects this load with the cancel (a
    // CancelledError): the edit is not what was cancelled, so it is asked again, whole, of the worker started in its place
    // (which holds the last good document). A fault (a crash, a timeout) is not a CancelledError: that load is not asked again.
    let reply = await ask(false).catch((e: unknown) => (e instanceof CancelledError ? ask(true) : Promise.reject(e)));
    if ('resend' in reply) reply = await ask(true);
    if ('resend' in reply) throw new Error('The simulator asked again for a whole text.');
    if ('patch' in reply) {
      const topology = patchTopology(base!, reply.patch);
      revOf.set(topology, rev);
      return { ok: true, topology, warnings: reply.warnings };
    }
    // (Only a simulator that kept it says so: the embed's worker keeps none, and is never asked loadFrom.)
    if (reply.ok && reply.rev === rev) revOf.set(reply.topology, rev);
    return reply;
  };
}
