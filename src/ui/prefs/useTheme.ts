import { useSyncExternalStore } from 'react';
import { getTheme, subscribeTheme, type Theme } from './theme';

/** The theme in force; re-renders when it changes. */
export function useTheme(): Theme {
  return useSyncExternalStore(subscribeTheme, getTheme);
}
