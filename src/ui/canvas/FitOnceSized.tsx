import { useEffect, useRef } from 'react';
import { useReactFlow, useStore, type FitViewOptions, type ReactFlowState } from '@xyflow/react';

const sized = (s: ReactFlowState): boolean => s.width > 0 && s.height > 0 && s.nodeLookup.size > 0;

/**
 * Fits the view once the pane has a size, if nothing has moved it yet. NOTE: React Flow's `fitView` runs when the
 * nodes are ready; nodes handed over with their sizes declared are ready at once, and when that lands before the
 * pane's first measurement the fit is lost and the view stays at (0, 0, 1) — on the Preact embed about one load in four.
 */
export function FitOnceSized({ options }: { options: FitViewOptions }) {
  const ready = useStore(sized);
  const { fitView, getViewport } = useReactFlow();
  const done = useRef(false);
  useEffect(() => {
    if (!ready || done.current) return;
    done.current = true;
    const t = requestAnimationFrame(() => {
      const { x, y, zoom } = getViewport();
      if (x === 0 && y === 0 && zoom === 1) void fitView(options);
    });
    return () => cancelAnimationFrame(t);
  }, [ready, fitView, getViewport, options]);
  return null;
}
