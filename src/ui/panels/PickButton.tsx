import { useTranslation } from '../../i18n/use-translation';
import { selectArm, selectArmed, useAppStore } from '../../store';
import { cn } from '../lib/cn';

/** Beside From or To: arms a one-shot pick (the next click on a canvas element sets that end); Escape or a second press cancels. */
export function PickButton({ field }: { field: 'from' | 'to' }) {
  const { t } = useTranslation();
  const armed = useAppStore(selectArmed) === field;
  const arm = useAppStore(selectArm);
  return (
    <button
      type="button"
      data-testid={field === 'from' ? 'trace.pickFrom' : 'trace.pickTo'}
      aria-pressed={armed}
      title={t(field === 'from' ? 'pick.fromTitle' : 'pick.toTitle')}
      aria-label={t(field === 'from' ? 'pick.fromTitle' : 'pick.toTitle')}
      onClick={() => arm(armed ? null : field)}
      className={cn(
        'h-8 self-end rounded-md border px-2 text-[12px] font-medium shadow-xs',
        armed ? 'border-blue-600 bg-blue-600 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50',
      )}
    >
      {armed ? t('pick.armed') : t('pick.button')}
    </button>
  );
}
