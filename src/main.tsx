import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './index.css';
import { App } from './App';
import { builtins } from './scenarios';
import { AppStoreProvider, createAppStore, readTraceParams, writeTraceParams } from './store';
import { readSaved, startAutosave } from './store/autosave';
import { createSimClient } from './worker/sim-client';

// `?scenario=ID` opens that built-in document; the first one otherwise.
// `?generate=N` opens a generated Flannel cluster of N nodes (benchmarks, demos of scale).
const params = new URLSearchParams(window.location.search);
const wanted = params.get('scenario');
const generate = Number(params.get('generate'));
const doc = builtins.find((b) => b.id === wanted) ?? builtins[0];

const store = createAppStore({ sim: createSimClient() });
// Without a document in the link, the one being edited when the page was left comes back.
const saved = !wanted && !generate ? readSaved(localStorage) : null;

async function documentText(): Promise<string | null> {
  if (Number.isInteger(generate) && generate > 0) {
    // Loaded only when asked for: the generator is not part of what the app normally ships.
    const { generateFlannelCluster } = await import('./scenarios/generate');
    return JSON.stringify(generateFlannelCluster({ nodes: Math.min(generate, 1000) }));
  }
  return doc?.yaml ?? null;
}

// A link that carries a request (`from`, `to`, `proto`, `pick`/`seed`/`all`) opens on that flow.
void (async () => {
  if (saved) await store.getState().restore(saved.doc, saved.past, saved.future);
  else {
    const text = await documentText();
    if (text === null) return;
    await store.getState().loadDocument(text);
  }
  startAutosave(store, localStorage);
  const linked = readTraceParams(window.location.search);
  if (!linked || store.getState().docStatus !== 'ready') return;
  const s = store.getState();
  s.setFrom(linked.from);
  s.setTo(linked.to);
  s.setProtocol(linked.protocol);
  s.setChoice(linked.choice);
  await s.runTrace();
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
createRoot(root).render(
  <StrictMode>
    <AppStoreProvider store={store}>
      <App />
    </AppStoreProvider>
  </StrictMode>,
);
