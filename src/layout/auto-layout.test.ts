import { describe, expect, it } from 'vitest';
import { parseTopology, type Topology } from '../model';
import { builtins } from '../scenarios';
import { generateFlannelCluster } from '../scenarios/generate';
import { needsAutoLayout, placeGraph } from './place';
import { autoLayout, autoLayoutBoxes, type LaidBox } from './auto-layout';
import { buildGraph, COLLAPSED_H, nodeHeight, SIZE } from './graph';

const parse = (text: string): Topology => {
  const r = parseTopology(text);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.topology;
};
/** A built-in without its stored positions, as a new or imported document comes. */
const builtin = (id: string): Topology => {
  const { layout: _stored, ...t } = parse(builtins.find((b) => b.id === id)!.yaml);
  return t;
};
const generated = (nodes: number) => parse(JSON.stringify(generateFlannelCluster({ nodes })));

/** Pairs of boxes that overlap (touching edges do not count). */
function overlaps(boxes: LaidBox[]): string[] {
  const out: string[] = [];
  const sorted = [...boxes].sort((a, b) => a.x - b.x);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]!.x < a.x + a.w; j++) {
      const b = sorted[j]!;
      if (a.y < b.y + b.h && b.y < a.y + a.h) out.push(`${a.key} × ${b.key}`);
    }
  }
  return out;
}

const keysOf = (t: Topology) => [
  ...t.nodes.map((n) => `node:${n.name}`),
  ...t.services.map((s) => `service:${s.namespace}/${s.name}`),
  ...t.loadBalancers.map((l) => `loadBalancer:${l.name}`),
  ...t.externals.map((x) => `external:${x.name}`),
  ...t.routers.map((r) => `router:${r.name}`),
];

describe('auto-layout', () => {
  it.each(builtins.map((b) => b.id))('places every element of %s once, without overlaps', (id) => {
    const t = builtin(id);
    const boxes = autoLayoutBoxes(buildGraph(t), t);
    expect(boxes.map((b) => b.key).sort()).toEqual(keysOf(t).sort());
    expect(overlaps(boxes)).toEqual([]);
  });

  it('is deterministic: the same document gives the same positions, whatever came before', () => {
    const t = builtin('ack-flannel');
    const a = autoLayout(buildGraph(t), t);
    const other = builtin('calico-bgp-tor');
    autoLayout(buildGraph(other), other);
    expect(autoLayout(buildGraph(t), t)).toEqual(a);
    expect(autoLayout(buildGraph(builtin('ack-flannel')), builtin('ack-flannel'))).toEqual(a);
  });

  it('stacks tiers: clients and SLBs above services, services above the nodes', () => {
    const t = builtin('ack-flannel');
    const boxes = autoLayoutBoxes(buildGraph(t), t);
    const ys = (kind: string) => boxes.filter((b) => b.key.startsWith(`${kind}:`));
    const bottom = (bs: LaidBox[]) => Math.max(...bs.map((b) => b.y + b.h));
    const top = (bs: LaidBox[]) => Math.min(...bs.map((b) => b.y));
    expect(bottom([...ys('external'), ...ys('loadBalancer')])).toBeLessThan(top(ys('service')));
    expect(bottom(ys('service'))).toBeLessThan(top(ys('node')) - SIZE.vpcHeader);
  });

  it('sizes node boxes to their pods, or to a summary when collapsed', () => {
    const t = builtin('ack-flannel');
    const g = buildGraph(t);
    const first = t.nodes[0]!;
    const pods = t.pods.filter((p) => p.node === first.name).length;
    const open = autoLayoutBoxes(g, t).find((b) => b.key === `node:${first.name}`)!;
    expect(open.h).toBe(nodeHeight(pods));
    const shut = autoLayoutBoxes(g, t, { collapsed: new Set([`node:${first.name}`]) }).find((b) => b.key === `node:${first.name}`)!;
    expect(shut.h).toBe(COLLAPSED_H);
  });

  it('wraps a big cluster into a grid (100 nodes, 300 services) without overlaps, expanded or collapsed', () => {
    const t = generated(100);
    const g = buildGraph(t);
    const open = autoLayoutBoxes(g, t);
    expect(overlaps(open)).toEqual([]);
    const nodeRows = new Set(open.filter((b) => b.key.startsWith('node:')).map((b) => b.y));
    expect(nodeRows.size).toBeGreaterThan(1);
    const width = Math.max(...open.map((b) => b.x + b.w)) - Math.min(...open.map((b) => b.x));
    const height = Math.max(...open.map((b) => b.y + b.h)) - Math.min(...open.map((b) => b.y));
    expect(width / height).toBeGreaterThan(0.5);
    expect(width / height).toBeLessThan(4);
    const shut = autoLayoutBoxes(g, t, { collapsed: new Set(t.nodes.map((n) => `node:${n.name}`)) });
    expect(overlaps(shut)).toEqual([]);
    expect(shut.filter((b) => b.key.startsWith('node:')).every((b) => b.h === COLLAPSED_H)).toBe(true);
  });

  it("keeps the document's order among boxes of one place (services with no pods, past the size dagre orders)", () => {
    const t = { ...generated(100), pods: [] };
    const g = buildGraph(t);
    const services = autoLayoutBoxes(g, t)
      .filter((b) => b.key.startsWith('service:'))
      .sort((a, b) => a.y - b.y || a.x - b.x);
    expect(services.map((b) => b.key)).toEqual(t.services.map((s) => `service:${s.namespace}/${s.name}`));
  });

  it('is what the canvas draws for a document without positions, and stored positions win', () => {
    const t = builtin('ack-flannel');
    const g = buildGraph(t);
    const auto = autoLayout(g, t);
    expect(needsAutoLayout(g, t)).toBe(true);
    const placed = placeGraph(g, t, { autoLayout });
    const vpc = placed.nodes.find((n) => n.type === 'vpc')!;
    const node = placed.nodes.find((n) => n.id === `node:${t.nodes[0]!.name}`)!;
    expect({ x: vpc.position.x + node.position.x, y: vpc.position.y + node.position.y }).toEqual(auto[`node:${t.nodes[0]!.name}`]);
    const svc = t.services[0]!;
    const pinned = placeGraph(g, { ...t, layout: { ...auto, [`service:${svc.namespace}/${svc.name}`]: { x: -500, y: -500 } } }, { autoLayout });
    expect(pinned.nodes.find((n) => n.id === `svc:${svc.namespace}/${svc.name}`)?.position).toEqual({ x: -500, y: -500 });
  });

  it.each(builtins.map((b) => [b.id] as const))('%s places every element where Auto-layout would, so it opens without loading the layout', (id) => {
    const stored = parse(builtins.find((b) => b.id === id)!.yaml);
    const g = buildGraph(stored);
    expect(needsAutoLayout(g, stored)).toBe(false);
    expect(stored.layout).toEqual(autoLayout(g, builtin(id)));
  });

  it("without the layout function the canvas keeps stored positions and buildGraph's for the rest", () => {
    const t = builtin('ack-flannel');
    const g = buildGraph(t);
    const first = `node:${t.nodes[0]!.name}`;
    const placed = placeGraph(g, { ...t, layout: { [first]: { x: 7, y: 9 } } });
    const vpc = placed.nodes.find((n) => n.type === 'vpc')!;
    const node = placed.nodes.find((n) => n.id === first)!;
    expect({ x: vpc.position.x + node.position.x, y: vpc.position.y + node.position.y }).toEqual({ x: 7, y: 9 });
    const svc = t.services[0]!;
    const id = `svc:${svc.namespace}/${svc.name}`;
    expect(placed.nodes.find((n) => n.id === id)?.position).toEqual(g.nodes.find((n) => n.id === id)?.position);
  });

  it('routers sit in a column left of the VPC, clear of the nodes', () => {
    const t = builtin('calico-bgp-tor');
    expect(t.routers.length).toBeGreaterThan(0);
    const boxes = autoLayoutBoxes(buildGraph(t), t);
    const left = Math.min(...boxes.filter((b) => b.key.startsWith('node:')).map((b) => b.x));
    for (const r of boxes.filter((b) => b.key.startsWith('router:'))) expect(r.x + r.w).toBeLessThan(left - SIZE.vpcPad);
  });

  it('an empty document has nothing to place', () => {
    const t = builtin('ack-flannel');
    const empty: Topology = { ...t, nodes: [], pods: [], services: [], loadBalancers: [], externals: [], routers: [] };
    expect(autoLayout(buildGraph(empty), empty)).toEqual({});
  });
});
