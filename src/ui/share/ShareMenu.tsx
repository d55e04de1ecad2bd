import { useCallback, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { selectDocJson, useAppStoreApi } from '../../store';
import { documentFileName, saveDocument } from '../documents/download';
import { useClickOutside } from '../lib/useClickOutside';
import { useEscape } from '../lib/useEscape';
import { shareStateOf } from './share-state';
import { encodedPastLimit, iframeSnippet, MAX_DOC_CHARS, shareLink } from './share-link';

type Shown = { kind: 'link'; url: string; snippet: string; copied: 'link' | 'snippet' | 'failed' | null } | { kind: 'tooLarge'; message: string };

const kb = (chars: number) => (chars / 1024).toFixed(1);

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Share: a link to this document, request and frame (copied), or the iframe snippet; a file when too large for a link. */
export function ShareMenu({ buttonClass }: { buttonClass: string }) {
  const { t } = useTranslation();
  const store = useAppStoreApi();
  const [shown, setShown] = useState<Shown | null>(null);

  const make = (): Shown | null => {
    const s = store.getState();
    if (!s.doc) return null;
    // NOTE: the document's text as written (kept since it was sent to the simulator) is a part of the text of the
    // document as drawn (that adds positions), so when it is already over the limit the link is too: a 1,000-node
    // cluster is not placed and written out on the page's thread (half a second) only to learn it.
    const json = selectDocJson(s)!;
    const over = encodedPastLimit(json);
    const state = over === null ? shareStateOf(s) : null;
    const link = state && shareLink(`${location.origin}${location.pathname}`, state);
    if (!link?.ok) {
      const file = documentFileName(s.doc.metadata.name, 'json');
      saveDocument(s.doc, json, 'json', file).catch(() => setShown({ kind: 'tooLarge', message: t('file.saveFailed') }));
      return { kind: 'tooLarge', message: t('share.tooLarge', { size: kb(over ?? link!.docChars), limit: kb(MAX_DOC_CHARS), file }) };
    }
    return { kind: 'link', url: link.url, snippet: iframeSnippet(link.url), copied: null };
  };

  const share = async (what: 'link' | 'snippet') => {
    const next = make();
    if (!next || next.kind === 'tooLarge') {
      setShown(next);
      return;
    }
    const ok = await copy(what === 'link' ? next.url : next.snippet);
    setShown({ ...next, copied: ok ? what : 'failed' });
  };

  const panel = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setShown(null), []);
  useClickOutside(panel, !!shown, close);
  useEscape(close, !!shown);

  return (
    <div ref={panel} className="relative">
      <button
        type="button"
        data-testid="share.open"
        className={buttonClass}
        title={t('share.title')}
        onClick={() => (shown ? setShown(null) : void share('link'))}
      >
        {t('share.button')}
      </button>
      {shown && (
        <div
          data-testid="share.panel"
          className="absolute top-full right-0 z-50 mt-1 flex w-[30rem] flex-col gap-2 rounded-md border border-slate-200 bg-white p-3 text-[12px] text-slate-800 shadow-xl"
        >
          {shown.kind === 'tooLarge' ? (
            <p data-testid="share.tooLarge" role="alert" className="text-rose-800">
              {shown.message}
            </p>
          ) : (
            <>
              <label className="flex flex-col gap-1">
                <span className="font-semibold text-slate-600">{t('share.link')}</span>
                <input
                  data-testid="share.link"
                  readOnly
                  value={shown.url}
                  onFocus={(e) => e.currentTarget.select()}
                  className="h-7 rounded border border-slate-300 bg-slate-50 px-2 font-mono text-[11px]"
                />
              </label>
              <label className="flex flex-col gap-1">
                <span className="font-semibold text-slate-600">{t('share.snippet')}</span>
                <textarea
                  data-testid="share.snippet"
                  readOnly
                  value={shown.snippet}
                  rows={3}
                  onFocus={(e) => e.currentTarget.select()}
                  className="rounded border border-slate-300 bg-slate-50 px-2 py-1 font-mono text-[11px]"
                />
              </label>
              <div className="flex items-center gap-2">
                <button
                  type="button"
                  data-testid="share.copy"
                  className="h-7 rounded-md bg-blue-600 px-3 font-semibold text-white hover:bg-blue-700"
                  onClick={() => void share('link')}
                >
                  {t('share.copy')}
                </button>
                <button
                  type="button"
                  data-testid="share.copyEmbed"
                  title={t('share.embedTitle')}
                  className="h-7 rounded-md border border-slate-300 px-3 hover:bg-slate-50"
                  onClick={() => void share('snippet')}
                >
                  {t('share.embed')}
                </button>
                <span data-testid="share.status" role="status" className="text-slate-500">
                  {shown.copied === 'failed' ? t('share.copyFailed') : shown.copied ? t('share.copied') : ''}
                </span>
              </div>
            </>
          )}
        </div>
      )}
    </div>
  );
}
