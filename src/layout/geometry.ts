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
  /** The packet's label and badges go above the marker (inside the cluster, where the canvas ends below the VPC), else below it. */
  labelAbove: boolean;
}

const LABEL_ABOVE = /^(pod|node):|^vpc$/;

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
  const spots: (Omit<Spot, 'labelAbove'> | null)[] = frames.map((f) => {
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
  return spots.map((s, i) => {
    const spot = s!;
    const labelAbove = LABEL_ABOVE.test(frames[i]!.at);
    if (frames[i]!.leg === 'request') return { x: spot.x, y: spot.y, rect: spot.rect, labelAbove };
    return { x: spot.x + 7, y: spot.y + 7, rect: spot.rect, labelAbove };
  });
}
