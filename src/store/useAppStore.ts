import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppStore, AppStoreApi } from './app-store';

export const AppStoreContext = createContext<AppStoreApi | null>(null);

/** Read from the nearest app store; re-renders when the selected value changes (Object.is). */
export function useAppStore<T>(selector: (s: AppStore) => T): T {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStore needs an <AppStoreProvider> above it');
  return useStore(store, selector);
}
