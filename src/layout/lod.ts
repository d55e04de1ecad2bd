/**
 * Level of detail: far away, a node's pods are too small to read and too many to draw one by one
 * (30,000 at 1,000 nodes), so the picture drops them and each node box draws its pods as one layer.
 * Pure; the canvas switches to it below FAR_ZOOM.
 */
import type { Graph } from './graph';
import type { GraphNode } from './types';

/** Below this zoom pods are drawn as their node's layer. */
export const FAR_ZOOM = 0.4;

/** `g` without its pods: each node that drew pods gets a `podLayer` (count and marked places) instead; edges to pods go. */
export function farGraph(g: Graph): Graph {
  const layers = new Map<string, { count: number; marked: number[] }>();
  const removed = new Set<string>();
  for (const n of g.nodes) {
    if (n.type !== 'pod' || !n.parentId) continue;
    removed.add(n.id);
    const l = layers.get(n.parentId) ?? layers.set(n.parentId, { count: 0, marked: [] }).get(n.parentId)!;
    if (n.data.onPath || n.data.from || n.data.to) l.marked.push(l.count);
    l.count++;
  }
  if (!removed.size) return g;
  const nodes: GraphNode[] = [];
  for (const n of g.nodes) {
    if (removed.has(n.id)) continue;
    const l = n.type === 'clusterNode' ? layers.get(n.id) : undefined;
    nodes.push(l && n.type === 'clusterNode' ? { ...n, data: { ...n.data, podLayer: l } } : n);
  }
  return { nodes, edges: g.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target)) };
}
