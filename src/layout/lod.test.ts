import { describe, expect, it } from 'vitest';
import { parseTopology, type Topology } from '../model';
import { builtins } from '../scenarios';
import { buildGraph } from './graph';
import { farGraph, farNodes, podLayers } from './lod';
import { markGraph } from './marks';
import { placeGraph } from './place';

const ack = (): Topology => {
  const r = parseTopology(builtins[0]!.yaml);
  if (!r.ok) throw new Error('invalid');
  return r.topology;
};

describe('the far picture', () => {
  it('draws no pod as an element: each node holds a layer of its pods, the marked ones by place', () => {
    const t = ack();
    const placed = placeGraph(buildGraph(t), t);
    const pods = placed.nodes.filter((n) => n.type === 'pod');
    const from = pods[0]!;
    const far = farGraph(markGraph(placed, from.id, '', null));
    expect(far.nodes.some((n) => n.type === 'pod')).toBe(false);
    const layers = far.nodes.flatMap((n) => (n.type === 'clusterNode' && n.data.podLayer ? [[n.id, n.data.podLayer] as const] : []));
    expect(layers.reduce((s, [, l]) => s + l.count, 0)).toBe(pods.length);
    const home = layers.find(([id]) => id === from.parentId)!;
    expect(home[1].marked).toEqual([pods.filter((p) => p.parentId === from.parentId).indexOf(from)]);
    expect(far.edges.every((e) => far.nodes.some((n) => n.id === e.target) && far.nodes.some((n) => n.id === e.source))).toBe(true);
  });

  it('zoomed out again, hands back the same element objects (React Flow adopts nothing anew)', () => {
    const t = ack();
    const placed = placeGraph(buildGraph(t), t);
    const far = farGraph(placed);
    const again = farGraph(placed);
    expect(again.nodes.length).toBe(far.nodes.length);
    expect(again.nodes.every((n, i) => n === far.nodes[i])).toBe(true);
  });

  it('draws a part of the picture (what is in view) as the whole far picture draws that part', () => {
    const t = ack();
    const placed = markGraph(placeGraph(buildGraph(t), t), '', '', null);
    const whole = farGraph(placed).nodes;
    // Every other element, parents kept before their children (as the canvas hands over what is in view).
    const part = placed.nodes.filter((n, i) => i % 2 === 0 || n.type !== 'pod');
    const far = farNodes(part, podLayers(placed.nodes));
    expect(far.some((n) => n.type === 'clusterNode' && n.data.podLayer)).toBe(true);
    expect(far).toEqual(whole.filter((n) => part.some((p) => p.id === n.id)));
  });

  it('leaves a picture without pods as it is', () => {
    const g = { nodes: [], edges: [] };
    expect(farGraph(g)).toBe(g);
  });
});
