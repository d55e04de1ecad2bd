/**
 * The region of the picture the canvas hands its drawing library: the view and a margin around it,
 * kept while the view moves inside it, so a pan changes the elements drawn only each time it has
 * crossed a margin rather than every frame. Pure.
 */
import type { Rect } from './geometry';

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** The part of the picture a `width` × `height` canvas shows at `v` (React Flow's transform: screen = flow × zoom + offset). */
export function viewRect(v: Viewport, width: number, height: number): Rect {
  return { x: -v.x / v.zoom, y: -v.y / v.zoom, w: width / v.zoom, h: height / v.zoom };
}

/** How far the window reaches past the view on each side, as a share of the view's width and height. */
export const MARGIN = 0.5;
/** A view this much smaller than its window (zoomed in since) gets a window of its own: the old one holds too many elements. */
const SHRINK = 2.5;

/**
 * The window for `view`: `prev` while it still holds the view and is not much bigger than a window
 * made for it, else the view grown by MARGIN on each side.
 */
export function nextWindow(prev: Rect | null, view: Rect): Rect {
  const fresh = { x: view.x - view.w * MARGIN, y: view.y - view.h * MARGIN, w: view.w * (1 + 2 * MARGIN), h: view.h * (1 + 2 * MARGIN) };
  if (!prev) return fresh;
  const holds = prev.x <= view.x && prev.y <= view.y && prev.x + prev.w >= view.x + view.w && prev.y + prev.h >= view.y + view.h;
  return holds && prev.w <= fresh.w * SHRINK && prev.h <= fresh.h * SHRINK ? prev : fresh;
}
