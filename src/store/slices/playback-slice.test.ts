import { describe, expect, it } from 'vitest';
import { builtins } from '../../scenarios';
import { createInlineSimClient } from '../../worker/sim-client';
import type { SimClient, TraceResult } from '../../worker/protocol';
import { createAppStore } from '../app-store';
import { framesIn } from './playback-slice';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';

async function traced(sim?: SimClient) {
  const store = createAppStore({ sim: sim ?? (await createInlineSimClient()) });
  await store.getState().loadDocument(builtins[0]!.yaml);
  store.getState().setFrom(CENTOS);
  store.getState().setTo('192.168.13.23:80');
  await store.getState().runTrace();
  return store;
}

describe('When a trace has run', () => {
  it('starts playing from the first frame', async () => {
    const store = await traced();
    expect(store.getState()).toMatchObject({ frame: 0, playing: true });
  });

  it('steps within the trace and pauses; seek clamps', async () => {
    const store = await traced();
    const n = framesIn(store.getState().trace);
    const s = () => store.getState();
    s().step(1);
    s().step(1);
    expect(s()).toMatchObject({ frame: 2, playing: false });
    s().step(-1);
    expect(s().frame).toBe(1);
    s().step(-5);
    expect(s().frame).toBe(0);
    s().seek(n + 10);
    expect(s().frame).toBe(n - 1);
  });

  it('stops at the end, or starts over when looping; play from the end restarts', async () => {
    const store = await traced();
    const s = () => store.getState();
    const n = framesIn(s().trace);
    s().seek(n - 1);
    s().play();
    expect(s().frame).toBe(0);
    s().seek(n - 1);
    s().play();
    s().seek(n - 2);
    s().play();
    s().advance();
    expect(s().frame).toBe(n - 1);
    s().advance();
    expect(s()).toMatchObject({ frame: n - 1, playing: false });
    s().toggleLoop();
    s().play();
    s().seek(n - 1);
    s().togglePlay();
    expect(s().playing).toBe(true);
    expect(s().frame).toBe(0);
    s().seek(n - 1);
    store.setState({ playing: true });
    s().advance();
    expect(s().frame).toBe(0);
  });

  it('a cancelled request leaves the previous result and ignores the late answer', async () => {
    const inline = await createInlineSimClient();
    let release: ((r: TraceResult) => void) | null = null;
    let cancels = 0;
    const store = await traced(inline);
    const before = store.getState().trace;
    const slow: SimClient = {
      ...inline,
      trace: () => new Promise<TraceResult>((resolve) => (release = resolve)),
      cancel: () => void cancels++,
    };
    const store2 = createAppStore({ sim: slow });
    await store2.getState().loadDocument(builtins[0]!.yaml);
    store2.setState({ trace: before, to: '192.168.13.23:80' });
    const pending = store2.getState().traceAllOutcomes();
    expect(store2.getState().traceStatus).toBe('running');
    store2.getState().cancelTrace();
    expect(cancels).toBe(1);
    expect(store2.getState()).toMatchObject({ traceStatus: 'done', trace: before, runningSince: null });
    release!({ ok: false, error: 'late' });
    await pending;
    expect(store2.getState().traceError).toBeNull();
  });

  it('re-roll traces again with a new seed', async () => {
    const store = await traced();
    await store.getState().reroll();
    const c = store.getState().trace?.request.choice;
    expect(c && 'seed' in c).toBe(true);
  });
});
