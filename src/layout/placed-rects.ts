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

/** Each element's rectangle in the picture's own coordinates, in the list's order. */
export function placedRects(nodes: readonly Placed[]): Rect[] {
  const at = new Map<string, number>();
  nodes.forEach((n, i) => at.set(n.id, i));
  const out: (Rect | undefined)[] = new Array<Rect | undefined>(nodes.length);
  const rect = (i: number, depth: number): Rect => {
    const done = out[i];
    if (done) return done;
    const n = nodes[i]!;
    const p = n.parentId === undefined ? undefined : at.get(n.parentId);
    // (a parent cycle, which React Flow would not draw either, ends at the depth limit)
    const parent = p === undefined || depth > 32 ? undefined : rect(p, depth + 1);
    const r = {
      x: n.position.x + (parent?.x ?? 0),
      y: n.position.y + (parent?.y ?? 0),
      w: n.measured?.width ?? n.width ?? 0,
      h: n.measured?.height ?? n.height ?? 0,
    };
    out[i] = r;
    return r;
  };
  return nodes.map((_, i) => rect(i, 0));
}
