import { useSyncExternalStore } from 'react';
import { getDockPrefs, subscribeDockPrefs, type DockPrefs } from './dock-prefs';

/** The dock arrangement in force; re-renders when it changes. */
export function useDockPrefs(): DockPrefs {
  return useSyncExternalStore(subscribeDockPrefs, getDockPrefs);
}
