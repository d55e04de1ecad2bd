import { useTranslation } from '../../i18n/use-translation';
import { selectDocStatus, selectLibraryOpen, selectSummary, useAppStore, useAppStoreApi } from '../../store';
import { LanguageSwitch } from '../prefs/LanguageSwitch';
import { ThemeToggle } from '../prefs/ThemeToggle';
import { ExportMenu } from '../export/ExportMenu';
import { ShareMenu } from '../share/ShareMenu';
import { documentCounts } from './counts';

const tool = 'h-7 whitespace-nowrap rounded-md border border-[#ffffff33] bg-[#ffffff0d] px-2.5 text-[12px] font-medium text-white hover:bg-[#ffffff26]';

/** The app bar: what document is open and whether it loaded. */
export function Header() {
  const summary = useAppStore(selectSummary);
  const status = useAppStore(selectDocStatus);
  const c = summary?.counts;
  const { t } = useTranslation();
  const store = useAppStoreApi();
  const libraryOpen = useAppStore(selectLibraryOpen);
  return (
    <header data-testid="app.header" className="flex items-center gap-4 border-b border-slate-200 bg-slate-900 px-4 py-2 text-white dark:bg-[#020617]">
      <h1 className="text-[15px] font-bold tracking-tight">Hopscope</h1>
      {summary && (
        <div className="flex min-w-0 items-baseline gap-3 text-[13px]">
          <span data-testid="doc.title" className="truncate font-medium">
            {summary.title}
          </span>
          <span className="min-w-0 truncate text-slate-400">
            {t('app.summary', { cni: summary.cni, kubeProxy: summary.kubeProxy })}
            {c && documentCounts(t, c)}
          </span>
        </div>
      )}
      <span data-testid="doc.status" className="ml-auto text-[12px] text-slate-400">
        {status === 'loading' ? t('app.loadingDocument') : status === 'invalid' ? t('app.documentProblems') : ''}
      </span>
      <nav className="flex items-center gap-2">
        <button
          type="button"
          data-testid="lessons.open"
          aria-pressed={libraryOpen}
          title={t('lessons.openTitle')}
          className={tool}
          onClick={() => store.getState().setLibraryOpen(!libraryOpen)}
        >
          {t('lessons.open')}
        </button>
        <ExportMenu className={tool} />
        <ShareMenu buttonClass={tool} />
        <LanguageSwitch className="h-7 rounded-md border border-[#ffffff33] bg-[#1e293b] px-1 text-[12px] text-white" />
        <ThemeToggle className={`${tool} w-8 px-0`} />
      </nav>
    </header>
  );
}
