/**
 * Where things are on the canvas, in flow coordinates: element rectangles, the device ports
 * on node boxes, and the point a frame's packet sits at. Pure, from the deterministic layout.
 */
import type { Frame } from './frames';
import { SIZE, type Graph } from './graph';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Spot {
  x: number;
  y: number;
  /** What lights up: the element or the port the packet is at. */
  rect: Rect;
  /** Where the packet's label and badges hang. */
  callout: Callout;
}

/**
 * The corner the packet's label and badges hang from, in canvas units: their top edge is at `y`,
 * their left edge at `x` (their right edge when `leftward`). It lies outside the box the packet is
 * in (the node box for a port, a pod or the node itself), just under it: a node box's names (its
 * ports along its bottom, its pods) stay readable, and under the cluster's bottom row is open canvas.
 */
export interface Callout {
  x: number;
  y: number;
  /** Run leftward from x, where running rightward would pass the picture's right edge. */
  leftward: boolean;
}

/** The most room the label and its badges take at zoom 1, in canvas units: 26rem wide, a label, a rewrite and a verdict tall. */
export const CALLOUT = { w: 440, h: 102, gap: 6 } as const;

/** The packet marker's radius at zoom 1. */
const MARKER_R = 8;

/** Absolute rectangles of every element (React Flow positions children relative to their parent). */
export function absoluteRects(g: Graph): Map<string, Rect> {
  const out = new Map<string, Rect>();
  // Parents come before children in the layout, so one pass suffices.
  for (const n of g.nodes) {
    const parent = n.parentId ? out.get(n.parentId) : undefined;
    out.set(n.id, {
      x: n.position.x + (parent?.x ?? 0),
      y: n.position.y + (parent?.y ?? 0),
      w: n.width ?? 0,
      h: n.height ?? 0,
    });
  }
  return out;
}

const PORT = { h: 18, gap: 4, below: 3.5 } as const;

/**
 * A port's rectangle relative to its node box. The ports share the strip at the bottom,
 * each as wide as its name needs (vethXXXXXXXX is three times cni0).
 */
export function portSlot(index: number, names: readonly string[], boxW: number, boxH: number): Rect {
  const inner = boxW - 2 * SIZE.nodePad - (names.length - 1) * PORT.gap;
  const weight = (n: string) => Math.max(5, n.length);
  const total = names.reduce((a, n) => a + weight(n), 0) || 1;
  const before = names.slice(0, index).reduce((a, n) => a + weight(n), 0);
  return {
    x: SIZE.nodePad + (inner * before) / total + index * PORT.gap,
    y: boxH - SIZE.portStrip + (SIZE.portStrip - PORT.h) / 2 - 2,
    w: (inner * weight(names[index] ?? '')) / total,
    h: PORT.h,
  };
}

const center = (r: Rect) => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });

/**
 * The point each frame's packet sits at, and what lights up there. The VPC, which has no
 * place of its own, sits on its bottom edge between the hops before and after it. Reply
 * frames are offset a little so the way back does not hide the way there.
 */
export function frameSpots(frames: Frame[], rects: Map<string, Rect>, ports: Map<string, string[]>): Spot[] {
  const spots: (Omit<Spot, 'callout'> | null)[] = frames.map((f) => {
    const r = rects.get(f.at);
    if (!r || f.at === 'vpc') return null;
    const dev = f.hop.device;
    const list = ports.get(f.at);
    if (f.at.startsWith('node:') && dev && list?.includes(dev)) {
      const s = portSlot(list.indexOf(dev), list, r.w, r.h);
      const rect = { x: r.x + s.x, y: r.y + s.y, w: s.w, h: s.h };
      // Just under the port, so the path and its hop dots run below the port names, not through them.
      return { x: rect.x + rect.w / 2, y: rect.y + rect.h + PORT.below, rect };
    }
    if (f.at.startsWith('node:')) {
      const rect = { x: r.x, y: r.y, w: r.w, h: SIZE.nodeHeader - 8 };
      return { ...center(rect), rect };
    }
    // A pod's eth0 is on its right edge, clear of its name.
    if (f.at.startsWith('pod:')) return { x: r.x + r.w - 14, y: r.y + r.h / 2, rect: r };
    return { ...center(r), rect: r };
  });
  const vpc = rects.get('vpc');
  spots.forEach((s, i) => {
    if (s) return;
    const prev = spots.slice(0, i).reverse().find(Boolean);
    const next = spots.slice(i + 1).find(Boolean);
    const x = ((prev?.x ?? next?.x ?? 0) + (next?.x ?? prev?.x ?? 0)) / 2;
    if (frames[i]!.at === 'vpc' && vpc) {
      const y = vpc.y + vpc.h - SIZE.vpcPad / 2;
      spots[i] = { x, y, rect: { x: x - 20, y: y - 8, w: 40, h: 16 } };
    } else {
      const p = prev ?? next ?? { x: 0, y: 0, rect: { x: 0, y: 0, w: 0, h: 0 } };
      spots[i] = p;
    }
  });
  const extent = { left: Infinity, right: -Infinity };
  const nodes: Rect[] = [];
  for (const [id, r] of rects) {
    extent.left = Math.min(extent.left, r.x);
    extent.right = Math.max(extent.right, r.x + r.w);
    if (id.startsWith('node:')) nodes.push(r);
  }
  return spots.map((s, i) => {
    const spot = s!;
    const f = frames[i]!;
    const shift = f.leg === 'request' ? 0 : 7;
    const x = spot.x + shift;
    const y = spot.y + shift;
    return { x, y, rect: spot.rect, callout: calloutAt(x, y, f.at, rects, nodes, extent) };
  });
}

const contains = (r: Rect, x: number, y: number) => x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;

/**
 * Under the box the packet at (x, y) is in: its node's for a pod or a node, the element's own
 * otherwise, under the marker on the VPC's edge; and under the boxes beside it that the label would
 * reach (a neighbouring node with more pods is taller), so their ports and pods are not covered either.
 */
function calloutAt(x: number, y: number, at: string, rects: Map<string, Rect>, nodes: readonly Rect[], extent: { left: number; right: number }): Callout {
  const own = at === 'vpc' ? undefined : rects.get(at);
  const box = at.startsWith('pod:') && own ? (nodes.find((n) => contains(n, own.x + own.w / 2, own.y + own.h / 2)) ?? own) : own;
  // Clear of the box, and of the marker (8 px round) where it sits on the box's bottom edge: the same
  // height for every hop in a node on the way there, so stepping along it does not move the label up and down.
  const under = Math.max(y, box ? box.y + box.h : y) + MARKER_R + CALLOUT.gap;
  const leftward = x + CALLOUT.w > extent.right && x - CALLOUT.w >= extent.left;
  const cx = leftward ? x + CALLOUT.gap : x - CALLOUT.gap;
  const left = leftward ? cx - CALLOUT.w : cx;
  let top = under;
  // Only the boxes of its own row (begun above it): the rows below are the next rows of a big cluster, not in the way of one label.
  for (const [id, r] of rects) {
    if (id === 'vpc' || r.y >= under || r.x >= left + CALLOUT.w || r.x + r.w <= left) continue;
    top = Math.max(top, r.y + r.h + CALLOUT.gap);
  }
  return { x: cx, y: top, leftward };
}
