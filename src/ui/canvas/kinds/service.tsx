import { useTranslation } from '../../../i18n/use-translation';
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { ServiceFlowNode } from '../types';
import type { CanvasKind } from './kind';
import { BOX_TARGET, BOX_SOURCE } from './declared-handles';
import { cn } from '../../lib/cn';
import { MarkBadges, markClass } from '../nodes/MarkBadges';

export const ServiceNode = memo(function ServiceNode({ id, data }: NodeProps<ServiceFlowNode>) {
  const { t } = useTranslation();
  return (
    <div
      data-testid="canvas.node"
      data-kind="service"
      data-ref={id}
      title={t('canvas.clickTo', { dest: data.destination })}
      className={cn(
        'relative flex h-full w-full cursor-pointer flex-col justify-center rounded-md border px-2.5 shadow-sm hover:border-violet-500',
        markClass(data, 'border-violet-300 bg-violet-50'),
      )}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} className="invisible!" />
      <div className="flex items-center gap-1.5">
        <span className="hs-beside rounded bg-violet-600 px-1 text-[9px] leading-4 font-semibold tracking-wide text-white">SVC</span>
        <span className="hs-name truncate text-[12px] font-semibold text-slate-800">
          {data.namespace === 'default' ? data.name : `${data.namespace}/${data.name}`}
        </span>
      </div>
      <div className="hs-near flex gap-2 font-mono text-[11px] leading-4 whitespace-nowrap text-slate-600">
        <span>{data.clusterIP}</span>
        <span className="truncate text-slate-500">{data.ports}</span>
      </div>
      <div className="hs-near text-[10px] leading-4 text-slate-500">
        {data.type}
        {data.type !== 'ClusterIP' && ` · ETP ${data.etp}`}
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="invisible!" />
      <MarkBadges from={data.from} to={data.to} />
    </div>
  );
});

export const serviceKind: CanvasKind<ServiceFlowNode> = {
  type: 'service',
  element: 'service',
  component: ServiceNode,
  handles: { in: true, out: true },
  viewHandles: [BOX_TARGET, BOX_SOURCE],
  text: (n) => `${n.data.name} ${n.data.namespace} ${n.data.clusterIP}`,
  namespace: (n) => n.data.namespace,
  traceEnd: true,
  holdsPods: false,
};
