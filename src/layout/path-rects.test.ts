import { describe, expect, it } from 'vitest';
import { parseTopology } from '../model';
import { generateFlannelCluster } from '../scenarios/generate';
import { autoLayout } from './auto-layout';
import { absoluteRects } from './geometry';
import { buildGraph } from './graph';
import { rectsOf } from './path-rects';
import { effectiveLayout, openCollapsed, placeGraph } from './place';

describe('rectsOf', () => {
  it('gives the elements asked for the rectangles absoluteRects gives them, and no others', () => {
    const r = parseTopology(JSON.stringify(generateFlannelCluster({ nodes: 20 })));
    if (!r.ok) throw new Error('invalid');
    const t = r.topology;
    const g = buildGraph(t);
    const all = new Set(t.nodes.map((n) => `node:${n.name}`));
    const placed = placeGraph(g, t, { collapsed: all, layout: effectiveLayout(g, t, all, autoLayout) });
    // Two nodes opened, as a trace opens them: their pods sit inside them, inside the VPC.
    const node = `node:${t.nodes[7]!.name}`;
    const opened = openCollapsed(placed, g, t, new Set([node, `node:${t.nodes[19]!.name}`]));
    const pod = opened.nodes.find((n) => n.parentId === node)!;
    const service = opened.nodes.find((n) => n.type === 'service')!;
    const ids = [pod.id, node, 'vpc', service.id, 'pod:nowhere/none'];
    const all2 = absoluteRects(opened);
    const got = rectsOf(opened, ids);
    expect([...got.keys()].sort()).toEqual(ids.filter((id) => all2.has(id)).sort());
    for (const [id, rect] of got) expect(rect).toEqual(all2.get(id));
    // A pod's rectangle is its node's offset by its own position (the parent chain was followed).
    expect(got.get(pod.id)!.x).toBeGreaterThan(got.get(node)!.x);
  });
});
