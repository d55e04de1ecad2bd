import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { useAppStore } from '../../store';
import type { LibraryListing } from '../../store/doc-library';
import { rawFileName, type StorageNote } from '../../store/slices/library-slice';
import { useEscape } from '../lib/useEscape';
import { documentFileName, downloadText, saveDocument } from './download';

const small = 'rounded px-1.5 py-0.5 text-[11px] text-slate-600 hover:bg-slate-100 hover:text-slate-900';

/** File → Documents: every document kept in this browser; open, rename, duplicate, delete (with undo), export. */
export default function DocumentsDialog() {
  const { t, i18n } = useTranslation();
  const close = useAppStore((s) => s.setDocumentsOpen);
  const list = useAppStore((s) => s.listDocuments);
  const read = useAppStore((s) => s.readDocument);
  const rev = useAppStore((s) => s.libraryRev);
  const docId = useAppStore((s) => s.docId);
  const replace = useAppStore((s) => s.replaceDocument);
  const rename = useAppStore((s) => s.renameDocument);
  const duplicate = useAppStore((s) => s.duplicateDocument);
  const remove = useAppStore((s) => s.deleteDocument);
  const undoDelete = useAppStore((s) => s.undoDelete);
  const lastDeleted = useAppStore((s) => s.lastDeleted);
  const notes = useAppStore((s) => s.notes);
  /** An entry found damaged when exported or duplicated (its head listed it): said in its row, its stored text offered. */
  const damaged = (id: string) => notes.find((n) => n.kind === 'unreadable' && n.ids?.length === 1 && n.ids[0] === id);
  const [listing, setListing] = useState<LibraryListing | null>(null);
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const [deletedHere, setDeletedHere] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEscape(() => (editing ? setEditing(null) : close(false)));

  useEffect(() => {
    let live = true;
    void list().then((l) => live && setListing(l));
    return () => {
      live = false;
    };
  }, [list, rev]);
  useEffect(() => input.current?.select(), [editing?.id]);

  const fmt = new Intl.DateTimeFormat(i18n.language === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' });
  const commit = async () => {
    if (editing) await rename(editing.id, editing.name);
    setEditing(null);
  };

  return (
    <div className="fixed inset-0 z-[60] flex items-center justify-center bg-slate-900/30" onMouseDown={(e) => e.target === e.currentTarget && close(false)}>
      <div
        role="dialog"
        aria-labelledby="documents-title"
        data-testid="documents"
        className="flex max-h-[80vh] w-[44rem] max-w-[94vw] flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-xl"
      >
        <div className="flex items-baseline justify-between gap-4">
          <h2 id="documents-title" className="text-[14px] font-semibold">
            {t('documents.title')}
          </h2>
          <button type="button" data-testid="documents.close" className={small} onClick={() => close(false)}>
            {t('documents.close')}
          </button>
        </div>
        <p className="mt-1 text-[12px] text-slate-500">{t('documents.intro')}</p>
        {lastDeleted && deletedHere && (
          <div data-testid="documents.deleted" role="status" className="mt-2 flex items-center gap-3 rounded bg-slate-800 px-3 py-1.5 text-[12px] text-white">
            <span className="flex-1">{t('documents.deleted', { name: lastDeleted.name })}</span>
            <button
              type="button"
              data-testid="documents.undo-delete"
              className="rounded px-2 py-0.5 font-semibold text-sky-300 hover:bg-white/10"
              onClick={() => {
                setDeletedHere(false);
                void undoDelete();
              }}
            >
              {t('documents.undo')}
            </button>
          </div>
        )}
        <div className="mt-3 min-h-0 flex-1 overflow-auto">
          {listing && listing.records.length === 0 && <p className="py-6 text-center text-[12px] text-slate-400">{t('documents.empty')}</p>}
          {listing && listing.records.length > 0 && (
            <table className="w-full table-fixed text-[12px]">
              <colgroup>
                <col />
                <col className="w-40" />
                <col className="w-64" />
              </colgroup>
              <thead>
                <tr className="border-b border-slate-200 text-left text-[11px] text-slate-500">
                  <th className="py-1 font-medium">{t('documents.name')}</th>
                  <th className="py-1 font-medium">{t('documents.modified')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {listing.records.map((r) => (
                  <tr key={r.id} data-testid="documents.row" data-name={r.name} className="group border-b border-slate-100">
                    <td className="py-1 pr-2">
                      {editing?.id === r.id ? (
                        <form
                          onSubmit={(e) => {
                            e.preventDefault();
                            void commit();
                          }}
                        >
                          <input
                            ref={input}
                            data-testid="documents.name-input"
                            aria-label={t('documents.name')}
                            value={editing.name}
                            onChange={(e) => setEditing({ id: r.id, name: e.target.value })}
                            onBlur={() => void commit()}
                            className="w-full rounded border border-blue-400 px-1 py-0.5 text-[12px]"
                          />
                        </form>
                      ) : (
                        <button
                          type="button"
                          data-testid="documents.open"
                          title={t('documents.open')}
                          className="block w-full truncate text-left font-medium text-blue-700 hover:underline"
                          onClick={() => {
                            close(false);
                            if (r.id !== docId) void replace({ kind: 'record', id: r.id });
                          }}
                        >
                          {r.name}
                          {r.id === docId && <span className="ml-2 text-[10px] font-normal text-slate-400">({t('documents.current')})</span>}
                        </button>
                      )}
                      {damaged(r.id) && <DamagedEntry id={r.id} note={damaged(r.id)!} />}
                    </td>
                    <td className="py-1 pr-2 whitespace-nowrap text-slate-500">{fmt.format(r.modified)}</td>
                    <td className="py-1 text-right whitespace-nowrap">
                      <button type="button" data-testid="documents.rename" className={small} onClick={() => setEditing({ id: r.id, name: r.name })}>
                        {t('documents.rename')}
                      </button>
                      <button type="button" data-testid="documents.duplicate" className={small} onClick={() => void duplicate(r.id)}>
                        {t('documents.duplicate')}
                      </button>
                      <button
                        type="button"
                        data-testid="documents.export"
                        className={small}
                        onClick={() => void read(r.id).then((doc) => doc && saveDocument(doc, JSON.stringify(doc), 'json', documentFileName(r.name, 'json')))}
                      >
                        {t('documents.export')}
                      </button>
                      <button
                        type="button"
                        data-testid="documents.delete"
                        className={`${small} hover:text-rose-700`}
                        onClick={() => {
                          setDeletedHere(true);
                          void remove(r.id);
                        }}
                      >
                        {t('documents.delete')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {listing && listing.unreadable.length > 0 && (
            <>
              <h3 className="mt-4 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{t('documents.unreadableHeading')}</h3>
              <ul className="mt-1 text-[12px]">
                {listing.unreadable.map((u) => (
                  <li key={u.id} data-testid="documents.unreadable" className="flex items-center gap-2 border-b border-slate-100 py-1">
                    <span className="truncate font-mono text-[11px] text-slate-500">{u.id}</span>
                    <span className="flex-1 text-amber-800">{t(`documents.reason.${u.reason}`)}</span>
                    <button type="button" data-testid="documents.download-raw" className={small} onClick={() => downloadText(rawFileName(u.id), u.raw)}>
                      {t('documents.download')}
                    </button>
                    <button
                      type="button"
                      className={`${small} hover:text-rose-700`}
                      onClick={() => {
                        setDeletedHere(true);
                        void remove(u.id);
                      }}
                    >
                      {t('documents.delete')}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

/** A listed entry found damaged when exported, duplicated or opened: why, and its stored text to download. */
function DamagedEntry({ id, note }: { id: string; note: StorageNote }) {
  const { t } = useTranslation();
  const why = t(`documents.reason.${(note.reason ?? 'notJson') as 'notJson'}`);
  return (
    <span data-testid="documents.damaged" className="flex items-center gap-2 text-[11px] text-amber-800">
      <span className="truncate" title={why}>
        {why}
      </span>
      <button type="button" data-testid="documents.download-raw" className={small} onClick={() => downloadText(rawFileName(id), note.raw ?? '')}>
        {t('documents.download')}
      </button>
    </span>
  );
}
