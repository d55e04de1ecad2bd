import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Controls, Panel, ReactFlow, useStore as useFlowStore, ViewportPortal, type NodeMouseHandler } from '@xyflow/react';
import { useTranslation } from '../../i18n/use-translation';
import {
  selectArmed,
  selectFrom,
  selectOpenTraceMenu,
  selectCollapsed,
  selectGroupByNamespace,
  selectToggleCollapsed,
  selectTo,
  selectTrace,
  selectTraceStale,
  selectView,
  selectAnswerMask,
  selectFrame,
  traceSoFar,
  useAppStore,
} from '../../store';
import { DotGrid } from './DotGrid';
import { idleSteps } from '../lib/idle-steps';
import { EditorOverlay } from './EditorOverlay';
import { canvasNodeTypes, kindOf } from './kinds';
import { collapsedForTrace, graphIndex, nameAllIds, openCollapsed, podHomes, withRouterRects } from './place-graph';
import { podLayers } from '../../layout/lod';
import { useEditorFlow } from './useEditorFlow';
import type { canvasEditing } from './canvas-editing';
import type { useOpeningPicture } from './opening-picture';
import { nodePorts } from '../playback/frames';
import { framesOf } from '../playback/useFrames';
import { frameSpots } from './geometry';
import { rectsOf } from '../../layout/path-rects';
import { usePlacement } from './usePlacement';
import { applyMarks, markIndex, traceMarks } from './marks';
import { PacketOverlay } from './PacketOverlay';
import { FitOnceSized } from './FitOnceSized';
import { BIG_GRAPH, FollowTrace } from './FollowTrace';
import { CanvasControls } from './CanvasControls';
import { refOfElement } from './trace-pick';
import type { AppEdge, AppNode } from './types';
import type { Rect } from '../../layout/geometry';
import { isFar, MIN_ZOOM, useVisibleElements, ViewWindow, WholeCanvasContext } from './visible-elements';

// NOTE: boxes whose far face cannot be loaded stay whole: a throwing lazy part would unmount the whole canvas.
const FarFaces = lazy(() => import('./far-faces').catch(() => ({ default: () => null })));

// maxZoom: an almost empty canvas (a new document) is not blown up to fill the screen.
const fitViewOptions = { padding: 0.06, maxZoom: 1 };
/** How far the default view may zoom past the readable zoom to fill the canvas with a small cluster. */
const READABLE_ROOM = 1.15;

/**
 * The cluster as a picture: select and edit elements, right-click one (or arm a pick) to choose the ends of a trace; the traced packet plays on it.
 * `fitPath` (an embed's `fit=path`) frames the traced packet's path, on a cluster of any size.
 * `readable` is the least zoom of the default view (labels stay legible: a cluster too big for the
 * canvas at that zoom is centred and panned, not shrunk); `controls` is where the zoom controls and the
 * follow switch are drawn (else they float in a corner); `follow` makes the camera follow the packet.
 * `editing` (canvas-editing.ts) lets the person edit the document on the canvas; without it the canvas only shows.
 * `opening` (opening-picture.ts) draws a big document's first picture as the place worker sends it.
 * `children` are drawn inside React Flow (the app's BenchProbe, which benchmarks read; an embed has none).
 */
export function FlowCanvas({
  fitPath = false,
  readable,
  controls,
  follow = false,
  editing,
  opening,
  children,
}: {
  fitPath?: boolean;
  readable?: number;
  controls?: HTMLElement | null;
  follow?: boolean;
  editing?: typeof canvasEditing;
  opening?: typeof useOpeningPicture;
  children?: ReactNode;
} = {}) {
  const { t } = useTranslation();
  // The document being edited, drawn even while it has problems (they show on the elements).
  const live = useAppStore(selectView);
  const collapsedList = useAppStore(selectCollapsed);
  const groupByNamespace = useAppStore(selectGroupByNamespace);
  // What the person collapsed: the layout and placement are computed from this, once per document and collapse, never per trace.
  const userCollapsed = useMemo(() => new Set(collapsedList), [collapsedList]);
  // A big document's graph and placement are made in a worker (usePlacement): `topology` is the one they are of.
  const placement = usePlacement(live, collapsedList, userCollapsed, groupByNamespace);
  // (The app's: the worker's first picture before the document is read. The same each render: a hook's order holds.)
  const { topology, built, base, heldEdges, coming } = opening ? opening(placement, live) : placement;
  const from = useAppStore(selectFrom);
  const to = useAppStore(selectTo);
  const trace = useAppStore(selectTrace);
  const stale = useAppStore(selectTraceStale);
  const toggleCollapsed = useAppStore(selectToggleCollapsed);
  // Collapsed nodes holding a pod the trace passes through: the trace opens them (its packet plays there).
  const openedKey = useMemo(() => {
    const shut = new Set(collapsedForTrace(collapsedList, topology, trace));
    return collapsedList.filter((id) => !shut.has(id)).join('\n');
  }, [collapsedList, topology, trace]);
  const opened = useMemo(() => new Set(openedKey ? openedKey.split('\n') : []), [openedKey]);
  const armed = useAppStore(selectArmed);
  const openTraceMenu = useAppStore(selectOpenTraceMenu);

  // A prediction lesson's outcome not yet revealed: only the way the packet has come so far is drawn.
  const upTo = useAppStore((s) => (selectAnswerMask(s) === 'outcome' ? selectFrame(s) : null));
  const traced = useMemo(() => (trace && upTo !== null ? traceSoFar(trace, upTo) : trace), [trace, upTo]);
  // NOTE: a trace changes only the elements on its path: the picture is placed once per document and
  // collapse; a trace opens its nodes over it in place and marks its path (no layout or placement runs,
  // nothing is compared element by element), so every other element keeps its object and React Flow
  // neither re-adopts nor re-measures it.
  // The lookups a trace's marks and opened nodes need, built while the page is idle rather than in the first trace's frame.
  const hasCollapsed = collapsedList.length > 0;
  // One idle callback each: together they were one task of ~100 ms at 1,000 nodes.
  useEffect(() => {
    if (!built || !topology) return;
    const opening = hasCollapsed ? [() => graphIndex(built), () => podHomes(topology), () => nameAllIds(topology)] : [];
    return idleSteps([() => markIndex(built), ...opening]);
  }, [built, topology, hasCollapsed]);
  const placed = useMemo(
    // (A big document's picture may arrive before its graph: drawn without the nodes a trace opens until then.)
    () => (base && topology ? (built ? openCollapsed(base, built, topology, opened, { groupByNamespace }) : base) : null),
    [base, built, topology, opened, groupByNamespace],
  );
  // The marks are looked up in the document's graph (pods of collapsed nodes included): the path's elements, not every element.
  const marks = useMemo(() => (built ? traceMarks(markIndex(built), from, to, traced) : null), [built, from, to, traced]);
  const graph = useMemo(() => (placed && marks ? applyMarks(placed, marks) : placed), [placed, marks]);
  const frames = framesOf(traced);
  // The whole trace's, not only the hops a lesson has shown so far: the camera's start stays put as they are revealed.
  // The routers are not in the placed graph: the packet plays at a ToR too.
  const rects = useMemo(
    () =>
      placed && topology
        ? withRouterRects(
            rectsOf(
              placed,
              framesOf(trace).map((f) => f.at),
            ),
            topology,
            placed,
          )
        : null,
    [placed, trace, topology],
  );
  const spots = useMemo(() => (rects ? frameSpots(frames, rects, nodePorts(traced)) : []), [frames, rects, traced]);
  // Level of detail: far away, pods are drawn by their node as one layer (one selector on the zoom, here, not one per node).
  const [far, setFar] = useState(false);
  // NOTE: only on a big cluster; a small one (the built-ins, a lesson) is always drawn in full.
  const hasLod = (graph?.nodes.length ?? 0) > BIG_GRAPH;
  const flow = useEditorFlow(graph, topology, editing, heldEdges);
  // NOTE: the zoom is watched (ZoomBand mounted, else `far` is false) only while some pod could fold: crossing FAR_ZOOM on a
  // collapsed cluster changes nothing drawn, but re-rendered the whole canvas.
  const foldsPods = hasLod && podLayers(flow.nodes).size > 0;
  // Past CULL_MIN elements React Flow is handed those in and near the view (the window), not all of them.
  const [drawnWindow, setDrawnWindow] = useState<Rect | null>(null);
  const shown = useVisibleElements(flow.nodes, flow.edges, drawnWindow, far, hasLod, coming);
  // React Flow fits the whole picture when the document opens if it holds all of it (not culled). NOTE: decided once per
  // document, on its first picture: React Flow fits anew each time its fitView prop turns true, and a picture passing
  // through a small one on its way (nodes expanded on a 40-node cluster) had the view jump to the whole cluster (24 %).
  const name = topology?.metadata.name;
  const firstPicture = () => (flow.nodes.length > 0 ? { name, fits: !shown.whole.culled } : null);
  // (Decided in the first render that has the picture: a state set while rendering is a render later on Preact, the embed's.)
  const [firstView, setFirstView] = useState(firstPicture);
  if ((!firstView || firstView.name !== name) && flow.nodes.length > 0) setFirstView(firstPicture());
  const fitsItself = !!firstView && firstView.name === name && firstView.fits;
  const fitOptions = useMemo(() => (readable ? { padding: 0.04, minZoom: readable, maxZoom: readable * READABLE_ROOM } : fitViewOptions), [readable]);

  // Right-click: "Trace from here" / "Trace to here" with the element's real destinations.
  const onNodeContextMenu = useCallback<NodeMouseHandler<AppNode>>(
    (event) => {
      const ref = refOfElement(event.target as Element);
      if (!ref) return;
      event.preventDefault();
      openTraceMenu({ ref, x: event.clientX, y: event.clientY });
    },
    [openTraceMenu],
  );

  // Double-click a node box: its pods fold into a summary, or come back.
  const onNodeDoubleClick = useCallback<NodeMouseHandler<AppNode>>(
    (_event, node) => {
      if (kindOf(node).holdsPods) toggleCollapsed(node.id);
    },
    [toggleCollapsed],
  );

  return (
    <div data-testid="canvas" data-stale={stale || undefined} data-armed={armed ?? undefined} className={armed ? 'hs-armed h-full w-full' : 'h-full w-full'}>
      {graph && (
        <ReactFlow<AppNode, AppEdge>
          key={name}
          nodes={shown.nodes}
          edges={shown.edges}
          nodeTypes={canvasNodeTypes}
          onNodeContextMenu={onNodeContextMenu}
          onNodeDoubleClick={onNodeDoubleClick}
          zoomOnDoubleClick={false}
          {...flow.props}
          fitView={fitsItself}
          fitViewOptions={fitOptions}
          zIndexMode="manual"
          minZoom={MIN_ZOOM}
          onlyRenderVisibleElements
        >
          {/* A big cluster opens on its first nodes instead (FollowTrace). */}
          {(placed?.nodes.length ?? 0) <= BIG_GRAPH && <FitOnceSized options={fitOptions} />}
          {frames.length > 0 && (
            <ViewportPortal>
              {/* NOTE: a result of an earlier version of the document is drawn faded, under a badge saying so. */}
              <div className={stale ? 'opacity-35' : undefined}>
                <PacketOverlay frames={frames} spots={spots} />
              </div>
            </ViewportPortal>
          )}
          {stale && !controls && (
            <Panel position="bottom-center">
              <span
                data-testid="canvas.stale"
                role="status"
                className="rounded-full border border-amber-300 bg-amber-50 px-3 py-1 text-[12px] font-medium text-amber-900 shadow-sm"
              >
                ⚠ {t('canvas.stale')}
              </span>
            </Panel>
          )}
          <FollowTrace graph={placed} rects={rects} spots={spots} always={fitPath} follow={follow} fitsItself={fitsItself} />
          {foldsPods && <ZoomBand onFar={setFar} />}
          {hasLod && (
            <Suspense>
              <FarFaces />
            </Suspense>
          )}
          {/* The window is what a culled picture hands React Flow; below CULL_MIN a new one would only re-render the canvas. */}
          <ViewWindow onWindow={shown.whole.culled ? setDrawnWindow : undefined} onView={shown.onView} />
          <WholeCanvasContext.Provider value={shown.whole}>{children}</WholeCanvasContext.Provider>
          <DotGrid gap={24} size={1} color="#e2e8f0" />
          {/* Without a docked bar (an embed) the notices show on the canvas itself; the app shows them above it. */}
          {!controls && (
            <Panel position="top-center" style={{ zIndex: 6 }}>
              <EditorOverlay />
            </Panel>
          )}
          <WholeCanvasContext.Provider value={shown.whole}>
            {controls ? <CanvasControls slot={controls} fitOptions={fitOptions} stale={stale} /> : <Controls showInteractive={false} position="bottom-right" />}
          </WholeCanvasContext.Provider>
        </ReactFlow>
      )}
    </div>
  );
}

/** Tells the canvas when the zoom crosses FAR_ZOOM (renders only then: the selector's answer is a boolean); unmounted, that it no longer knows. */
function ZoomBand({ onFar }: { onFar: (far: boolean) => void }) {
  const far = useFlowStore(isFar);
  // (The cleanup's false and the next effect's answer land in one render.)
  useEffect(() => (onFar(far), () => onFar(false)), [far, onFar]);
  return null;
}
