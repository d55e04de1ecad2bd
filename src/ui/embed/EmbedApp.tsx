import { useEffect, useState, useSyncExternalStore, type MouseEvent, type SyntheticEvent } from 'react';
import type { TFunction } from '../../i18n/translator';
import { useTranslation } from '../../i18n/use-translation';
import { selectDocError, selectDocStatus, selectTraceError, useAppStoreApi, useAppStore } from '../../store';
import { FlowCanvas } from '../canvas/FlowCanvas';
import { PlaybackBar } from '../panels/PlaybackBar';
import { usePlaybackClock } from '../playback/usePlaybackClock';
import { usePlaybackKeys } from '../canvas/usePlaybackKeys';
import { shareStateOf } from '../share/share-state';
// NOTE: the embed's own Tailwind build, not the app's src/index.css (see embed-tailwind.css).
import './embed-tailwind.css';
import './embed.css';
import { useWording } from '../lib/useWording';
import { useReasonText } from '../lib/useReasonText';
import { useEmbedApi } from './useEmbedApi';
import { EmbedCaption } from './EmbedCaption';
import { RemeasureHandles } from './RemeasureHandles';
import { readEmbedOptions } from './embed-options';
import { getSourceState, subscribeSourceState, type SourceState } from './source-state';
import { loadProblemWording, loadReasonWording } from './embed-catalogues';
import { currentLanguage } from '../../i18n';

// NOTE: a press on a canvas element never reaches React Flow, so nothing can be dragged; the pane still pans and zooms.
const stopNodeDrag = (e: SyntheticEvent) => {
  if ((e.target as Element).closest('.react-flow__node')) e.stopPropagation();
};

/** Why `src=` shows no document, in the reader's language (null while it loads or once it is open). */
function sourceText(s: SourceState | null, t: TFunction): string | null {
  if (!s || s.state === 'loading') return null;
  if (s.state === 'invalid') return t('embed.src.invalid', { url: s.url, problems: s.problems });
  const p = s.problem;
  if (p.kind === 'status') return t('embed.src.status', { url: s.url, status: p.status });
  if (p.kind === 'tooLarge') return t('embed.src.tooLarge', { url: s.url, limit: Math.round(p.limit / (1024 * 1024)) });
  return t(`embed.src.${p.kind}`, { url: s.url });
}

let linkModule: typeof import('../share/share-link') | null = null;
const loadLinkModule = () => import('../share/share-link').then((m) => (linkModule = m));

// The link's options do not change while the page is open.
const options = readEmbedOptions(location.search);

/** `?embed=1`: the canvas and the playback bar only, read-only, for an iframe; driven by postMessage too. */
export function EmbedApp() {
  const { t, i18n } = useTranslation();
  const store = useAppStoreApi();
  usePlaybackClock();
  usePlaybackKeys();
  useEmbedApi(store);
  const status = useAppStore(selectDocStatus);
  const docError = useAppStore(selectDocError);
  const traceError = useAppStore(selectTraceError);
  const word = useWording();
  const source = useSyncExternalStore(subscribeSourceState, getSourceState);
  // A link whose document does not decode says so (and why) instead of waiting for a document that never comes.
  const broken = useAppStore((s) => s.notes.find((n) => n.kind === 'brokenLink'));
  const refused = useAppStore((s) => s.importProblems?.problems) ?? [];
  const reasonText = useReasonText();
  // The validator's wording is fetched when there are problems to word; drawn again once it is in.
  const [, setWorded] = useState(0);
  const hasProblems = refused.length > 0;
  useEffect(() => {
    if (hasProblems)
      void loadProblemWording(currentLanguage()).then(
        () => setWorded((n) => n + 1),
        () => {},
      );
  }, [hasProblems, i18n.language]);
  // …and the engine's reasons once there is a trace (a link's request starts loading them with the trace: embed-main).
  const traced = useAppStore((s) => s.trace !== null);
  useEffect(() => {
    if (traced)
      void loadReasonWording(currentLanguage()).then(
        () => setWorded((n) => n + 1),
        () => {},
      );
  }, [traced, i18n.language]);
  const problem =
    sourceText(source, t) ??
    (broken
      ? t('documents.note.brokenLink', { reason: t(`documents.link.${(broken.reason ?? 'decompress') as 'decompress'}`) })
      : status === 'invalid' || status === 'failed'
        ? (docError ?? [t('embed.loadFailed'), ...refused.slice(0, 3).map((p) => `${p.path ? `${p.path}: ` : ''}${reasonText(p.message, p.why)}`)].join(' '))
        : traceError && word(traceError));

  // The link's encoder (lz-string) loads when the pointer or focus reaches it; a click before it is in opens the link once it is.
  const openFull = (e: MouseEvent<HTMLAnchorElement>) => {
    const a = e.currentTarget;
    const point = () => {
      const state = shareStateOf(store.getState());
      const link = state && linkModule ? linkModule.shareLink(`${location.origin}${location.pathname}`, state) : null;
      a.href = link?.ok ? link.url : `${location.origin}${location.pathname}`;
    };
    if (linkModule) return point();
    e.preventDefault();
    void loadLinkModule().then(() => {
      point();
      window.open(a.href, '_blank', 'noopener');
    });
  };

  return (
    <div data-testid="embed" className="hopscope-embed flex h-screen flex-col bg-slate-50 text-slate-900">
      <div className="relative min-h-0 flex-1" onPointerDownCapture={stopNodeDrag} onMouseDownCapture={stopNodeDrag}>
        <FlowCanvas fitPath={options.fitPath}>
          <RemeasureHandles />
        </FlowCanvas>
        {source?.state === 'loading' && (
          <p data-testid="embed.loading" className="absolute top-2 left-2 z-10 rounded bg-white/90 px-2 py-1 text-[12px] text-slate-600 shadow">
            {t('embed.src.loading', { url: source.url })}
          </p>
        )}
        {problem && (
          <p
            data-testid="embed.problem"
            role="alert"
            className="absolute top-2 left-2 z-10 max-w-[80%] rounded bg-rose-50 px-2 py-1 text-[12px] break-words text-rose-800 shadow"
          >
            {problem}
          </p>
        )}
        <a
          data-testid="embed.open"
          href={`${location.origin}${location.pathname}`}
          target="_blank"
          rel="noopener"
          onPointerEnter={() => void loadLinkModule()}
          onFocus={() => void loadLinkModule()}
          onClick={openFull}
          onAuxClick={openFull}
          className="absolute top-2 right-2 z-10 rounded bg-white/90 px-2 py-0.5 text-[11px] font-medium text-blue-700 shadow hover:underline"
        >
          {t('embed.open')} ↗
        </a>
      </div>
      {options.caption && <EmbedCaption />}
      {options.controls && <PlaybackBar />}
    </div>
  );
}
