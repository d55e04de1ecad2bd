import { useTranslation } from '../../../i18n/use-translation';
import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { ExternalFlowNode } from '../types';
import type { CanvasKind } from './kind';
import { cn } from '../../lib/cn';
import { MarkBadges, markClass } from '../nodes/MarkBadges';

export const ExternalNode = memo(function ExternalNode({ id, data }: NodeProps<ExternalFlowNode>) {
  const { t } = useTranslation();
  return (
    <div
      data-testid="canvas.node"
      data-kind="external"
      data-ref={id}
      title={t('canvas.clickFrom')}
      className={cn(
        'relative flex h-full w-full cursor-pointer flex-col justify-center rounded-md border px-2.5 shadow-sm hover:border-emerald-500',
        markClass(data, 'border-emerald-300 bg-emerald-50'),
      )}
    >
      <div className="flex items-center gap-1.5">
        <span className="hs-beside rounded bg-emerald-700 px-1 text-[9px] leading-4 font-semibold tracking-wide text-white">
          {data.network === 'vpc' ? 'VPC HOST' : 'INTERNET'}
        </span>
        <span className="hs-name truncate text-[12px] font-semibold text-slate-800">{data.name}</span>
      </div>
      <div className="hs-near font-mono text-[11px] leading-4 text-slate-600">{data.ip}</div>
      <MarkBadges from={data.from} to={data.to} />
    </div>
  );
});

export const externalKind: CanvasKind<ExternalFlowNode> = {
  type: 'external',
  element: 'external',
  component: ExternalNode,
  handles: {},
  viewHandles: [],
  text: (n) => `${n.data.name} ${n.data.ip}`,
  namespace: () => null,
  traceEnd: true,
  holdsPods: false,
};
