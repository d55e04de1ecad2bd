import { lazy } from 'react';
import { LazyPart } from '../lib/LazyPart';
import { selectCompareOpen, useAppStore } from '../../store';

// The compare view brings the built-in documents with it: loaded when first opened.
const CompareView = lazy(() => import('./CompareView'));

/** What the CNI switch opens over the app: the compare view. (The CNI call panel docks beside the canvas: see App.) */
export function WiringLayer() {
  const compareOpen = useAppStore(selectCompareOpen);
  return (
    <>
      {compareOpen && (
        <LazyPart>
          <CompareView />
        </LazyPart>
      )}
    </>
  );
}
