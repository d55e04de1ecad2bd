/** Writes the document on screen to the library (debounced) whenever it or its history changes, and when the page is left. */
import type { AppStoreApi } from './app-store';

export function startLibraryAutosave(store: AppStoreApi, delayMs = 300): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    void store.getState().saveNow();
  };
  const unsub = store.subscribe((s, prev) => {
    if (s.doc === prev.doc && s.past === prev.past && s.future === prev.future && s.docStatus === prev.docStatus && s.docName === prev.docName) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
  });
  const onHide = () => {
    if (timer) {
      clearTimeout(timer);
      flush();
    }
  };
  // NOTE: an IndexedDB write started as the page goes away may never finish: the journal is written synchronously.
  const onPageHide = () => {
    onHide();
    store.getState().journalNow();
  };
  const onVisibility = () => {
    if (globalThis.document?.visibilityState === 'hidden') onHide();
  };
  globalThis.addEventListener?.('pagehide', onPageHide);
  globalThis.document?.addEventListener('visibilitychange', onVisibility);
  return () => {
    unsub();
    globalThis.removeEventListener?.('pagehide', onPageHide);
    globalThis.document?.removeEventListener('visibilitychange', onVisibility);
    if (timer) clearTimeout(timer);
  };
}
