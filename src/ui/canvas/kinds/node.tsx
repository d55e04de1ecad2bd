import { useTranslation } from '../../../i18n/use-translation';
import { memo, useMemo, type MouseEvent } from 'react';
import type { NodeProps } from '@xyflow/react';
import { selectToggleCollapsed, useAppStore } from '../../../store';
import type { ClusterNodeFlowNode } from '../types';
import type { CanvasKind } from './kind';
import { cn } from '../../lib/cn';
import { SIZE } from '../layout';
import { MarkBadges, markClass } from '../nodes/MarkBadges';
import { PortStrip } from '../nodes/PortChip';
import { NodeFaultBadge } from '../../faults/FaultBadge';
import { CniNodeMarks } from '../cni-marks-lazy';

const stop = (e: MouseEvent) => e.stopPropagation();

/** A cluster node (ECS instance): its pods are child nodes laid inside this box, or a one-line summary when collapsed. */
export const ClusterNodeBox = memo(function ClusterNodeBox({ id, data }: NodeProps<ClusterNodeFlowNode>) {
  const { t } = useTranslation();
  const toggle = useAppStore(selectToggleCollapsed);
  const pods = data.pods ?? 0;
  return (
    <div
      data-testid="canvas.node"
      data-kind="node"
      data-ref={id}
      data-collapsed={data.collapsed ? 'true' : undefined}
      className={cn('relative h-full w-full rounded-lg border-2 shadow-sm', markClass(data, 'border-slate-300 bg-white'))}
    >
      {data.frames?.map((f) => (
        <div
          key={f.first}
          data-testid="canvas.nsframe"
          data-namespace={f.namespace}
          className="pointer-events-none absolute rounded-md border-2"
          style={{
            borderColor: f.color,
            backgroundColor: `${f.color}14`,
            left: SIZE.nodePad - 5,
            right: SIZE.nodePad - 5,
            top: SIZE.nodeHeader + f.first * (SIZE.podH + SIZE.podGap) - 5,
            height: f.count * (SIZE.podH + SIZE.podGap) - SIZE.podGap + 10,
          }}
        >
          {/* Beside the box's right edge: pods cover everything inside the frame. */}
          <span
            className="hs-near absolute top-0 max-h-full overflow-hidden rounded-r px-px py-1 text-[9px] leading-3 font-semibold whitespace-nowrap text-white"
            style={{ backgroundColor: f.color, left: 'calc(100% + 5px)', writingMode: 'vertical-rl' }}
          >
            {f.namespace}
          </span>
        </div>
      ))}
      <div className="px-3 pt-2">
        <div className="flex items-center gap-1.5">
          <button
            type="button"
            data-testid="canvas.node.collapse"
            aria-expanded={!data.collapsed}
            aria-label={t(data.collapsed ? 'canvas.showPods' : 'canvas.foldPods', { name: data.name })}
            title={t(data.collapsed ? 'canvas.showPodsTitle' : 'canvas.foldPodsTitle')}
            className="hs-beside nodrag nopan -ml-1 flex h-4 w-4 shrink-0 items-center justify-center rounded text-[10px] leading-none text-slate-500 hover:bg-slate-200 hover:text-slate-800"
            onClick={(e) => {
              e.stopPropagation();
              toggle(id);
            }}
            onDoubleClick={stop}
          >
            {data.collapsed ? '▸' : '▾'}
          </button>
          <span className="hs-beside rounded bg-slate-700 px-1 text-[9px] leading-4 font-semibold tracking-wide text-white">NODE</span>
          <span className="hs-name truncate text-[12px] font-semibold text-slate-800" title={data.name}>
            {data.name}
          </span>
        </div>
        <div className="hs-near mt-0.5 flex gap-3 font-mono text-[11px] whitespace-nowrap text-slate-500">
          <span>eth0 {data.ip}</span>
          {data.podCIDR && <span>pods {data.podCIDR}</span>}
          {data.enis.length > 0 && <span>ENIs {data.enis.join(', ')}</span>}
        </div>
        {data.collapsed && (
          <div
            data-testid="canvas.node.summary"
            className="hs-near mt-2.5 rounded border border-dashed border-sky-300 bg-sky-50 px-2 text-[11px] leading-5 text-slate-600"
          >
            {pods} pod{pods === 1 ? '' : 's'} · double-click to show
          </div>
        )}
      </div>
      {data.podLayer && <PodLayer count={data.podLayer.count} marked={data.podLayer.marked} />}
      {data.devices && <PortStrip node={id} name={data.name} devices={data.devices} />}
      <MarkBadges from={data.from} to={data.to} />
      <NodeFaultBadge name={data.name} />
      <CniNodeMarks name={data.name} devices={data.devices} />
    </div>
  );
});

const POD_STEP = SIZE.podH + SIZE.podGap;
const podRects = (places: Iterable<number>) => {
  let d = '';
  for (const j of places) d += `M${SIZE.nodePad - 2},${SIZE.nodeHeader - 2 + j * POD_STEP}h${SIZE.podW}v${SIZE.podH}h${-SIZE.podW}z`;
  return d;
};

/** Far away: the node's pods as one SVG (a path for all, one for those marked), not an element each. */
const PodLayer = memo(function PodLayer({ count, marked }: { count: number; marked: number[] }) {
  const all = useMemo(() => podRects(Array.from({ length: count }, (_, j) => j)), [count]);
  const on = useMemo(() => podRects(marked), [marked]);
  return (
    <svg data-testid="canvas.podLayer" data-pods={count} className="pointer-events-none absolute top-0 left-0 h-full w-full overflow-visible" aria-hidden>
      <path d={all} className="fill-sky-50 stroke-sky-300" strokeWidth={2} />
      {marked.length > 0 && <path d={on} className="fill-amber-50 stroke-amber-400" strokeWidth={4} />}
    </svg>
  );
});

export const nodeKind: CanvasKind<ClusterNodeFlowNode> = {
  type: 'clusterNode',
  element: 'node',
  component: ClusterNodeBox,
  handles: { in: true },
  viewHandles: [],
  text: (n) => `${n.data.name} ${n.data.ip} ${n.data.podCIDR ?? ''}`,
  namespace: () => null,
  traceEnd: true,
  holdsPods: true,
};
