import { useTranslation } from '../../../i18n/use-translation';
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { SlbFlowNode } from '../types';
import type { CanvasKind } from './kind';
import { BOX_SOURCE } from './declared-handles';
import { cn } from '../../lib/cn';
import { MarkBadges, markClass } from '../nodes/MarkBadges';

export const SlbNode = memo(function SlbNode({ id, data }: NodeProps<SlbFlowNode>) {
  const { t } = useTranslation();
  return (
    <div
      data-testid="canvas.node"
      data-kind="slb"
      data-ref={id}
      title={t('canvas.clickTo', { dest: data.destination })}
      className={cn(
        'relative flex h-full w-full cursor-pointer flex-col justify-center rounded-md border px-2.5 shadow-sm hover:border-orange-500',
        markClass(data, 'border-orange-300 bg-orange-50'),
      )}
    >
      <div className="flex items-center gap-1.5">
        <span className="hs-beside rounded bg-orange-600 px-1 text-[9px] leading-4 font-semibold tracking-wide text-white">SLB</span>
        <span className="hs-name truncate text-[12px] font-semibold text-slate-800">{data.name}</span>
      </div>
      <div className="hs-near font-mono text-[11px] leading-4 text-slate-600">
        {data.ip} <span className="font-sans text-slate-400">→ {data.backend}</span>
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="invisible!" />
      <MarkBadges from={data.from} to={data.to} />
    </div>
  );
});

export const slbKind: CanvasKind<SlbFlowNode> = {
  type: 'slb',
  element: 'loadBalancer',
  component: SlbNode,
  handles: { out: true },
  viewHandles: [BOX_SOURCE],
  text: (n) => `${n.data.name} ${n.data.ip}`,
  namespace: () => null,
  traceEnd: true,
  holdsPods: false,
};
