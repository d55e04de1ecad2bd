import { lazy, useCallback, useEffect, useRef, useState } from 'react';
import { LazyPart } from '../lib/LazyPart';
import { useTranslation } from '../../i18n/use-translation';
import { selectDoc, selectDocJson, useAppStore, useAppStoreApi } from '../../store';
import { message } from '../../model/message';
import type { DocHead } from '../../store/doc-library';
import { DocumentFileInput } from '../lib/DocumentFileInput';
import { readDocumentFile } from '../lib/document-file';
import { saveDocument } from '../documents/download';
import { useClickOutside } from '../lib/useClickOutside';

// Loaded when asked for: the import dialog is rarely opened.
const KubectlImportDialog = lazy(() => import('./KubectlImportDialog'));
const DocumentsDialog = lazy(() => import('../documents/DocumentsDialog'));

const btn = 'rounded px-2 py-1 text-left text-[12px] hover:bg-slate-100 disabled:text-slate-300';

/** File: New, Open (or drop a file anywhere on the window; a picture Hopscope exported opens too), Save as YAML or JSON, Documents (the library) and its latest. */
export function FileMenu() {
  const doc = useAppStore(selectDoc);
  const store = useAppStoreApi();
  const newDocument = useAppStore((s) => s.newDocument);
  const replace = useAppStore((s) => s.replaceDocument);
  const docId = useAppStore((s) => s.docId);
  const docName = useAppStore((s) => s.docName);
  const docOrigin = useAppStore((s) => s.docOrigin);
  const documentsOpen = useAppStore((s) => s.documentsOpen);
  const setDocumentsOpen = useAppStore((s) => s.setDocumentsOpen);
  const listDocuments = useAppStore((s) => s.listDocuments);
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [importing, setImporting] = useState(false);
  // The format being written (a 1,000-node cluster's YAML takes seconds, in a worker), and the last save's failure (its title).
  const [saving, setSaving] = useState<'yaml' | 'json' | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [recent, setRecent] = useState<DocHead[]>([]);
  useEffect(() => {
    if (open) void listDocuments().then((l) => setRecent(l.records.filter((r) => r.id !== docId).slice(0, 5)));
  }, [open, listDocuments, docId]);
  const input = useRef<HTMLInputElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  // An exported picture (SVG, PNG) opens the document inside it and replays the request it showed.
  const openFile = useCallback(
    async (file: File) => {
      const r = await readDocumentFile(file);
      const s = store.getState();
      if (!r.ok) {
        s.showNotice(message('pictureWithoutDocument', { name: file.name }), 'error');
        return;
      }
      if (!(await s.openText(r.text, file.name))) return;
      const req = r.picture?.request;
      if (!req) return;
      s.setFrom(req.from);
      s.setTo(req.to);
      if (req.protocol) s.setProtocol(req.protocol);
      s.setPacket(req.size ?? null, req.df ?? null);
      s.setChoice(req.choice ?? null);
      await store.getState().runTrace();
      const hop = r.picture?.hop;
      if (hop !== undefined && store.getState().trace) store.getState().seek(hop);
    },
    [store],
  );

  // A file dropped anywhere on the window opens (palette drags carry no files and pass through).
  useEffect(() => {
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      const f = e.dataTransfer?.files[0];
      if (f) void openFile(f);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [openFile]);

  const closeMenu = useCallback(() => setOpen(false), []);
  useClickOutside(menu, open, closeMenu);

  const save = async (format: 'yaml' | 'json') => {
    const now = store.getState();
    const json = selectDocJson(now);
    if (!now.doc || json === null || saving) return;
    setSaving(format);
    setSaveError(null);
    try {
      await saveDocument(now.doc, json, format);
      setOpen(false);
    } catch (e) {
      setSaveError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(null);
    }
  };

  // NOTE: the document on screen is kept by the store (replaceDocument), whatever replaces it.
  const onNew = () => {
    newDocument();
    setOpen(false);
  };

  return (
    <div ref={menu} className="relative">
      <button
        type="button"
        data-testid="file.menu"
        onClick={() => setOpen(!open)}
        className="h-7 rounded border border-slate-300 bg-white px-2.5 text-[12px] font-medium hover:bg-slate-50"
      >
        {t('file.menu')} ▾
      </button>
      <DocumentFileInput
        ref={input}
        testId="file.input"
        pictures
        onFile={(f) => {
          setOpen(false);
          void openFile(f);
        }}
      />
      <span
        data-testid="doc.name"
        className="ml-2 max-w-48 truncate text-[11px] text-slate-500"
        title={docName ? t('documents.savedAs', { name: docName }) : undefined}
      >
        {docId ? docName : docOrigin === 'new' ? t('documents.unsavedNew') : t('documents.unsaved')}
      </span>
      {open && (
        <div className="absolute top-8 left-0 z-50 flex w-60 flex-col rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <button type="button" data-testid="file.new" className={btn} onClick={onNew}>
            {t('file.new')}
          </button>
          <button type="button" data-testid="file.open" className={btn} onClick={() => input.current?.click()}>
            {t('file.open')} <span className="text-slate-400">{t('file.orDrop')}</span>
          </button>
          <button
            type="button"
            data-testid="file.import-kubectl"
            className={btn}
            onClick={() => {
              setOpen(false);
              setImporting(true);
            }}
          >
            {t('kubectl.menu')}
          </button>
          <button type="button" data-testid="file.save-yaml" className={btn} disabled={!doc || !!saving} onClick={() => void save('yaml')}>
            {saving === 'yaml' ? t('file.saving') : t('file.saveYaml')}
          </button>
          <button type="button" data-testid="file.save-json" className={btn} disabled={!doc || !!saving} onClick={() => void save('json')}>
            {saving === 'json' ? t('file.saving') : t('file.saveJson')}
          </button>
          {saveError && (
            <div role="alert" data-testid="file.save-error" className="px-2 py-1 text-[11px] text-rose-700" title={saveError}>
              {t('file.saveFailed')}
            </div>
          )}
          <button
            type="button"
            data-testid="file.documents"
            className={`${btn} mt-1 border-t border-slate-100`}
            onClick={() => {
              setOpen(false);
              setDocumentsOpen(true);
            }}
          >
            {t('file.documents')}
          </button>
          {recent.length > 0 && (
            <>
              <div className="px-2 pt-1 text-[10px] font-semibold tracking-wide text-slate-400 uppercase">{t('file.recent')}</div>
              {recent.map((r) => (
                <button
                  type="button"
                  key={r.id}
                  data-testid="file.recent"
                  className={`${btn} truncate`}
                  title={new Date(r.modified).toLocaleString()}
                  onClick={() => {
                    setOpen(false);
                    void replace({ kind: 'record', id: r.id });
                  }}
                >
                  {r.name}
                </button>
              ))}
            </>
          )}
        </div>
      )}
      {documentsOpen && (
        <LazyPart>
          <DocumentsDialog />
        </LazyPart>
      )}
      {importing && (
        <LazyPart>
          <KubectlImportDialog onClose={() => setImporting(false)} />
        </LazyPart>
      )}
    </div>
  );
}
