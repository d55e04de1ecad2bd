import { describe, expect, it, vi } from 'vitest';
import { builtins } from '../scenarios';
import { createInlineSimClient } from '../worker/sim-client';
import type { SimClient, TraceResult } from '../worker/protocol';
import { createAppStore } from './app-store';

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
