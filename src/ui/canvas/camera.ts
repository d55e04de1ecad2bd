import { CALLOUT, type Rect, type Spot } from './geometry';

/**
 * The smallest zoom at which a pod's name (12 px) and address (11 px) render at 12 px or more: the
 * default view never goes below it on a cluster a person reads whole (a bigger one is panned, not shrunk).
 */
export const READABLE_ZOOM = 1.1;

/**
 * The room the packet's label, NAT badges and drop note may take, in canvas units (see PacketOverlay:
 * hung from the spot's callout corner, drawn no smaller than 1 screen px per px when zoomed out).
 */
export function callout(spot: Spot, zoom: number): Rect {
  const scale = Math.max(1, 1 / zoom);
  const w = CALLOUT.w * scale;
  return { x: spot.callout.leftward ? spot.callout.x - w : spot.callout.x, y: spot.callout.y, w, h: CALLOUT.h * scale };
}

/** The smallest rectangle holding every given one; null for none. */
export function union(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null;
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.w));
  const bottom = Math.max(...rects.map((r) => r.y + r.h));
  return { x, y, w: right - x, h: bottom - y };
}

/**
 * What the follow camera frames at hop `i`: the packet's spot there and at the hops either side,
 * with its label and badges (at a zoom of 1 or more, where the camera goes).
 */
export function followRect(spots: readonly Spot[], i: number): Rect | null {
  const near = [spots[i - 1], spots[i], spots[i + 1]].filter((s): s is Spot => !!s);
  return union([...near.map((s) => s.rect), ...(spots[i] ? [callout(spots[i], 1)] : [])]);
}

/** The packet at its spot with everything drawn beside it, in canvas units. */
export const packetBox = (spot: Spot, zoom: number): Rect => union([spot.rect, callout(spot, zoom)])!;

/**
 * The smallest pan (screen px) that brings `target` (screen px) inside a `view` of the given size,
 * `margin` from its edges; null when it is inside already. A target bigger than the view is centred.
 */
export function panIntoView(target: Rect, view: { w: number; h: number }, margin: number): { dx: number; dy: number } | null {
  const axis = (start: number, size: number, room: number) => {
    if (size > room - 2 * margin) return room / 2 - (start + size / 2);
    if (start < margin) return margin - start;
    if (start + size > room - margin) return room - margin - (start + size);
    return 0;
  };
  const dx = axis(target.x, target.w, view.w);
  const dy = axis(target.y, target.h, view.h);
  return dx === 0 && dy === 0 ? null : { dx, dy };
}
