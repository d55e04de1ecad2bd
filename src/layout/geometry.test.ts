import { describe, expect, it } from 'vitest';
import { builtins } from '../scenarios';
import { lessons } from '../scenarios/lessons';
import { parseTopology, type TraceRequest } from '../model';
import { compile, trace as runTrace } from '../engine';
import { buildFrames, nodePorts } from './frames';
import { absoluteRects, CALLOUT, frameSpots, portSlot, type Rect } from './geometry';
import { buildGraph } from './graph';
import { placeGraph, withRouterRects } from './place';

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Every frame's spot on a built-in, with the rectangles of the names drawn on the canvas: ports and pods. */
function placedTrace(id: string, req: TraceRequest) {
  const r = parseTopology(builtins.find((b) => b.id === id)!.yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  const t = r.topology;
  const trace = runTrace(compile(t), req);
  const frames = buildFrames(trace);
  const placed = placeGraph(buildGraph(t), t);
  const rects = withRouterRects(absoluteRects(placed), t, placed);
  const ports = nodePorts(trace);
  const portRects = [...ports].flatMap(([node, names]) => {
    const box = rects.get(node)!;
    return names.map((_, i) => {
      const s = portSlot(i, names, box.w, box.h);
      return { x: box.x + s.x, y: box.y + s.y, w: s.w, h: s.h };
    });
  });
  // Pods and routers: the names a label must not cover besides the ports.
  const pods = [...rects].filter(([k]) => k.startsWith('pod:') || k.startsWith('router:')).map(([, v]) => v);
  return { frames, spots: frameSpots(frames, rects, ports), rects, portRects, pods };
}

describe('Where the packet’s label and badges hang', () => {
  // The ClusterIP from centos to nginx1 (ack-flannel, IPVS): hops on a pod, the ports of two nodes, the VPC, and the reply.
  const { frames, spots, rects } = placedTrace('ack-flannel', { from: 'pod:default/centos-67756b6dc8-rmmxt', to: '192.168.13.23:80' });

  it('under the node box the packet is in, for a pod, a port and the node itself', () => {
    const inNodes = frames.map((f, i) => ({ f, s: spots[i]! })).filter(({ f }) => f.at.startsWith('node:') || f.at.startsWith('pod:'));
    expect(inNodes.some(({ f }) => f.at.startsWith('pod:'))).toBe(true);
    expect(inNodes.some(({ f }) => f.hop.device && f.at.startsWith('node:'))).toBe(true);
    for (const { f, s } of inNodes) {
      const node = f.at.startsWith('node:')
        ? rects.get(f.at)
        : [...rects].find(([k, r]) => k.startsWith('node:') && overlap(r, f.at === 'vpc' ? r : rects.get(f.at)!))?.[1];
      expect(node, f.at).toBeDefined();
      expect(s.callout.y, `${f.at} ${f.hop.device ?? ''}`).toBeGreaterThan(node!.y + node!.h);
    }
  });

  it.each(lessons.map((l) => [l.id, l.doc, l.request] as const))(
    'covers no port and no pod at any hop of lesson %s, however long the label and its badges',
    (id, doc, request) => {
      const { frames, spots, portRects, pods } = placedTrace(doc, request);
      expect(frames.length).toBeGreaterThan(0);
      spots.forEach((s, i) => {
        const c = s.callout;
        const room = { x: c.leftward ? c.x - CALLOUT.w : c.x, y: c.y, w: CALLOUT.w, h: CALLOUT.h };
        const hit = [...portRects, ...pods].filter((r) => overlap(room, r));
        expect(hit, `${id} frame ${i} at ${frames[i]!.at}`).toEqual([]);
      });
    },
  );

  it('plays a hop at a ToR router on the router', () => {
    const { frames, spots, rects } = placedTrace('calico-bgp-tor', lessons.find((l) => l.doc === 'calico-bgp-tor')!.request);
    const at = frames.findIndex((f) => f.at.startsWith('router:'));
    expect(at).toBeGreaterThan(0);
    expect(spots[at]!.rect).toEqual(rects.get(frames[at]!.at));
  });

  it('runs leftward where rightward would pass the picture’s right edge', () => {
    const right = Math.max(...[...rects.values()].map((r) => r.x + r.w));
    for (const s of spots) expect(s.callout.leftward).toBe(s.x + CALLOUT.w > right);
    expect(spots.some((s) => s.callout.leftward)).toBe(true);
  });
});
