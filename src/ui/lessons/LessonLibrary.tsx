import { builtins } from '../../scenarios';
import { faultLessons, lessons } from '../../scenarios/lessons';
import { selectLesson, selectLessonError, useAppStore, useAppStoreApi } from '../../store';
import { cn } from '../lib/cn';
import { openLessonById } from './open-lesson';
import { useLang } from './useLang';

const CNIS = ['flannel', 'calico', 'terway'] as const;

/** Every built-in document with its lessons, grouped by CNI, and the find-the-fault lessons: one click opens one. */
export function LessonLibrary() {
  const { t, text } = useLang();
  const store = useAppStoreApi();
  const current = useAppStore(selectLesson)?.lesson.id;
  const error = useAppStore(selectLessonError);
  const close = () => store.getState().setLibraryOpen(false);
  const item = (id: string, row: string, title: string) => (
    <li key={id}>
      <button
        type="button"
        data-testid="library.lesson"
        data-lesson={id}
        onClick={() => void openLessonById(store, id)}
        className={cn('flex w-full items-baseline gap-2 rounded px-2 py-1 text-left text-[13px] hover:bg-blue-50', current === id && 'bg-blue-100')}
      >
        <span className="w-7 shrink-0 font-mono text-[11px] font-semibold text-slate-500">{row}</span>
        <span className="text-slate-800">{title}</span>
      </button>
    </li>
  );
  return (
    <aside data-testid="library" aria-label={t('lessons.library')} className="flex min-h-0 flex-1 flex-col border-b border-slate-200 bg-white">
      <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2">
        <h2 className="text-[14px] font-semibold">{t('lessons.library')}</h2>
        <button type="button" data-testid="library.close" className="px-2 text-slate-500 hover:text-slate-900" onClick={close} aria-label={t('lessons.close')}>
          ×
        </button>
      </div>
      {error && (
        <p role="alert" className="m-2 rounded bg-rose-50 px-2 py-1 text-[12px] text-rose-800">
          {error}
        </p>
      )}
      <div className="min-h-0 flex-1 overflow-auto p-2">
        {CNIS.map((cni) => (
          <section key={cni} data-testid="library.cni" data-cni={cni} className="mb-3">
            <h3 className="px-2 pb-1 text-[11px] font-bold tracking-wide text-slate-500 uppercase">{t(`lessons.cni.${cni}`)}</h3>
            {builtins
              .filter((b) => b.cni === cni)
              .map((b) => {
                const own = lessons.filter((l) => l.doc === b.id);
                if (own.length === 0) return null;
                return (
                  <div key={b.id} className="mb-1.5">
                    <div className="px-2 text-[12px] text-slate-500">{t('lessons.document', { title: b.title })}</div>
                    <ul>{own.map((l) => item(l.id, l.row, text(l.title)))}</ul>
                  </div>
                );
              })}
          </section>
        ))}
        <section data-testid="library.faults" className="mb-3">
          <h3 className="px-2 pb-1 text-[11px] font-bold tracking-wide text-slate-500 uppercase">{t('lessons.faults')}</h3>
          {builtins
            .filter((b) => faultLessons.some((f) => f.doc === b.id))
            .map((b) => (
              <div key={b.id} className="mb-1.5">
                <div className="px-2 text-[12px] text-slate-500">{t('lessons.document', { title: b.title })}</div>
                <ul>{faultLessons.filter((f) => f.doc === b.id).map((f) => item(f.id, f.row, text(f.title)))}</ul>
              </div>
            ))}
        </section>
      </div>
    </aside>
  );
}
