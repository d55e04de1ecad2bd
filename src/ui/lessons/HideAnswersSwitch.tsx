import { selectHideAnswers, useAppStore, useAppStoreApi } from '../../store';
import { cn } from '../lib/cn';
import { useLang } from './useLang';

/** "Hide answers": no fault marks, cause or fix before a find-the-fault lesson is answered; no outcome before a prediction is revealed. */
export function HideAnswersSwitch({ large = false, testId = 'lesson.hideAnswers' }: { large?: boolean; testId?: string }) {
  const { t } = useLang();
  const store = useAppStoreApi();
  const on = useAppStore(selectHideAnswers);
  return (
    <label
      title={t('lessons.hideAnswersTitle')}
      className={cn('flex cursor-pointer items-center gap-1.5 text-slate-700 select-none', large ? 'text-[18px]' : 'text-[12px]')}
    >
      <input
        type="checkbox"
        role="switch"
        data-testid={testId}
        checked={on}
        onChange={(e) => store.getState().setHideAnswers(e.target.checked)}
        className={large ? 'h-5 w-5' : 'h-3.5 w-3.5'}
      />
      {t('lessons.hideAnswers')}
    </label>
  );
}
