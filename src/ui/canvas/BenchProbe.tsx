import { useContext, useEffect } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { renderCount } from './kinds/render-count';
import { placementCount } from './placement-count';
import { WholeCanvasContext } from './visible-elements';

type View = { x: number; y: number; zoom: number };

/** What benchmarks and the scale test read and drive from the page (see e2e/bench/compare.ts, e2e/scale.spec.ts). */
export interface BenchApi {
  viewport: { get(): View; set(v: View): void };
  /** Moves the view by (dx, dy) screen pixels: pans without landing on a node. */
  panBy(dx: number, dy: number): void;
  /** The whole picture's nodes and edges (React Flow may hold only those in view): ids, parents, positions, sizes, stacking, hidden (the plain page redraws them). */
  snapshot(): {
    nodes: { id: string; parentId?: string; position: { x: number; y: number }; width?: number; height?: number; zIndex?: number; hidden?: boolean }[];
    edges: { id: string; source: string; target: string; zIndex?: number }[];
  };
  /** The node objects React Flow holds, as they are (tests compare their identity across a trace). */
  nodeObjects(): readonly object[];
  /** Element views mounted, and drawn after each mount or change, since the page loaded. */
  renders(): { mounts: number; draws: number };
  /** Graphs built on the main thread, and graphs built and pictures placed in the place worker, since the page loaded. */
  placements(): { mainBuilds: number; worker: { builds: number; places: number; ahead: number } };
}

/**
 * The page's window on the canvas for benchmarks, as `window.__hopscopeCanvas` while the canvas is
 * mounted. Nothing in the app reads it: panels use canvas-controls.
 */
export function BenchProbe() {
  const flow = useReactFlow();
  const store = useStoreApi();
  const whole = useContext(WholeCanvasContext);
  useEffect(() => {
    const api: BenchApi = {
      viewport: { get: () => flow.getViewport(), set: (v) => void flow.setViewport(v) },
      panBy: (dx, dy) => {
        const v = flow.getViewport();
        void flow.setViewport({ x: v.x + dx, y: v.y + dy, zoom: v.zoom });
      },
      snapshot: () => ({
        nodes: (whole?.nodes ?? flow.getNodes()).map((n) => ({
          id: n.id,
          ...(n.parentId ? { parentId: n.parentId } : {}),
          position: n.position,
          width: n.width,
          height: n.height,
          zIndex: n.zIndex,
          ...(n.hidden ? { hidden: true } : {}),
        })),
        edges: (whole?.edges ?? flow.getEdges()).map((e) => ({ id: e.id, source: e.source, target: e.target, zIndex: e.zIndex })),
      }),
      // (getNodes() hands out copies: the store holds the objects React Flow adopted.)
      nodeObjects: () => store.getState().nodes,
      renders: () => ({ ...renderCount }),
      placements: () => ({ mainBuilds: placementCount.mainBuilds, worker: { ...placementCount.worker } }),
    };
    const page = window as { __hopscopeCanvas?: BenchApi };
    page.__hopscopeCanvas = api;
    return () => {
      if (page.__hopscopeCanvas === api) delete page.__hopscopeCanvas;
    };
  }, [flow, store, whole]);
  return null;
}
