import { describe, expect, it } from 'vitest';
import { builtins } from '../../scenarios';
import { parseTopology, type Topology } from '../../model';
import { podId } from '../../model/element-id';
import { generateFlannelCluster } from '../../scenarios/generate';
import { podChoices, POD_CHOICES } from './node-view-choices';

const parse = (text: string): Topology => {
  const r = parseTopology(text);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.topology;
};

describe('the node-view picker', () => {
  it('offers every pod with its own namespace on a small cluster', () => {
    const t = parse(builtins[0]!.yaml);
    const own = t.pods.filter((p) => !p.hostNetwork);
    expect(podChoices(t, t.nodes[0]!.name).map(podId)).toEqual(own.map(podId));
  });

  it('on a cluster of 3,000 pods offers the pods on the node in view, or on the pod in view’s node', () => {
    const t = parse(JSON.stringify(generateFlannelCluster({ nodes: 100 })));
    expect(t.pods.length).toBeGreaterThan(POD_CHOICES);
    const node = t.nodes[7]!.name;
    const onNode = t.pods.filter((p) => p.node === node && !p.hostNetwork).map(podId);
    expect(onNode.length).toBeGreaterThan(0);
    expect(podChoices(t, node).map(podId)).toEqual(onNode);
    expect(podChoices(t, onNode[0]!).map(podId)).toEqual(onNode);
  });
});
