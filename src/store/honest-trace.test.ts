import { describe, expect, it, vi } from 'vitest';
import { createInlineSimClient } from '../worker/sim-client';
import type { SimClient } from '../worker/protocol';
import { createAppStore, type AppStoreApi } from './app-store';
import { selectTraceStale } from './selectors';

/** Two nodes, two pods (10.244.0.2 and 10.244.1.2) and a service, as the editor builds them. */
async function built(sim?: SimClient): Promise<AppStoreApi> {
  const store = createAppStore({ sim: sim ?? (await createInlineSimClient()) });
  const s = store.getState();
  s.newDocument();
  await vi.waitFor(() => expect(store.getState().docStatus).toBe('ready'));
  s.addElement('node', { x: 0, y: 0 });
  s.addElement('node', { x: 400, y: 0 });
  s.addElement('pod', undefined, 'node-1');
  s.addElement('pod', undefined, 'node-2');
  s.addElement('service', { x: 100, y: -200 });
  await vi.waitFor(() => expect(store.getState().topology?.services).toHaveLength(1));
  await vi.waitFor(() => expect(store.getState().docStatus).toBe('ready'));
  return store;
}

async function traced(store: AppStoreApi) {
  store.getState().setFrom('pod:default/pod-1');
  store.getState().setTo('10.244.1.2:80');
  await store.getState().runTrace();
  expect(store.getState().trace?.deliveredTo).toBeTruthy();
  return store;
}

describe('an honest trace', () => {
  it('refuses to trace a document with problems instead of answering for its last valid version', async () => {
    const store = await traced(await built());
    // pod-2 gets pod-1's address: a duplicate, so the document no longer validates.
    store.getState().setElementField({ list: 'pods', index: 1 }, 'ip', '10.244.0.2');
    await store.getState().runTrace();
    const s = store.getState();
    expect(s.problems.map((p) => p.path)).toContain('pods[1].ip');
    expect(s.traceStatus).toBe('error');
    expect(s.traceError).toMatchObject({ key: 'traceDocInvalid', params: { path: 'pods[1].ip' } });
    // Never the previous version's result.
    expect(s.trace).toBeNull();
  });

  it('waits for an edit still being validated before tracing, so the answer is about the edited document', async () => {
    const inline = await createInlineSimClient();
    const asked: string[] = [];
    const sim: SimClient = { ...inline, trace: (req) => (asked.push(req.to), inline.trace(req)) };
    const store = await traced(await built(sim));
    store.getState().setElementField({ list: 'pods', index: 1 }, 'ip', '10.244.0.2');
    expect(store.getState().docStatus).toBe('loading');
    await store.getState().runTrace();
    expect(asked).toHaveLength(1);
    expect(store.getState().traceError).toMatchObject({ key: 'traceDocInvalid' });
  });

  it('marks a result stale once the document is edited, not when a box is moved, and fresh again after undo', async () => {
    const store = await traced(await built());
    expect(selectTraceStale(store.getState())).toBe(false);
    store.getState().setPositions({ 'node:node-1': { x: 33, y: 44 } });
    expect(selectTraceStale(store.getState())).toBe(false);
    store.getState().setElementField({ list: 'pods', index: 1 }, 'labels', { app: 'web' });
    expect(selectTraceStale(store.getState())).toBe(true);
    store.getState().undo();
    expect(selectTraceStale(store.getState())).toBe(false);
    store.getState().redo();
    expect(selectTraceStale(store.getState())).toBe(true);
    await store.getState().runTrace();
    expect(selectTraceStale(store.getState())).toBe(false);
  });

  it('asks nothing about a /33 service CIDR: the value goes in, its problem shows, no cluster IP is removed', async () => {
    const store = await built();
    const ips = store.getState().doc?.services?.map((x) => x.clusterIP);
    expect(ips?.[0]).toBeTruthy();
    await store.getState().setClusterSetting(['serviceCIDR'], '10.96.0.0/33');
    expect(store.getState().pendingChange).toBeNull();
    await vi.waitFor(() => expect(store.getState().docStatus).toBe('invalid'));
    expect(store.getState().problems.map((p) => p.path)).toContain('cluster.serviceCIDR');
    expect(store.getState().doc?.services?.map((x) => x.clusterIP)).toEqual(ips);
    // The old range back: every address fits it, so there is nothing to ask or re-address.
    await store.getState().setClusterSetting(['serviceCIDR'], '10.96.0.0/12');
    expect(store.getState().pendingChange).toBeNull();
    await vi.waitFor(() => expect(store.getState().docStatus).toBe('ready'));
    expect(store.getState().doc?.services?.map((x) => x.clusterIP)).toEqual(ips);
  });

  it('asks about a valid re-addressing change', async () => {
    const store = await built();
    await store.getState().setClusterSetting(['serviceCIDR'], '10.100.0.0/16');
    expect(store.getState().pendingChange?.changes).toContainEqual({ key: 'clusterIpsReassigned', params: { count: 1 } });
  });
});
