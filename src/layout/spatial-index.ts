/**
 * Which rectangles of a placed picture lie in a region, without looking at each: a uniform grid of
 * square cells, each listing the rectangles that overlap it. At 1,000 nodes the picture holds 35,000
 * elements and a view a few hundred; the canvas asks this on each change of the region it draws.
 * Pure.
 */
import type { Rect } from './geometry';

/** Whether `a` and `b` share a point (touching edges count). */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

export interface SpatialIndex {
  /** The places in the indexed list of the rectangles that overlap `region`, ascending. */
  query(region: Rect): number[];
}

/** The cell's side, in flow units: about a pod box, a few cells to a node box. */
const CELL = 256;
/** Cells per axis at most: a picture spread wider gets bigger cells (keys stay small integers). */
const MAX_CELLS = 4096;
/** A rectangle over more cells than this (the VPC framing the cluster) is checked on every query instead of listed in each cell. */
const LARGE = 256;

/** A grid index of `rects` (a rectangle with a non-finite corner is never found). */
export function gridIndex(rects: readonly Rect[]): SpatialIndex {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rects) {
    if (!finite(r)) continue;
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.w);
    maxY = Math.max(maxY, r.y + r.h);
  }
  if (minX > maxX) return { query: () => [] };
  const cell = Math.max(CELL, (maxX - minX) / MAX_CELLS, (maxY - minY) / MAX_CELLS);
  const cols = Math.floor((maxX - minX) / cell) + 1;
  const rows = Math.floor((maxY - minY) / cell) + 1;
  const col = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - minX) / cell)));
  const row = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - minY) / cell)));

  // NOTE: the cells are made at the second query, not with the index: the first (a big picture's first window, on the
  // main thread before its first frame) checks each rectangle instead, ~0.3 ms for the 4,756 boxes of a 1,000-node
  // cluster against 3-20 ms to make their cells (Node, cold).
  let made: { cells: Map<number, number[]>; large: number[] } | null = null;
  const make = () => {
    const cells = new Map<number, number[]>();
    const large: number[] = [];
    rects.forEach((r, i) => {
      if (!finite(r)) return;
      const [c0, c1, r0, r1] = [col(r.x), col(r.x + r.w), row(r.y), row(r.y + r.h)];
      if ((c1 - c0 + 1) * (r1 - r0 + 1) > LARGE) {
        large.push(i);
        return;
      }
      for (let c = c0; c <= c1; c++)
        for (let k = r0; k <= r1; k++) {
          const key = c * rows + k;
          const list = cells.get(key);
          if (list) list.push(i);
          else cells.set(key, [i]);
        }
    });
    return { cells, large };
  };

  // Which query last saw each rectangle: one that lies in several cells is checked once.
  const seen = new Uint32Array(rects.length);
  let stamp = 0;
  return {
    query(region) {
      const out: number[] = [];
      if (!finite(region) || region.x > maxX || region.y > maxY || region.x + region.w < minX || region.y + region.h < minY) return out;
      stamp++;
      const [c0, c1, r0, r1] = [col(region.x), col(region.x + region.w), row(region.y), row(region.y + region.h)];
      // A region over more cells than there are rectangles (far out) is faster checked rectangle by rectangle, and so is
      // the first query (see made).
      if (stamp === 1 || (c1 - c0 + 1) * (r1 - r0 + 1) > rects.length) {
        rects.forEach((r, i) => finite(r) && overlaps(r, region) && out.push(i));
        return out;
      }
      const { cells, large } = (made ??= make());
      for (let c = c0; c <= c1; c++)
        for (let k = r0; k <= r1; k++)
          for (const i of cells.get(c * rows + k) ?? []) {
            if (seen[i] === stamp) continue;
            seen[i] = stamp;
            if (overlaps(rects[i]!, region)) out.push(i);
          }
      for (const i of large) if (overlaps(rects[i]!, region)) out.push(i);
      return out.sort((a, b) => a - b);
    },
  };
}

const finite = (r: Rect) => Number.isFinite(r.x) && Number.isFinite(r.y) && Number.isFinite(r.w) && Number.isFinite(r.h);
