import { selectImportProblems, selectPendingChange, useAppStore } from '../../store';
import { useTranslation } from '../../i18n/use-translation';
import { useEscape } from '../lib/useEscape';
import { useWording } from '../lib/useWording';
import { useReasonText } from '../lib/useReasonText';

const panel = 'w-[34rem] max-w-[90vw] rounded-lg border border-slate-200 bg-white p-4 shadow-xl';

/** The questions the editor asks: a refused file with its problems; a re-addressing change to confirm. */
export function EditorDialogs() {
  const { t } = useTranslation();
  const word = useWording();
  const reasonText = useReasonText();
  const refused = useAppStore(selectImportProblems);
  const pending = useAppStore(selectPendingChange);
  const dismiss = useAppStore((s) => s.dismissImportProblems);
  const confirm = useAppStore((s) => s.confirmPendingChange);
  const cancel = useAppStore((s) => s.cancelPendingChange);
  useEscape(refused ? dismiss : cancel, !!(refused || pending));
  if (!refused && !pending) return null;
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/30">
      {refused ? (
        <div role="alertdialog" data-testid="import.problems" className={panel}>
          <h2 className="text-[14px] font-semibold text-rose-800">{t('problems.notOpened', { name: refused.name ?? t('problems.theDocument') })}</h2>
          <p className="mt-1 text-[12px] text-slate-600">{t('problems.count', { count: refused.problems.length })}</p>
          <ul className="mt-2 max-h-72 list-disc overflow-auto pl-5 text-[12px] text-rose-900">
            {refused.problems.map((p, i) => (
              <li key={i}>
                {p.path && <span className="font-mono">{p.path}: </span>}
                {reasonText(p.message, p.why)}
              </li>
            ))}
          </ul>
          <div className="mt-3 text-right">
            <button type="button" data-testid="import.close" onClick={dismiss} className="rounded bg-slate-800 px-3 py-1 text-[12px] text-white">
              {t('problems.close')}
            </button>
          </div>
        </div>
      ) : pending ? (
        <div role="alertdialog" data-testid="readdress" className={panel}>
          <h2 className="text-[14px] font-semibold">{word(pending.title)}</h2>
          <p className="mt-1 text-[12px] text-slate-600">{t('problems.moves')}</p>
          <ul className="mt-1 list-disc pl-5 text-[12px]">
            {pending.changes.map((c, i) => (
              <li key={i}>{word(c)}</li>
            ))}
          </ul>
          <div className="mt-3 flex justify-end gap-2">
            <button type="button" data-testid="readdress.cancel" onClick={cancel} className="rounded border border-slate-300 px-3 py-1 text-[12px]">
              {t('problems.cancel')}
            </button>
            <button type="button" data-testid="readdress.confirm" onClick={confirm} className="rounded bg-blue-600 px-3 py-1 text-[12px] text-white">
              {t('problems.readdress')}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
