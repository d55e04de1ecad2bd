import type { ReactNode } from 'react';
import type { AppStoreApi } from './app-store';
import { AppStoreContext } from './useAppStore';

/** Makes one app store available to the components below it. */
export function AppStoreProvider({ store, children }: { store: AppStoreApi; children: ReactNode }) {
  return <AppStoreContext value={store}>{children}</AppStoreContext>;
}
