import { describe, expect, it } from 'vitest';
import { parseTopology, type Topology } from '../model';
import { builtins } from '../scenarios';
import { buildGraph } from './graph';
import { identityKeeper, keepIdentity } from './identity';
import { markGraph } from './marks';
import { placeGraph } from './place';

const ack = (): Topology => {
  const r = parseTopology(builtins[0]!.yaml);
  if (!r.ok) throw new Error('invalid');
  return r.topology;
};

describe('keeping unchanged elements', () => {
  it('hands back the same objects for a picture computed again', () => {
    const t = ack();
    const a = placeGraph(buildGraph(t), t);
    const b = placeGraph(buildGraph(t), t);
    expect(b.nodes[0]).not.toBe(a.nodes[0]);
    expect(keepIdentity(a, b)).toBe(a);
  });

  it('replaces only the elements whose marks changed', () => {
    const t = ack();
    const placed = placeGraph(buildGraph(t), t);
    const before = markGraph(placed, '', '', null);
    const from = before.nodes.find((n) => n.type === 'pod')!.id;
    const after = keepIdentity(before, markGraph(placeGraph(buildGraph(t), t), from, '', null));
    const changed = after.nodes.filter((n, i) => n !== before.nodes[i]).map((n) => n.id);
    expect(changed).toEqual([from]);
    expect(after.edges.every((e, i) => e === before.edges[i])).toBe(true);
  });

  it('sees a moved node, a new node and a removed one', () => {
    const t = ack();
    const a = placeGraph(buildGraph(t), t);
    const moved = { ...a, nodes: a.nodes.map((n, i) => (i === 1 ? { ...n, position: { x: n.position.x + 1, y: n.position.y } } : n)) };
    const b = keepIdentity(a, moved);
    expect(b.nodes[1]).not.toBe(a.nodes[1]);
    expect(b.nodes[2]).toBe(a.nodes[2]);
    const fewer = keepIdentity(a, { ...a, nodes: a.nodes.slice(1) });
    expect(fewer).not.toBe(a);
    expect(fewer.nodes.length).toBe(a.nodes.length - 1);
  });

  it('a keeper keeps objects from one picture to the next, through insertions and back', () => {
    const t = ack();
    const keeper = identityKeeper();
    const a = keeper(placeGraph(buildGraph(t), t));
    // A copy with one element added in the middle (as a trace opens a node): everything else keeps its object.
    const b0 = placeGraph(buildGraph(t), t);
    const extra = { ...b0.nodes[1]!, id: 'pod:extra/one' };
    const b = keeper({ ...b0, nodes: [...b0.nodes.slice(0, 2), extra, ...b0.nodes.slice(2)] });
    expect(b.nodes.filter((n) => !a.nodes.includes(n)).map((n) => n.id)).toEqual(['pod:extra/one']);
    // Back without it: the very first picture's objects, and a moved element is a new one.
    const c0 = placeGraph(buildGraph(t), t);
    const c = keeper({ ...c0, nodes: c0.nodes.map((n, i) => (i === 3 ? { ...n, position: { x: n.position.x + 5, y: n.position.y } } : n)) });
    expect(c.nodes.filter((n, i) => n !== a.nodes[i]).map((n) => n.id)).toEqual([a.nodes[3]!.id]);
    expect(c.edges.every((e, i) => e === a.edges[i])).toBe(true);
  });

  it('takes a picture whose elements come kept already as it is, after the first of a row, and the last one again when nothing changed at all', () => {
    const t = ack();
    const keeper = identityKeeper();
    const first = keeper(placeGraph(buildGraph(t), t));
    // The first of a row is compared by id (a small document grown past WORKER_PODS: its first picture from the worker).
    const a = keeper(placeGraph(buildGraph(t), t), true);
    expect(a).toBe(first);
    // Placed again: every element a new object equal to its namesake, which only a comparison by id would replace.
    const again = placeGraph(buildGraph(t), t);
    const b = keeper(again, true);
    expect(b).toBe(again);
    expect(b.nodes.every((n, i) => n !== a.nodes[i])).toBe(true);
    expect(keeper({ nodes: [...b.nodes], edges: [...b.edges] }, true)).toBe(b);
    // Compared by id after: against the picture taken as it was.
    const c = keeper(placeGraph(buildGraph(t), t));
    expect(c).toBe(b);
  });
});
