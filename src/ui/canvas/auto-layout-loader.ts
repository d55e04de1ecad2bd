/**
 * The automatic layout (and dagre under it) loads when a document first needs it: a document that
 * places every element (the built-ins, a saved one) is drawn without it, so an embed never downloads it.
 */
import { useEffect, useState } from 'react';

export type AutoLayoutFn = typeof import('../../layout/auto-layout').autoLayout;

let loaded: AutoLayoutFn | null = null;
let loading: Promise<AutoLayoutFn> | null = null;

/** The layout function, loading it the first time. A failed download is tried again on the next call. */
export function loadAutoLayout(): Promise<AutoLayoutFn> {
  loading ??= import('../../layout/auto-layout').then(
    (m) => (loaded = m.autoLayout),
    (e: unknown) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** The layout function if it has loaded (the canvas loads it for any document that needs it), else null. */
export const loadedAutoLayout = (): AutoLayoutFn | null => loaded;

/**
 * The layout function once loaded; starts the download when `needed`. `ready` is false only while a
 * needed layout is on its way: a download that failed (offline) leaves `autoLayout` null and the
 * canvas draws the stored positions, buildGraph's for the rest.
 */
export function useAutoLayout(needed: boolean): { ready: boolean; autoLayout: AutoLayoutFn | null } {
  // (An initializer: handed the function itself, useState would call it.)
  const [fn, setFn] = useState<AutoLayoutFn | null>(() => loaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!needed || fn) return;
    let live = true;
    loadAutoLayout().then(
      (f) => live && setFn(() => f),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [needed, fn]);
  return { ready: !needed || !!fn || failed, autoLayout: fn };
}
