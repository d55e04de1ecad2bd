import { describe, expect, it, vi } from 'vitest';
import { builtins } from '../scenarios';
import { setField, type Doc } from '../model/edit';
import { createInlineSimClient } from '../worker/sim-client';
import type { SimClient } from '../worker/protocol';
import { createAppStore } from './app-store';
import { selectView } from './edit-selectors';
import { selectSummary } from './selectors';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';

async function opened(sim?: SimClient) {
  const store = createAppStore({ sim: sim ?? (await createInlineSimClient()) });
  expect(await store.getState().loadDocument(builtins[0]!.yaml)).toBeUndefined();
  expect(store.getState().docStatus).toBe('ready');
  return store;
}

describe('the document is held once: everything else is derived from it or is the worker’s answer', () => {
  it('keeps no text and no drawn copy of the document: the view is derived, once per document object', async () => {
    const store = await opened();
    const s = store.getState();
    expect(Object.keys(s)).not.toContain('source');
    expect(Object.keys(s)).not.toContain('view');
    expect(Object.keys(s)).not.toContain('summary');
    const view = selectView(s);
    expect(view?.nodes.map((n) => n.name)).toEqual((s.doc!.nodes as { name: string }[]).map((n) => n.name));
    // Asked again for the same document: the same object (components re-render on what changed only).
    expect(selectView(store.getState())).toBe(view);
    expect(selectSummary(store.getState())).toBe(selectSummary(store.getState()));
    expect(selectSummary(s)?.counts.pods).toBe(s.topology!.pods.length);
    // An edit is another document object, so another view, which shows the edit.
    void s.setElementField({ list: 'nodes', index: 0 }, 'name', 'renamed');
    const edited = selectView(store.getState());
    expect(edited).not.toBe(view);
    expect(edited?.nodes[0]?.name).toBe('renamed');
  });

  it('never parses YAML on the page: the worker reads it, once', async () => {
    const sim = await createInlineSimClient();
    const read = vi.spyOn(sim, 'read');
    const load = vi.spyOn(sim, 'load');
    const store = await opened(sim);
    expect(read).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledTimes(1);
    expect(read.mock.calls[0]![0]).toBe(load.mock.calls[0]![0]);
    expect(store.getState().doc?.metadata.name).toBe('ack-flannel');
  });

  it('reads a JSON text on the page as the worker reads it, rather than receive the worker’s reading', async () => {
    const sim = await createInlineSimClient();
    const text = JSON.stringify(await sim.read(builtins[0]!.yaml));
    const expected = await sim.read(text);
    const read = vi.spyOn(sim, 'read');
    const load = vi.spyOn(sim, 'load');
    const store = createAppStore({ sim });
    await store.getState().loadDocument(text);
    expect(read).not.toHaveBeenCalled();
    expect(load).toHaveBeenCalledTimes(1);
    expect(store.getState().docStatus).toBe('ready');
    expect(store.getState().doc).toEqual(expected);
  });
});

describe('an edit resolves to what the worker made of it', () => {
  it('a valid edit: the validated topology, the one the store then holds', async () => {
    const store = await opened();
    const outcome = await store.getState().applyEdit(setField(store.getState().doc!, { list: 'nodes', index: 0 }, 'name', 'worker-a'));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.topology).toBe(store.getState().topology);
    expect(outcome.topology.nodes[0]?.name).toBe('worker-a');
  });

  it('an invalid edit: its problems, and the store says invalid', async () => {
    const store = await opened();
    const doc = store.getState().doc!;
    const outcome = await store.getState().applyEdit(setField(doc, { list: 'pods', index: 0 }, 'node', 'no-such-node'));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.length).toBeGreaterThan(0);
    expect(outcome.problems).toEqual(store.getState().problems);
    expect(store.getState().docStatus).toBe('invalid');
  });

  it('an edit overtaken by a newer one resolves to the newer one’s answer', async () => {
    const store = await opened();
    const doc = store.getState().doc!;
    const first = store.getState().applyEdit(setField(doc, { list: 'pods', index: 0 }, 'node', 'no-such-node'));
    const second = store
      .getState()
      .applyEdit(setField(store.getState().doc!, { list: 'pods', index: 0 }, 'node', String((doc.pods as { node: string }[])[0]!.node)));
    const [a, b] = await Promise.all([first, second]);
    expect(b.ok).toBe(true);
    expect(a).toEqual(b);
    expect(store.getState().docStatus).toBe('ready');
  });

  it('whenValidated waits for the edit in flight, and answers at once when none is', async () => {
    const store = await opened();
    const now = await store.getState().whenValidated();
    expect(now).toEqual({ ok: true, topology: store.getState().topology });
    void store.getState().setElementField({ list: 'nodes', index: 0 }, 'name', 'worker-b');
    expect(store.getState().docStatus).toBe('loading');
    const later = await store.getState().whenValidated();
    expect(later.ok && later.topology.nodes[0]?.name).toBe('worker-b');
  });

  it('tryEdit takes a refused edit back: no history entry, the document and its status as they were', async () => {
    const store = await opened();
    const { doc, past } = store.getState();
    const outcome = await store.getState().tryEdit(setField(doc!, { list: 'pods', index: 0 }, 'node', 'no-such-node') as Doc);
    expect(outcome.ok).toBe(false);
    expect(store.getState()).toMatchObject({ doc, past, docStatus: 'ready', problems: [] });
  });
});

describe('each slice writes its own fields; others ask it by name', () => {
  it('File → New clears the trace through the trace slice (request included) and unfolds every node', async () => {
    const store = await opened();
    const s = store.getState();
    s.setFrom(CENTOS);
    s.setTo('192.168.13.23:80');
    await s.runTrace();
    s.setCollapsed(['node:x']);
    expect(store.getState().trace).not.toBeNull();
    const resetTrace = vi.spyOn(store.getState(), 'resetTrace');
    store.setState({ resetTrace });
    store.getState().loadEmpty();
    expect(resetTrace).toHaveBeenCalledWith({ request: true });
    expect(store.getState()).toMatchObject({ trace: null, traceStatus: 'idle', from: '', to: '', collapsed: [] });
  });

  it('a trace is shown and starts playing in one change (an embed’s parent hears one frame message for it)', async () => {
    const store = await opened();
    store.getState().seek(0);
    const changes: { trace: boolean; frame: number; playing: boolean }[] = [];
    store.subscribe((s, prev) => {
      if (s.trace !== prev.trace || s.frame !== prev.frame || s.playing !== prev.playing)
        changes.push({ trace: !!s.trace, frame: s.frame, playing: s.playing });
    });
    store.getState().setFrom(CENTOS);
    store.getState().setTo('192.168.13.23:80');
    await store.getState().runTrace();
    expect(changes).toEqual([{ trace: true, frame: 0, playing: true }]);
    changes.length = 0;
    store.getState().step(1);
    store.getState().setFrom('pod:default/nope');
    await store.getState().runTrace();
    expect(changes).toEqual([
      { trace: true, frame: 1, playing: false },
      { trace: false, frame: 0, playing: false },
    ]);
  });
});
