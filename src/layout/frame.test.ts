import { describe, expect, it } from 'vitest';
import { builtins } from '../scenarios';
import { parseTopology, type Topology } from '../model';
import { displayTopology } from '../model/display';
import type { Doc } from '../model/edit';
import { nodeId } from '../model/element-id';
import { importKubectl } from '../model/kubectl-import';
import { generateFlannelCluster } from '../scenarios/generate';
import { kubectlListText } from '../scenarios/generate-kubectl';
import { autoLayout } from './auto-layout';
import { buildGraph } from './graph';
import { buildFrame } from './frame';
import { placeDocument } from './place-doc';

const parse = (text: string): Topology => {
  const r = parseTopology(text);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.topology;
};
const generated = (nodes: number): Topology => displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes }))) as Doc);
const imported = (() => {
  const r = importKubectl(kubectlListText({ nodes: 30, seed: 1 }, 'json'));
  if (!r.ok) throw new Error('import failed');
  return displayTopology(JSON.parse(JSON.stringify(r.document)) as Doc);
})();
const cases: { name: string; t: Topology }[] = [
  ...builtins.map((b) => ({ name: `the built-in ${b.id}`, t: parse(b.yaml) })),
  // Placed by the automatic layout (no stored positions): dagre orders 6 nodes, the barycentre 100.
  { name: 'a generated cluster of 6 nodes', t: generated(6) },
  { name: 'a generated cluster of 100 nodes', t: generated(100) },
  { name: 'a kubectl import of 30 nodes', t: imported },
  (() => {
    // A pod on a node the document does not have: its edge is not drawn into a node.
    const t = generated(6);
    return { name: 'a cluster with a pod on no node', t: { ...t, pods: t.pods.map((p, i) => (i === 3 ? { ...p, node: 'gone' } : p)) } };
  })(),
];

describe('the frame (buildGraph without its pods)', () => {
  for (const { name, t } of cases) {
    it(`${name}: its outline placed with every node collapsed, with its edges, is the picture buildGraph's graph places`, () => {
      for (const groupByNamespace of [false, true]) {
        const s = { collapsed: new Set(t.nodes.map((n) => nodeId(n.name))), groupByNamespace };
        const frame = buildFrame(t);
        const placed = placeDocument(frame.outline, t, s, autoLayout);
        const whole = placeDocument(buildGraph(t), t, s, autoLayout);
        expect({ nodes: placed.nodes, edges: frame.edges() }).toEqual(whole);
        expect(frame.edgeCount).toBe(whole.edges.length);
      }
    });
  }
});
