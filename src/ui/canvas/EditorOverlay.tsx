import { useEffect } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { selectNotice, useAppStore } from '../../store';
import { cn } from '../lib/cn';
import { useReasonText } from '../lib/useReasonText';
import { useWording } from '../lib/useWording';
import './editor.css';

/** The latest notice (what an edit did): a strip above the canvas while it shows, never a box over its elements. */
export function EditorOverlay() {
  const { t: tr } = useTranslation();
  const word = useWording();
  const reasonText = useReasonText();
  const notice = useAppStore(selectNotice);
  const dismiss = useAppStore((s) => s.dismissNotice);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(dismiss, notice.tone === 'error' ? 8000 : 6000);
    return () => clearTimeout(t);
  }, [notice, dismiss]);
  return (
    <>
      {notice && (
        <div className="flex justify-center border-b border-slate-200 bg-white px-3 py-1">
          <div
            data-testid="editor.notice"
            role="status"
            className={cn(
              'flex max-w-xl items-start gap-2 rounded-md border px-3 py-1.5 text-[12px] shadow',
              notice.tone === 'error' ? 'border-rose-300 bg-rose-50 text-rose-900' : 'border-blue-200 bg-blue-50 text-blue-900',
            )}
          >
            <span>
              {word(notice.message)}
              {notice.problems?.map((p, i) => (
                <span key={i} data-testid="editor.notice.problem" className="mt-0.5 block">
                  <span className="font-mono">{p.path}</span>: {reasonText(p.message, p.why)}
                </span>
              ))}
            </span>
            <button type="button" className="text-slate-400 hover:text-slate-700" aria-label={tr('canvas.dismiss')} onClick={dismiss}>
              ×
            </button>
          </div>
        </div>
      )}
    </>
  );
}
