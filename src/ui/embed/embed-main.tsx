/**
 * `?embed=1`: the iframe view's start (src/boot.ts chooses it). A document from the link, `src=`, `?generate=N`
 * or a built-in, traced when the link carries a request; read-only, nothing stored. docs/embed.md lists the options.
 */
import './preact-svg-tabindex';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import { currentLanguage, startI18n } from '../../i18n';
import { EMBED_CATALOGUES, loadReasonWording } from './embed-catalogues';
import { builtinJson } from '../lib/builtin-json';
import { AppStoreProvider, readTraceParams, writeTraceParams } from '../../store';
import { applyTheme, initialTheme } from '../prefs/theme';
import { DOC_PARAM, readFrame } from '../share/link-params';
import { createSimClient } from '../../worker/sim-client';
import { applyLinkedTrace } from '../share/linked-trace';
import { readEmbedOptions } from './embed-options';
import { createEmbedStore } from './embed-store';
import { EmbedApp } from './EmbedApp';

const params = new URLSearchParams(window.location.search);
const wanted = params.get('scenario');
const generate = Number(params.get('generate'));
const docParam = params.get(DOC_PARAM);
// The decoder (lz-string) is loaded only for a link that carries a document.
const decoding = docParam === null ? null : import('../share/share-link').then((m) => m.decodeDocumentParam(docParam));
// `caption=0`, `controls=0`, `hop=N`, `fit=path`, `src=URL`, `theme=`, `lng=`, `autoplay=1`, `loop=1`, `origins=`.
const options = readEmbedOptions(window.location.search);
const theme = initialTheme();
applyTheme(theme);
// An embed keeps the theme it starts with, so only a dark one downloads the dark palette (~2 KB).
const palette = theme === 'dark' ? import('../prefs/dark.css') : Promise.resolve();

const sim = createSimClient();
const store = createEmbedStore({ sim });

/** The document to open when the link names none: `?generate=N`, or a built-in (`?scenario=ID`, else the first). */
async function documentText(): Promise<string | null> {
  if (Number.isInteger(generate) && generate > 0) {
    const { generateFlannelCluster } = await import('../../scenarios/generate');
    return JSON.stringify(generateFlannelCluster({ nodes: Math.min(generate, 1000) }));
  }
  // A built-in arrives as its generated JSON twin, so neither the page nor the worker loads a YAML parser; the
  // built-ins' YAML (all four) is fetched only when the link names none of them or its twin cannot be had.
  const named = wanted ? await builtinJson(wanted).catch(() => null) : null;
  if (named) return named;
  const { builtins } = await import('../../scenarios');
  const doc = builtins.find((b) => b.id === wanted) ?? builtins[0];
  if (!doc) return null;
  return (await builtinJson(doc.id).catch(() => null)) ?? doc.yaml;
}

/** Opens the document; false when there is none to trace (the frame then says why). */
async function open(): Promise<boolean> {
  const decoded = await decoding;
  if (decoded && !decoded.ok) {
    store.getState().addNote({ kind: 'brokenLink', reason: decoded.reason, raw: docParam ?? '', rawName: 'hopscope-link.txt' });
    store.setState({ docStatus: 'invalid' });
    return false;
  }
  if (options.src) {
    // `src=URL`: a failure is said in the frame (embed-source).
    const { openSource } = await import('./open-source');
    await openSource(store, (t) => sim.read(t), options.src);
    return false;
  }
  if (decoded?.ok) {
    // The worker reads any YAML, so the page need not load a YAML parser.
    return store.getState().openText(decoded.text, undefined, 'embed');
  }
  const text = await documentText();
  if (text === null) return false;
  return store.getState().openText(text, undefined, 'builtin');
}

void (async () => {
  await open();
  if (params.get('loop') === '1') store.getState().toggleLoop();
  if (!(await applyLinkedTrace(store, window.location.search))) return;
  const frame = readFrame(window.location.search) ?? options.startFrame ?? null;
  if (frame !== null) store.getState().seek(frame);
  // An embed plays only when asked to (`autoplay=1`), from its starting hop when it has one.
  if (params.get('autoplay') !== '1') store.getState().pause();
  else if (frame !== null) store.getState().play();
})();

// Every trace that ran is written back into the URL, so "Open in Hopscope" and a reload show it.
store.subscribe((s, prev) => {
  if (s.trace && s.trace !== prev.trace) {
    const search = writeTraceParams(window.location.search, s.trace.request);
    if (search !== window.location.search) window.history.replaceState(null, '', `${window.location.pathname}${search}`);
  }
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// After the starting language's strings, so the first paint is in that language.
// …and the dark palette, so a dark embed never paints light first.
const started = startI18n(EMBED_CATALOGUES);
// A link that asks for a trace has the engine's reasons worded as it runs, so its first hop is drawn worded.
if (readTraceParams(window.location.search)) void started.then(() => loadReasonWording(currentLanguage())).catch(() => {});
void Promise.all([started, palette]).then(() =>
  createRoot(root).render(
    <StrictMode>
      <AppStoreProvider store={store}>
        <EmbedApp />
      </AppStoreProvider>
    </StrictMode>,
  ),
);
