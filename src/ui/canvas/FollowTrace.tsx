import { useEffect, useRef } from 'react';
import { getViewportForBounds, useReactFlow, useStore as useFlowStore, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { selectFrame, selectTrace, useAppStore } from '../../store';
import { calloutSize, followRect, glideSteps, packetBox, panIntoView } from './camera';
import { framesOf } from '../playback/useFrames';
import type { Rect, Spot } from './geometry';
import type { Graph } from './layout';
import { rectsOf } from '../../layout/path-rects';
import { boundsOf } from './visible-elements';

/** Above this many elements the whole cluster is too small to read and too many to draw at once. */
export const BIG_GRAPH = 200;

/** The zoom the camera goes to on a big cluster: pods readable, a few dozen elements in view. */
const WORKING_ZOOM = 0.75;

/** How long the follow camera takes to move to the next hop: smooth, and done before the packet moves on at 1×. */
const FOLLOW_MS = 450;
/** In how many frames the camera glides to where a trace starts when that is near the view (else it cuts there). */
const START_FRAMES = 15;

// NOTE: the camera's moves interpolate the view linearly. d3's default (van Wijk's smooth zoom) zooms out in the
// middle of a long pan: on a big cluster that brought hundreds of node boxes into view for a frame or two (and
// crossed the far zoom, redrawing every node), 100–370 ms tasks on each step at 1,000 nodes.
const LINEAR = 'linear' as const;

const canvasSize = (s: ReactFlowState) => `${s.width}x${s.height}`;
const hasSize = (s: ReactFlowState) => s.width > 0 && s.height > 0;

/**
 * Where the camera goes for a trace.
 * - On a big cluster, to where the traced packet starts: the first element of its path, centred at
 *   a working zoom, and React Flow (onlyRenderVisibleElements) draws only what is around it. A small
 *   cluster stays as it is, whole, unless `always` (an embed's `fit=path`) asks for its path: then
 *   the path's elements fill the view.
 * - During playback, with `follow`, to the current hop: it and the hops either side fill the canvas,
 *   in a smooth pan and zoom. Without it the view moves only when the packet (with its label and NAT
 *   badges) would leave the canvas, and then no further than brings it back in.
 * NOTE: a big cluster is not fitted to the whole path: across a 1,000-node grid that is a view so
 * far out that thousands of elements come into it at once (seconds of main thread), to show nothing readable.
 */
export function FollowTrace({
  graph,
  rects,
  spots,
  always = false,
  follow = false,
  fitsItself = false,
}: {
  graph: Graph | null;
  /** The rectangles of the elements on the trace's path. */
  rects: ReadonlyMap<string, Rect> | null;
  spots: Spot[];
  always?: boolean;
  follow?: boolean;
  /** React Flow opens this picture itself, at the readable zoom (it holds every element: not culled). */
  fitsItself?: boolean;
}) {
  const trace = useAppStore(selectTrace);
  const frame = useAppStore(selectFrame);
  const { fitView, fitBounds, getViewport, setViewport } = useReactFlow();
  const size = useFlowStore(canvasSize);
  const store = useStoreApi();
  const sized = useFlowStore(hasSize);
  const big = (graph?.nodes.length ?? 0) > BIG_GRAPH;
  const fitPath = always && !!trace && !big;
  // The trace whose start the camera is about to cut to (big cluster): until it has, the hop camera leaves the view alone.
  // NOTE: else the first hop moved the view twice in a row, each time drawing every element in view anew (at 1,000
  // nodes ~50 boxes unmounted and ~65 mounted in the task that receives the trace, then again a frame later).
  const starting = useRef<unknown>(null);
  // The first nodes a big cluster opened on (the view went to them): expanding all nodes made a new graph, and the view
  // jumped back to them, now tall with their pods (32 %).
  const openedOn = useRef<string | null>(null);
  useEffect(() => {
    if (!graph || (!big && !fitPath)) return;
    if (fitPath && trace) {
      // The VPC box spans the whole cluster: fitting it would show everything again.
      const ids = new Set(graph.nodes.map((n) => n.id));
      const path = [...new Set([...trace.hops, ...(trace.reply?.hops ?? [])].map((h) => h.ns))].filter((id) => ids.has(id) && id !== 'vpc');
      if (path.length === 0) return;
      // NOTE: after the frame that mounted the nodes, so React Flow knows their sizes.
      const t = requestAnimationFrame(() => void fitView({ nodes: path.map((id) => ({ id })), padding: 0.25, duration: 0 }));
      return () => cancelAnimationFrame(t);
    }
    if (!trace) {
      // NOTE: where React Flow fits the picture itself, at the readable zoom, a fit to the first three nodes raced it:
      // three expanded nodes of a 10-node cluster are ~1,830 px tall, and won, the cluster opened at 32 % (1 load in 8).
      if (fitsItself) return;
      const first = graph.nodes
        .filter((n) => n.type === 'clusterNode')
        .slice(0, 3)
        .map((n) => n.id);
      // Once per cluster: a new graph of it (nodes expanded, grouped, an edit, a trace cleared) leaves the view where it is.
      const cluster = first.join('\n');
      if (openedOn.current === cluster) return;
      // NOTE: the bounds from the placed graph, not React Flow's nodes (on a big cluster it holds only those in view).
      const box = boundsOf(rectsOf(graph, first).values());
      if (!box || !sized) return;
      const t = requestAnimationFrame(() => {
        openedOn.current = cluster;
        // No further out than the working zoom: on a 1,024 px window the three nodes fitted with room around them were
        // at 62 %, their text ~7 px; at 75 % they still fit, edge to edge.
        const { width: w, height: h, maxZoom } = store.getState();
        void setViewport(getViewportForBounds({ x: box.x, y: box.y, width: box.w, height: box.h }, w, h, WORKING_ZOOM, maxZoom, 0.25));
      });
      return () => cancelAnimationFrame(t);
    }
    // The VPC box spans the whole cluster: it is no place to go.
    const start = trace.hops
      .filter((h) => h.ns !== 'vpc')
      .map((h) => rects?.get(h.ns))
      .find((r) => r !== undefined);
    if (!start) return;
    starting.current = trace;
    let frame = requestAnimationFrame(() => {
      const [cx, cy] = [start.x + start.w / 2, start.y + start.h / 2];
      const { width: w, height: h } = store.getState();
      const from = getViewport();
      const to = { x: w / 2 - cx * WORKING_ZOOM, y: h / 2 - cy * WORKING_ZOOM, zoom: WORKING_ZOOM };
      // As the hop camera: a start within a canvas of the view's centre is glided to, a few frames, so what comes into
      // view mounts over them, not in one frame (at 10 nodes expanded ~120 boxes left and ~55 came in one ~55 ms task).
      const glide = Math.hypot(cx * from.zoom + from.x - w / 2, cy * from.zoom + from.y - h / 2) <= Math.max(w, h);
      const steps = glide ? glideSteps(from, to, { w, h }, START_FRAMES) : [to];
      const step = () => {
        void setViewport(steps.shift()!);
        // (The hop camera waits for the move to end: a move of its own would stop this one half way.)
        if (steps.length) frame = requestAnimationFrame(step);
        else if (starting.current === trace) starting.current = null;
      };
      step();
    });
    return () => {
      starting.current = null;
      cancelAnimationFrame(frame);
    };
  }, [big, fitPath, fitsItself, graph, rects, trace, fitView, fitBounds, setViewport, sized, store, getViewport]);

  useEffect(() => {
    if (!trace || fitPath || spots.length === 0 || starting.current === trace) return;
    const i = Math.min(frame, spots.length - 1);
    const f = framesOf(trace)[i];
    if (!f) return;
    const room = calloutSize(f);
    if (follow) {
      const r = followRect(spots, i, room);
      if (r) void fitBounds({ x: r.x, y: r.y, width: r.w, height: r.h }, { padding: 0.04, duration: FOLLOW_MS, interpolate: LINEAR });
      return;
    }
    const s = spots[i];
    const [w, h] = size.split('x').map(Number);
    if (!s || !w || !h) return;
    const { x, y, zoom } = getViewport();
    const box = packetBox(s, room, zoom);
    const move = panIntoView({ x: box.x * zoom + x, y: box.y * zoom + y, w: box.w * zoom, h: box.h * zoom }, { w, h }, 8);
    if (!move) return;
    // A move of more than a canvas is a cut, not a glide: gliding there would draw everything in between.
    const cut = Math.hypot(move.dx, move.dy) > Math.max(w, h);
    void setViewport({ x: x + move.dx, y: y + move.dy, zoom }, { duration: cut ? 0 : 250, interpolate: LINEAR });
  }, [trace, fitPath, spots, frame, follow, size, fitBounds, getViewport, setViewport]);
  return null;
}
