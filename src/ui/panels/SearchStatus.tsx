import { useTranslation } from '../../i18n/use-translation';
import { selectSearchProgress, selectStopSearch, useAppStore } from '../../store';
import { formatCovered } from '../lib/format';

/** While the worker searches every outcome: how far it has come, and a Stop that lists what it found. */
export function SearchStatus({ action }: { action: string }) {
  const progress = useAppStore(selectSearchProgress);
  const stop = useAppStore(selectStopSearch);
  const { t } = useTranslation();
  return (
    <div data-testid="trace.searching" className="flex items-center gap-2 rounded-md bg-blue-50 px-2 py-1 text-[12.5px] text-blue-950">
      <span role="status" data-testid="trace.searchProgress" className="min-w-0 flex-1 tabular-nums">
        {progress
          ? t('result.searching', { walked: progress.walked.toLocaleString('en-US'), covered: formatCovered(progress.covered) })
          : t('result.searchStarting')}
      </span>
      <button type="button" data-testid="trace.stopSearch" className={action} onClick={stop} title={t('result.stopTitle')}>
        {t('result.stop')}
      </button>
    </div>
  );
}
