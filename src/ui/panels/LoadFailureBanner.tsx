import { useTranslation } from '../../i18n/use-translation';
import { useLoadFailure } from '../lib/load-failure';

/** A part of the app could not be loaded: what happened, and the way on (reload: the document on screen is kept). */
export function LoadFailureBanner() {
  const failure = useLoadFailure();
  const { t } = useTranslation();
  if (failure === null) return null;
  return (
    <div role="alert" data-testid="app.load-failure" className="flex items-center gap-3 bg-amber-50 px-4 py-1.5 text-[12px] text-amber-900">
      <span className="min-w-0 flex-1">{t('app.loadFailed', { error: failure })}</span>
      <button
        type="button"
        data-testid="app.reload"
        className="rounded border border-amber-400 bg-white px-2 py-0.5 text-amber-900 hover:bg-amber-100"
        onClick={() => window.location.reload()}
      >
        {t('app.reload')}
      </button>
    </div>
  );
}
