import { describe, expect, it } from 'vitest';
import { displayTopology } from '../model/display';
import { setPositions, type Doc } from '../model/edit';
import { generateFlannelCluster } from '../scenarios/generate';
import { createInlineSimClient } from '../worker/sim-client';
import { createAppStore } from './app-store';
import { viewOf } from './edit-selectors';

describe('the editor’s view of a document', () => {
  it('after a move keeps the objects of the view before (its layout alone is new), and reads as the document does', async () => {
    const store = createAppStore({ sim: await createInlineSimClient() });
    const doc = JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 3 }))) as Doc;
    store.setState({ doc });
    const before = viewOf(doc);
    // A person drags a box: the editor's move.
    store.getState().setPositions({ 'node:x': { x: 10, y: 20 } });
    const moved = store.getState().doc!;
    expect(moved).toEqual(setPositions(doc, { 'node:x': { x: 10, y: 20 } }));
    const after = viewOf(moved);
    expect(after).toEqual(displayTopology(moved));
    expect(after.layout).toEqual({ ...before.layout, 'node:x': { x: 10, y: 20 } });
    for (const k of ['cluster', 'nodes', 'pods', 'services', 'loadBalancers'] as const) expect(after[k]).toBe(before[k]);
    // Any other change is read anew.
    const renamed = { ...moved, metadata: { name: 'other' } };
    expect(viewOf(renamed).pods).not.toBe(after.pods);
    expect(viewOf(renamed)).toEqual(displayTopology(renamed));
  });
});
