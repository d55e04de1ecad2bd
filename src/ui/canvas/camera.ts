import type { Frame } from '../playback/frames';
import type { Viewport } from '../../layout/view-window';
import { CALLOUT, type Rect, type Spot } from './geometry';

/**
 * The smallest zoom at which a pod's name (12 px) and address (11 px) render at 12 px or more: the
 * default view never goes below it on a cluster a person reads whole (a bigger one is panned, not shrunk).
 */
export const READABLE_ZOOM = 1.1;

/** A row of the callout (a label, a badge): 11 px type, padded and bordered, and the gap to the next. */
const ROW = 24;
/** Monospace advance of the callout's 11 px type, and a row's padding left and right. */
const CHAR = 6.7;
const PAD_X = 14;
/** The drop note: 24rem wide, a verdict and a reason over a few lines. */
const DROP = { w: 384, h: 70 } as const;

/**
 * The room the packet's label and what is drawn under it (an ICMP error, a NetworkPolicy verdict,
 * the NAT badges, the drop note) take at zoom 1, in canvas units, from the frame's own text: so
 * the camera pans for what is there, not for the most there could be.
 */
export function calloutSize(f: Frame): { w: number; h: number } {
  const texts = [
    `${f.leg === 'reply' ? 'reply ' : ''}${f.hop.leg === 2 ? 'conn 2 ' : ''}${f.label}`,
    ...(f.hop.packet.icmp ? [`↩ ${f.hop.packet.icmp}`] : []),
    ...(f.hop.hook ? ['⇄ L7 proxy: new connection'] : []),
    ...f.badges.map((b) => b.text),
  ];
  const w = Math.max(...texts.map((t) => t.length * CHAR + PAD_X), f.drop ? DROP.w : 0);
  return { w: Math.min(CALLOUT.w, w), h: texts.length * ROW + (f.drop ? DROP.h : 0) };
}

/**
 * Where the packet's label and what is drawn under it go, in canvas units (see PacketOverlay: hung
 * from the spot's callout corner, drawn no smaller than 1 screen px per px when zoomed out).
 */
export function callout(spot: Spot, size: { w: number; h: number }, zoom: number): Rect {
  const scale = Math.max(1, 1 / zoom);
  const w = size.w * scale;
  return { x: spot.callout.leftward ? spot.callout.x - w : spot.callout.x, y: spot.callout.y, w, h: size.h * scale };
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
export function followRect(spots: readonly Spot[], i: number, size: { w: number; h: number }): Rect | null {
  const near = [spots[i - 1], spots[i], spots[i + 1]].filter((s): s is Spot => !!s);
  return union([...near.map((s) => s.rect), ...(spots[i] ? [callout(spots[i], size, 1)] : [])]);
}

/** The packet at its spot with everything drawn under it, in canvas units. */
export const packetBox = (spot: Spot, size: { w: number; h: number }, zoom: number): Rect => union([spot.rect, callout(spot, size, zoom)])!;

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

/**
 * The views of a move from `from` to `to` in `frames` steps, one a frame (the last is `to`): the point
 * at the canvas's centre and the zoom go linearly. Counted in frames, not milliseconds: a move timed in
 * milliseconds whose first frames are long (the frame that draws a trace) jumps to its end in one,
 * bringing everything on its way into view at once.
 */
export function glideSteps(from: Viewport, to: Viewport, size: { w: number; h: number }, frames: number): Viewport[] {
  const centre = (v: Viewport) => ({ x: (size.w / 2 - v.x) / v.zoom, y: (size.h / 2 - v.y) / v.zoom });
  const [a, b] = [centre(from), centre(to)];
  return Array.from({ length: frames }, (_, i) => {
    const k = (i + 1) / frames;
    if (k === 1) return to;
    const zoom = from.zoom + (to.zoom - from.zoom) * k;
    const [cx, cy] = [a.x + (b.x - a.x) * k, a.y + (b.y - a.y) * k];
    return { x: size.w / 2 - cx * zoom, y: size.h / 2 - cy * zoom, zoom };
  });
}
