/**
 * The editor's view of the canvas graph: positions the document stores (`layout`) override the
 * automatic layout of `buildGraph`, the VPC box grows around wherever its nodes are, collapsed
 * nodes shrink to a summary, and canvas ids map back to document elements. Pure.
 */
import type { Topology } from '../model';
import type { ListKey, Position } from '../model/edit';
import type { autoLayout } from './auto-layout';
import { namespaceColor, namespacesOf } from './namespace-color';
import { COLLAPSED_H as COLLAPSED_HEIGHT, ROUTER_SIZE, SIZE, type Graph } from './graph';
import type { GraphEdge, GraphNode, NamespaceFrame } from './types';
import type { Rect } from './geometry';
import { markIndex } from './marks';
import {
  externalId,
  layoutKey,
  layoutKeyOfId,
  LIST_OF,
  listRef,
  nodeId,
  parseElementId,
  parseListRef,
  podId,
  routerId,
  serviceId,
  slbId,
} from '../model/element-id';

/** The automatic layout's signature (the UI loads it on demand; the CLI imports it). */
export type AutoLayoutFn = typeof autoLayout;

/** Canvas id ↔ document element (`pods[3]`), from the drawn (display) topology. */
export interface IdMap {
  toRef: { get(id: string): string | undefined; has(id: string): boolean };
  toId: { get(ref: string): string | undefined };
}

const ID_OF: Record<ListKey, (t: Topology, i: number) => string> = {
  nodes: (t, i) => nodeId(t.nodes[i]!.name),
  pods: (t, i) => podId(t.pods[i]!),
  services: (t, i) => serviceId(t.services[i]!),
  loadBalancers: (t, i) => slbId(t.loadBalancers[i]!.name),
  externals: (t, i) => externalId(t.externals[i]!.name),
  routers: (t, i) => routerId(t.routers[i]!.name),
};

// NOTE: each list's ids are named when one of them is first asked for: a big cluster draws its nodes collapsed, and
// naming its 30,000 pods for the canvas's first picture was ~190 ms of the load's longest task at 1,000 nodes.
// Kept per list object (a view's list is kept by an edit that does not change it: store/view-after-edit.ts, and an id
// is read from its own list's element alone): the canvas names them while the page is idle (nameAllIds), before a
// trace opens a node, and a kube-proxy mode or a title does not make the next trace name 30,000 pods again.
const listIds = new WeakMap<readonly unknown[], { toRef: Map<string, string>; toId: Map<string, string> }>();
const idMaps = new WeakMap<Topology, IdMap>();
export function idMap(t: Topology): IdMap {
  let m = idMaps.get(t);
  if (!m) idMaps.set(t, (m = makeIdMap(t)));
  return m;
}

/** Names every element of `t` now: the first trace opening a collapsed node of a big cluster then finds its pods named (~35 ms at 30,000 pods). */
export function nameAllIds(t: Topology): void {
  const ids = idMap(t);
  for (const list of Object.keys(ID_OF) as ListKey[]) ids.toId.get(listRef(list, 0));
}

function makeIdMap(t: Topology): IdMap {
  const of = (list: ListKey | undefined) => {
    if (!list) return undefined;
    let m = listIds.get(t[list]);
    if (!m) {
      const toRef = new Map<string, string>();
      for (let i = 0; i < t[list].length; i++) toRef.set(ID_OF[list](t, i), listRef(list, i));
      listIds.set(t[list], (m = { toRef, toId: new Map([...toRef].map(([a, b]) => [b, a])) }));
    }
    return m;
  };
  const listOfId = (id: string) => {
    const e = parseElementId(id);
    return e ? LIST_OF[e.kind] : undefined;
  };
  return {
    toRef: { get: (id) => of(listOfId(id))?.toRef.get(id), has: (id) => !!of(listOfId(id))?.toRef.has(id) },
    toId: { get: (ref) => of(parseListRef(ref)?.list)?.toId.get(ref) },
  };
}

/** The document's layout key of a canvas id (element-id's, re-exported for the canvas). */
export { layoutKeyOfId };

export const ROUTER = ROUTER_SIZE;
export const COLLAPSED_H = COLLAPSED_HEIGHT;

export interface PlaceOptions {
  /** Canvas ids of nodes drawn as a one-line summary instead of their pods. */
  collapsed?: ReadonlySet<string>;
  /** Pods ordered by namespace inside each node (group by namespace). */
  groupByNamespace?: boolean;
  /** Positions to use (default: `effectiveLayout`). */
  layout?: Record<string, Position>;
  /** The automatic layout (loaded on demand), for elements the document does not place. */
  autoLayout?: AutoLayoutFn | null;
  /**
   * Canvas ids of nodes the person collapsed that a trace opens (`collapsedForTrace`): `layout` was
   * computed with them collapsed, and they keep that slot, growing over what is below them (drawn
   * above it) instead of moving the rest of the picture.
   */
  opened?: ReadonlySet<string>;
}

/** How far above the rest an opened node and its pods are drawn. */
const OPENED_Z = 10;

/** Whether the document leaves an element without a position (then the automatic layout is needed). */
export function needsAutoLayout(g: Graph, t: Topology): boolean {
  const stored: Record<string, Position> = t.layout ?? {};
  return (
    g.nodes.some((n) => n.type !== 'vpc' && n.type !== 'pod' && !stored[layoutKeyOfId(n.id) ?? '']) ||
    t.routers.some((r) => !stored[layoutKey({ kind: 'router', name: r.name })])
  );
}

/** The document's positions, with the automatic layout's (when given) for elements it does not place. */
export function effectiveLayout(g: Graph, t: Topology, collapsed: ReadonlySet<string>, autoLayout?: AutoLayoutFn | null): Record<string, Position> {
  const stored: Record<string, Position> = t.layout ?? {};
  return autoLayout && needsAutoLayout(g, t) ? { ...autoLayout(g, t, { collapsed }), ...stored } : stored;
}

/** `buildGraph`'s picture with the document's stored positions, collapsed nodes and the VPC fitted around its nodes. */
export function placeGraph(g: Graph, t: Topology, opts: PlaceOptions = {}): Graph {
  const collapsed = opts.collapsed ?? new Set<string>();
  const layout = opts.layout ?? effectiveLayout(g, t, collapsed, opts.autoLayout);
  const vpc = g.nodes.find((n) => n.type === 'vpc');
  const vpcPos = vpc?.position ?? { x: 0, y: 0 };
  const abs = new Map<string, Position>();
  for (const n of g.nodes) {
    if (n.type === 'vpc' || n.type === 'pod') continue;
    const base = n.parentId === 'vpc' ? { x: vpcPos.x + n.position.x, y: vpcPos.y + n.position.y } : n.position;
    const key = layoutKeyOfId(n.id);
    abs.set(n.id, (key && layout[key]) || base);
  }

  const nodes: GraphNode[] = [];
  const hidden = new Set<string>();
  const clusterNodes = g.nodes.filter((n) => n.type === 'clusterNode');
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of clusterNodes) {
    const p = abs.get(n.id)!;
    const h = collapsed.has(n.id) ? COLLAPSED_H : (n.height ?? 0);
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x + (n.width ?? 0));
    maxY = Math.max(maxY, p.y + h);
  }
  const vpcBox =
    clusterNodes.length > 0
      ? { x: minX - SIZE.vpcPad, y: minY - SIZE.vpcHeader, w: maxX - minX + 2 * SIZE.vpcPad, h: maxY - minY + SIZE.vpcHeader + SIZE.vpcPad }
      : { x: vpcPos.x, y: vpcPos.y, w: vpc?.width ?? 320, h: vpc?.height ?? 120 };

  // Pods by node, in the order they are drawn.
  const podsOf = new Map<string, GraphNode[]>();
  for (const n of g.nodes) if (n.type === 'pod' && n.parentId) (podsOf.get(n.parentId) ?? podsOf.set(n.parentId, []).get(n.parentId)!).push(n);
  if (opts.groupByNamespace) {
    for (const list of podsOf.values()) list.sort((a, b) => (a.type === 'pod' && b.type === 'pod' ? a.data.namespace.localeCompare(b.data.namespace) : 0));
  }

  const namespaces = opts.groupByNamespace ? namespacesOf(t) : [];
  for (const n of g.nodes) {
    switch (n.type) {
      case 'vpc':
        nodes.push({ ...n, position: { x: vpcBox.x, y: vpcBox.y }, width: vpcBox.w, height: vpcBox.h });
        break;
      case 'clusterNode': {
        const p = abs.get(n.id)!;
        const c = collapsed.has(n.id);
        const pods = podsOf.get(n.id) ?? [];
        nodes.push(
          ...placeClusterNode(n, { x: p.x - vpcBox.x, y: p.y - vpcBox.y }, pods, c, opts.opened?.has(n.id) ?? false, opts.groupByNamespace ? namespaces : null),
        );
        if (c) for (const pod of pods) hidden.add(pod.id);
        break;
      }
      case 'pod':
        if (!n.parentId) nodes.push(n);
        break;
      default:
        nodes.push({ ...n, position: abs.get(n.id) ?? n.position });
    }
  }

  // Edges into a collapsed node's pods end at the node instead (one per source).
  const parentOf = new Map(g.nodes.filter((n) => n.type === 'pod').map((n) => [n.id, n.parentId ?? '']));
  const seen = new Set<string>();
  const edges: GraphEdge[] = [];
  for (const e of g.edges) {
    if (!hidden.has(e.target)) {
      edges.push(e);
      continue;
    }
    const target = parentOf.get(e.target) ?? '';
    const id = `${e.source}->${target}`;
    if (seen.has(id)) continue;
    seen.add(id);
    edges.push({ ...e, id, target });
  }
  return { nodes, edges };
}

/**
 * A cluster node box at `position` (relative to the VPC) and, unless `collapsed`, its `pods` stacked
 * inside it; `opened` lifts them above the rest; `namespaces` (grouping by namespace) frames its pods.
 */
function placeClusterNode(
  n: GraphNode,
  position: Position,
  pods: readonly GraphNode[],
  collapsed: boolean,
  opened: boolean,
  namespaces: string[] | null,
): GraphNode[] {
  if (n.type !== 'clusterNode') return [n];
  const frames = !collapsed && namespaces ? namespaceFrames(pods, namespaces) : undefined;
  const lift = opened ? OPENED_Z : 0;
  const box: GraphNode = {
    ...n,
    ...(lift ? { zIndex: (n.zIndex ?? 0) + lift } : {}),
    position,
    ...(collapsed ? { height: COLLAPSED_H } : {}),
    ...(collapsed || frames ? { data: { ...n.data, ...(collapsed ? { collapsed: true } : {}), ...(frames ? { frames } : {}) } } : {}),
  };
  if (collapsed) return [box];
  return [
    box,
    ...pods.map((pod, j) => ({
      ...pod,
      ...(lift ? { zIndex: (pod.zIndex ?? 0) + lift } : {}),
      position: { x: SIZE.nodePad, y: SIZE.nodeHeader + j * (SIZE.podH + SIZE.podGap) },
    })),
  ];
}

/**
 * `placed` — placeGraph's picture of `g` with every node in `opened` collapsed — with those nodes open, as
 * placeGraph draws the nodes it is told a trace `opened`: their pods inside them, lifted above the rest,
 * the VPC tall enough for them, the edges into their pods back. Every other element keeps its object,
 * and nothing else is placed again (a trace opens a node or two of thousands). A node opened again over
 * the same picture comes back as the very objects it was the last time, so a trace after a trace through
 * the same node changes nothing there.
 */
export function openCollapsed(placed: Graph, g: Graph, t: Topology, opened: ReadonlySet<string>, opts: { groupByNamespace?: boolean } = {}): Graph {
  if (!opened.size) return placed;
  const index = graphIndex(g);
  const made = openedMade(placed, !!opts.groupByNamespace);
  const namespaces = opts.groupByNamespace ? namespacesOf(t) : null;
  const openedAs = (n: GraphNode, open: GraphNode): GraphNode[] => {
    let drawn = made.nodes.get(n.id);
    if (!drawn) {
      const pods = [...(index.podsOf.get(n.id) ?? [])];
      if (namespaces) pods.sort((a, b) => (a.type === 'pod' && b.type === 'pod' ? a.data.namespace.localeCompare(b.data.namespace) : 0));
      made.nodes.set(n.id, (drawn = placeClusterNode(open, n.position, pods, false, true, namespaces)));
    }
    return drawn;
  };
  const nodes: GraphNode[] = [];
  let vpcAt = -1;
  let bottom = -Infinity;
  for (const n of placed.nodes) {
    const open = opened.has(n.id) ? index.byId.get(n.id) : undefined;
    if (n.type === 'vpc') vpcAt = nodes.length;
    if (!open || n.type !== 'clusterNode') {
      nodes.push(n);
      continue;
    }
    nodes.push(...openedAs(n, open));
    bottom = Math.max(bottom, n.position.y + (open.height ?? 0));
  }
  // The VPC box holds its nodes: one opened at the bottom makes it taller.
  const vpc = nodes[vpcAt];
  if (vpc && bottom + SIZE.vpcPad > (vpc.height ?? 0)) {
    const height = bottom + SIZE.vpcPad;
    nodes[vpcAt] = made.vpc.get(height) ?? made.vpc.set(height, { ...vpc, height }).get(height)!;
  }

  // Edges into the opened pods end at them again, not at their node.
  const direct = new Set([...opened].flatMap((id) => index.edgesInto.get(id) ?? []));
  const edges = placed.edges.filter((e) => !opened.has(e.target) || direct.has(e));
  for (const id of opened) for (const pod of index.podsOf.get(id) ?? []) edges.push(...(index.edgesInto.get(pod.id) ?? []));
  return { nodes, edges };
}

/** What openCollapsed drew over a placed picture: each opened node with its pods, the VPC at each height. */
interface Made {
  nodes: Map<string, GraphNode[]>;
  vpc: Map<number, GraphNode>;
}
const madeOver = new WeakMap<Graph, Map<boolean, Made>>();
function openedMade(placed: Graph, grouped: boolean): Made {
  const byGrouping = madeOver.get(placed) ?? madeOver.set(placed, new Map()).get(placed)!;
  return byGrouping.get(grouped) ?? byGrouping.set(grouped, { nodes: new Map(), vpc: new Map() }).get(grouped)!;
}

interface GraphIndex {
  byId: ReadonlyMap<string, GraphNode>;
  /** Pods by their node's id, in the graph's order. */
  podsOf: ReadonlyMap<string, readonly GraphNode[]>;
  edgesInto: ReadonlyMap<string, readonly GraphEdge[]>;
}
const indexes = new WeakMap<Graph, GraphIndex>();
/** `g`'s elements by id, its pods by node and its edges by target: once per graph (the canvas builds it while idle, before the first trace). */
export function graphIndex(g: Graph): GraphIndex {
  const index = indexes.get(g);
  if (index) return index;
  const filling = emptyGraphIndex();
  indexGraph(filling, g.nodes, g.edges);
  adoptGraphIndex(g, filling);
  return indexes.get(g)!;
}

type Filling = { podsOf: Map<string, GraphNode[]>; edgesInto: Map<string, GraphEdge[]> };
/** A graph index to fill slice by slice (a big graph arrives from the place worker in slices: each is indexed as it comes). */
export const emptyGraphIndex = (): Filling => ({ podsOf: new Map(), edgesInto: new Map() });
/** Adds `nodes` and `edges` to `index`. */
export function indexGraph({ podsOf, edgesInto }: Filling, nodes: readonly GraphNode[], edges: readonly GraphEdge[]): void {
  for (const n of nodes) if (n.type === 'pod' && n.parentId) (podsOf.get(n.parentId) ?? podsOf.set(n.parentId, []).get(n.parentId)!).push(n);
  for (const e of edges) (edgesInto.get(e.target) ?? edgesInto.set(e.target, []).get(e.target)!).push(e);
}
/** `index`, filled with all of `g`'s elements in order, is `g`'s graph index. */
export function adoptGraphIndex(g: Graph, index: Filling): void {
  // The elements by id are the mark index's (built for every document), not a second map of the same.
  indexes.set(g, { byId: markIndex(g).byId, ...index });
}

/** Runs of pods of one namespace in a node's stack (pods sorted by namespace), each to be framed. */
function namespaceFrames(pods: readonly GraphNode[], all: readonly string[]): NamespaceFrame[] {
  const out: NamespaceFrame[] = [];
  pods.forEach((p, i) => {
    const ns = p.type === 'pod' ? p.data.namespace : '';
    const last = out[out.length - 1];
    if (last && last.namespace === ns) last.count++;
    else out.push({ namespace: ns, color: namespaceColor(ns, all), first: i, count: 1 });
  });
  return out;
}

/** Where routers go when the document does not say: a column left of the VPC. */
export function routerPositions(t: Topology, g: Graph): Map<string, Position> {
  const vpc = g.nodes.find((n) => n.type === 'vpc');
  const x0 = (vpc?.position.x ?? 0) - ROUTER.w - 60;
  const y0 = vpc?.position.y ?? 0;
  const out = new Map<string, Position>();
  t.routers.forEach((r, i) => out.set(routerId(r.name), t.layout?.[layoutKey({ kind: 'router', name: r.name })] ?? { x: x0, y: y0 + i * (ROUTER.h + 24) }));
  return out;
}

/** The routers' rectangles, which the placed graph leaves out, added to the elements' (`absoluteRects`): the packet plays at a ToR too. */
export function withRouterRects(rects: Map<string, Rect>, t: Topology, g: Graph): Map<string, Rect> {
  for (const [id, p] of routerPositions(t, g)) rects.set(id, { x: p.x, y: p.y, w: ROUTER.w, h: ROUTER.h });
  return rects;
}

/**
 * The nodes to draw collapsed: those the person collapsed, except nodes holding a pod the trace
 * passes through (its packet plays there). The canvas and the exported pictures agree on this.
 */
export function collapsedForTrace(
  collapsed: readonly string[],
  t: Topology | null,
  trace: { hops: readonly { ns: string }[]; reply?: { hops: readonly { ns: string }[] } | null } | null,
): string[] {
  if (!collapsed.length || !t) return [...collapsed];
  const open = new Set<string>();
  if (trace) {
    const homes = podHomes(t);
    for (const h of [...trace.hops, ...(trace.reply?.hops ?? [])]) {
      const home = homes.get(h.ns);
      if (home) open.add(home);
    }
  }
  return collapsed.filter((id) => !open.has(id));
}

// NOTE: once per document, not per trace: naming 30,000 pods took ~30 ms of a trace at 1,000 nodes
// (the canvas builds it while idle, before the first trace).
const homesOf = new WeakMap<Topology['pods'], ReadonlyMap<string, string>>();
/** Each pod's canvas id → its node's canvas id. */
export function podHomes(t: Topology): ReadonlyMap<string, string> {
  let homes = homesOf.get(t.pods);
  if (!homes) homesOf.set(t.pods, (homes = new Map(t.pods.map((p) => [podId(p), nodeId(p.node)]))));
  return homes;
}
