/**
 * Automatic layout of a document that does not say where its elements go (a new or imported
 * one), and what the Auto-layout button writes into the document's `layout` section.
 *
 * Top to bottom: external clients and SLBs, then services, then the VPC with the cluster
 * nodes (each a box sized to hold its pods, or its summary when collapsed); ToR routers in a
 * column left of the VPC. dagre orders each tier so that what is connected (SLB → service →
 * the nodes running its pods; router → nodes pulls nodes together) lines up and lines cross as little as they
 * can; tiers wider than the picture wrap into rows, so 100 nodes make a grid rather than a
 * strip 30,000 px wide. Pure and deterministic; boxes never overlap.
 */
import dagre from '@dagrejs/dagre';
import type { Topology } from '../model';
import type { Position } from '../model/edit';
import { COLLAPSED_H, ROUTER_SIZE, SIZE, type Graph } from './graph';
import { layoutKeyOfId, nodeId, routerId } from '../model/element-id';

export interface AutoLayoutOptions {
  /** Canvas ids of collapsed nodes (`node:NAME`): they take a summary's height. */
  collapsed?: ReadonlySet<string>;
}

/** A box of the layout, by layout key (`node:NAME`, `service:NS/NAME`, …); x, y: top-left, absolute. */
export interface LaidBox {
  key: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Below this width tiers never wrap (a handful of nodes stay in one row). */
const MIN_WIDTH = 1600;
/** The picture aims at this width:height, about a landscape screen. */
const ASPECT = 1.6;
/** Gap between node rows: room for the VPC's look and for lines passing between them. */
const NODE_ROW_GAP = 40;
const ROUTER_GAP = 24;
const ROUTER_MARGIN = 60;

interface Item {
  id: string;
  key: string;
  w: number;
  h: number;
  tier: 'top' | 'middle' | 'nodes';
}

const keyOf = (id: string): string => layoutKeyOfId(id) ?? id;

interface DagreInput {
  nodes: { id: string; w: number }[];
  edges: { v: string; w: string; n: number }[];
}

// NOTE: dagre takes ~100–300 ms on 100 nodes and 300 services; edits that leave the picture's
// structure alone (a label, a port, an address) reuse the last answer.
let lastOrder: { key: string; x: Map<string, number> } | null = null;

/**
 * Past this many elements dagre's ordering costs more than it shows (~400 ms in Chromium for 100
 * nodes and 300 services, which wrap into a grid anyway): one barycentre pass orders them instead.
 */
export const DAGRE_LIMIT = 200;

/** Nodes (and routers) in the document's order; each service at the mean place of the nodes running its pods; each SLB at its service. */
function barycentreOrder(input: DagreInput, items: Item[]): (id: string) => number {
  const x = new Map<string, number>();
  let i = 0;
  for (const it of items) if (it.tier === 'nodes') x.set(it.id, i++);
  const sum = new Map<string, { s: number; n: number }>();
  for (const e of input.edges) {
    const w = x.get(e.w);
    if (w === undefined) continue;
    const a = sum.get(e.v) ?? sum.set(e.v, { s: 0, n: 0 }).get(e.v)!;
    a.s += w * e.n;
    a.n += e.n;
  }
  for (const [id, a] of sum) x.set(id, a.s / a.n);
  // An SLB's edge goes to its service: it takes the service's place.
  for (const e of input.edges) if (!x.has(e.v) && x.has(e.w)) x.set(e.v, x.get(e.w)!);
  return (id) => x.get(id) ?? Number.MAX_SAFE_INTEGER;
}

/** Each element's x in dagre's layered layout (top to bottom): the order its tier is drawn in. */
function dagreOrder(input: DagreInput): (id: string) => number {
  const key = JSON.stringify(input);
  if (lastOrder?.key !== key) {
    const dg = new dagre.graphlib.Graph();
    dg.setGraph({ rankdir: 'TB', nodesep: SIZE.svcGap, ranksep: SIZE.rowGap, ranker: 'network-simplex' });
    dg.setDefaultEdgeLabel(() => ({}));
    // Heights only space the ranks: leaving them out lets collapsing a node reuse the order.
    for (const n of input.nodes) dg.setNode(n.id, { width: n.w, height: 1 });
    for (const e of input.edges) dg.setEdge(e.v, e.w, { weight: e.n, minlen: 1 });
    dagre.layout(dg);
    lastOrder = { key, x: new Map(input.nodes.map((n) => [n.id, (dg.node(n.id) as { x?: number } | undefined)?.x ?? 0])) };
  }
  const x = lastOrder.x;
  return (id) => x.get(id) ?? 0;
}

/** The boxes of every top-level element (not pods, which sit inside their node, nor the VPC, which wraps the nodes). */
export function autoLayoutBoxes(g: Graph, t: Topology, opts: AutoLayoutOptions = {}): LaidBox[] {
  const collapsed = opts.collapsed ?? new Set<string>();
  const items: Item[] = [];
  const byId = new Map<string, Item>();
  const add = (it: Item) => {
    items.push(it);
    byId.set(it.id, it);
  };
  const parentOf = new Map<string, string>();
  for (const n of g.nodes) {
    const w = n.width ?? 0;
    const h = n.height ?? 0;
    switch (n.type) {
      case 'external':
      case 'slb':
        add({ id: n.id, key: keyOf(n.id), w, h, tier: 'top' });
        break;
      case 'service':
        add({ id: n.id, key: keyOf(n.id), w, h, tier: 'middle' });
        break;
      case 'clusterNode':
        add({ id: n.id, key: keyOf(n.id), w, h: collapsed.has(n.id) ? COLLAPSED_H : h, tier: 'nodes' });
        break;
      case 'pod':
        if (n.parentId) parentOf.set(n.id, n.parentId);
        break;
      default:
        break;
    }
  }
  if (items.length === 0 && t.routers.length === 0) return [];

  // dagre orders the tiers: a service's pods pull it towards their nodes, an SLB towards its service.
  const dg: DagreInput = { nodes: items.map((it) => ({ id: it.id, w: it.w })), edges: [] };
  // NOTE: by source, then target (a map each), not under one `v\nw` key: writing and hashing a new key for each of a
  // 1,000-node cluster's 30,000 service → node edges was most of the layout's time before its first picture.
  const weights = new Map<string, Map<string, { v: string; w: string; n: number }>>();
  const link = (v: string, w: string, n = 1) => {
    if (!byId.has(v) || !byId.has(w) || v === w) return;
    let from = weights.get(v);
    if (!from) weights.set(v, (from = new Map()));
    const e = from.get(w);
    if (e) e.n += n;
    else from.set(w, { v, w, n });
  };
  for (const e of g.edges) link(e.source, parentOf.get(e.target) ?? e.target, g.podsBehind?.get(e));
  for (const r of t.routers) {
    const id = routerId(r.name);
    dg.nodes.push({ id, w: ROUTER_SIZE.w });
    byId.set(id, { id, key: keyOf(id), w: ROUTER_SIZE.w, h: ROUTER_SIZE.h, tier: 'middle' });
    for (const n of r.nodes) link(id, nodeId(n));
  }
  // NOTE: dagre's crossing minimisation grows fast with edges (900 service → node edges took it 1.5 s), so each
  // service keeps only its link to the node running most of its pods (ties: the first such node, by name);
  // sorted, so the same document gives dagre the same graph whatever order edges came in.
  const strongest = new Map<string, { v: string; w: string; n: number }>();
  // (Which link a service keeps does not depend on the order they are seen in: the most pods, then the first name.)
  for (const e of [...weights.values()].flatMap((from) => [...from.values()])) {
    const kept = byId.get(e.v)?.tier === 'middle' && !e.v.startsWith('router:') ? e.v : `${e.v}\n${e.w}`;
    const s = strongest.get(kept);
    if (!s || e.n > s.n || (e.n === s.n && e.w < s.w)) strongest.set(kept, e);
  }
  for (const e of [...strongest.values()].sort((a, b) => (a.v < b.v ? -1 : a.v > b.v ? 1 : a.w < b.w ? -1 : a.w > b.w ? 1 : 0))) {
    dg.edges.push(e);
  }
  const at = dg.nodes.length <= DAGRE_LIMIT ? dagreOrder(dg) : barycentreOrder(dg, items);
  // (Each item's place read once, not twice per comparison: 4,000 boxes of a 1,000-node cluster were ~100,000 lookups.)
  const sorted = (tier: Item['tier']) => {
    const list = items.filter((it) => it.tier === tier);
    const x = list.map((it) => at(it.id));
    return list
      .map((_, i) => i)
      .sort((a, b) => x[a]! - x[b]! || a - b)
      .map((i) => list[i]!);
  };

  // The width rows wrap at: about a landscape picture of everything, never narrower than the widest box.
  let area = 0;
  let widest = 0;
  for (const it of items) {
    area += (it.w + SIZE.nodeGap) * (it.h + SIZE.nodeGap);
    widest = Math.max(widest, it.w);
  }
  const width = Math.max(MIN_WIDTH, widest, Math.sqrt(area * ASPECT));

  const out: LaidBox[] = [];
  /** Fills rows left to right, each row centred on the picture; returns the bottom edge. */
  const rows = (list: Item[], top: number, gapX: number, gapY: number): number => {
    let y = top;
    let i = 0;
    while (i < list.length) {
      let rowW = list[i]!.w;
      let j = i + 1;
      while (j < list.length && rowW + gapX + list[j]!.w <= width) rowW += gapX + list[j++]!.w;
      let x = Math.round((width - rowW) / 2);
      let rowH = 0;
      for (const it of list.slice(i, j)) {
        out.push({ key: it.key, x, y, w: it.w, h: it.h });
        x += it.w + gapX;
        rowH = Math.max(rowH, it.h);
      }
      y += rowH + gapY;
      i = j;
    }
    return list.length ? y - gapY : top;
  };

  const top = sorted('top');
  const middle = sorted('middle');
  const nodes = sorted('nodes');
  let y = 0;
  if (top.length) y = rows(top, y, SIZE.topGap, SIZE.topGap) + SIZE.rowGap;
  if (middle.length) y = rows(middle, y, SIZE.svcGap, SIZE.svcGap) + SIZE.rowGap;
  const nodesTop = y + SIZE.vpcHeader;
  const first = out.length;
  rows(nodes, nodesTop, SIZE.nodeGap, NODE_ROW_GAP);

  // Routers: a column left of the VPC (which wraps the nodes), in the document's order (as the canvas draws unplaced ones).
  const routers = t.routers.map((r) => routerId(r.name));
  if (routers.length) {
    const nodeBoxes = out.slice(first);
    const vpcX = (nodeBoxes.length ? Math.min(...nodeBoxes.map((b) => b.x)) : width / 2) - SIZE.vpcPad;
    const vpcY = nodesTop - SIZE.vpcHeader;
    routers.forEach((id, i) => {
      out.push({
        key: keyOf(id),
        x: Math.round(vpcX - ROUTER_SIZE.w - ROUTER_MARGIN),
        y: vpcY + i * (ROUTER_SIZE.h + ROUTER_GAP),
        w: ROUTER_SIZE.w,
        h: ROUTER_SIZE.h,
      });
    });
  }
  return out;
}

/**
 * Positions for the document's `layout` section (keys as in docs/topology-format.md), from
 * `buildGraph(t)`'s boxes. The same document and options always give the same positions.
 *
 * @example
 *   const positions = autoLayout(buildGraph(view), view, { collapsed: new Set(['node:a']) });
 *   store.getState().autoLayout(positions); // one undoable edit
 */
export function autoLayout(g: Graph, t: Topology, opts: AutoLayoutOptions = {}): Record<string, Position> {
  const out: Record<string, Position> = {};
  for (const b of autoLayoutBoxes(g, t, opts)) out[b.key] = { x: b.x, y: b.y };
  return out;
}
