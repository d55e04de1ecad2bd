import { describe, expect, it, vi } from 'vitest';
import { builtins } from '../scenarios';
import { createInlineSimClient } from '../worker/sim-client';
import { SimulatorFailure, type SimClient, type SimFault, type TraceResult } from '../worker/protocol';
import { createAppStore } from './app-store';
import { viewOf } from './edit-selectors';
import { generateFlannelCluster } from '../scenarios/generate';
import type { Topology } from '../model/topology';
import { displayTopology } from '../model/display';

// (displayTopology as it is, watched: when the page makes a document's display view.)
vi.mock('../model/display', async (actual) => {
  const m = await actual<typeof import('../model/display')>();
  return { ...m, displayTopology: vi.fn(m.displayTopology) };
});

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';

async function loaded(sim?: SimClient) {
  const store = createAppStore({ sim: sim ?? (await createInlineSimClient()) });
  await store.getState().loadDocument(builtins[0]!.yaml);
  return store;
}

describe('the app store', () => {
  it('loads the built-in document and starts From at its first pod', async () => {
    const store = await loaded();
    const s = store.getState();
    expect(s.docStatus).toBe('ready');
    expect(s.topology?.pods).toHaveLength(5);
    expect(s.from).toBe(CENTOS);
  });

  it('keeps From through an edit while it names an element that is still there (a pod, a node), and moves it to the first pod once it is gone', async () => {
    const store = await loaded();
    const { doc } = store.getState();
    const node = store.getState().topology!.nodes[1]!.name;
    const pod = store.getState().topology!.pods[2]!;
    for (const from of [`node:${node}`, `pod:${pod.namespace}/${pod.name}`]) {
      store.getState().setFrom(from);
      await store.getState().applyEdit({ ...doc!, metadata: { ...doc!.metadata, name: `kept-${from.length}` } });
      expect(store.getState().from).toBe(from);
    }
    const pods = (doc!.pods as { name: string }[]).filter((p) => p.name !== pod.name);
    await store.getState().applyEdit({ ...doc!, pods });
    expect(store.getState().from).toBe(CENTOS);
  });

  it('refuses a bad document with its problems and keeps the current one untouched', async () => {
    const store = await loaded();
    const before = store.getState().doc;
    await store.getState().loadDocument('kind: Nope\n');
    // The worker is brought back to the document on the canvas.
    await vi.waitFor(() => expect(store.getState().docStatus).not.toBe('loading'));
    const s = store.getState();
    expect(s.importProblems?.problems.length).toBeGreaterThan(0);
    expect(s.docStatus).toBe('ready');
    expect(s.doc).toBe(before);
    expect(s.topology?.metadata.name).toBe('ack-flannel');
  });

  it('refuses a malformed destination without calling the engine', async () => {
    const inline = await createInlineSimClient();
    let calls = 0;
    const sim: SimClient = { ...inline, trace: (req) => (calls++, inline.trace(req)) };
    const store = await loaded(sim);
    store.getState().setTo('nonsense');
    await store.getState().runTrace();
    expect(store.getState().traceStatus).toBe('error');
    expect(store.getState().traceError).toEqual({ key: 'notDestination', params: { to: 'nonsense' } });
    expect(calls).toBe(0);
  });

  it('shows what the simulator says when it refuses a request, and a worker failure in words', async () => {
    const inline = await createInlineSimClient();
    const refusing: SimClient = { ...inline, trace: async (): Promise<TraceResult> => ({ ok: false, error: 'no pod default/x' }) };
    const store = await loaded(refusing);
    store.getState().setTo('10.0.0.1:80');
    await store.getState().runTrace();
    expect(store.getState().traceError).toBe('no pod default/x');

    const crashed: SimClient = { ...inline, trace: () => Promise.reject(new Error('The simulator stopped: boom')) };
    const store2 = await loaded(crashed);
    store2.getState().setTo('10.0.0.1:80');
    await store2.getState().runTrace();
    expect(store2.getState().traceError).toBe('The simulator stopped: boom');
  });

  it('arms a one-shot pick of one end; opening a menu or cancelling disarms it', async () => {
    const store = await loaded();
    store.getState().arm('to');
    expect(store.getState().armed).toBe('to');
    store.getState().arm(null);
    expect(store.getState()).toMatchObject({ armed: null, traceMenu: null });
  });

  it('ignores a trace answer that arrives after a newer request', async () => {
    const inline = await createInlineSimClient();
    const answers: ((r: TraceResult) => void)[] = [];
    const slow: SimClient = { ...inline, trace: () => new Promise<TraceResult>((resolve) => answers.push(resolve)) };
    const store = await loaded(slow);
    store.getState().setTo('10.0.0.1:80');
    const first = store.getState().runTrace();
    const second = store.getState().runTrace();
    answers[1]!({ ok: false, error: 'second' });
    answers[0]!({ ok: false, error: 'first' });
    await Promise.all([first, second]);
    expect(store.getState().traceError).toBe('second');
  });
});

describe('a document drawn before it is validated', () => {
  /** A store whose canvas says when it drew (`draw`), and the texts its worker was asked to validate. */
  async function gated() {
    const inline = await createInlineSimClient();
    const loads: string[] = [];
    const sim: SimClient = { ...inline, load: (t) => (loads.push(t), inline.load(t)) };
    const asked: Topology[] = [];
    const draws: (() => void)[] = [];
    const pictureDrawn = (view: Topology) => (asked.push(view), new Promise<void>((r) => draws.push(r)));
    return { store: createAppStore({ sim, pictureDrawn }), loads, asked, draw: () => draws.shift()!() };
  }
  const text = JSON.stringify(generateFlannelCluster({ nodes: 2 }));

  it('is validated once its first picture is drawn, not while the picture is made', async () => {
    const { store, loads, asked, draw } = await gated();
    const opening = store.getState().loadDocument(text, 'builtin');
    await vi.waitFor(() => expect(store.getState().doc).not.toBeNull());
    expect(asked).toEqual([viewOf(store.getState().doc!)]);
    expect(loads.length).toBe(0);
    draw();
    await opening;
    expect(loads.length === 1 && loads[0] === text).toBe(true);
    expect(store.getState().docStatus).toBe('ready');
  });

  it('has its display view made in a task before the one that puts it on screen', async () => {
    const { store, draw } = await gated();
    const made = vi.mocked(displayTopology);
    const actual = made.getMockImplementation()!;
    /** Whether the document was on screen once the task that made each view ended (its microtasks run). */
    const onScreen: boolean[] = [];
    made.mockImplementation((d) => {
      queueMicrotask(() => onScreen.push(store.getState().doc !== null));
      return actual(d);
    });
    try {
      const opening = store.getState().loadDocument(text, 'builtin');
      await vi.waitFor(() => expect(store.getState().doc).not.toBeNull());
      draw();
      await opening;
    } finally {
      made.mockImplementation(actual);
    }
    expect(onScreen[0]).toBe(false);
  });

  it('is not validated when another document opened before its picture was drawn: the other one is', async () => {
    const { store, loads, draw } = await gated();
    const opening = store.getState().loadDocument(text, 'builtin');
    await vi.waitFor(() => expect(store.getState().doc).not.toBeNull());
    const other = store.getState().loadDocument(builtins[0]!.yaml);
    // (Opened past the page's reading: the worker validates it at once.)
    await vi.waitFor(() => expect(loads.length).toBe(1));
    draw();
    await Promise.all([opening, other]);
    expect(loads.map((t) => (t === text ? 'the first document' : t === builtins[0]!.yaml ? 'the other' : t.slice(0, 40)))).toEqual(['the other']);
    expect(store.getState().topology?.metadata.name).toBe('ack-flannel');
  });
});

describe('a simulator that stays down', () => {
  it('the banner over the canvas stops saying it was restarted once it was not (e2e worker-faults saw it 1 run in 3)', async () => {
    const inline = await createInlineSimClient();
    let tell: (f: SimFault) => void = () => {};
    const crashed = new SimulatorFailure({ kind: 'crashed', detail: 'its worker failed to load' }, 'The simulator stopped.');
    const sim: SimClient = { ...inline, load: () => Promise.reject(crashed), onFault: (l) => ((tell = l), () => {}) };
    const store = createAppStore({ sim });
    await store.getState().loadDocument(builtins[0]!.yaml);
    await vi.waitFor(() => expect(store.getState().docStatus).toBe('failed'));
    expect(store.getState().docErrorMessage?.key).toBe('simulatorCrashed');
    // The replacements fail too, and the client gives up after the load was answered.
    tell({ kind: 'stopped', faults: 4 });
    expect(store.getState().docErrorMessage).toEqual({ key: 'simulatorStopped', params: { count: 4 } });
  });
});
