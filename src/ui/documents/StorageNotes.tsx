import { useTranslation } from '../../i18n/use-translation';
import { useAppStore } from '../../store';
import type { StorageNote } from '../../store/slices/library-slice';
import { useReasonText } from '../lib/useReasonText';
import { downloadText } from './download';

const button = 'rounded border border-current/30 bg-white/70 px-2 py-0.5 text-[11px] font-medium hover:bg-white';

/** What storage or a link could not do, said at the top of the window: each with the raw text to download, until dismissed. */
export function StorageNotes() {
  const notes = useAppStore((s) => s.notes);
  const dismiss = useAppStore((s) => s.dismissNote);
  const replace = useAppStore((s) => s.replaceDocument);
  const { t } = useTranslation();
  const reasonText = useReasonText();
  if (notes.length === 0) return null;

  const text = (n: StorageNote): string => {
    switch (n.kind) {
      case 'unreadable': {
        const reasons = (n.reason ?? '')
          .split(',')
          .filter(Boolean)
          .map((r) => t(`documents.reason.${r as 'notJson'}`));
        return t('documents.note.unreadable', { count: Number(n.name) || 1, reasons: reasons.join('; ') });
      }
      case 'brokenLink':
        return t('documents.note.brokenLink', { reason: t(`documents.link.${(n.reason ?? 'decompress') as 'decompress'}`) });
      case 'invalidStored': {
        const problems = (n.problems ?? []).slice(0, 3).map((p) => `${p.path ? `${p.path}: ` : ''}${reasonText(p.message, p.why)}`);
        const more = (n.problems?.length ?? 0) > 3 ? ' …' : '';
        return t(n.reason === 'lastGood' ? 'documents.note.invalidStoredLastGood' : 'documents.note.invalidStored', {
          name: n.name,
          problems: problems.join('; ') + more,
        });
      }
      case 'conflict':
        return t('documents.note.conflict', { name: n.name, newName: n.newName });
      case 'changedElsewhere':
        return t('documents.note.changedElsewhere', { name: n.name });
      case 'quota':
        return t(n.reason === 'failed' ? 'documents.note.writeFailed' : 'documents.note.quota');
      case 'unavailable':
        return t('documents.note.unavailable');
      case 'missing':
        return t('documents.note.missing');
    }
  };

  return (
    <div data-testid="storage.notes" className="flex flex-col gap-px">
      {notes.map((n) => {
        const warn = n.kind !== 'changedElsewhere';
        return (
          <div
            key={n.seq}
            role="alert"
            data-testid={`storage.note.${n.kind}`}
            className={`flex items-center gap-3 px-4 py-1.5 text-[12px] ${warn ? 'bg-amber-50 text-amber-900' : 'bg-blue-50 text-blue-900'}`}
          >
            <span className="min-w-0 flex-1">{text(n)}</span>
            {n.raw !== undefined && (
              <button type="button" data-testid="storage.download" className={button} onClick={() => downloadText(n.rawName ?? 'hopscope.txt', n.raw!)}>
                {t('documents.download')}
              </button>
            )}
            {n.kind === 'changedElsewhere' && n.id && (
              <button
                type="button"
                data-testid="storage.reopen"
                className={button}
                onClick={() => {
                  dismiss(n.seq);
                  void replace({ kind: 'record', id: n.id! });
                }}
              >
                {t('documents.note.reopen')}
              </button>
            )}
            <button type="button" data-testid="storage.dismiss" className={button} onClick={() => dismiss(n.seq)}>
              {t('documents.dismiss')}
            </button>
          </div>
        );
      })}
    </div>
  );
}
