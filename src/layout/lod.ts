/**
 * Level of detail: far away, a node's pods are too small to read and too many to draw one by one
 * (30,000 at 1,000 nodes), so the picture drops them and each node box draws its pods as one layer.
 * Pure; the canvas switches to it below FAR_ZOOM, on the elements it draws (those in view), so that
 * crossing FAR_ZOOM costs what is in view, not what the cluster holds.
 */
import type { Graph } from './graph';
import type { GraphNode } from './types';

/**
 * Past this many edges a picture draws only those of the selected elements and of the trace: thousands of service →
 * pod lines crossing the screen make panning slow and the picture unreadable.
 */
export const EDGE_LIMIT = 400;

/**
 * What a picture draws of `edges` (`total` in all, with any still to come): every one up to EDGE_LIMIT; past it the
 * trace's (class `on-path`) and those `kept` (the canvas's selection).
 */
export function drawnEdges<E extends { className?: string }>(edges: E[], total: number, kept?: (e: E) => boolean): E[] {
  if (total <= EDGE_LIMIT) return edges;
  return edges.filter((e) => e.className === 'on-path' || (kept?.(e) ?? false));
}

/** Below this zoom pods are drawn as their node's layer. */
export const FAR_ZOOM = 0.4;

export type PodLayer = { count: number; marked: number[] };

/** What the far picture needs of an element (the graph's nodes, or the canvas's nodes made of them). */
export interface LodNode {
  id: string;
  type?: string;
  parentId?: string;
  data: unknown;
}

const layersMade = new WeakMap<readonly LodNode[], ReadonlyMap<string, PodLayer>>();

/** Each node's pod layer (how many pods it draws, the places of those marked), from the whole picture; made once per list. */
export function podLayers(nodes: readonly LodNode[]): ReadonlyMap<string, PodLayer> {
  const made = layersMade.get(nodes);
  if (made) return made;
  const layers = new Map<string, PodLayer>();
  for (const n of nodes) {
    if (n.type !== 'pod' || !n.parentId) continue;
    let l = layers.get(n.parentId);
    if (!l) layers.set(n.parentId, (l = { count: 0, marked: [] }));
    const d = n.data as { onPath?: boolean; from?: boolean; to?: boolean };
    if (d.onPath || d.from || d.to) l.marked.push(l.count);
    l.count++;
  }
  layersMade.set(nodes, layers);
  return layers;
}

// One far object per element object and layer: an element zoomed out again is the object React Flow had.
const farMade = new WeakMap<object, { layer: PodLayer; far: object }>();

/**
 * `nodes` (all of the picture or a part, parents first) as the far picture draws them: pods of a node
 * dropped, the node given its `podLayer` from `layers` instead.
 */
export function farNodes<N extends LodNode>(nodes: readonly N[], layers: ReadonlyMap<string, PodLayer>): N[] {
  const out: N[] = [];
  for (const n of nodes) {
    if (n.type === 'pod' && n.parentId && layers.has(n.parentId)) continue;
    const layer = n.type === 'clusterNode' ? layers.get(n.id) : undefined;
    if (!layer) {
      out.push(n);
      continue;
    }
    let made = farMade.get(n);
    if (made?.layer !== layer) farMade.set(n, (made = { layer, far: { ...n, data: { ...(n.data as object), podLayer: layer } } }));
    out.push(made.far as N);
  }
  return out;
}

/** `g` without its pods: each node that drew pods gets a `podLayer` (count and marked places) instead; edges to pods go. */
export function farGraph(g: Graph): Graph {
  const layers = podLayers(g.nodes);
  if (!layers.size) return g;
  const nodes = farNodes(g.nodes, layers) as GraphNode[];
  const kept = new Set(nodes.map((n) => n.id));
  return { nodes, edges: g.edges.filter((e) => kept.has(e.source) && kept.has(e.target)) };
}
