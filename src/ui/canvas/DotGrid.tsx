import { createPortal } from 'react-dom';
import { useStore, type ReactFlowState } from '@xyflow/react';

/** How far the grid reaches around the flow origin, in flow pixels (past the widest generated cluster at the least zoom). */
const REACH = 100_000;

const viewportOf = (s: ReactFlowState) => s.domNode?.querySelector<HTMLElement>('.react-flow__viewport') ?? null;

/**
 * The canvas's dot grid, drawn inside React Flow's viewport (below its edges and nodes), so that a pan
 * moves it with them as one composited layer instead of painting it again.
 *
 * NOTE: React Flow's <Background> is an SVG pattern whose offset changes with every pan frame, so the
 * whole canvas was rasterised again each frame: with software compositing, most of a pan frame's time.
 */
export function DotGrid({ gap, size, color }: { gap: number; size: number; color: string }) {
  const viewport = useStore(viewportOf);
  if (!viewport) return null;
  const r = size / 2;
  return createPortal(
    <div
      data-testid="canvas.grid"
      aria-hidden
      className="pointer-events-none absolute"
      style={{
        left: -REACH,
        top: -REACH,
        width: 2 * REACH,
        height: 2 * REACH,
        zIndex: -1,
        backgroundImage: `radial-gradient(circle at ${gap / 2}px ${gap / 2}px, ${color} ${r}px, transparent ${r + 0.5}px)`,
        backgroundSize: `${gap}px ${gap}px`,
        backgroundPosition: `${gap / 2}px ${gap / 2}px`,
      }}
    />,
    viewport,
  );
}
