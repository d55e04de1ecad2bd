import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './ui/prefs/dark.css';
import { i18nReady } from './i18n';
import { builtins } from './scenarios';
import { builtinJson } from './ui/lib/builtin-json';
import { AppStoreProvider, createAppStore, readTraceParams, writeTraceParams } from './store';
import { readSaved, startAutosave } from './store/autosave';
import { applyTheme, initialTheme } from './ui/prefs/theme';
import { decodeDocument, DOC_PARAM, readFrame, readNodeView } from './ui/share/share-link';
import { makeReadOnly } from './ui/embed/read-only';
import { readEmbedOptions } from './ui/embed/embed-options';
import { createSimClient } from './worker/sim-client';

// The full app and the embed load apart: an iframe never downloads the editor, the panels or the lessons.
const App = lazy(() => import('./App').then((m) => ({ default: m.App })));
const EmbedApp = lazy(() => import('./ui/embed/EmbedApp').then((m) => ({ default: m.EmbedApp })));

// `?scenario=ID` opens that built-in document; the first one otherwise.
// `?generate=N` opens a generated Flannel cluster of N nodes (benchmarks, demos of scale).
const params = new URLSearchParams(window.location.search);
const wanted = params.get('scenario');
const generate = Number(params.get('generate'));
const doc = builtins.find((b) => b.id === wanted) ?? builtins[0];

// `?doc=` carries a whole document (a share link); `?lesson=ID` opens a lesson; `?embed=1` is the iframe view
// (`autoplay=1`, `loop=1`, `origins=`, `lng=`, `theme=`); `frame=N` shows that hop of the linked trace.
const embed = params.get('embed') === '1';
// `caption=0`, `controls=0`, `hop=N`, `fit=path`, `src=URL` (docs/embed.md).
const embedOptions = embed ? readEmbedOptions(window.location.search) : null;
const shared = decodeDocument(params.get(DOC_PARAM));
const lessonId = embed ? null : params.get('lesson');
applyTheme(initialTheme());

const sim = createSimClient();
const store = createAppStore({ sim });
if (embed) makeReadOnly(store);
// Without a document in the link, the one being edited when the page was left comes back.
const saved = !wanted && !generate && !params.has(DOC_PARAM) && !lessonId && !embed ? readSaved(localStorage) : null;

async function documentText(): Promise<string | null> {
  if (shared) return shared;
  if (Number.isInteger(generate) && generate > 0) {
    // Loaded only when asked for: the generator is not part of what the app normally ships.
    const { generateFlannelCluster } = await import('./scenarios/generate');
    return JSON.stringify(generateFlannelCluster({ nodes: Math.min(generate, 1000) }));
  }
  if (!doc) return null;
  // A built-in arrives as its generated JSON twin, so neither the page nor the worker loads a YAML parser.
  return (await builtinJson(doc.id).catch(() => null)) ?? doc.yaml;
}

// The editor's first change should not wait for the validator's download; the read-only embed never needs it.
const prepareEditing = () => void sim.prepareEditing().catch(() => {});

// A link that carries a request (`from`, `to`, `proto`, `pick`/`seed`/`all`) opens on that flow.
void (async () => {
  if (lessonId) {
    const { openLessonById } = await import('./ui/lessons/open-lesson');
    if (await openLessonById(store, lessonId)) {
      startAutosave(store, localStorage);
      prepareEditing();
      return;
    }
  }
  if (saved) await store.getState().restore(saved.doc, saved.past, saved.future);
  else if (embedOptions?.src) {
    const { openSource } = await import('./ui/embed/open-source');
    if (!(await openSource(store, (t) => sim.toJson(t), embedOptions.src))) return;
  } else {
    const text = await documentText();
    if (text === null) return;
    // The worker reads any YAML (a share link's document), so the page (an embed above all) need not load a YAML parser.
    const json = await sim.toJson(text).catch(() => null);
    await store.getState().loadDocument(json ?? text);
  }
  // NOTE: an embed never writes the browser's storage: it would replace the document its visitor was editing.
  if (!embed) startAutosave(store, localStorage);
  if (!embed) prepareEditing();
  if (shared && !embed) {
    // The shared document is now this browser's (autosaved); a reload should not bring the link's copy back over edits.
    const q = new URLSearchParams(window.location.search);
    q.delete(DOC_PARAM);
    const rest = q.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${rest ? `?${rest}` : ''}`);
  }
  if (embed && params.get('loop') === '1') store.getState().toggleLoop();
  const nodeView = readNodeView(window.location.search);
  if (nodeView.tab) store.getState().setNodeViewTab(nodeView.tab);
  const linked = readTraceParams(window.location.search);
  if (!linked || store.getState().docStatus !== 'ready') {
    if (nodeView.node) store.getState().pinNodeView(nodeView.node);
    return;
  }
  const s = store.getState();
  s.setFrom(linked.from);
  s.setTo(linked.to);
  s.setProtocol(linked.protocol);
  s.setChoice(linked.choice);
  await s.runTrace();
  // After the trace: a picked node is kept for the trace it was picked on.
  if (nodeView.node) store.getState().pinNodeView(nodeView.node);
  const frame = readFrame(window.location.search) ?? embedOptions?.startFrame ?? null;
  if (frame !== null) store.getState().seek(frame);
  // An embed plays only when asked to (`autoplay=1`), from its starting hop when it has one.
  if (embed && params.get('autoplay') !== '1') store.getState().pause();
  else if (embed && frame !== null) store.getState().play();
})();

// Every trace that ran is written back into the URL, so the address bar is always a link to it.
store.subscribe((s, prev) => {
  if (s.trace && s.trace !== prev.trace) {
    const search = writeTraceParams(window.location.search, s.trace.request);
    if (search !== window.location.search) window.history.replaceState(null, '', `${window.location.pathname}${search}`);
  }
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// NOTE: after the starting language's strings (Chinese loads on demand), so the first paint is in that language.
void i18nReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <AppStoreProvider store={store}>
        <Suspense fallback={null}>{embed ? <EmbedApp /> : <App />}</Suspense>
      </AppStoreProvider>
    </StrictMode>,
  ),
);
