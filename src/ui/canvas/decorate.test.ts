import { describe, expect, it } from 'vitest';
import { builtins } from '../../scenarios';
import { parseTopology } from '../../model';
import { buildGraph } from '../../layout/graph';
import { EDGE_LIMIT } from '../../layout/lod';
import { decorate } from './useEditorFlow';
import { idMap } from './place-graph';
import type { EditorNode } from './types';

const topology = (() => {
  const r = parseTopology(builtins[0]!.yaml);
  if (!r.ok) throw new Error('the first built-in does not parse');
  return r.topology;
})();
const graph = buildGraph(topology);
const ids = idMap(topology);
const settings = (selected: string[], heldEdges: number) => ({
  selected: new Set(selected),
  problems: new Map<string, string>(),
  query: '',
  namespace: '',
  groupByNamespace: false,
  namespaces: [],
  heldEdges,
});
const decor = (selected: string[], heldEdges: number) => decorate(graph, topology, ids, settings(selected, heldEdges));

describe('the lines a picture draws', () => {
  const service = graph.edges.find((e) => e.data?.kind === 'endpoint')!.source;

  it('are all of them up to EDGE_LIMIT', () => {
    expect(graph.edges.length).toBeLessThanOrEqual(EDGE_LIMIT);
    expect(decor([], 0).edges.length).toBeGreaterThanOrEqual(graph.edges.length);
  });

  it('are only the selection’s when the edges still to come take the picture past EDGE_LIMIT', () => {
    const drawn = decor([service], EDGE_LIMIT).edges;
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.every((e) => e.source === service || e.target === service)).toBe(true);
    expect(decor([], EDGE_LIMIT).edges).toEqual([]);
  });

  it('are the trace’s past EDGE_LIMIT, with or without a selection', () => {
    const [onPath, other] = graph.edges.filter((e) => e.data?.kind === 'endpoint');
    const traced = { ...graph, edges: graph.edges.map((e) => (e === onPath ? { ...e, className: 'on-path' } : e)) };
    const drawn = (selected: string[]) => decorate(traced, topology, ids, settings(selected, EDGE_LIMIT)).edges.map((e) => e.id);
    expect(drawn([])).toEqual([onPath!.id]);
    expect(drawn([other!.target])).toContain(onPath!.id);
  });
});

describe('a new graph under the same decoration (a trace)', () => {
  it('keeps the object of each decorated node it did not change, and decorates the ones it did', () => {
    const [chosen, marked] = graph.nodes.filter((n) => n.type === 'clusterNode');
    const d = settings([chosen!.id, marked!.id], 0);
    const made = new WeakMap<object, EditorNode>();
    const before = decorate(graph, topology, ids, d, made).nodes;
    // The trace's graph: one node a new object (its marks), every other the same.
    const traced = { ...graph, nodes: graph.nodes.map((n) => (n === marked ? { ...n, data: { ...n.data, onPath: true } } : n)) };
    const after = decorate(traced, topology, ids, d, made).nodes;
    const at = (list: EditorNode[], id: string) => list.find((n) => n.id === id)!;
    expect(at(after, chosen!.id).selected).toBe(true);
    expect(at(after, chosen!.id)).toBe(at(before, chosen!.id));
    expect(at(after, marked!.id)).not.toBe(at(before, marked!.id));
    expect(at(after, marked!.id)).toMatchObject({ selected: true, data: { onPath: true } });
  });
});

describe('the problems a picture shows', () => {
  const pod = graph.nodes.find((n) => n.type === 'pod')!;
  const ref = ids.toRef.get(pod.id)!;

  it('mark the element they are about', () => {
    const d = { ...settings([], 0), problems: new Map([[ref, 'pods[0].ip: not in the pod CIDR']]) };
    const drawn = decorate(graph, topology, ids, d).nodes;
    expect(drawn.find((n) => n.id === pod.id)).toMatchObject({ className: 'hs-problem', domAttributes: { 'data-problem': 'pods[0].ip: not in the pod CIDR' } });
    expect(drawn.filter((n) => n.className?.includes('hs-problem'))).toHaveLength(1);
  });

  it('when there are none, name no element (naming a pod parses its id: 30,000 of them expanded at 1,000 nodes)', () => {
    let named = 0;
    const counting = { ...ids, toRef: { get: (id: string) => (named++, ids.toRef.get(id)), has: (id: string) => ids.toRef.has(id) } };
    const drawn = decorate(graph, topology, counting, settings([], 0)).nodes;
    expect(named).toBe(0);
    expect(drawn.slice(0, graph.nodes.length)).toEqual(graph.nodes);
  });
});
