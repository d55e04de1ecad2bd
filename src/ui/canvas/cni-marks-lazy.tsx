import { lazy, Suspense, useSyncExternalStore } from 'react';
import { useAppStore } from '../../store';

/**
 * The CNI call's marks on the canvas (CniCanvasMarks.tsx), loaded with the first call shown: only the app plays
 * CNI calls (dropping a pod on a node), so a canvas that never shows one (the embed) never downloads them.
 */
type Marks = typeof import('./CniCanvasMarks');
let marks: Marks | null = null;
const listeners = new Set<() => void>();
const load = () =>
  import('./CniCanvasMarks').then((m) => {
    if (!marks) {
      marks = m;
      for (const l of listeners) l();
    }
    return m;
  });
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};
const loaded = () => marks;

// NOTE: marks that cannot be loaded draw nothing (the app's banner says a part could not be loaded): a throwing lazy
// part would unmount the whole canvas. (Not `LazyPart`: this file is in the embed, which has no banner.)
const Marks = lazy(() =>
  load().then(
    (m) => ({ default: m.CniNodeMarks }),
    () => ({ default: () => null }),
  ),
);

/** What the CNI call being shown did on this node (nothing, and no download, while no call is shown). */
export function CniNodeMarks(props: { name: string; devices?: readonly string[] }) {
  const shown = useAppStore((s) => s.cniCall !== null);
  return shown ? (
    <Suspense fallback={null}>
      <Marks {...props} />
    </Suspense>
  ) : null;
}

/** The address the CNI ADD just gave this pod (null when no call is about it; the node showing the call loads the code). */
export function useCniPodAddress(ref: string): string | null {
  const m = useSyncExternalStore(subscribe, loaded);
  return useAppStore((s) => (m && s.cniCall ? m.podCni(ref)(s) : null));
}
