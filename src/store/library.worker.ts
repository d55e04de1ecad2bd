/** The document library's IndexedDB, opened off the page's thread (see library-storage.ts). */
import { serve } from '../worker/rpc';
import { indexedDbBackend, type Backend, type LibraryWorkerApi } from './library-storage';

let backend: Promise<Backend> | null = null;
const opened = () => (backend ??= indexedDbBackend());
const api: LibraryWorkerApi = {
  open: async () => void (await opened()),
  heads: async () => (await opened()).heads(),
  head: async (id) => (await opened()).head(id),
  get: async (id) => (await opened()).get(id),
  put: async (id, text) => (await opened()).put(id, text),
  delete: async (id) => (await opened()).delete(id),
};
serve(api, self as unknown as Worker);
