import { message, type Message } from '../model/message';
import type { SimClient, SimFault } from '../worker/protocol';
import type { AppStoreApi } from './app-store';

/** A worker that crashed or hung was replaced with the last document that loaded, or was not replaced: say so. */
export function reportSimulatorFaults(store: AppStoreApi, sim: SimClient): void {
  sim.onFault((f) => store.getState().showNotice(faultMessage(f), 'error'));
}

/** What a fault of the simulator's worker is called, in the UI's notices. */
export function faultMessage(f: SimFault): Message {
  switch (f.kind) {
    case 'timeout':
      return message('simulatorTimedOut', { seconds: f.seconds });
    case 'crashed':
      return message('simulatorCrashed', { detail: f.detail });
    case 'stopped':
      return message('simulatorStopped', { count: f.faults });
  }
}
