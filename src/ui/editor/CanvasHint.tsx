import { useTranslation } from '../../i18n/use-translation';
import { selectArmed, useAppStore } from '../../store';
import { cn } from '../lib/cn';

/**
 * What a click on the canvas does now: the standing hint, or the armed pick ("click the element to
 * trace from"). A line in the toolbar, not a box over the canvas (it used to hide elements and swallow clicks).
 */
export function CanvasHint() {
  const { t } = useTranslation();
  const armed = useAppStore(selectArmed);
  const text = armed ? t(armed === 'from' ? 'pick.armedFrom' : 'pick.armedTo') : t('canvas.hint');
  return (
    <span
      data-testid="canvas.hint"
      role="status"
      title={text}
      className={cn(
        'ml-auto min-w-[6rem] flex-1 basis-0 truncate rounded px-2 py-0.5 text-right',
        armed ? 'bg-blue-600 text-[12px] font-semibold text-white shadow' : 'text-[11px] text-slate-500',
      )}
    >
      {text}
    </span>
  );
}
