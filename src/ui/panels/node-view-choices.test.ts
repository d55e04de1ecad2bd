import { describe, expect, it } from 'vitest';
import { builtins } from '../../scenarios';
import { parseTopology, type Topology } from '../../model';
import { podId } from '../../model/element-id';
import { generateFlannelCluster } from '../../scenarios/generate';
import { listsAllWhenIdle, pickerChoices, podChoices, POD_CHOICES } from './node-view-choices';

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

describe('the node-view picker’s choices', () => {
  it('are what it shows and the packet’s node until it is used, then every node and pod, on a small cluster', () => {
    const t = parse(builtins[0]!.yaml);
    const [a, b] = [t.nodes[0]!, t.nodes[1]!];
    const own = t.pods.filter((p) => !p.hostNetwork);
    expect(listsAllWhenIdle(t)).toBe(true);
    const unused = pickerChoices(t, b.name, a.name, false);
    // In the document's order, whichever is in view.
    expect(unused.nodes.map((n) => n.name)).toEqual([a.name, b.name]);
    expect(unused.pods).toEqual([]);
    // A pod in view: it and its node.
    const pod = own.find((p) => p.node === b.name)!;
    const inPod = pickerChoices(t, podId(pod), null, false);
    expect(inPod.nodes.map((n) => n.name)).toEqual([b.name]);
    expect(inPod.pods.map(podId)).toEqual([podId(pod)]);
    const used = pickerChoices(t, b.name, a.name, true);
    expect(used.nodes).toEqual(t.nodes);
    expect(used.pods.map(podId)).toEqual(own.map(podId));
  });

  it('on a cluster of 300 nodes are the node in view and the packet’s until the picker is used, then every node and the node’s pods', () => {
    const t = parse(JSON.stringify(generateFlannelCluster({ nodes: 300 })));
    expect(listsAllWhenIdle(t)).toBe(false);
    const [a, b] = [t.nodes[200]!, t.nodes[20]!];
    expect(pickerChoices(t, a.name, b.name, false).nodes.map((n) => n.name)).toEqual([b.name, a.name]);
    // A pod in view: its node.
    const pod = podChoices(t, a.name)[0]!;
    expect(pickerChoices(t, podId(pod), null, false).nodes.map((n) => n.name)).toEqual([a.name]);
    const used = pickerChoices(t, a.name, b.name, true);
    expect(used.nodes).toHaveLength(300);
    expect(used.pods).toEqual(podChoices(t, a.name));
  });
});
