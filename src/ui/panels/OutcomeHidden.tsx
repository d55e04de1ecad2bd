import { useTranslation } from '../../i18n/use-translation';
import { useAppStoreApi } from '../../store';

/** In place of a prediction lesson's verdict until it is revealed: the outcome is what the learner is predicting. */
export function OutcomeHidden() {
  const { t } = useTranslation();
  const store = useAppStoreApi();
  return (
    <span data-testid="trace.outcomeHidden" className="flex items-center gap-1.5">
      <span className="rounded-full bg-slate-200 px-3 py-0.5 text-[13px] font-semibold text-slate-600 ring-1 ring-slate-300">{t('lessons.outcomeHidden')}</span>
      <button type="button" data-testid="trace.revealOutcome" onClick={() => store.getState().revealScore()} className="text-[12px] text-blue-700 underline">
        {t('lessons.revealOutcome')}
      </button>
    </span>
  );
}
