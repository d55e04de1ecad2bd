import { describe, expect, it } from 'vitest';
import { builtins } from '../../scenarios';
import { parseTopology, type Topology } from '../../model';
import { podId } from '../../model/element-id';
import { generateFlannelCluster } from '../../scenarios/generate';
import { nodeChoices, podChoices, POD_CHOICES } from './node-view-choices';

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

describe('the node-view picker’s nodes', () => {
  it('are every node on a small cluster, used or not', () => {
    const t = parse(builtins[0]!.yaml);
    expect(nodeChoices(t, podChoices(t, t.nodes[0]!.name).length, t.nodes[0]!.name, null, false)).toEqual(t.nodes);
  });

  it('on a cluster of 300 nodes are the node in view and the packet’s until the picker is used, then every node', () => {
    const t = parse(JSON.stringify(generateFlannelCluster({ nodes: 300 })));
    const [a, b] = [t.nodes[200]!, t.nodes[20]!];
    const pods = podChoices(t, a.name).length;
    // In the document's order, whichever is in view.
    expect(nodeChoices(t, pods, a.name, b.name, false).map((n) => n.name)).toEqual([b.name, a.name]);
    // A pod in view: its node.
    const pod = podChoices(t, a.name)[0]!;
    expect(nodeChoices(t, pods, podId(pod), null, false).map((n) => n.name)).toEqual([a.name]);
    expect(nodeChoices(t, pods, a.name, b.name, true)).toHaveLength(300);
  });
});
