import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { VpcFlowNode } from '../types';
import type { CanvasKind } from './kind';
import { cn } from '../../lib/cn';
import { VpcFaultBadge } from '../../faults/FaultBadge';

/** The VPC: the cloud network every node sits in; its route table carries pod blocks between nodes. */
export const VpcBox = memo(function VpcBox({ data }: NodeProps<VpcFlowNode>) {
  return (
    <div
      data-testid="canvas.node"
      data-kind="vpc"
      data-ref="vpc"
      className={cn(
        'relative h-full w-full rounded-xl border-2 border-dashed',
        data.onPath ? 'border-amber-400 bg-amber-50/40' : 'border-indigo-300 bg-indigo-50/40',
      )}
    >
      <div className="px-4 pt-1.5 text-[12px] font-semibold text-indigo-700">
        {data.title} <span className="font-mono font-normal text-indigo-500">{data.cidr}</span>
      </div>
      <VpcFaultBadge />
    </div>
  );
});

export const vpcKind: CanvasKind<VpcFlowNode> = {
  type: 'vpc',
  // The VPC box wraps the nodes; it is no element of the document and never an end of a trace.
  element: null,
  component: VpcBox,
  handles: {},
  viewHandles: [],
  text: () => null,
  namespace: () => null,
  traceEnd: false,
  holdsPods: false,
};
