/**
 * Where a new element goes: the free spot nearest to where it was asked for, so it never covers
 * what is already drawn (as tldraw and draw.io place a shape). Pure.
 */
import type { PaletteKind, Position } from '../model/edit';
import { nodeHeight, ROUTER_SIZE, SIZE } from './graph';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The room kept between a new element and its neighbours. */
export const SLOT_GAP = 16;

/** The box a new element of `kind` is drawn in (a node with no pods yet); pods go inside a node and have none of their own. */
export function newElementSize(kind: Exclude<PaletteKind, 'pod'>): { w: number; h: number } {
  switch (kind) {
    case 'node':
      return { w: SIZE.podW + 2 * SIZE.nodePad, h: nodeHeight(0) };
    case 'service':
      return { w: SIZE.svcW, h: SIZE.svcH };
    case 'router':
      return { w: ROUTER_SIZE.w, h: ROUTER_SIZE.h };
    case 'loadBalancer':
    case 'external':
      return { w: SIZE.topW, h: SIZE.topH };
  }
}

const clashes = (x: number, y: number, size: { w: number; h: number }, o: Box, gap: number) =>
  x < o.x + o.w + gap && x + size.w + gap > o.x && y < o.y + o.h + gap && y + size.h + gap > o.y;

/**
 * The top-left corner nearest to `want` (straight-line distance) where a box of `size` keeps `gap`
 * clear of every box in `taken`.
 *
 * NOTE: the nearest free corner has each coordinate either as asked or flush (gap apart) against
 * some box's edge, so only those are tried: nearest first, stopping once no closer one is left.
 */
export function freeSlot(taken: readonly Box[], want: Position, size: { w: number; h: number }, gap = SLOT_GAP): Position {
  const near = (v: number) => (a: number, b: number) => Math.abs(a - v) - Math.abs(b - v);
  const xs = [...new Set([want.x, ...taken.flatMap((o) => [o.x + o.w + gap, o.x - size.w - gap])])].sort(near(want.x));
  const ys = [...new Set([want.y, ...taken.flatMap((o) => [o.y + o.h + gap, o.y - size.h - gap])])].sort(near(want.y));
  let best = want;
  let bestD = Infinity;
  for (const x of xs) {
    const dx2 = (x - want.x) ** 2;
    if (dx2 >= bestD) break;
    for (const y of ys) {
      const d = dx2 + (y - want.y) ** 2;
      if (d >= bestD) break;
      if (!taken.some((o) => clashes(x, y, size, o, gap))) {
        best = { x, y };
        bestD = d;
        break;
      }
    }
  }
  return best;
}
