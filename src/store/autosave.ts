/**
 * Autosave: the document and its undo history in the browser's storage after every edit, and
 * a separate copy of the last document that validated. A stored state that cannot be read
 * (corrupt, truncated, from another version) falls back to that copy, so it never costs the
 * last good document.
 */
import type { Doc } from '../model/edit';
import type { AppStoreApi } from './app-store';

export const AUTOSAVE_KEY = 'hopscope.autosave.v1';
export const LAST_GOOD_KEY = 'hopscope.lastgood.v1';
/** Above this the history is trimmed (oldest first) before writing; browsers allow ~5 MB per origin. */
const MAX_CHARS = 3_000_000;

export interface Saved {
  doc: Doc;
  past: Doc[];
  future: Doc[];
}

export type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const isDoc = (v: unknown): v is Doc =>
  !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Doc).apiVersion === 'string' && (v as Doc).kind === 'Topology' &&
  !!(v as Doc).cluster && typeof (v as Doc).cluster === 'object' && !!(v as Doc).metadata && typeof (v as Doc).metadata === 'object';

/** The stored state, or the last good document when that is unreadable, or null. Never throws. */
export function readSaved(storage: KeyValue): (Saved & { fromLastGood: boolean }) | null {
  try {
    const raw = storage.getItem(AUTOSAVE_KEY);
    if (raw) {
      const v = JSON.parse(raw) as Partial<Saved>;
      if (isDoc(v.doc)) {
        const past = Array.isArray(v.past) ? v.past.filter(isDoc) : [];
        const future = Array.isArray(v.future) ? v.future.filter(isDoc) : [];
        return { doc: v.doc, past, future, fromLastGood: false };
      }
    }
  } catch {
    // unreadable: fall through to the last good copy
  }
  try {
    const raw = storage.getItem(LAST_GOOD_KEY);
    const v = raw ? (JSON.parse(raw) as unknown) : null;
    if (isDoc(v)) return { doc: v, past: [], future: [], fromLastGood: true };
  } catch {
    // nothing usable
  }
  return null;
}

/** Writes the state, trimming history to fit; never throws (a full storage keeps the older copy). */
export function writeSaved(storage: KeyValue, s: Saved, valid: boolean): void {
  let past = s.past;
  let future = s.future;
  for (;;) {
    const text = JSON.stringify({ doc: s.doc, past, future });
    if (text.length <= MAX_CHARS || (past.length === 0 && future.length === 0)) {
      try {
        storage.setItem(AUTOSAVE_KEY, text);
        break;
      } catch {
        if (past.length === 0 && future.length === 0) return;
      }
    }
    past = past.slice(Math.ceil(past.length / 2));
    if (past.length === 0) future = future.slice(0, Math.floor(future.length / 2));
  }
  if (valid) {
    try {
      storage.setItem(LAST_GOOD_KEY, JSON.stringify(s.doc));
    } catch {
      // keep the previous last-good copy
    }
  }
}

/** Saves the store's document (debounced) whenever it, or its history, changes. Returns a stop function. */
export function startAutosave(store: AppStoreApi, storage: KeyValue, delayMs = 400): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const s = store.getState();
    if (s.doc) writeSaved(storage, { doc: s.doc, past: s.past, future: s.future }, s.docStatus === 'ready');
  };
  const unsub = store.subscribe((s, prev) => {
    if (s.doc === prev.doc && s.past === prev.past && s.future === prev.future && s.docStatus === prev.docStatus) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
  });
  const onHide = () => {
    if (timer) {
      clearTimeout(timer);
      flush();
    }
  };
  globalThis.addEventListener?.('pagehide', onHide);
  return () => {
    unsub();
    globalThis.removeEventListener?.('pagehide', onHide);
    if (timer) clearTimeout(timer);
  };
}
