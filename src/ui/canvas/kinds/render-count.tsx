import { memo, useEffect, type ComponentType } from 'react';
import type { NodeProps } from '@xyflow/react';

/** How often element views were drawn: mounted, and drawn again while mounted (read by tests through the bench probe). */
export const renderCount = { mounts: 0, draws: 0 };

/** `View`, counting its draws in `renderCount` (a pan must draw no element again; see e2e/scale.spec.ts). */
export function counted(View: ComponentType<NodeProps>): ComponentType<NodeProps> {
  return memo(function Counted(props: NodeProps) {
    useEffect(() => {
      renderCount.mounts++;
    }, []);
    // After every draw, the first (the mount) included.
    useEffect(() => {
      renderCount.draws++;
    });
    return <View {...props} />;
  });
}
