import type { DragEvent } from 'react';
import type { PaletteKind } from '../../model/edit';
import { PALETTE_MIME } from './useEditorFlow';

const ITEMS: { kind: PaletteKind; label: string; tag: string; cls: string; hint: string }[] = [
  { kind: 'node', label: 'Node', tag: 'NODE', cls: 'bg-slate-700', hint: 'a cluster node (VM) in the VPC' },
  { kind: 'pod', label: 'Pod', tag: 'POD', cls: 'bg-sky-600', hint: 'drop onto a node: it runs there' },
  { kind: 'service', label: 'Service', tag: 'SVC', cls: 'bg-violet-600', hint: 'drag its bottom handle to a pod to select it' },
  { kind: 'loadBalancer', label: 'SLB', tag: 'SLB', cls: 'bg-orange-600', hint: 'drag its handle to a service to put it behind' },
  { kind: 'external', label: 'External client', tag: 'EXT', cls: 'bg-emerald-700', hint: 'a host on the internet or in the VPC' },
  { kind: 'router', label: 'ToR router', tag: 'ToR', cls: 'bg-teal-700', hint: 'Calico BGP: drag its handle to a node to peer' },
];

/** What can be added: drag an item onto the canvas. */
export function Palette() {
  const onDragStart = (e: DragEvent, kind: PaletteKind) => {
    e.dataTransfer.setData(PALETTE_MIME, kind);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <div data-testid="palette" className="flex w-36 flex-col gap-1 rounded-lg border border-slate-200 bg-white/95 p-1.5 shadow-sm">
      <div className="px-1 text-[10px] font-semibold tracking-wide text-slate-500 uppercase">Drag onto the canvas</div>
      {ITEMS.map((it) => (
        <div
          key={it.kind}
          data-testid={`palette.${it.kind}`}
          draggable
          onDragStart={(e) => onDragStart(e, it.kind)}
          title={it.hint}
          className="flex cursor-grab items-center gap-1.5 rounded border border-slate-200 bg-slate-50 px-1.5 py-1 text-[12px] text-slate-800 select-none hover:border-blue-400 hover:bg-blue-50 active:cursor-grabbing"
        >
          <span className={`w-9 shrink-0 rounded px-1 text-center text-[9px] leading-4 font-semibold text-white ${it.cls}`}>{it.tag}</span>
          {it.label}
        </div>
      ))}
    </div>
  );
}
