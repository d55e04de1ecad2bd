import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { ClusterNodeFlowNode } from '../types';
import { cn } from '../../lib/cn';
import { MarkBadges, markClass } from './MarkBadges';
import { PortChip } from './PortChip';
import { NodeFaultBadge } from '../../faults/FaultBadge';

/** A cluster node (ECS instance): its pods are child nodes laid inside this box. */
export const ClusterNodeBox = memo(function ClusterNodeBox({ data }: NodeProps<ClusterNodeFlowNode>) {
  return (
    <div
      data-testid="canvas.node"
      data-kind="node"
      data-ref={`node:${data.name}`}
      className={cn('relative h-full w-full rounded-lg border-2 shadow-sm', markClass(data, 'border-slate-300 bg-white'))}
    >
      <div className="px-3 pt-2">
        <div className="flex items-center gap-1.5">
          <span className="rounded bg-slate-700 px-1 text-[9px] leading-4 font-semibold tracking-wide text-white">NODE</span>
          <span className="truncate text-[12px] font-semibold text-slate-800" title={data.name}>
            {data.name}
          </span>
        </div>
        <div className="mt-0.5 flex gap-3 font-mono text-[11px] whitespace-nowrap text-slate-500">
          <span>eth0 {data.ip}</span>
          {data.podCIDR && <span>pods {data.podCIDR}</span>}
          {data.enis.length > 0 && <span>ENIs {data.enis.join(', ')}</span>}
        </div>
      </div>
      {data.devices?.map((dev, i, all) => <PortChip key={dev} node={`node:${data.name}`} device={dev} index={i} all={all} />)}
      <MarkBadges from={data.from} to={data.to} />
      <NodeFaultBadge name={data.name} />
    </div>
  );
});
