import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { getViewportForBounds, useReactFlow, useStoreApi, type FitViewOptions, type ReactFlowState } from '@xyflow/react';
import type { Rect } from '../../layout/geometry';
import { placedRects } from '../../layout/placed-rects';
import { nextWindow, viewRect, type Viewport } from '../../layout/view-window';
import { FAR_ZOOM, farNodes, podLayers } from '../../layout/lod';
import type { AppEdge, AppNode } from './types';

/**
 * Past this many elements React Flow is handed only those in and near the view (the window,
 * layout/view-window.ts). It adopts, indexes and runs its selectors over every element it holds on
 * each update: at 1,000 nodes that was 35,000 of them for a view that shows a few hundred. Below it,
 * handing everything costs less than choosing.
 */
export const CULL_MIN = 1000;

/** The canvas's least zoom (React Flow's minZoom). */
export const MIN_ZOOM = 0.05;

/** Whether React Flow's view is past FAR_ZOOM: pods drawn as their node's layer, boxes with their far face. */
export const isFar = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;

/** The whole picture, as the canvas has it before culling: what fits, finds and benchmarks read. */
export interface WholeCanvas {
  nodes: readonly AppNode[];
  edges: readonly AppEdge[];
  /** React Flow holds only the window's elements (its fitView and getNodes see no others). */
  culled: boolean;
}

export const WholeCanvasContext = createContext<WholeCanvas | null>(null);

type Cull = typeof import('./cull');
const NONE: ReadonlySet<string> = new Set();
const NO_NODES: AppNode[] = [];
const loadCull = () => import('./cull');

/**
 * What React Flow is handed of the whole picture: past CULL_MIN elements the window's (see choose);
 * `far` (below FAR_ZOOM), those elements with each node's pods drawn as its layer (layout/lod.ts).
 * `lod`: the picture has a far level of detail (a big cluster), so its nodes switch to it a few a frame.
 * `coming`: a big picture is on its way (placed in the worker): the choosing loads now, not once the picture is here.
 */
export function useVisibleElements(
  nodes: AppNode[],
  edges: AppEdge[],
  window: Rect | null,
  far: boolean,
  lod = false,
  coming = false,
): { nodes: AppNode[]; edges: AppEdge[]; whole: WholeCanvas; onView: (view: Rect) => void } {
  const culled = nodes.length > CULL_MIN;
  const staging = culled || lod;
  // NOTE: until the choosing loads (once, as the first big picture is asked for), React Flow is handed nothing of a
  // culled picture: handed everything, a picture that came first (the place worker starts from the page's entry, and may
  // place it before the canvas's first render) mounted all 4,756 boxes of 1,000 nodes, then the window's. Everything,
  // as before, if the choosing fails to load.
  const [unchosen, setUnchosen] = useState(false);
  const [keeper, setKeeper] = useState<{
    places: ReturnType<Cull['placesKeeper']>;
    same: ReturnType<Cull['sameListKeeper']>;
    admit: ReturnType<Cull['admitKeeper']>;
    handOver: Cull['nextHandOver'];
    choose: Cull['choose'];
    staged: Cull['stagedNear'];
    step: Cull['stepOpen'];
    afterFrame: Cull['afterFrame'];
    seen: Cull['seenIn'];
  } | null>(null);
  // NOTE: loaded while the worker places the picture: loaded when it arrived, its fetch (up to ~300 ms on the loaded
  // machine) raced the first frame, and a frame that won it handed React Flow all 4,756 boxes of 1,000 nodes, then the window's.
  const wanted = staging || coming;
  useEffect(() => {
    if (!wanted || keeper) return;
    let live = true;
    void loadCull().then(
      (m) =>
        live &&
        setKeeper({
          places: m.placesKeeper(),
          same: m.sameListKeeper(),
          admit: m.admitKeeper(),
          handOver: m.nextHandOver,
          choose: m.choose,
          staged: m.stagedNear,
          step: m.stepOpen,
          afterFrame: m.afterFrame,
          seen: m.seenIn,
        }),
      () => live && setUnchosen(true),
    );
    return () => {
      live = false;
    };
  }, [wanted, keeper]);
  const placed = useMemo(() => (staging && keeper ? keeper.places(nodes, edges) : null), [staging, keeper, nodes, edges]);
  const chosen = useMemo(
    () => (culled && placed && keeper ? keeper.same(keeper.choose(placed, window)) : culled && !unchosen ? NO_NODES : nodes),
    [culled, placed, keeper, window, nodes, unchosen],
  );
  // After a jump, what comes into view is handed over a few a frame (cull.ts admitKeeper): `admitted` counts the frames.
  const [admitted, setAdmitted] = useState(0);
  const handed = useMemo(
    () => (culled && placed && keeper ? keeper.admit(placed, chosen, window) : { nodes: chosen, waiting: 0 }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- each frame's `admitted` asks the keeper for the next few
    [culled, placed, keeper, chosen, window, admitted],
  );
  const near = handed.nodes;
  useEffect(() => {
    if (!handed.waiting || !keeper) return;
    return keeper.handOver(() => setAdmitted((n) => n + 1));
  }, [handed, keeper]);
  // The nodes drawing their pods one by one: on a culled picture, a few more (near) or fewer (far) each frame, so
  // that crossing FAR_ZOOM or bringing a new place into view mounts a few dozen boxes a frame (cull.ts stepOpen).
  const [open, setOpen] = useState<ReadonlySet<string>>(NONE);
  // The view now (ViewWindow keeps it): what comes into view first is what the person looks at.
  const view = useRef<Rect | null>(null);
  const onView = useCallback((r: Rect) => {
    view.current = r;
  }, []);
  const staged = useMemo(() => (placed && keeper ? keeper.staged(near, podLayers(nodes), open) : null), [placed, keeper, near, nodes, open]);
  const moving = !!staged && (far ? staged.opened > 0 : staged.shut.length > 0);
  useEffect(() => {
    if (!moving || !placed || !keeper) return;
    return keeper.afterFrame(() => {
      const r = view.current ?? window;
      const centre = r ? { x: r.x + r.w / 2, y: r.y + r.h / 2 } : { x: 0, y: 0 };
      setOpen((o) => keeper.step(placed, o, near, staged.shut, podLayers(nodes), centre, far, undefined, keeper.seen(placed, view.current)));
    });
  }, [moving, staged, placed, keeper, near, nodes, window, far]);
  // NOTE: every edge, whatever is drawn: React Flow draws none whose end it does not hold (a pod folded into its layer, a
  // node outside the window), and a new list at each step of a fold (the lines of the pods folded left out) made it
  // re-index and re-render every edge again. Past EDGE_LIMIT they are the selection's and the trace's (a few).
  const shown = useMemo(() => ({ nodes: staged ? staged.nodes : far ? farNodes(near, podLayers(nodes)) : near, edges }), [far, near, nodes, edges, staged]);
  const whole = useMemo(() => ({ nodes, edges, culled }), [nodes, edges, culled]);
  return { ...shown, whole, onView };
}

/**
 * Reports the window for React Flow's view (inside <ReactFlow>): once the canvas has a size, and then
 * only when the view leaves the window or shrinks well inside it, not on every frame of a pan; `onView`, the view itself on each change.
 * Without `onWindow` only the view is reported (a handler given later hears the window at once).
 */
export function ViewWindow({ onWindow, onView }: { onWindow?: (window: Rect) => void; onView?: (view: Rect) => void }) {
  const store = useStoreApi();
  useEffect(() => {
    let window: Rect | null = null;
    const look = (s: ReactFlowState) => {
      if (!s.width || !s.height) return;
      const [x, y, zoom] = s.transform;
      const seen = viewRect({ x, y, zoom }, s.width, s.height);
      onView?.(seen);
      const next = nextWindow(window, seen);
      if (next === window) return;
      window = next;
      onWindow?.(next);
    };
    look(store.getState());
    return store.subscribe(look);
  }, [store, onWindow, onView]);
  return null;
}

/** The smallest rectangle holding every one of `rects` (null for none). */
export function boundsOf(rects: Iterable<Rect>): Rect | null {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rects) [x0, y0, x1, y1] = [Math.min(x0, r.x), Math.min(y0, r.y), Math.max(x1, r.x + r.w), Math.max(y1, r.y + r.h)];
  return x0 > x1 ? null : { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** The view React Flow's fitView would choose for `bounds` in a `width` × `height` canvas. */
export function viewFitting(bounds: Rect, width: number, height: number, zoom: { min: number; max: number }, padding: FitViewOptions['padding']): Viewport {
  return getViewportForBounds({ x: bounds.x, y: bounds.y, width: bounds.w, height: bounds.h }, width, height, zoom.min, zoom.max, padding ?? 0.1);
}

/**
 * Fits the view to the whole picture. React Flow's own fitView sees only what it holds: on a culled
 * canvas that is the window, so the bounds come from the picture instead.
 */
export function useFitWhole() {
  const whole = useContext(WholeCanvasContext);
  const { fitView, setViewport } = useReactFlow();
  const store = useStoreApi();
  return useCallback(
    (options: FitViewOptions) => {
      if (!whole?.culled) return fitView(options);
      const rects = placedRects(whole.nodes);
      const bounds = boundsOf(rects.filter((_, i) => !whole.nodes[i]!.hidden));
      const { width, height, minZoom, maxZoom } = store.getState();
      if (!bounds || !width || !height) return Promise.resolve(false);
      const v = viewFitting(bounds, width, height, { min: options.minZoom ?? minZoom, max: options.maxZoom ?? maxZoom }, options.padding);
      return setViewport(v, { duration: options.duration }).then(() => true);
    },
    [whole, fitView, setViewport, store],
  );
}
