import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtins } from '../scenarios';
import { createInlineSimClient, createSimClient, type WorkerLike } from '../worker/sim-client';
import { serve, type Endpoint } from '../worker/rpc';
import { createSimulator } from '../worker/simulator';
import { withEditAnswers } from '../worker/edit-answer';
import type { SimClient } from '../worker/protocol';
import { createAppStore, type AppStoreApi } from './app-store';
import { Library } from './doc-library';
import { memoryBackend } from './library-storage';
import { emptyDoc } from '../model/edit';
import { generateFlannelCluster } from '../scenarios/generate';

/** Let the worker (inline here) validate the last edit. */
const settle = () => new Promise((r) => setTimeout(r, 0));

async function fresh(sim?: SimClient): Promise<AppStoreApi> {
  const store = createAppStore({ sim: sim ?? (await createInlineSimClient()) });
  store.getState().newDocument();
  await settle();
  return store;
}

async function built(sim?: SimClient): Promise<AppStoreApi> {
  const store = await fresh(sim);
  const s = store.getState();
  s.addElement('node', { x: 0, y: 0 });
  s.addElement('node', { x: 400, y: 0 });
  await settle();
  s.addElement('pod', undefined, 'node-1');
  s.addElement('pod', undefined, 'node-2');
  s.addElement('service', { x: 100, y: -200 });
  // (Its addresses written back: what undo comes back to.)
  await s.whenValidated();
  await settle();
  return store;
}

const snapshot = (store: AppStoreApi) => JSON.stringify(store.getState().doc);

/** The store's topology (an edit's answer is patched onto the one it held) against the document on screen validated afresh. */
async function expectTopologyAfresh(store: AppStoreApi) {
  await store.getState().whenValidated();
  const r = await (await createInlineSimClient()).load(JSON.stringify(store.getState().doc));
  // (An edit that leaves the document invalid keeps the last valid topology.)
  expect(r.ok).toBe(store.getState().docStatus === 'ready');
  if (r.ok) expect(store.getState().topology).toStrictEqual(r.topology);
}

/**
 * The editor's simulator behind a channel (what crosses is structured-cloned), recording each text it loads; `sent`
 * checks that a change's loads crossed as what changed (text-delta.ts), not whole texts, and that the simulator loaded
 * the text the document on screen writes whole.
 */
function recordingSim() {
  const loaded: string[] = [];
  const inner = createSimulator();
  const { port1, port2 } = new MessageChannel();
  serve(withEditAnswers({ ...inner, load: (text) => (loaded.push(text), inner.load(text)) }), port2 as unknown as Endpoint);
  const posted: { method: string; args: unknown[] }[] = [];
  port2.addEventListener('message', (e) => posted.push(e.data as { method: string; args: unknown[] }));
  const client = createSimClient({ spawnWorker: () => Object.assign(port1, { terminate: () => port1.close() }) as unknown as WorkerLike });
  const sent = async (store: AppStoreApi, change: () => void | Promise<void>) => {
    const calls = posted.length;
    await change();
    const doc = store.getState().doc;
    await store.getState().whenValidated();
    const loads = posted.slice(calls).filter((c) => c.method === 'loadFrom');
    expect(loads.length).toBeGreaterThan(0);
    for (const c of loads) expect(typeof c.args[0]).toBe('object');
    expect(loaded.at(-1)).toBe(JSON.stringify(doc));
  };
  return { client, sent };
}

describe('every edit, undone and redone', () => {
  const actions: [string, (store: AppStoreApi) => void | Promise<void>][] = [
    ['add a node', (s) => s.getState().addElement('node', { x: 5, y: 5 })],
    ['add an SLB', (s) => s.getState().addElement('loadBalancer', { x: 5, y: 5 })],
    ['add an external client', (s) => s.getState().addElement('external', { x: 5, y: 5 })],
    ['add a router', (s) => s.getState().addElement('router', { x: 5, y: 5 })],
    ['add a pod on a node', (s) => s.getState().addElement('pod', undefined, 'node-2')],
    ['delete the selection', (s) => (s.getState().select(['pods[0]', 'nodes[1]']), s.getState().deleteSelection())],
    ['duplicate the selection', (s) => (s.getState().select(['nodes[0]']), s.getState().duplicateSelection())],
    ['copy and paste', (s) => (s.getState().select(['services[0]']), s.getState().copySelection(), s.getState().paste())],
    ['set a field', (s) => s.getState().setElementField({ list: 'pods', index: 0 }, 'labels', { app: 'web' })],
    ['rename', (s) => s.getState().setElementField({ list: 'nodes', index: 0 }, 'name', 'worker')],
    ['move a pod', (s) => s.getState().movePod(0, 'node-2')],
    ['connect a service to a pod', (s) => s.getState().connect({ list: 'services', index: 0 }, { list: 'pods', index: 1 })],
    ['move elements', (s) => s.getState().setPositions({ 'node:node-1': { x: 50, y: 60 } })],
    ['auto-layout', (s) => s.getState().autoLayout()],
    ['set a cluster setting', (s) => s.getState().setClusterSetting(['kubeProxy', 'mode'], 'ipvs')],
    ['re-address after confirming', async (s) => (await s.getState().setClusterSetting(['podCIDR'], '10.8.0.0/16'), s.getState().confirmPendingChange())],
    ['rename the document', (s) => s.getState().setMetadataField('name', 'lab')],
  ];

  it.each(actions)('%s', async (_name, act) => {
    const store = await built();
    const before = snapshot(store);
    await act(store);
    await settle();
    const after = snapshot(store);
    expect(after).not.toBe(before);
    await expectTopologyAfresh(store);
    store.getState().undo();
    await settle();
    expect(snapshot(store)).toBe(before);
    await expectTopologyAfresh(store);
    store.getState().redo();
    await settle();
    expect(snapshot(store)).toBe(after);
    await expectTopologyAfresh(store);
  });

  it.each(actions)('%s: the simulator is sent what changed, and loads the text the whole document writes', async (_name, act) => {
    const sim = recordingSim();
    const store = await built(sim.client);
    await sim.sent(store, () => act(store));
    await sim.sent(store, () => store.getState().undo());
    await sim.sent(store, () => store.getState().redo());
    await expectTopologyAfresh(store);
    sim.client.dispose();
  });

  it('an opened JSON text’s first edit is sent as what changed from that text', async () => {
    const sim = recordingSim();
    const store = createAppStore({ sim: sim.client });
    expect(await store.getState().loadText(JSON.stringify(generateFlannelCluster({ nodes: 3, podsPerNode: 4 })))).toBe(true);
    await sim.sent(store, () => store.getState().setClusterSetting(['kubeProxy', 'mode'], 'ipvs'));
    sim.client.dispose();
  });

  it.each([
    ['made here', built],
    [
      'just opened',
      async () => {
        const store = createAppStore({ sim: await createInlineSimClient() });
        await store.getState().loadDocument(builtins[0]!.yaml);
        return store;
      },
    ],
  ])('an edit’s validated topology keeps the objects of the elements it did not change (a document %s)', async (_what, made) => {
    const store = await made();
    const held = store.getState().topology!;
    store.getState().setElementField({ list: 'pods', index: 0 }, 'labels', { app: 'web' });
    await store.getState().whenValidated();
    const now = store.getState().topology!;
    expect(now.pods[0]!.labels).toEqual({ app: 'web' });
    expect(now.pods[1]).toBe(held.pods[1]);
    expect(now.nodes).toBe(held.nodes);
  });

  it('undoes a whole session back to the empty document', async () => {
    const store = await built();
    while (store.getState().past.length) store.getState().undo();
    await settle();
    expect(store.getState().doc?.nodes).toEqual([]);
    expect(store.getState().future.length).toBeGreaterThan(0);
  });

  it('says where a moved pod went and its new address', async () => {
    const store = await built();
    store.getState().movePod(0, 'node-2');
    await settle();
    expect(store.getState().notice?.message).toEqual({ key: 'podMovedWas', params: { pod: 'pod-1', node: 'node-2', ip: '10.244.1.3', was: '10.244.0.2' } });
  });

  it('asks before re-addressing, and does nothing when cancelled', async () => {
    const store = await built();
    const before = snapshot(store);
    await store.getState().setClusterSetting(['podCIDR'], '10.8.0.0/16');
    expect(store.getState().pendingChange?.changes).toContainEqual({ key: 'podIpsReassigned', params: { count: 2 } });
    store.getState().cancelPendingChange();
    expect(snapshot(store)).toBe(before);
  });

  it('a duplicate IP is a problem on that pod; clearing it lets IPAM choose again', async () => {
    const store = await built();
    store.getState().setElementField({ list: 'pods', index: 1 }, 'ip', '10.244.0.2');
    await settle();
    expect(store.getState().problems.map((p) => p.path)).toContain('pods[1].ip');
    expect(store.getState().topology?.pods[1]?.ip).toBe('10.244.1.2');
    store.getState().setElementField({ list: 'pods', index: 1 }, 'ip', undefined);
    await settle();
    expect(store.getState().problems).toEqual([]);
    expect(store.getState().doc?.pods?.[1]?.ip).toBe('10.244.1.2');
  });
});

describe('opening files', () => {
  it('never throws on garbage and never replaces the current document', async () => {
    const store = createAppStore({ sim: await createInlineSimClient() });
    await store.getState().openText(builtins[0]!.yaml);
    const before = snapshot(store);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.constantFrom(
            'apiVersion: hopscope/v1\nkind: Topology\n',
            '{"apiVersion":"hopscope/v1","kind":"Topology","metadata":{"name":"x"}}',
            '- a\n- b',
            '---\n---\n',
            'a: [',
            '\u0000',
          ),
        ),
        async (text) => {
          const ok = await store.getState().openText(text, 'garbage');
          expect(ok).toBe(false);
          expect(snapshot(store)).toBe(before);
          expect(store.getState().importProblems?.problems.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a saved document opens as the same document', async () => {
    const store = await built();
    const saved = snapshot(store);
    const other = await fresh();
    expect(await other.getState().openText(saved, 'saved.json')).toBe(true);
    expect(snapshot(other)).toBe(saved);
  });
});

describe('the library keeps the document with its history', () => {
  it('restores the document with its history', async () => {
    const store = await built();
    const lib = new Library(memoryBackend());
    const s = store.getState();
    await lib.save({ id: 'a', name: 'a', created: 0, modified: 0, doc: s.doc!, past: s.past, future: s.future }, 0);
    const back = await lib.get('a');
    expect(back?.ok && back.record.doc).toEqual(s.doc);
    expect(back?.ok && back.record.past.length).toBe(s.past.length);
  });

  it('any stored text reads as a record or as unreadable, never throws, and is never written over', async () => {
    const lib = new Library(memoryBackend());
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json()), async (junk) => {
        await lib.backend.put('x', junk);
        const l = await lib.list();
        expect(l.records.length + l.unreadable.length).toBe(1);
        if (l.unreadable.length) {
          expect(l.unreadable[0]!.raw).toBe(junk);
          expect((await lib.save({ id: 'x', name: 'x', created: 0, modified: 0, doc: emptyDoc(), past: [], future: [] }, 0)).ok).toBe(false);
          expect(await lib.backend.get('x')).toBe(junk);
        }
      }),
    );
  });
});
