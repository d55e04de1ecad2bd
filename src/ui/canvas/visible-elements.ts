import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { getViewportForBounds, useReactFlow, useStoreApi, type FitViewOptions, type ReactFlowState } from '@xyflow/react';
import type { Rect } from '../../layout/geometry';
import { gridIndex, placedRects, type SpatialIndex } from '../../layout/spatial-index';
import { nextWindow, viewRect, type Viewport } from '../../layout/view-window';
import { farNodes, podLayers } from '../../layout/lod';
import type { AppEdge, AppNode, Marks } from './types';

/**
 * Past this many elements React Flow is handed only those in and near the view (the window,
 * layout/view-window.ts). It adopts, indexes and runs its selectors over every element it holds on
 * each update: at 1,000 nodes that was 35,000 of them for a view that shows a few hundred. Below it,
 * handing everything costs less than choosing.
 */
export const CULL_MIN = 1000;

/** The canvas's least zoom (React Flow's minZoom). */
export const MIN_ZOOM = 0.05;

/** The whole picture, as the canvas has it before culling: what fits, finds and benchmarks read. */
export interface WholeCanvas {
  nodes: readonly AppNode[];
  edges: readonly AppEdge[];
  /** React Flow holds only the window's elements (its fitView and getNodes see no others). */
  culled: boolean;
}

export const WholeCanvasContext = createContext<WholeCanvas | null>(null);

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
function placesKeeper() {
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
function choose({ geometry: g, pinned }: ReturnType<ReturnType<typeof placesKeeper>>, window: Rect | null): AppNode[] {
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
function sameListKeeper() {
  let last: AppNode[] = [];
  return (next: AppNode[]) => {
    if (next.length !== last.length || next.some((n, i) => n !== last[i])) last = next;
    return last;
  };
}

/**
 * What React Flow is handed of the whole picture: past CULL_MIN elements the window's (see choose);
 * `far` (below FAR_ZOOM), those elements with each node's pods drawn as its layer (layout/lod.ts).
 */
export function useVisibleElements(
  nodes: AppNode[],
  edges: AppEdge[],
  window: Rect | null,
  far: boolean,
): { nodes: AppNode[]; edges: AppEdge[]; whole: WholeCanvas } {
  const culled = nodes.length > CULL_MIN;
  const [places] = useState(placesKeeper);
  const [same] = useState(sameListKeeper);
  const placed = useMemo(() => (culled ? places(nodes, edges) : null), [culled, places, nodes, edges]);
  const near = useMemo(() => (placed ? same(choose(placed, window)) : nodes), [placed, same, window, nodes]);
  const shown = useMemo(() => {
    if (!far) return { nodes: near, edges };
    const drawn = farNodes(near, podLayers(nodes));
    if (drawn.length === near.length) return { nodes: drawn, edges };
    // Edges to pods go with them.
    const kept = new Set(drawn.map((n) => n.id));
    return { nodes: drawn, edges: edges.filter((e) => kept.has(e.source) && kept.has(e.target)) };
  }, [far, near, nodes, edges]);
  const whole = useMemo(() => ({ nodes, edges, culled }), [nodes, edges, culled]);
  return { ...shown, whole };
}

/**
 * Reports the window for React Flow's view (inside <ReactFlow>): once the canvas has a size, and then
 * only when the view leaves the window or shrinks well inside it, not on every frame of a pan.
 */
export function ViewWindow({ onWindow }: { onWindow: (window: Rect) => void }) {
  const store = useStoreApi();
  useEffect(() => {
    let window: Rect | null = null;
    const look = (s: ReactFlowState) => {
      if (!s.width || !s.height) return;
      const [x, y, zoom] = s.transform;
      const next = nextWindow(window, viewRect({ x, y, zoom }, s.width, s.height));
      if (next === window) return;
      window = next;
      onWindow(next);
    };
    look(store.getState());
    return store.subscribe(look);
  }, [store, onWindow]);
  return null;
}

/** The smallest rectangle holding every one of `rects` (null for none). */
export function boundsOf(rects: Iterable<Rect>): Rect | null {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rects) [x0, y0, x1, y1] = [Math.min(x0, r.x), Math.min(y0, r.y), Math.max(x1, r.x + r.w), Math.max(y1, r.y + r.h)];
  return x0 > x1 ? null : { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** The view React Flow's fitView would choose for `bounds` in a `width` × `height` canvas. */
export function viewFitting(bounds: Rect, width: number, height: number, zoom: { min: number; max: number }, padding: FitViewOptions['padding']): Viewport {
  return getViewportForBounds({ x: bounds.x, y: bounds.y, width: bounds.w, height: bounds.h }, width, height, zoom.min, zoom.max, padding ?? 0.1);
}

/**
 * Fits the view to the whole picture. React Flow's own fitView sees only what it holds: on a culled
 * canvas that is the window, so the bounds come from the picture instead.
 */
export function useFitWhole() {
  const whole = useContext(WholeCanvasContext);
  const { fitView, setViewport } = useReactFlow();
  const store = useStoreApi();
  return useCallback(
    (options: FitViewOptions) => {
      if (!whole?.culled) return fitView(options);
      const rects = placedRects(whole.nodes);
      const bounds = boundsOf(rects.filter((_, i) => !whole.nodes[i]!.hidden));
      const { width, height, minZoom, maxZoom } = store.getState();
      if (!bounds || !width || !height) return Promise.resolve(false);
      const v = viewFitting(bounds, width, height, { min: options.minZoom ?? minZoom, max: options.maxZoom ?? maxZoom }, options.padding);
      return setViewport(v, { duration: options.duration }).then(() => true);
    },
    [whole, fitView, setViewport, store],
  );
}
