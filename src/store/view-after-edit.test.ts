import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { displayTopology } from '../model/display';
import { setPositions, type Doc } from '../model/edit';
import { generateFlannelCluster } from '../scenarios/generate';
import { createInlineSimClient } from '../worker/sim-client';
import { createAppStore } from './app-store';
import { viewOf } from './edit-selectors';
import { viewAfterEdit } from './view-after-edit';

const cluster = () => JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 3 }))) as Doc;

describe('the editor’s view of an edited document', () => {
  it('after a move keeps the objects of the view before (its layout alone is new), and reads as the document does', async () => {
    const store = createAppStore({ sim: await createInlineSimClient() });
    const doc = cluster();
    store.setState({ doc });
    const before = viewOf(doc);
    // A person drags a box: the editor's move.
    store.getState().setPositions({ 'node:x': { x: 10, y: 20 } });
    const moved = store.getState().doc!;
    expect(moved).toEqual(setPositions(doc, { 'node:x': { x: 10, y: 20 } }));
    const after = viewOf(moved);
    expect(after).toEqual(displayTopology(moved));
    expect(after.layout).toEqual({ ...before.layout, 'node:x': { x: 10, y: 20 } });
    for (const k of ['cluster', 'nodes', 'pods', 'services', 'loadBalancers', 'namespaces'] as const) expect(after[k]).toBe(before[k]);
  });

  it('after a kube-proxy mode or a title keeps every list, and after a pod’s edit every list but the pods', async () => {
    const store = createAppStore({ sim: await createInlineSimClient() });
    store.setState({ doc: cluster() });
    const at = () => viewOf(store.getState().doc!);
    const before = at();
    await store.getState().setClusterSetting(['kubeProxy', 'mode'], 'ipvs');
    const mode = at();
    expect(mode.cluster.kubeProxy.mode).toBe('ipvs');
    expect(mode).toEqual(displayTopology(store.getState().doc!));
    for (const k of ['nodes', 'pods', 'services', 'loadBalancers', 'metadata'] as const) expect(mode[k]).toBe(before[k]);
    store.getState().setMetadataField('title', 'Review');
    const titled = at();
    expect(titled.metadata.title).toBe('Review');
    expect(titled.cluster).toBe(mode.cluster);
    expect(titled.pods).toBe(before.pods);
    store.getState().setElementField({ list: 'pods', index: 0 }, 'name', 'renamed');
    const renamed = at();
    expect(renamed.pods[0]!.name).toBe('renamed');
    expect(renamed).toEqual(displayTopology(store.getState().doc!));
    expect(renamed.pods).not.toBe(before.pods);
    expect(renamed.services).toBe(before.services);
  });

  it('reads as the document does after any edit of any part', () => {
    const parts = ['metadata', 'cluster', 'nodes', 'pods', 'services', 'loadBalancers', 'externals', 'routers', 'layout'] as const;
    fc.assert(
      fc.property(fc.subarray([...parts], { minLength: 1 }), fc.boolean(), (edited, drop) => {
        const doc = { ...cluster(), layout: { 'node:x': { x: 1, y: 2 } }, externals: [{ name: 'e', ip: '1.1.1.1' }] } as Doc;
        const before = viewOf(doc);
        const next = { ...doc } as Record<string, unknown>;
        // Each edited part: a new object holding the same values with one changed, or (drop) left out.
        for (const k of edited) {
          const v = doc[k as keyof Doc];
          if (drop && k !== 'metadata' && k !== 'cluster') delete next[k];
          else if (Array.isArray(v)) next[k] = v.map((x, i) => (i === 0 ? { ...(x as object), name: 'changed' } : x));
          else next[k] = { ...(v as object), ...(k === 'layout' ? { 'node:y': { x: 3, y: 4 } } : { name: 'changed' }) };
        }
        viewAfterEdit(doc, next as unknown as Doc);
        const after = viewOf(next as unknown as Doc);
        expect(after).toEqual(displayTopology(next as unknown as Doc));
        for (const k of parts) if (!edited.includes(k) && k !== 'layout') expect(after[k]).toBe(before[k]);
      }),
      { numRuns: 60 },
    );
  });
});
