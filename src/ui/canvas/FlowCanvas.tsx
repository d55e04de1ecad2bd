import { useCallback, useMemo } from 'react';
import { Background, Controls, Panel, ReactFlow, ViewportPortal, type NodeMouseHandler } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
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
  useAppStoreApi,
} from '../../store';
import { EditorOverlay } from '../editor/EditorOverlay';
import { editorNodeTypes } from '../editor/editor-node-types';
import { collapsedForTrace, needsAutoLayout, placeGraph } from '../editor/place-graph';
import { useEditorFlow } from '../editor/useEditorFlow';
import { nodePorts } from '../playback/frames';
import { framesOf } from '../playback/useFrames';
import { useAutoLayout } from './auto-layout-loader';
import { absoluteRects, frameSpots } from './geometry';
import { buildGraph } from './layout';
import { markGraph } from './marks';
import { PacketOverlay } from './PacketOverlay';
import { FollowTrace } from './FollowTrace';
import { pickElement, refOfElement } from './TraceMenu';
import type { AppEdge, AppNode } from './types';

// maxZoom: an almost empty canvas (a new document) is not blown up to fill the screen.
const fitViewOptions = { padding: 0.06, maxZoom: 1 };
const proOptions = { hideAttribution: false };

/** The cluster as a picture: select and edit elements, right-click one (or arm a pick) to choose the ends of a trace; the traced packet plays on it. */
export function FlowCanvas() {
  const { t } = useTranslation();
  // The document being edited, drawn even while it has problems (they show on the elements).
  const topology = useAppStore(selectView);
  const collapsedList = useAppStore(selectCollapsed);
  const groupByNamespace = useAppStore(selectGroupByNamespace);
  const from = useAppStore(selectFrom);
  const to = useAppStore(selectTo);
  const trace = useAppStore(selectTrace);
  const stale = useAppStore(selectTraceStale);
  const toggleCollapsed = useAppStore(selectToggleCollapsed);
  // Collapsed nodes, except those holding a pod the trace passes through (its packet plays there).
  const collapsedKey = useMemo(() => collapsedForTrace(collapsedList, topology, trace).join('\n'), [collapsedList, topology, trace]);
  const collapsed = useMemo(() => new Set(collapsedKey ? collapsedKey.split('\n') : []), [collapsedKey]);
  const armed = useAppStore(selectArmed);
  const openTraceMenu = useAppStore(selectOpenTraceMenu);
  const store = useAppStoreApi();

  const built = useMemo(() => (topology ? buildGraph(topology) : null), [topology]);
  const needsLayout = !!(built && topology && needsAutoLayout(built, topology));
  const { ready, autoLayout } = useAutoLayout(needsLayout);
  // NOTE: while the automatic layout loads (once, a few ms) nothing is drawn: React Flow fits the view to
  // the first picture it gets, and a picture that jumps when the layout arrives would be fitted wrong.
  const waiting = !ready;
  const base = useMemo(
    () => (built && topology && !waiting ? placeGraph(built, topology, { collapsed, groupByNamespace, autoLayout }) : null),
    [built, topology, collapsed, groupByNamespace, autoLayout, waiting],
  );
  // A prediction lesson's outcome not yet revealed: only the way the packet has come so far is drawn.
  const upTo = useAppStore((s) => (selectAnswerMask(s) === 'outcome' ? selectFrame(s) : null));
  const drawn = useMemo(() => (trace && upTo !== null ? traceSoFar(trace, upTo) : trace), [trace, upTo]);
  const graph = useMemo(() => (base ? markGraph(base, from, to, drawn) : null), [base, from, to, drawn]);
  const rects = useMemo(() => (base ? absoluteRects(base) : null), [base]);
  const frames = framesOf(drawn);
  const spots = useMemo(() => (rects ? frameSpots(frames, rects, nodePorts(drawn)) : []), [frames, rects, drawn]);
  const flow = useEditorFlow(graph, topology);

  // NOTE: a click selects (React Flow) and never changes From or To; only an armed pick (the buttons
  // beside From and To) or the element's menu does.
  const onNodeClick = useCallback<NodeMouseHandler<AppNode>>(
    (event) => {
      const ref = refOfElement(event.target as Element);
      if (ref) pickElement(store, ref, { x: event.clientX, y: event.clientY });
    },
    [store],
  );

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
      if (node.type === 'clusterNode') toggleCollapsed(node.id);
    },
    [toggleCollapsed],
  );

  return (
    <div data-testid="canvas" data-stale={stale || undefined} data-armed={armed ?? undefined} className={armed ? 'hs-armed h-full w-full' : 'h-full w-full'}>
      {graph && (
        <ReactFlow<AppNode, AppEdge>
          key={topology?.metadata.name}
          nodes={flow.nodes}
          edges={flow.edges}
          nodeTypes={editorNodeTypes}
          onNodeClick={onNodeClick}
          onNodeContextMenu={onNodeContextMenu}
          onNodeDoubleClick={onNodeDoubleClick}
          zoomOnDoubleClick={false}
          {...flow.props}
          fitView
          fitViewOptions={fitViewOptions}
          zIndexMode="manual"
          minZoom={0.05}
          onlyRenderVisibleElements
          proOptions={proOptions}
        >
          {frames.length > 0 && (
            <ViewportPortal>
              {/* NOTE: a result of an earlier version of the document is drawn faded, under a badge saying so. */}
              <div className={stale ? 'opacity-35' : undefined}>
                <PacketOverlay frames={frames} spots={spots} />
              </div>
            </ViewportPortal>
          )}
          {stale && (
            <Panel position="bottom-center">
              <span data-testid="canvas.stale" role="status" className="rounded-full border border-amber-300 bg-amber-50 px-3 py-1 text-[12px] font-medium text-amber-900 shadow-sm">
                ⚠ {t('canvas.stale')}
              </span>
            </Panel>
          )}
          <FollowTrace graph={base} />
          <EditorOverlay />
          <Background gap={24} size={1} color="#e2e8f0" />
          <Controls showInteractive={false} position="bottom-right" />
          <Panel
            position="top-right"
            data-testid="canvas.hint"
            className={armed ? 'pointer-events-none max-w-64 rounded bg-blue-600 px-2 py-1 text-[12px] font-semibold text-white shadow' : 'pointer-events-none max-w-64 rounded bg-white/80 px-2 py-1 text-[11px] text-slate-500'}
          >
            {armed ? t(armed === 'from' ? 'pick.armedFrom' : 'pick.armedTo') : t('canvas.hint')}
          </Panel>
        </ReactFlow>
      )}
    </div>
  );
}
