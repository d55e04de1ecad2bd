// The full app's start (src/boot.ts chooses it, through src/start.ts; `?embed=1` starts from src/ui/embed/embed-main.tsx instead).
import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './ui/prefs/dark.css';
import { APP_CATALOGUES, startI18n } from './i18n';
import { builtins } from './scenarios';
import { builtinJson } from './ui/lib/builtin-json';
import { AppStoreProvider, writeTraceParams } from './store';
import { createAppStore, type StoreDeps } from './store/app-store';
import { Library, mayMigrateLast, migrateLocalStorage, recoverJournals } from './store/doc-library';
import { deferredBackend, indexedDbBackend, memoryBackend, workerBackend, type Backend } from './store/library-storage';
import { startLibraryAutosave } from './store/library-autosave';
import { firstName, freeName, JOURNAL_PREFIX, LAST_KEY, SESSION_KEY, type LibraryDeps } from './store/slices/library-slice';
import { applyTheme, initialTheme } from './ui/prefs/theme';
import { CanvasControlsProvider } from './ui/canvas/canvas-controls';
import { loadAutoLayout } from './ui/canvas/auto-layout-loader';
import { decodeDocumentParam, DOC_PARAM, readFrame } from './ui/share/share-link';
import { createSimClient, editorWorker } from './worker/sim-client';
import { generatedNodes, stopGenerating } from './worker/place-start';
import { applyLinkedTrace } from './ui/share/linked-trace';
import { watchLoadFailures } from './ui/lib/load-failure';
import { LazyPart } from './ui/lib/LazyPart';
import { LoadFailureBanner } from './ui/panels/LoadFailureBanner';

watchLoadFailures(window);

// NOTE: fetched at once, beside the language's strings, the worker and the document, not after them.
const appModule = import('./App');
const App = lazy(() => appModule.then((m) => ({ default: m.App })));

// `?scenario=ID` opens that built-in document; the first one otherwise.
// `?generate=N` opens a generated Flannel cluster of N nodes (benchmarks, demos of scale).
const params = new URLSearchParams(window.location.search);
const wanted = params.get('scenario');
const generate = generatedNodes(window.location.search) ?? 0;
const doc = builtins.find((b) => b.id === wanted) ?? builtins[0];

// `?doc=` carries a whole document (a share link); `?lesson=ID` opens a lesson; `frame=N` shows that hop of the linked trace.
const docParam = params.get(DOC_PARAM);
const decoded = docParam === null ? null : decodeDocumentParam(docParam);
const shared = decoded?.ok ? decoded.text : null;
const lessonId = params.get('lesson');
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

// The document library (File → Documents): IndexedDB in a worker of its own, on the page if that worker cannot open it.
let storageUnavailable = false;
const onPage = () => indexedDbBackend();
const backend: Promise<Backend> = (
  typeof Worker === 'function'
    ? workerBackend(new Worker(new URL('./store/library.worker.ts', import.meta.url), { type: 'module' }))
    : Promise.reject(new Error('no workers'))
)
  .catch(onPage)
  .catch(() => {
    storageUnavailable = true;
    return memoryBackend();
  });
const library = new Library(deferredBackend(backend));
const documents: LibraryDeps = {
  library,
  ...(typeof BroadcastChannel === 'function' ? { channel: new BroadcastChannel('hopscope.documents') } : {}),
  session: storageOf(() => sessionStorage),
  local: storageOf(() => localStorage),
};

// (The editor's worker: an edit is answered with what changed.)
const sim = createSimClient({ spawnWorker: editorWorker });
// The place worker's client (a small chunk) loads with the first document's text; it sends only a big document's text on.
let placer: typeof import('./worker/place-client') | undefined;
const placeClient = () => import('./worker/place-client').then((m) => (placer = m));
// (At once once loaded: it says whether the text's picture is drawn already.)
const sendAhead: StoreDeps['sendAhead'] = (text, draw) => placer?.prefetchPicture(text, draw) ?? void placeClient().then((m) => m.prefetchPicture(text, draw));
const readAhead: StoreDeps['readAhead'] = (text, view) => void placeClient().then((m) => m.readAhead(text, view));
const pictureDrawn: StoreDeps['pictureDrawn'] = (view) => placeClient().then((m) => m.pictureDrawn(view));
const store = createAppStore({ sim, documents, sendAhead, readAhead, pictureDrawn });

async function documentText(): Promise<string | null> {
  if (generate > 0) {
    // Made in the place worker, which places it while the page reads it (the app ships without the generator).
    return placeClient().then((m) => m.generateCluster(generate));
  }
  if (!doc) return null;
  // A built-in arrives as its generated JSON twin, so neither the page nor the worker loads a YAML parser.
  return (await builtinJson(doc.id).catch(() => null)) ?? doc.yaml;
}

// A built-in or generated document asked for by the address is fetched (or generated) while the library starts,
// not after it (a link's document or a lesson wins over it); so is the first built-in when nothing is asked for (a few
// KB, opened when the library holds no last document: the first visit's first frame waited for its download).
const earlyText = docParam === null && !lessonId ? documentText() : null;
earlyText?.catch(() => {});
// (Not wanted then: the place worker src/start.ts set generating the cluster the address asks for.)
if (!earlyText) stopGenerating();
// A generated cluster is placed by the automatic layout: its code downloads beside the document, not after it.
if (generate > 0) loadAutoLayout().catch(() => {});

// The editor's first change should not wait for the validator's download.
const prepareEditing = () => void sim.prepareEditing().catch(() => {});

// A link that carries a request (`from`, `to`, `proto`, `pick`/`seed`/`all`) opens on that flow.
/** Storage and links are not trusted: what cannot be read is said, with its raw text, and never drawn. */
async function startLibrary(): Promise<string | null> {
  await backend;
  const s = store.getState();
  if (storageUnavailable) s.addNote({ kind: 'unavailable' });
  const migrated = await migrateLocalStorage(
    library,
    storageOf(() => localStorage),
    (t) => sim.read(t),
  ).catch(() => null);
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
      ids: unreadable.map((u) => u.id),
      raw: unreadable.length === 1 ? unreadable[0]!.raw : JSON.stringify(Object.fromEntries(unreadable.map((u) => [u.id, u.raw])), null, 2),
      rawName: 'hopscope-unreadable.txt',
    });
  }
  return toReopen(migrated?.lastId ?? null);
}

/** The document to reopen: this tab's survives a reload ('' when a read-only copy was on screen); a new tab opens the browser's last one. */
function toReopen(migrated: string | null): string | null {
  const mine = documents.session?.getItem(SESSION_KEY);
  if (mine !== null && mine !== undefined) return mine || null;
  return documents.local?.getItem(LAST_KEY) ?? migrated;
}

/** Opens the first document: the link's, a lesson, a built-in asked for, or the one this tab (or browser) was on. */
async function start(): Promise<void> {
  const library = startLibrary();
  // NOTE: a built-in or generated document the address asks for, or a first visit's built-in (nothing to reopen), is
  // drawn without waiting for the library to start (its worker opening IndexedDB, the migration, the journals, the
  // list): at `/` the first frame came 150–210 ms after the built-in's text, right after the library's answer.
  const nothingToReopen = () => toReopen(null) === null && !mayMigrateLast(storageOf(() => localStorage));
  if (earlyText && (wanted || generate || nothingToReopen())) {
    await Promise.all([library, openBuiltin(earlyText)]);
    return;
  }
  const last = await library;
  if (decoded && !decoded.ok) {
    store.getState().addNote({ kind: 'brokenLink', reason: decoded.reason, raw: docParam ?? '', rawName: 'hopscope-link.txt' });
  }
  if (shared) {
    // The worker reads any YAML (a share link's document), so the page need not load a YAML parser.
    if (await store.getState().openText(shared, undefined, 'link')) return;
    // Refused: the File → Open dialog lists why.
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
  await openBuiltin(earlyText ?? documentText());
}

/** The built-in or generated document the address asks for, or the first built-in (documentText), opened when it comes. */
async function openBuiltin(text: Promise<string | null>): Promise<void> {
  const t = await text;
  if (t !== null) await store.getState().loadDocument(t, 'builtin');
}

void (async () => {
  await start();
  if (lessonId && store.getState().lesson) {
    startLibraryAutosave(store);
    prepareEditing();
    return;
  }
  startLibraryAutosave(store);
  prepareEditing();
  if (docParam !== null) {
    // The shared document is now in File → Documents; a reload should not bring the link's copy back over edits (a broken link is said once).
    const q = new URLSearchParams(window.location.search);
    q.delete(DOC_PARAM);
    const rest = q.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${rest ? `?${rest}` : ''}`);
  }
  if (!(await applyLinkedTrace(store, window.location.search))) return;
  const frame = readFrame(window.location.search);
  if (frame !== null) store.getState().seek(frame);
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
// NOTE: drawn once the editor's code and the starting language's strings (Chinese loads on demand) are both in: the
// first paint is in that language, and the first render is a default one, a single task. Drawn before the code came,
// it was a lazy part's retry, which React renders a few ms a task and starts over whenever the store changes (the
// document arriving): 250–330 ms from the code's arrival to the first frame at 10 nodes. A code that did not load is
// the lazy part's to say, as before.
const loadedApp = appModule.then(
  (m) => m.App,
  () => App,
);
void Promise.all([startI18n(APP_CATALOGUES), loadedApp]).then(([, Editor]) =>
  createRoot(root).render(
    <StrictMode>
      <AppStoreProvider store={store}>
        <CanvasControlsProvider>
          <LazyPart failed={<LoadFailureBanner />}>
            <Editor />
          </LazyPart>
        </CanvasControlsProvider>
      </AppStoreProvider>
    </StrictMode>,
  ),
);
