import { describe, expect, it } from 'vitest';
import { generateFlannelCluster } from '../scenarios/generate';
import { addElement, movePod, removeElements, setClusterField, setField, setPositions, type Doc } from './edit';
import type { Topology } from './topology';
import { patchTopology, topologyPatch } from './topology-patch';
import { validateTopology } from './validate';

const validated = (d: Doc): Topology => {
  const r = validateTopology(structuredClone(d));
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.topology;
};
const doc = generateFlannelCluster({ nodes: 4, podsPerNode: 5 }) as unknown as Doc;
const node = (doc.nodes as { name: string }[])[1]!.name;

// Each edit as the editor makes it (model/edit.ts), from the same document.
const edits: [string, (d: Doc) => Doc][] = [
  ['rename a node', (d) => setField(d, { list: 'nodes', index: 1 }, 'name', 'renamed')],
  ['move a pod to another node', (d) => movePod(d, 0, node)],
  ['delete a pod', (d) => removeElements(d, [{ list: 'pods', index: 7 }])],
  ['delete the first pod', (d) => removeElements(d, [{ list: 'pods', index: 0 }])],
  ['delete a node', (d) => removeElements(d, [{ list: 'nodes', index: 2 }])],
  ['delete a service', (d) => removeElements(d, [{ list: 'services', index: 0 }])],
  ['add a pod', (d) => addElement(d, 'pod', { x: 10, y: 10 }, node).doc],
  // (The generated pod range has a block for each of its nodes and no more.)
  ['add a node, in a wider pod range', (d) => addElement(setClusterField(d, ['podCIDR'], '172.16.0.0/16'), 'node', { x: 10, y: 10 }).doc],
  ['add a service', (d) => addElement(d, 'service', { x: 10, y: 10 }).doc],
  ['move a node on the canvas', (d) => setPositions(d, { [`node:${node}`]: { x: 5, y: 6 } })],
  ['change a cluster setting', (d) => setClusterField(d, ['kubeProxy', 'mode'], 'iptables')],
  ['change nothing', (d) => d],
];

describe('topologyPatch and patchTopology', () => {
  const before = validated(doc);
  for (const [what, edit] of edits) {
    it(`${what}: the patched topology equals the one validated afresh, and back again (undo)`, () => {
      const after = validated(edit(doc));
      // (Through a structured clone, as it crosses to the page.)
      const patched = patchTopology(before, structuredClone(topologyPatch(before, after)));
      expect(patched).toStrictEqual(after);
      expect(patchTopology(patched, structuredClone(topologyPatch(after, before)))).toStrictEqual(before);
    });
  }

  it('a position taken away (auto-layout undone, an element deleted): the patched layout has it no more', () => {
    const two = validated(setPositions(doc, { [`node:${node}`]: { x: 5, y: 6 }, 'svc:default/x': { x: 1, y: 2 } }));
    const one = validated(setPositions(doc, { [`node:${node}`]: { x: 5, y: 6 } }));
    expect(patchTopology(two, structuredClone(topologyPatch(two, one)))).toStrictEqual(one);
  });

  it('keeps the objects of the elements that did not change, and sends only those that did', () => {
    const after = validated(setField(doc, { list: 'pods', index: 7 }, 'labels', { app: 'other' }));
    const patch = topologyPatch(before, after);
    expect(Object.keys(patch.lists)).toEqual(['pods']);
    expect(patch.lists.pods!.changed?.map(([i]) => patch.lists.pods!.head + i)).toEqual([7]);
    const patched = patchTopology(before, patch);
    expect(patched.pods.filter((p, i) => p !== before.pods[i]).map((p) => p.name)).toEqual([after.pods[7]!.name]);
    expect(patched.nodes).toBe(before.nodes);
    expect(patched.services).toBe(before.services);
  });
});
