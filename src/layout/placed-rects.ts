/** Where each element of a React Flow-shaped list lies in the picture (a child's position is relative to its parent's). Pure. */
import type { Rect } from './geometry';

/** What a placed element needs to be found: React Flow's shape (a child's position is relative to its parent's). */
export interface Placed {
  id: string;
  parentId?: string;
  position: { x: number; y: number };
  width?: number;
  height?: number;
  measured?: { width?: number; height?: number };
}

/** A list's elements found: each one's place by id, its parent's place (-1: none) and its rectangle, in the list's order. */
export interface PlacedLayout {
  at: Map<string, number>;
  parent: Int32Array;
  rects: Rect[];
}

/** `n`'s rectangle in the picture, its parent's at `corner` (none: at the origin); unmeasured and unsized, 0 × 0. */
export const placedRect = (n: Placed, corner: Rect | undefined): Rect => ({
  x: n.position.x + (corner?.x ?? 0),
  y: n.position.y + (corner?.y ?? 0),
  w: n.measured?.width ?? n.width ?? 0,
  h: n.measured?.height ?? n.height ?? 0,
});

/** Each element's rectangle in the picture's own coordinates, in the list's order. */
export const placedRects = (nodes: readonly Placed[]): Rect[] => placedLayout(nodes).rects;

/** Each element's place, parent's place and rectangle (see PlacedLayout): one lookup by id per element. */
export function placedLayout(nodes: readonly Placed[]): PlacedLayout {
  const at = new Map<string, number>();
  nodes.forEach((n, i) => at.set(n.id, i));
  const parent = Int32Array.from(nodes, (n) => (n.parentId === undefined ? -1 : (at.get(n.parentId) ?? -1)));
  const rects: (Rect | undefined)[] = new Array<Rect | undefined>(nodes.length);
  const rect = (i: number, depth: number): Rect => {
    const done = rects[i];
    if (done) return done;
    const n = nodes[i]!;
    const p = parent[i]!;
    // (a parent cycle, which React Flow would not draw either, ends at the depth limit)
    const of = p < 0 || depth > 32 ? undefined : rect(p, depth + 1);
    const r = placedRect(n, of);
    rects[i] = r;
    return r;
  };
  for (let i = 0; i < nodes.length; i++) rect(i, 0);
  return { at, parent, rects: rects as Rect[] };
}
