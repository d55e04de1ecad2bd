import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './ui/prefs/dark.css';
import { i18nReady } from './i18n';
import { builtins } from './scenarios';
import { builtinJson } from './ui/lib/builtin-json';
import { AppStoreProvider, createAppStore, readTraceParams, writeTraceParams } from './store';
import { deferredBackend, indexedDbBackend, Library, memoryBackend, migrateLocalStorage, recoverJournals, type Backend } from './store/doc-library';
import { startLibraryAutosave } from './store/library-autosave';
import { firstName, freeName, JOURNAL_PREFIX, LAST_KEY, SESSION_KEY, type LibraryDeps } from './store/slices/library-slice';
import { applyTheme, initialTheme } from './ui/prefs/theme';
import { decodeDocumentParam, DOC_PARAM, readFrame, readNodeView } from './ui/share/share-link';
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
const docParam = params.get(DOC_PARAM);
const decoded = docParam === null ? null : decodeDocumentParam(docParam);
const shared = decoded?.ok ? decoded.text : null;
// `caption=0`, `controls=0`, `hop=N`, `fit=path`, `src=URL` (docs/embed.md).
const embedOptions = embed ? readEmbedOptions(window.location.search) : null;
const lessonId = embed ? null : params.get('lesson');
applyTheme(initialTheme());

/** A storage that may be missing or refuse access (sandboxed frames, some private modes) reads as empty. */
const storageOf = (get: () => Storage): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> => ({
  getItem: (k) => {
    try {
      return get().getItem(k);
    } catch {
      return null;
    }
  },
  setItem: (k, v) => get().setItem(k, v),
  removeItem: (k) => get().removeItem(k),
});

// The document library (File → Documents). An embed never stores anything: it would replace what its visitor was editing.
let storageUnavailable = false;
const backend: Promise<Backend> = embed
  ? Promise.resolve(memoryBackend())
  : indexedDbBackend().catch(() => {
      storageUnavailable = true;
      return memoryBackend();
    });
const library = new Library(deferredBackend(backend));
const documents: LibraryDeps | undefined = embed
  ? undefined
  : {
      library,
      ...(typeof BroadcastChannel === 'function' ? { channel: new BroadcastChannel('hopscope.documents') } : {}),
      session: storageOf(() => sessionStorage),
      local: storageOf(() => localStorage),
    };

const sim = createSimClient();
const store = createAppStore({ sim, ...(documents ? { documents } : {}) });
if (embed) makeReadOnly(store);

async function documentText(): Promise<string | null> {
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
/** Storage and links are not trusted: what cannot be read is said, with its raw text, and never drawn. */
async function startLibrary(): Promise<string | null> {
  await backend;
  const s = store.getState();
  if (storageUnavailable) s.addNote({ kind: 'unavailable' });
  const migrated = await migrateLocalStorage(library, storageOf(() => localStorage), (t) => sim.read(t)).catch(() => null);
  // What tabs closed before their last write finished (this one's included, on a reload).
  try {
    await recoverJournals(library, localStorage, JOURNAL_PREFIX, async (base, origin, doc) => {
      const taken = new Set((await library.list()).records.map((r) => r.name));
      return base ? freeName(base, taken) : firstName(doc, origin, taken);
    });
  } catch {
    // localStorage refused: nothing was journaled either
  }
  const { unreadable } = await library.list();
  if (unreadable.length) {
    s.addNote({
      kind: 'unreadable',
      reason: [...new Set(unreadable.map((u) => u.reason))].join(','),
      name: String(unreadable.length),
      raw: unreadable.length === 1 ? unreadable[0]!.raw : JSON.stringify(Object.fromEntries(unreadable.map((u) => [u.id, u.raw])), null, 2),
      rawName: 'hopscope-unreadable.txt',
    });
  }
  // This tab's document survives a reload ('' when a read-only copy was on screen); a new tab opens the browser's last one.
  const mine = documents?.session?.getItem(SESSION_KEY);
  if (mine !== null && mine !== undefined) return mine || null;
  return documents?.local?.getItem(LAST_KEY) ?? migrated?.lastId ?? null;
}

/** Opens the first document: the link's, a lesson, a built-in asked for, or the one this tab (or browser) was on. */
async function start(): Promise<void> {
  const last = embed ? null : await startLibrary();
  if (decoded && !decoded.ok) {
    store.getState().addNote({ kind: 'brokenLink', reason: decoded.reason, raw: docParam ?? '', rawName: 'hopscope-link.txt' });
    if (embed) {
      store.setState({ docStatus: 'invalid' });
      return;
    }
  }
  if (embedOptions?.src) {
    // `src=URL`: the embed's document comes from that address; a failure is said in the frame (embed-source).
    const { openSource } = await import('./ui/embed/open-source');
    await openSource(store, (t) => sim.read(t), embedOptions.src);
    return;
  }
  if (shared) {
    // The worker reads any YAML (a share link's document), so the page (an embed above all) need not load a YAML parser.
    if (await store.getState().openText(shared, undefined, embed ? 'embed' : 'link')) return;
    // Refused: the File → Open dialog lists why.
    if (embed) return;
  }
  // A link that did not open never falls back on a sample: the person's last document, or an empty canvas.
  const linkFailed = docParam !== null;
  if (lessonId) {
    const { openLessonById } = await import('./ui/lessons/open-lesson');
    if (await openLessonById(store, lessonId)) return;
  }
  if (!wanted && !generate && last) {
    const refused = store.getState().importProblems;
    const back = await store.getState().replaceDocument({ kind: 'record', id: last });
    if (refused) store.setState({ importProblems: refused });
    if (back) return;
    // What was on screen could not be drawn (the notes say why): an empty canvas, not someone else's sample.
    await store.getState().replaceDocument({ kind: 'new' });
    return;
  }
  if (linkFailed) {
    const refused = store.getState().importProblems;
    await store.getState().replaceDocument({ kind: 'new' });
    if (refused) store.setState({ importProblems: refused });
    return;
  }
  const text = await documentText();
  if (text === null) return;
  await store.getState().loadDocument(text, 'builtin');
}

void (async () => {
  await start();
  if (lessonId && store.getState().lesson) {
    startLibraryAutosave(store);
    prepareEditing();
    return;
  }
  // NOTE: an embed never writes the browser's storage: it would replace the document its visitor was editing.
  if (!embed) startLibraryAutosave(store);
  if (!embed) prepareEditing();
  if (docParam !== null && !embed) {
    // The shared document is now in File → Documents; a reload should not bring the link's copy back over edits (a broken link is said once).
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
