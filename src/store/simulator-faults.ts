import { message, type Message } from '../model/message';
import type { SimClient, SimFault } from '../worker/protocol';
import type { AppStoreApi } from './app-store';

/** A worker that crashed or hung was replaced with the last document that loaded, or was not replaced: say so. */
export function reportSimulatorFaults(store: AppStoreApi, sim: SimClient): void {
  sim.onFault((f) => store.getState().showNotice(faultMessage(f), 'error'));
}

/**
 * A load the worker failed was answered "restarted"; when the replacements fail too, the banner over the canvas says
 * so rather than the restart that did not hold. (The editor's: the embed, with no room for it, keeps its notice.)
 */
export function reportSimulatorStopped(store: AppStoreApi, sim: SimClient): void {
  sim.onFault((f) => {
    if (f.kind === 'stopped' && store.getState().docStatus === 'failed') store.setState({ docErrorMessage: faultMessage(f) });
  });
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
