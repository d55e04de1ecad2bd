import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { EDIT_HANDLE } from './handles';
import type { CanvasKind } from './kind';
import { EDIT_OUT } from './declared-handles';
import type { RouterFlowNode } from '../types';

/** A ToR router (Calico BGP peering with the nodes it lists). */
export const RouterNode = memo(function RouterNode({ id, data }: NodeProps<RouterFlowNode>) {
  return (
    <div
      data-testid="canvas.node"
      data-kind="router"
      data-ref={id}
      className="group/edit flex h-full w-full flex-col justify-center rounded-md border border-teal-300 bg-teal-50 px-2.5 shadow-sm"
    >
      <div className="flex items-center gap-1.5">
        <span className="rounded bg-teal-700 px-1 text-[9px] leading-4 font-semibold tracking-wide text-white">ToR</span>
        <span className="truncate text-[12px] font-semibold text-slate-800">{data.name}</span>
      </div>
      <div className="font-mono text-[11px] leading-4 text-slate-600">
        AS {data.asn} · {data.peers} peer{data.peers === 1 ? '' : 's'}
      </div>
      <Handle id="edit-out" type="source" position={Position.Bottom} className={EDIT_HANDLE} />
    </div>
  );
});

export const routerKind: CanvasKind<RouterFlowNode> = {
  type: 'router',
  element: 'router',
  component: RouterNode,
  // NOTE: its handle is drawn by RouterNode itself (at its bottom edge), not added around it.
  handles: {},
  viewHandles: [EDIT_OUT],
  text: (n) => `${n.data.name} ${n.data.ip ?? ''}`,
  namespace: () => null,
  traceEnd: false,
  holdsPods: false,
};
