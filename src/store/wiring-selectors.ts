import type { AppStore } from './app-store';

// Module-scope selectors of the CNI switch, the compare view and the CNI call panel.
export const selectCompareOpen = (s: AppStore) => s.compareOpen;
export const selectCompareWith = (s: AppStore) => s.compareWith;
export const selectComparison = (s: AppStore) => s.comparison;
export const selectCompareStatus = (s: AppStore) => s.compareStatus;
export const selectCniCall = (s: AppStore) => s.cniCall;
export const selectRewiring = (s: AppStore) => s.rewiring;
export const selectSize = (s: AppStore) => s.size;
export const selectDf = (s: AppStore) => s.df;
