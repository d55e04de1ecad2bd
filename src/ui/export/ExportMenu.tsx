import { useCallback, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { selectFrame, selectSummary, selectTrace, selectView, useAppStore, useAppStoreApi } from '../../store';
import { collapsedForTrace } from '../../layout/place';
import { loadedAutoLayout } from '../canvas/auto-layout-loader';
import { getTheme } from '../prefs/theme';
import type { ExportFormat } from '../../worker/protocol';
import { download, fileStem } from './download';
import { useClickOutside } from '../lib/useClickOutside';

const item = 'rounded px-2 py-1 text-left text-[12px] hover:bg-slate-100 disabled:text-slate-300';
type Kind = 'png' | 'svg' | ExportFormat;

const TRACE_FILES: Record<ExportFormat, { ext: string; type: string }> = {
  markdown: { ext: 'md', type: 'text/markdown' },
  json: { ext: 'json', type: 'application/json' },
  pcapng: { ext: 'pcapng', type: 'application/vnd.tcpdump.pcap' },
};

/**
 * Export: the canvas as PNG or SVG at the frame on screen, the trace as a Markdown table, JSON,
 * or a pcapng of what each capture point records. Pictures are drawn here by the pure renderer
 * (loaded on first use) in the theme on screen, with the document and the request inside them;
 * trace files are made in the worker.
 */
export function ExportMenu({ className }: { className: string }) {
  const { t } = useTranslation();
  const store = useAppStoreApi();
  const trace = useAppStore(selectTrace);
  const summary = useAppStore(selectSummary);
  const frame = useAppStore(selectFrame);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<Kind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const menu = useRef<HTMLDivElement>(null);

  const closeMenu = useCallback(() => setOpen(false), []);
  useClickOutside(menu, open, closeMenu);

  const stem = fileStem(summary?.name);
  const run = async (kind: Kind) => {
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'png' || kind === 'svg') {
        const s = store.getState();
        const view = selectView(s);
        if (!view || !s.doc) throw new Error(t('export.noCanvas'));
        const { picture } = await import('./picture');
        const drawn = await picture(kind, {
          document: s.doc,
          trace: s.trace,
          hop: s.frame,
          theme: getTheme(),
          collapsed: collapsedForTrace(s.collapsed, view, s.trace),
          groupByNamespace: s.groupByNamespace,
          autoLayout: loadedAutoLayout() !== null,
        });
        download(`${stem}-hop-${frame + 1}.${kind}`, drawn, kind === 'svg' ? 'image/svg+xml' : 'image/png');
      } else {
        const r = await store.getState().exportTrace(kind);
        if (!r.ok) throw new Error(r.error);
        const f = TRACE_FILES[kind];
        download(`${stem}-trace.${f.ext}`, r.format === 'pcapng' ? r.bytes : r.text, f.type);
      }
      setOpen(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const entry = (kind: Kind, label: string, needsTrace: boolean) => (
    <button type="button" data-testid={`export.${kind}`} className={item} disabled={busy !== null || (needsTrace && !trace)} onClick={() => void run(kind)}>
      {busy === kind ? t('export.working') : label}
    </button>
  );

  return (
    <div ref={menu} className="relative">
      <button type="button" data-testid="export.menu" className={className} title={t('export.title')} onClick={() => setOpen(!open)}>
        {t('export.button')} ▾
      </button>
      {open && (
        <div data-testid="export.items" className="absolute top-8 right-0 z-50 flex w-56 flex-col rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <div className="px-2 pt-1 text-[10px] font-semibold tracking-wide text-slate-400 uppercase">{t('export.canvas')}</div>
          {entry('png', t('export.png'), false)}
          {entry('svg', t('export.svg'), false)}
          <div className="mt-1 border-t border-slate-100 px-2 pt-1 text-[10px] font-semibold tracking-wide text-slate-400 uppercase">{t('export.trace')}</div>
          {entry('markdown', t('export.markdown'), true)}
          {entry('json', t('export.json'), true)}
          {entry('pcapng', t('export.pcapng'), true)}
          {error && (
            <p data-testid="export.error" role="alert" className="px-2 py-1 text-[11px] text-rose-700">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
