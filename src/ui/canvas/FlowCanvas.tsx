import { useCallback, useMemo } from 'react';
import { Background, Controls, Panel, ReactFlow, ViewportPortal, type NodeMouseHandler } from '@xyflow/react';
import {
  selectFrom,
  selectPickEndpoint,
  selectSetFrom,
  selectSetTo,
  selectTo,
  selectTopology,
  selectTrace,
  useAppStore,
} from '../../store';
import { nodePorts } from '../playback/frames';
import { framesOf } from '../playback/useFrames';
import { absoluteRects, frameSpots } from './geometry';
import { buildGraph } from './layout';
import { markGraph } from './marks';
import { PacketOverlay } from './PacketOverlay';
import { nodeTypes } from './node-types';
import type { AppEdge, AppNode } from './types';

const fitViewOptions = { padding: 0.06 };
const proOptions = { hideAttribution: false };

/** The cluster as a picture: click elements to choose the ends of a trace; the traced packet plays on it. */
export function FlowCanvas() {
  const topology = useAppStore(selectTopology);
  const from = useAppStore(selectFrom);
  const to = useAppStore(selectTo);
  const trace = useAppStore(selectTrace);
  const pickEndpoint = useAppStore(selectPickEndpoint);
  const setFrom = useAppStore(selectSetFrom);
  const setTo = useAppStore(selectSetTo);

  const base = useMemo(() => (topology ? buildGraph(topology) : null), [topology]);
  const graph = useMemo(() => (base ? markGraph(base, from, to, trace) : null), [base, from, to, trace]);
  const rects = useMemo(() => (base ? absoluteRects(base) : null), [base]);
  const frames = framesOf(trace);
  const spots = useMemo(() => (rects ? frameSpots(frames, rects, nodePorts(trace)) : []), [frames, rects, trace]);

  const onNodeClick = useCallback<NodeMouseHandler<AppNode>>(
    (event, node) => {
      switch (node.type) {
        case 'pod':
          pickEndpoint(node.id, node.data.destination, event.shiftKey);
          break;
        case 'clusterNode':
          pickEndpoint(node.id, `${node.data.ip}:80`, event.shiftKey);
          break;
        case 'external':
          setFrom(node.id);
          break;
        case 'service':
        case 'slb':
          setTo(node.data.destination);
          break;
        case 'vpc':
          break;
        default: {
          const never: never = node;
          void never;
        }
      }
    },
    [pickEndpoint, setFrom, setTo],
  );

  return (
    <div data-testid="canvas" className="h-full w-full">
      {graph && (
        <ReactFlow<AppNode, AppEdge>
          key={topology?.metadata.name}
          nodes={graph.nodes}
          edges={graph.edges}
          nodeTypes={nodeTypes}
          onNodeClick={onNodeClick}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          fitView
          fitViewOptions={fitViewOptions}
          zIndexMode="manual"
          minZoom={0.05}
          onlyRenderVisibleElements
          proOptions={proOptions}
        >
          {frames.length > 0 && (
            <ViewportPortal>
              <PacketOverlay frames={frames} spots={spots} />
            </ViewportPortal>
          )}
          <Background gap={24} size={1} color="#e2e8f0" />
          <Controls showInteractive={false} position="bottom-right" />
          <Panel position="top-right" className="max-w-64 rounded bg-white/80 px-2 py-1 text-[11px] text-slate-500">
            Click a pod: From, then To · shift-click: To · click a service or SLB: To
          </Panel>
        </ReactFlow>
      )}
    </div>
  );
}
