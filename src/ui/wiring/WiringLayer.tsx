import { lazy, Suspense } from 'react';
import { selectCompareOpen, useAppStore } from '../../store';
import { CniCallPanel } from './CniCallPanel';

// The compare view brings the built-in documents with it: loaded when first opened.
const CompareView = lazy(() => import('./CompareView'));

/** What the CNI switch and the editor open over the app: the compare view and the CNI call panel. */
export function WiringLayer() {
  const compareOpen = useAppStore(selectCompareOpen);
  return (
    <>
      <CniCallPanel />
      {compareOpen && (
        <Suspense fallback={null}>
          <CompareView />
        </Suspense>
      )}
    </>
  );
}
