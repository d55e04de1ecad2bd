import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { cn } from '../lib/cn';
import { toggleSection, type DockSection } from '../prefs/dock-prefs';
import { useDockPrefs } from '../prefs/useDockPrefs';

/**
 * One section of the side dock: a heading that folds it (remembered) and its content, at `size`
 * (a height class; empty for the content's own height). The heading stays in sight while the dock scrolls.
 */
export function DockPanel({ section, size, children, extra }: { section: DockSection; size: string; children: ReactNode; extra?: ReactNode }) {
  const { t } = useTranslation();
  const folded = useDockPrefs().folded.includes(section);
  const title = t(`dock.${section}`);
  return (
    <section
      data-testid={`dock.${section}`}
      data-folded={folded || undefined}
      className={cn('flex shrink-0 flex-col border-b border-slate-200', !folded && size)}
    >
      <div className="sticky top-0 z-10 flex h-7 shrink-0 items-center gap-1 bg-slate-100 px-2 dark:bg-slate-800">
        <button
          type="button"
          data-testid={`dock.${section}.fold`}
          aria-expanded={!folded}
          title={t(folded ? 'dock.unfold' : 'dock.fold', { section: title })}
          onClick={() => toggleSection(section)}
          className="flex min-w-0 flex-1 items-center gap-1.5 text-left text-[11px] font-semibold tracking-wide text-slate-600 uppercase hover:text-slate-900"
        >
          <span aria-hidden className="w-3 text-slate-400">
            {folded ? '▸' : '▾'}
          </span>
          {title}
        </button>
        {extra}
      </div>
      {!folded && <div className="flex min-h-0 flex-1 flex-col">{children}</div>}
    </section>
  );
}
