import { useSyncExternalStore } from 'react';

/**
 * A part of the app that loads when first needed (a dialog, the lessons, the canvas's culling, the app itself) could
 * not be fetched: the app was deployed again since this page opened (its old chunks are gone) or the network dropped.
 * Said once, with a reload (the document on screen is journaled on `pagehide`), instead of a blank page or a button
 * that silently does nothing.
 */
let failure: string | null = null;
const listeners = new Set<() => void>();

export function reportLoadFailure(error: unknown) {
  if (failure !== null) return;
  failure = error instanceof Error ? error.message : String(error);
  for (const listener of listeners) listener();
}

/** The failure said so far, if any. */
export const loadFailure = () => failure;

/**
 * Vite's preload helper dispatches `vite:preloadError` on `window` for every dynamic import that fails, before the
 * import's promise rejects (vite's `preload`, `handlePreloadError`): the failure is known before React sees it.
 */
export function watchLoadFailures(target: Window) {
  target.addEventListener('vite:preloadError', (e) => reportLoadFailure((e as Event & { payload?: unknown }).payload));
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

export const useLoadFailure = () => useSyncExternalStore(subscribe, loadFailure);
