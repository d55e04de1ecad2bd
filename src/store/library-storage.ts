/**
 * Where the document library's entries live: raw text by id (IndexedDB in the browser, a Map in tests). The library
 * (doc-library.ts) reads and writes records through `Backend`; this module knows only texts.
 *
 * NOTE: at 1,000 nodes an entry is ~6.5 MB of text. IndexedDB copies a value in and out on the thread that asks, so an
 * autosave on the page's thread (read the entry back for its revision, write the new one) cost it 40–90 ms per edit,
 * and listing the library read every entry whole. In the browser the store is therefore opened in a worker of its own
 * (library.worker.ts): the page hands a text over and receives heads, and reads an entry whole only to open it.
 */
import { connect } from '../worker/rpc';

export const DB_NAME = 'hopscope';
const STORE = 'documents';

/** How much of an entry's text a head holds: enough for a record's name, times and revision (doc-library `readHead`). */
export const HEAD_CHARS = 4096;

export interface Backend {
  /** Each entry's head (its text's first HEAD_CHARS characters), by id. */
  heads(): Promise<Map<string, string>>;
  /** One entry's head, or undefined when there is none. */
  head(id: string): Promise<string | undefined>;
  get(id: string): Promise<string | undefined>;
  put(id: string, text: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/** A stored text's first HEAD_CHARS characters (not doc-library's record head, which is read from it). */
const textHead = (text: unknown) => (typeof text === 'string' ? text : String(text)).slice(0, HEAD_CHARS);

export function memoryBackend(initial: Record<string, string> = {}): Backend & { data: Map<string, string>; failWith?: Error } {
  const b = {
    data: new Map(Object.entries(initial)),
    failWith: undefined as Error | undefined,
    heads: async () => new Map([...b.data].map(([id, text]) => [id, textHead(text)])),
    head: async (id: string) => (b.data.has(id) ? textHead(b.data.get(id)) : undefined),
    get: async (id: string) => b.data.get(id),
    put: async (id: string, text: string) => {
      if (b.failWith) throw b.failWith;
      b.data.set(id, text);
    },
    delete: async (id: string) => {
      b.data.delete(id);
    },
  };
  return b;
}

/** A backend that is still opening: every call waits for it. */
export function deferredBackend(p: Promise<Backend>): Backend {
  return {
    heads: async () => (await p).heads(),
    head: async (id) => (await p).head(id),
    get: async (id) => (await p).get(id),
    put: async (id, text) => (await p).put(id, text),
    delete: async (id) => (await p).delete(id),
  };
}

const req = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });

/** The browser's IndexedDB (`hopscope` database, `documents` store of text by id). Rejects when it cannot open. */
export async function indexedDbBackend(factory: IDBFactory = indexedDB): Promise<Backend> {
  const open = factory.open(DB_NAME, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE);
  };
  const db = await req(open);
  const tx = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  const done = (t: IDBTransaction) =>
    new Promise<void>((resolve, reject) => {
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error ?? new Error('IndexedDB write failed'));
      t.onabort = () => reject(t.error ?? new Error('IndexedDB write aborted'));
    });
  const get = async (id: string) => {
    const text: unknown = await req(tx('readonly').get(id));
    return text === undefined ? undefined : String(text);
  };
  return {
    async heads() {
      const s = tx('readonly');
      const [keys, values] = await Promise.all([req(s.getAllKeys()), req(s.getAll())]);
      return new Map(keys.map((k, i) => [String(k), textHead(values[i])]));
    },
    head: async (id) => {
      const text = await get(id);
      return text === undefined ? undefined : textHead(text);
    },
    get,
    async put(id, text) {
      const s = tx('readwrite');
      s.put(text, id);
      await done(s.transaction);
    },
    async delete(id) {
      const s = tx('readwrite');
      s.delete(id);
      await done(s.transaction);
    },
  };
}

/** What library.worker.ts answers: the backend's calls, once `open` has opened IndexedDB there. */
export type LibraryWorkerApi = Backend & { open(): Promise<void> };

/**
 * IndexedDB opened in `worker` (library.worker.ts), each call answered there. Rejects when the worker does not start or
 * cannot open IndexedDB (the caller then opens it on the page). A worker that fails later fails the calls waiting.
 */
export async function workerBackend(worker: Worker): Promise<Backend> {
  const rpc = connect<LibraryWorkerApi>(worker);
  let failed: Error | null = null;
  const waiting = new Set<(e: Error) => void>();
  worker.addEventListener('error', (e) => {
    failed = new Error(e.message || 'the library worker stopped');
    for (const reject of waiting) reject(failed);
  });
  // (A call settles with its answer, or fails with the worker.)
  const call = <T>(answer: () => Promise<T>) =>
    failed
      ? Promise.reject(failed)
      : new Promise<T>((resolve, reject) => {
          waiting.add(reject);
          answer()
            .then(resolve, reject)
            .finally(() => waiting.delete(reject));
        });
  await call(() => rpc.call('open'));
  return {
    heads: () => call(() => rpc.call('heads')),
    head: (id) => call(() => rpc.call('head', id)),
    get: (id) => call(() => rpc.call('get', id)),
    put: (id, text) => call(() => rpc.call('put', id, text)),
    delete: (id) => call(() => rpc.call('delete', id)),
  };
}
