// use-sync-external-store's `useSyncExternalStoreWithSelector` (React's own, MIT, Meta Platforms, Inc.), as an ES module.
// NOTE: why: React Flow's zustand reads its store through the CommonJS build, and a CommonJS `require('react')` makes
// the bundler wrap preact/compat (the embed's React) whole, with every export it has, in lazy CommonJS interop.
// The hooks rules are React's own code's to break: the memo's closure keeps the last snapshot on purpose.
/* eslint-disable react-hooks/immutability, react-hooks/exhaustive-deps */
import { useDebugValue, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';

export function useSyncExternalStoreWithSelector<Snapshot, Selection>(
  subscribe: (onChange: () => void) => () => void,
  getSnapshot: () => Snapshot,
  getServerSnapshot: undefined | null | (() => Snapshot),
  selector: (snapshot: Snapshot) => Selection,
  isEqual?: (a: Selection, b: Selection) => boolean,
): Selection {
  // The last selection committed: a new snapshot whose selection equals it keeps it (no re-render).
  const instRef = useRef<{ hasValue: boolean; value: Selection | null } | null>(null);
  const inst = (instRef.current ??= { hasValue: false, value: null });
  const [getSelection, getServerSelection] = useMemo(() => {
    let hasMemo = false;
    let memoizedSnapshot: Snapshot;
    let memoizedSelection: Selection;
    const memoizedSelector = (nextSnapshot: Snapshot): Selection => {
      if (!hasMemo) {
        hasMemo = true;
        memoizedSnapshot = nextSnapshot;
        const nextSelection = selector(nextSnapshot);
        if (isEqual !== undefined && inst.hasValue && isEqual(inst.value as Selection, nextSelection)) return (memoizedSelection = inst.value as Selection);
        return (memoizedSelection = nextSelection);
      }
      const currentSelection = memoizedSelection;
      if (Object.is(memoizedSnapshot, nextSnapshot)) return currentSelection;
      const nextSelection = selector(nextSnapshot);
      if (isEqual !== undefined && isEqual(currentSelection, nextSelection)) {
        memoizedSnapshot = nextSnapshot;
        return currentSelection;
      }
      memoizedSnapshot = nextSnapshot;
      return (memoizedSelection = nextSelection);
    };
    const server = getServerSnapshot ?? null;
    return [() => memoizedSelector(getSnapshot()), server === null ? undefined : () => memoizedSelector(server())];
  }, [getSnapshot, getServerSnapshot, selector, isEqual]);
  const value = useSyncExternalStore(subscribe, getSelection, getServerSelection);
  useEffect(() => {
    inst.hasValue = true;
    inst.value = value;
  }, [value]);
  useDebugValue(value);
  return value;
}

/** What zustand's `traditional` module imports (the CommonJS module's exports object). */
export default { useSyncExternalStoreWithSelector };
