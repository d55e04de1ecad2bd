import { useEffect } from 'react';
import { useStore, useUpdateNodeInternals, type ReactFlowState } from '@xyflow/react';

/** The nodes React Flow holds a size for but no handle positions, as one string (compared by value, so a store change that leaves it alone re-renders nothing). */
const sizedWithoutHandles = (s: ReactFlowState): string => {
  const ids: string[] = [];
  for (const n of s.nodeLookup.values()) if (n.measured.width && n.measured.height && !n.internals.handleBounds) ids.push(n.id);
  return ids.join('\n');
};

/**
 * Measures again a node React Flow knows the size of but not the handles of, whose edges it would otherwise never draw.
 * NOTE: a node handed over with the size measured before (src/ui/canvas/keep-measured.ts) keeps the handle bounds React Flow
 * had; handed over before React Flow's first measurement landed it has none, and React Flow, seeing a size, does not
 * observe it again (xyflow#4888). On Preact's scheduling the embed met this on one node in a few loads (an edge missing).
 */
export function RemeasureHandles() {
  const ids = useStore(sizedWithoutHandles);
  const update = useUpdateNodeInternals();
  useEffect(() => {
    if (ids) update(ids.split('\n'));
  }, [ids, update]);
  return null;
}
