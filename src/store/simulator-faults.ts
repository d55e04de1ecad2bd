import { message } from '../model/message';
import type { SimClient } from '../worker/protocol';
import type { AppStoreApi } from './app-store';

/** A worker that crashed or hung was replaced with the last document that loaded: say so. */
export function reportSimulatorFaults(store: AppStoreApi, sim: SimClient): void {
  sim.onFault((f) =>
    store
      .getState()
      .showNotice(f.kind === 'timeout' ? message('simulatorTimedOut', { seconds: f.seconds }) : message('simulatorCrashed', { detail: f.detail }), 'error'),
  );
}
