import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './index.css';
import { App } from './App';
import { builtins } from './scenarios';
import { AppStoreProvider, createAppStore } from './store';
import { createSimClient } from './worker/sim-client';

// `?scenario=ID` opens that built-in document; the first one otherwise.
const wanted = new URLSearchParams(window.location.search).get('scenario');
const doc = builtins.find((b) => b.id === wanted) ?? builtins[0];

const store = createAppStore({ sim: createSimClient() });
if (doc) void store.getState().loadDocument(doc.yaml);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <AppStoreProvider store={store}>
      <App />
    </AppStoreProvider>
  </StrictMode>,
);
