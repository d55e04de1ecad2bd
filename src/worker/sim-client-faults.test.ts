import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { serve, type Endpoint } from './rpc';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtins } from '../scenarios';
import { createSimClient, MAX_RESTARTS, type WorkerLike } from './sim-client';
import { createSimulator } from './simulator';
import { CancelledError, type SimApi, type SimFault } from './protocol';

const GOOD = builtins[0]!.yaml;
const OTHER = builtins[1]!.yaml;
/** Documents the fake worker misbehaves on, as a document that breaks the engine would. */
const KILLER = `${GOOD}\n# CRASH`;
const HANGER = `${GOOD}\n# HANG`;
const CLOSER = `${GOOD}\n# CLOSE`;
/** Answered after SLOW_MS, one after the other (a worker computes one thing at a time). */
const SLOW = `${GOOD}\n# SLOW`;

/**
 * The watchdog of the tests that wait for it to fire. NOTE: the fake worker runs the real simulator,
 * so a good load or a trace after a restart takes real time: tens of ms when idle, a few hundred on a
 * busy machine (load average 12 on 2 cores). At 400 ms that work itself tripped the watchdog now and
 * then, and the tests saw a second fault; 1.5 s leaves it room and still finds a silent worker quickly.
 */
const WATCHDOG_MS = 1_500;
/** SLOW's delay: under the watchdog with room for the load it then does; four in a row take twice the watchdog. */
const SLOW_MS = 750;
/** How long vi.waitFor waits for what a busy machine may take a while to do (its default is 1 s). */
const BUSY = { timeout: 10_000 };

// A restart reloads and recompiles a document in a new worker: seconds on a busy machine, past vitest's 5 s default.
vi.setConfig({ testTimeout: 30_000 });

/**
 * A worker in this thread: the real simulator behind a MessageChannel, which crashes (an `error`
 * event, as an uncaught exception raises), hangs (never answers) or closes itself silently
 * (nothing at all) on the documents above.
 */
class FakeWorker extends EventTarget {
  readonly loads: string[] = [];
  terminated = false;
  private readonly port: MessagePort;
  private readonly inner: MessagePort;
  private queue: Promise<unknown> = Promise.resolve();

  constructor() {
    super();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.inner = port2;
    const sim = createSimulator();
    const api: SimApi = {
      ...sim,
      load: (text) => {
        this.loads.push(text);
        if (text === KILLER) {
          setTimeout(() => this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message: 'Uncaught RangeError: boom' })), 0);
          return new Promise(() => {});
        }
        if (text === HANGER) return new Promise(() => {});
        if (text === SLOW) {
          const done = this.queue.then(() => new Promise((r) => setTimeout(r, SLOW_MS))).then(() => sim.load(GOOD));
          this.queue = done;
          return done;
        }
        if (text === CLOSER) {
          this.inner.close();
          return new Promise(() => {});
        }
        return sim.load(text);
      },
    };
    serve(api, port2 as unknown as Endpoint);
  }

  postMessage(message: unknown, transfer?: Transferable[]) {
    if (!this.terminated) this.port.postMessage(message, transfer as never);
  }
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.port.addEventListener('message', listener as never);
    else super.addEventListener(type, listener);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.port.removeEventListener('message', listener as never);
    else super.removeEventListener(type, listener);
  }
  start() {
    this.port.start();
  }
  terminate() {
    this.terminated = true;
    this.port.close();
    this.inner.close();
  }
}

// Where a test does not wait for the watchdog, it is far off: a busy machine's slow load is no fault there.
function harness(timeoutMs = 20_000) {
  const workers: FakeWorker[] = [];
  const faults: SimFault[] = [];
  const sim = createSimClient({
    timeoutMs,
    spawnWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as WorkerLike;
    },
  });
  sim.onFault((f) => faults.push(f));
  return { sim, workers, faults };
}

// The YAML reader and the validator load on the first document: not a worker that stopped answering.
beforeAll(async () => {
  const warm = createSimulator();
  await warm.load(GOOD);
  await warm.load(OTHER);
}, 30_000);

const clients: { dispose(): void }[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
});

const tracesThrough = async (sim: ReturnType<typeof harness>['sim']) => {
  const r = await sim.trace({ from: 'pod:default/centos-67756b6dc8-rmmxt', to: '172.23.96.24:80' });
  return r.ok;
};

describe('a simulator whose worker fails', () => {
  it('replaces a worker that throws, reloads the last good document (not the one that killed it), and says so', async () => {
    const { sim, workers, faults } = harness();
    clients.push(sim);
    expect((await sim.load(GOOD)).ok).toBe(true);
    await expect(sim.load(KILLER)).rejects.toThrow('boom');
    expect(faults).toEqual([{ kind: 'crashed', detail: 'Uncaught RangeError: boom' }]);
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    // The new worker was given the last document that loaded, and works.
    expect(await tracesThrough(sim)).toBe(true);
    expect(workers[1]!.loads).toEqual([GOOD]);
  });

  it('replaces a worker that stops answering after the timeout, with the last good document', async () => {
    const { sim, workers, faults } = harness(WATCHDOG_MS);
    clients.push(sim);
    expect((await sim.load(GOOD)).ok).toBe(true);
    expect((await sim.load(OTHER)).ok).toBe(true);
    await expect(sim.load(HANGER)).rejects.toThrow('stopped answering');
    expect(faults).toEqual([{ kind: 'timeout', seconds: WATCHDOG_MS / 1000 }]);
    expect(await sim.version()).toBe(1);
    expect(workers[1]!.loads).toEqual([OTHER]);
  });

  it('notices a worker that closed itself without a word (timeout) and recovers', async () => {
    const { sim, workers, faults } = harness(WATCHDOG_MS);
    clients.push(sim);
    expect((await sim.load(GOOD)).ok).toBe(true);
    await expect(sim.load(CLOSER)).rejects.toThrow('stopped answering');
    expect(faults.map((f) => f.kind)).toEqual(['timeout']);
    expect(await tracesThrough(sim)).toBe(true);
    expect(workers[1]!.loads).toEqual([GOOD]);
  });

  it('cancel reloads the last good document, not the one that hung', async () => {
    const { sim, workers, faults } = harness(60_000);
    clients.push(sim);
    expect((await sim.load(GOOD)).ok).toBe(true);
    const hung = sim.load(HANGER);
    await vi.waitFor(() => expect(workers[0]!.loads).toContain(HANGER), BUSY);
    sim.cancel();
    await expect(hung).rejects.toBeInstanceOf(CancelledError);
    expect(await tracesThrough(sim)).toBe(true);
    expect(workers[1]!.loads).toEqual([GOOD]);
    // A cancel is not a fault.
    expect(faults).toEqual([]);
  });

  it('a call asked right after a cancel waits for the new worker to hold the document, not answered "no document" meanwhile', async () => {
    const { sim, workers } = harness(60_000);
    clients.push(sim);
    // (A document the worker takes a while to load, as a fresh worker does while its validator's chunk downloads.)
    expect((await sim.load(SLOW)).ok).toBe(true);
    sim.cancel();
    expect(await sim.trace({ from: 'pod:default/centos-67756b6dc8-rmmxt', to: '172.23.96.24:80' })).toMatchObject({ ok: true });
    expect(workers[1]!.loads).toEqual([SLOW]);
  });

  it('stops restarting after repeated faults instead of looping', async () => {
    const { sim, workers, faults } = harness();
    clients.push(sim);
    for (let i = 0; i <= MAX_RESTARTS; i++) await expect(sim.load(KILLER)).rejects.toThrow('boom');
    // Each restart is told, then that there was none (the last notice must not say "restarted").
    expect(faults.map((f) => f.kind)).toEqual([...Array<string>(MAX_RESTARTS).fill('crashed'), 'stopped']);
    expect(faults.at(-1)).toEqual({ kind: 'stopped', faults: MAX_RESTARTS + 1 });
    expect(workers).toHaveLength(MAX_RESTARTS + 1);
    await expect(sim.version()).rejects.toThrow('reload the page');
    // …and with the fault, for the page to word it (the English message is for the CLI and the embed's callers).
    await expect(sim.version()).rejects.toMatchObject({ fault: { kind: 'stopped', faults: MAX_RESTARTS + 1 } });
  });
});

describe('the app, when its simulator fails', () => {
  it('says what happened, keeps the document on screen, and traces it again in the new worker', async () => {
    const { createAppStore } = await import('../store/app-store');
    const { sim } = harness();
    clients.push(sim);
    const store = createAppStore({ sim });
    expect(await store.getState().openText(GOOD)).toBe(true);
    const before = store.getState().doc;
    expect(await store.getState().openText(KILLER, 'killer.yaml')).toBe(false);
    expect(store.getState().notice?.message).toEqual({ key: 'simulatorCrashed', params: { detail: 'Uncaught RangeError: boom' } });
    expect(store.getState().importProblems?.problems[0]?.message).toContain('boom');
    expect(store.getState().doc).toBe(before);
    await vi.waitFor(() => expect(store.getState().docStatus).toBe('ready'), BUSY);
    store.getState().setTo('172.23.96.24:80');
    await store.getState().runTrace();
    expect(store.getState().trace?.deliveredTo).toBeTruthy();
  });
});

describe('the watchdog', () => {
  it('does not count a call waiting behind a slow one as stuck: only silence while calls are pending is', async () => {
    const { sim, faults, workers } = harness(WATCHDOG_MS);
    clients.push(sim);
    // Four slow loads, one after the other: the last is answered twice the watchdog after it was
    // asked, yet the worker never went that long without answering.
    const results = await Promise.all(Array.from({ length: 4 }, () => sim.load(SLOW)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(faults).toEqual([]);
    expect(workers).toHaveLength(1);
  });
});
