import { parseListRef, listRef } from '../../model/element-id';
import { useTranslation } from '../../i18n/use-translation';
import { selectProblems, selectView, selectWarnings, useAppStore } from '../../store';
import { idMap } from '../canvas/place-graph';
import { useCanvasControls } from '../canvas/canvas-controls';
import { useReasonText } from '../lib/useReasonText';
import type { Problem } from '../../model';

/** Every problem of the document, then its warnings; a click selects the element at fault. */
export function ProblemsPanel() {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const problems = useAppStore(selectProblems);
  const warnings = useAppStore(selectWarnings);
  const view = useAppStore(selectView);
  const select = useAppStore((s) => s.select);
  const setTab = useAppStore((s) => s.setSidebarTab);
  const canvas = useCanvasControls();
  const go = (path: string) => {
    const r = parseListRef(path);
    if (!r) {
      setTab('cluster');
      return;
    }
    select([listRef(r.list, r.index)]);
    const id = view ? idMap(view).toId.get(listRef(r.list, r.index)) : undefined;
    if (id) canvas.fitTo([id]);
  };
  if (problems.length === 0 && warnings.length === 0) {
    return (
      <div data-testid="problems" className="p-3 text-[12px] text-emerald-700">
        {t('problems.none')}
      </div>
    );
  }
  const row = (p: Problem, i: number, tone: 'error' | 'warning') => (
    <li key={`${tone}-${i}`}>
      <button
        type="button"
        data-testid={tone === 'error' ? 'problems.item' : 'problems.warning'}
        onClick={() => go(p.path)}
        className={`w-full rounded px-2 py-1 text-left text-[12px] leading-4 hover:bg-slate-100 ${tone === 'error' ? 'text-rose-800' : 'text-amber-800'}`}
      >
        <span className="font-mono text-[11px] text-slate-500">{p.path || t('problems.document')}</span>
        <br />
        {reasonText(p.message, p.why)}
      </button>
    </li>
  );
  return (
    <div data-testid="problems" className="p-2">
      <ul className="flex flex-col gap-0.5">
        {problems.map((p, i) => row(p, i, 'error'))}
        {warnings.map((p, i) => row(p, i, 'warning'))}
      </ul>
    </div>
  );
}
