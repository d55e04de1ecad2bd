import { useContext } from 'react';
import type { AppStoreApi } from './app-store';
import { AppStoreContext } from './useAppStore';

/** The nearest app store itself, for event handlers that read state when they run (no re-render). */
export function useAppStoreApi(): AppStoreApi {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStoreApi needs an <AppStoreProvider> above it');
  return store;
}
