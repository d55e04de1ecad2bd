import { useTranslation } from '../../../i18n/use-translation';
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { PodFlowNode } from '../types';
import type { CanvasKind } from './kind';
import { BOX_TARGET } from './declared-handles';
import { cn } from '../../lib/cn';
import { MarkBadges, markClass } from '../nodes/MarkBadges';
import { useCniPodAddress } from '../cni-marks-lazy';

export const PodNode = memo(function PodNode({ id, data }: NodeProps<PodFlowNode>) {
  const { t } = useTranslation();
  // Set while the CNI ADD that gave this pod its address is on screen.
  const cniAddress = useCniPodAddress(data.ref);
  return (
    <div
      data-testid="canvas.node"
      data-kind="pod"
      data-ref={id}
      data-cni={cniAddress !== null ? 'added' : undefined}
      title={t('canvas.podTitle', { ref: data.ref, ip: data.ip })}
      className={cn(
        'relative flex h-full w-full cursor-pointer flex-col justify-center rounded-md border px-2.5 shadow-sm hover:border-sky-500',
        !data.ready && 'border-dashed opacity-70',
        markClass(data, 'border-sky-300 bg-sky-50'),
        cniAddress !== null && 'outline-2 outline-offset-2 outline-emerald-500',
      )}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} className="invisible!" />
      <div className="truncate text-[12px] leading-4 font-medium text-slate-800">{data.name}</div>
      <div className="flex items-center gap-2 font-mono text-[11px] leading-4 text-slate-500">
        <span
          className={cn(cniAddress !== null && 'rounded bg-emerald-100 px-0.5 font-semibold text-emerald-900')}
          title={cniAddress !== null ? t('canvas.assignedByCni', { ip: cniAddress }) : undefined}
        >
          {data.ip}
        </span>
        {data.namespace !== 'default' && <span className="truncate">ns {data.namespace}</span>}
        {data.hostNetwork && <span className="text-amber-700">hostNetwork</span>}
        {!data.ready && <span className="text-rose-600">{t('canvas.notReady')}</span>}
      </div>
      <MarkBadges from={data.from} to={data.to} />
    </div>
  );
});

export const podKind: CanvasKind<PodFlowNode> = {
  type: 'pod',
  element: 'pod',
  component: PodNode,
  handles: { in: true },
  viewHandles: [BOX_TARGET],
  text: (n) => `${n.data.name} ${n.data.namespace} ${n.data.ip}`,
  namespace: (n) => n.data.namespace,
  traceEnd: true,
  holdsPods: false,
};
