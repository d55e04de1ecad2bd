import { describe, expect, it } from 'vitest';
import { parseTopology, type Topology } from '../model';
import { generateFlannelCluster } from '../scenarios/generate';
import { builtins } from '../scenarios';
import { autoLayout } from './auto-layout';
import { buildGraph, type Graph } from './graph';
import { collapsedForTrace, effectiveLayout, idMap, nameAllIds, openCollapsed, placeGraph } from './place';

const doc = (pods: { name: string; node: string }[]) => ({ pods: pods.map((p) => ({ ...p, namespace: 'default' })) }) as unknown as Topology;
const trace = (...ns: string[]) => ({ hops: ns.map((n) => ({ ns: n })) });

describe('collapsedForTrace', () => {
  const collapsed = ['node:a', 'node:b', 'node:c'];

  it('opens the nodes holding a pod on the path, the reply included, and no other', () => {
    const t = doc([
      { name: 'x', node: 'a' },
      { name: 'y', node: 'b' },
      { name: 'z', node: 'c' },
    ]);
    expect(collapsedForTrace(collapsed, t, null)).toEqual(collapsed);
    expect(collapsedForTrace(collapsed, t, trace('pod:default/x', 'node:c', 'vpc'))).toEqual(['node:b', 'node:c']);
    expect(collapsedForTrace(collapsed, t, { ...trace('pod:default/x'), reply: trace('pod:default/y') })).toEqual(['node:c']);
  });

  it('follows the document: a pod moved to another node opens that node', () => {
    const before = doc([{ name: 'x', node: 'a' }]);
    const after = doc([{ name: 'x', node: 'b' }]);
    expect(collapsedForTrace(collapsed, before, trace('pod:default/x'))).toEqual(['node:b', 'node:c']);
    expect(collapsedForTrace(collapsed, after, trace('pod:default/x'))).toEqual(['node:a', 'node:c']);
  });
});

describe('openCollapsed', () => {
  const parse = (text: string): Topology => {
    const r = parseTopology(text);
    if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    return r.topology;
  };
  const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
  const cases = [
    // The last node of the generated grid sits at its bottom: opening it makes the VPC taller.
    { name: 'a generated cluster of 20 nodes', t: parse(JSON.stringify(generateFlannelCluster({ nodes: 20 }))), open: [1, 19] },
    { name: 'the ACK built-in', t: parse(builtins[0]!.yaml), open: [0] },
  ];
  for (const { name, t, open } of cases) {
    for (const groupByNamespace of [false, true]) {
      it(`draws ${name} as placeGraph draws the nodes a trace opens${groupByNamespace ? ', grouped by namespace' : ''}`, () => {
        const g = buildGraph(t);
        const all = new Set(t.nodes.map((n) => `node:${n.name}`));
        const layout = effectiveLayout(g, t, all, autoLayout);
        const opened = new Set(open.map((i) => `node:${t.nodes[i]!.name}`));
        const placed = placeGraph(g, t, { collapsed: all, layout, groupByNamespace });
        const want = placeGraph(g, t, { collapsed: new Set([...all].filter((id) => !opened.has(id))), layout, groupByNamespace, opened });
        const got: Graph = openCollapsed(placed, g, t, opened, { groupByNamespace });
        expect(got.nodes).toEqual(want.nodes);
        expect(byId(got.edges)).toEqual(byId(want.edges));
        // Only the opened nodes, their pods and the VPC are new objects.
        const kept = new Set(placed.nodes);
        const changed = got.nodes.filter((n) => !kept.has(n)).map((n) => n.id);
        const pods = t.pods.filter((p) => opened.has(`node:${p.node}`)).length;
        expect(changed.filter((id) => !id.startsWith('pod:') && id !== 'vpc').sort()).toEqual([...opened].sort());
        expect(changed.filter((id) => id.startsWith('pod:'))).toHaveLength(pods);
      });
    }
  }

  it('opens a node again as the very objects it drew the last time: a second trace through it changes nothing there', () => {
    const t = parse(JSON.stringify(generateFlannelCluster({ nodes: 20 })));
    const g = buildGraph(t);
    const all = new Set(t.nodes.map((n) => `node:${n.name}`));
    const placed = placeGraph(g, t, { collapsed: all, layout: effectiveLayout(g, t, all, autoLayout) });
    const [a, b, c] = t.nodes.map((n) => `node:${n.name}`);
    const first = openCollapsed(placed, g, t, new Set([a!, b!]));
    const second = openCollapsed(placed, g, t, new Set([a!, c!]));
    const drawnIn = (graph: Graph, node: string) => graph.nodes.filter((n) => n.id === node || n.parentId === node);
    expect(drawnIn(second, a!).length).toBeGreaterThan(1);
    expect(drawnIn(second, a!)).toEqual(drawnIn(first, a!));
    for (const [i, n] of drawnIn(second, a!).entries()) expect(n).toBe(drawnIn(first, a!)[i]);
    // A node closed again is the placed picture's own box.
    expect(second.nodes.find((n) => n.id === b)).toBe(placed.nodes.find((n) => n.id === b));
  });

  it('hands back the placed picture itself when the trace opens nothing', () => {
    const t = parse(builtins[0]!.yaml);
    const g = buildGraph(t);
    const placed = placeGraph(g, t, { collapsed: new Set(['node:' + t.nodes[0]!.name]) });
    expect(openCollapsed(placed, g, t, new Set())).toBe(placed);
  });
});

describe('idMap', () => {
  const parse = (text: string): Topology => {
    const r = parseTopology(text);
    if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    return r.topology;
  };
  const lists = ['nodes', 'pods', 'services', 'loadBalancers', 'externals', 'routers'] as const;
  for (const { name, t } of [
    ...builtins.map((b) => ({ name: b.id, t: parse(b.yaml) })),
    { name: 'a generated cluster of 20 nodes', t: parse(JSON.stringify(generateFlannelCluster({ nodes: 20 }))) },
  ]) {
    it(`names every element of ${name} both ways, whichever list is asked first`, () => {
      // Each graph element's canvas id is the one idMap gives for its document place.
      const drawn = new Set(buildGraph(t).nodes.map((n) => n.id));
      for (const order of [lists, [...lists].reverse()]) {
        const ids = idMap(t);
        for (const list of order)
          t[list].forEach((_, i) => {
            const ref = `${list}[${i}]`;
            const id = ids.toId.get(ref);
            expect(id, ref).toBeDefined();
            expect(ids.toRef.get(id!)).toBe(ref);
            expect(ids.toRef.has(id!)).toBe(true);
            if (list !== 'routers') expect(drawn.has(id!), id).toBe(true);
          });
        expect(ids.toRef.has('vpc')).toBe(false);
        expect(ids.toRef.get('pod:nowhere/none')).toBeUndefined();
        expect(ids.toId.get(`pods[${t.pods.length}]`)).toBeUndefined();
      }
    });
  }

  it('is one map per topology, so the names made while the page is idle are those the first trace reads', () => {
    const t = parse(JSON.stringify(generateFlannelCluster({ nodes: 20 })));
    expect(idMap(t)).toBe(idMap(t));
    nameAllIds(t);
    const id = idMap(t).toId.get('pods[7]');
    expect(idMap(t).toRef.get(id!)).toBe('pods[7]');
    expect(idMap(parse(JSON.stringify(generateFlannelCluster({ nodes: 20 }))))).not.toBe(idMap(t));
  });

  it('names a list once for every topology holding it (an edit that kept it), and another list again', () => {
    const t = parse(JSON.stringify(generateFlannelCluster({ nodes: 20 })));
    nameAllIds(t);
    const named = idMap(t).toId.get('pods[7]');
    // (A topology is never changed in place: here a pod renamed under the map shows whether it is read again.)
    const edited = { ...t, metadata: { name: 'edited' }, services: [...t.services] };
    t.pods[7]!.name = 'renamed';
    t.services[0]!.name = 'renamed';
    expect(idMap(edited)).not.toBe(idMap(t));
    expect(idMap(edited).toId.get('pods[7]')).toBe(named);
    expect(idMap(edited).toId.get('services[0]')).toContain('renamed');
  });
});
