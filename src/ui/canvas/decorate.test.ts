import { describe, expect, it } from 'vitest';
import { builtins } from '../../scenarios';
import { parseTopology } from '../../model';
import { buildGraph } from '../../layout/graph';
import { EDGE_LIMIT } from '../../layout/lod';
import { decorate } from './useEditorFlow';
import { idMap } from './place-graph';

const topology = (() => {
  const r = parseTopology(builtins[0]!.yaml);
  if (!r.ok) throw new Error('the first built-in does not parse');
  return r.topology;
})();
const graph = buildGraph(topology);
const decor = (selected: string[], heldEdges: number) =>
  decorate(graph, topology, idMap(topology), {
    selected: new Set(selected),
    problems: new Map(),
    query: '',
    namespace: '',
    groupByNamespace: false,
    namespaces: [],
    heldEdges,
  });

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
});
