import type { DragEvent, KeyboardEvent } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import type { PaletteKind } from '../../model/edit';
import { PALETTE_MIME } from '../canvas/canvas-editing';
import { useCanvasControls } from '../canvas/canvas-controls';

// Labels and hints are i18n keys: palette.<kind> and palette.<kind>Hint.
const ITEMS: { kind: PaletteKind; tag: string; cls: string }[] = [
  { kind: 'node', tag: 'NODE', cls: 'bg-slate-700' },
  { kind: 'pod', tag: 'POD', cls: 'bg-sky-600' },
  { kind: 'service', tag: 'SVC', cls: 'bg-violet-600' },
  { kind: 'loadBalancer', tag: 'SLB', cls: 'bg-orange-600' },
  { kind: 'external', tag: 'EXT', cls: 'bg-emerald-700' },
  { kind: 'router', tag: 'ToR', cls: 'bg-teal-700' },
];

/** What can be added: drag an item onto the canvas, or click it / press Enter or Space on it to add it in view. A strip in the side dock, never over the canvas. */
export function Palette() {
  const { t } = useTranslation();
  const controls = useCanvasControls();
  const onDragStart = (e: DragEvent, kind: PaletteKind) => {
    e.dataTransfer.setData(PALETTE_MIME, kind);
    e.dataTransfer.effectAllowed = 'copy';
  };
  const add = (kind: PaletteKind) => controls.add(kind);
  const onKeyDown = (e: KeyboardEvent, kind: PaletteKind) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    add(kind);
  };
  return (
    <div data-testid="palette" className="grid grid-cols-3 gap-1">
      <div className="col-span-3 px-1 text-[10px] font-semibold tracking-wide text-slate-500 uppercase">{t('palette.heading')}</div>
      {ITEMS.map((it) => (
        <div
          key={it.kind}
          data-testid={`palette.${it.kind}`}
          role="button"
          tabIndex={0}
          draggable
          onDragStart={(e) => onDragStart(e, it.kind)}
          onClick={() => add(it.kind)}
          onKeyDown={(e) => onKeyDown(e, it.kind)}
          title={t(`palette.${it.kind}Hint`)}
          className="flex min-w-0 cursor-grab items-center gap-1.5 truncate rounded border border-slate-200 bg-slate-50 px-1.5 py-1 text-[12px] text-slate-800 select-none hover:border-blue-400 hover:bg-blue-50 focus-visible:outline-2 focus-visible:outline-blue-500 active:cursor-grabbing"
        >
          <span className={`w-9 shrink-0 rounded px-1 text-center text-[9px] leading-4 font-semibold text-white ${it.cls}`}>{it.tag}</span>
          {t(`palette.${it.kind}`)}
        </div>
      ))}
    </div>
  );
}
