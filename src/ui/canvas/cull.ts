/**
 * Choosing the elements React Flow is handed on a big picture (see visible-elements.ts). A module of its own,
 * loaded with the first picture past CULL_MIN elements: the built-ins and an embed's documents never need it.
 */
import type { Rect } from '../../layout/geometry';
import { placedRects } from '../../layout/placed-rects';
import { gridIndex, type SpatialIndex } from '../../layout/spatial-index';
import type { AppEdge, AppNode, Marks } from './types';

interface Geometry {
  nodes: readonly AppNode[];
  index: SpatialIndex;
  /** Each element's parent's place (-1: none). */
  parent: Int32Array;
}

/** Whether `b` puts every element where `a` does (a trace's marks and the selection make new objects at the same places; a node being dragged is always drawn). */
function samePlaces(a: readonly AppNode[], b: readonly AppNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const [p, q] = [a[i]!, b[i]!];
    if (p === q || q.dragging) continue;
    if (p.id !== q.id || p.parentId !== q.parentId || p.position.x !== q.position.x || p.position.y !== q.position.y) return false;
    if ((p.measured?.width ?? p.width) !== (q.measured?.width ?? q.width) || (p.measured?.height ?? p.height) !== (q.measured?.height ?? q.height))
      return false;
  }
  return true;
}

function geometryOf(nodes: readonly AppNode[]): Geometry {
  const at = new Map<string, number>();
  nodes.forEach((n, i) => at.set(n.id, i));
  const parent = Int32Array.from(nodes, (n) => (n.parentId === undefined ? -1 : (at.get(n.parentId) ?? -1)));
  return { nodes, index: gridIndex(placedRects(nodes)), parent };
}

const marked = (n: AppNode) => {
  const d = n.data as Marks;
  return !!(d.onPath || d.from || d.to);
};

/** The elements React Flow holds wherever the view is: selected, being dragged, marked by the trace or the request, the ends of the edges drawn. */
function pinnedOf(nodes: readonly AppNode[], edges: readonly AppEdge[]): number[] {
  const ends = new Set(edges.flatMap((e) => [e.source, e.target]));
  const out: number[] = [];
  nodes.forEach((n, i) => (n.selected || n.dragging || marked(n) || ends.has(n.id)) && out.push(i));
  return out;
}

/**
 * The spatial index of the whole picture, built once per placement (a trace's marks, the selection
 * and a drag keep it), and the elements React Flow holds wherever the view is.
 */
export function placesKeeper() {
  let geometry: Geometry | null = null;
  return (nodes: readonly AppNode[], edges: readonly AppEdge[]) => {
    geometry = geometry && samePlaces(geometry.nodes, nodes) ? { ...geometry, nodes } : geometryOf(nodes);
    return { geometry, pinned: pinnedOf(nodes, edges) };
  };
}

/**
 * Chooses what React Flow is handed: the elements overlapping `window`, those pinned, and the parents
 * of each (React Flow places a child by its parent), in the picture's order. Costs what it chooses,
 * not the picture's size: this runs each time a pan crosses a margin.
 */
export function choose({ geometry: g, pinned }: ReturnType<ReturnType<typeof placesKeeper>>, window: Rect | null): AppNode[] {
  const keep = new Set<number>();
  const take = (i: number) => {
    // A kept element's parents are kept already: the climb stops there.
    for (let j = i; j >= 0 && !keep.has(j); j = g.parent[j]!) keep.add(j);
  };
  if (window) for (const i of g.index.query(window)) take(i);
  for (const i of pinned) take(i);
  return [...keep].sort((a, b) => a - b).map((i) => g.nodes[i]!);
}

/** The same list as `prev` when it holds the same objects: React Flow then has nothing to adopt. */
export function sameListKeeper() {
  let last: AppNode[] = [];
  return (next: AppNode[]) => {
    if (next.length !== last.length || next.some((n, i) => n !== last[i])) last = next;
    return last;
  };
}
