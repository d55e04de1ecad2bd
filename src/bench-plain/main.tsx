/**
 * The benchmarks' baseline: a plain React Flow page drawing the graph the app drew (same ids,
 * parents, positions, sizes, stacking; default nodes; the app's initial view options). Built apart
 * from the app (e2e/bench/plain.vite.config.ts) and never shipped; the bench hands it the graph as
 * /plain-graph.json. See e2e/bench/compare.ts.
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';

interface Snapshot {
  nodes: { id: string; parentId?: string; position: { x: number; y: number }; width?: number; height?: number; zIndex?: number; hidden?: boolean }[];
  edges: { id: string; source: string; target: string; zIndex?: number }[];
}

const fitViewOptions = { padding: 0.06, maxZoom: 1 };

function Api({ setNodes }: { setNodes: (f: (ns: Node[]) => Node[]) => void }) {
  const rf = useReactFlow();
  useEffect(() => {
    (window as unknown as { __plain: unknown }).__plain = {
      panBy(dx: number, dy: number) {
        const v = rf.getViewport();
        void rf.setViewport({ x: v.x + dx, y: v.y + dy, zoom: v.zoom });
      },
      viewport: { get: () => rf.getViewport(), set: (v: { x: number; y: number; zoom: number }) => void rf.setViewport(v) },
      /** Marks these nodes as on the path (what the app does when a trace answers). */
      mark(ids: string[]) {
        const on = new Set(ids);
        setNodes((ns) => ns.map((n) => (on.has(n.id) ? { ...n, className: 'hl', style: { ...n.style, borderColor: '#f59e0b', background: '#fffbeb' } } : n)));
      },
    };
  }, [rf, setNodes]);
  return null;
}

function Plain({ graph }: { graph: Snapshot }) {
  const [nodes, setNodes] = useState<Node[]>(() => graph.nodes.map((n) => ({ ...n, data: { label: n.id }, style: { width: n.width, height: n.height } })));
  const edges: Edge[] = graph.edges;
  return (
    <div style={{ width: '100vw', height: '100vh' }}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        onNodesChange={undefined}
        fitView
        fitViewOptions={fitViewOptions}
        minZoom={0.05}
        zIndexMode="manual"
        onlyRenderVisibleElements
      >
        <Api setNodes={setNodes} />
      </ReactFlow>
    </div>
  );
}

void fetch('/plain-graph.json')
  .then((r) => r.json() as Promise<Snapshot>)
  .then((graph) =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <ReactFlowProvider>
          <Plain graph={graph} />
        </ReactFlowProvider>
      </StrictMode>,
    ),
  );
