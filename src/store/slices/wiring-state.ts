// The wiring slice's state and its initial values, apart from its actions: the embed starts with this state and
// none of the actions' code (rewiring, comparing, the CNI call).
import type { Doc } from '../../model/doc';
import type { CniCall, CompareResult, CompareWith } from '../../worker/protocol';

/** A CNI call being shown: the runtime's ADD when a pod lands on a node, DEL when it goes. */
export interface CniCallView {
  call: CniCall | null;
  /** The worker could not answer (not the plugin failing: that is `call.ok === false`). */
  error: string | null;
  status: 'running' | 'done';
  /** The document the call was asked on, before the edit it shows: an undo back to it (or past it) undoes what the call shows. */
  before: Doc | null;
}

export interface WiringState {
  compareOpen: boolean;
  /** What side B is: another document, or the loaded one rewired. */
  compareWith: CompareWith;
  comparison: CompareResult | null;
  /** `needsRequest`: asked to compare with no From or To chosen (the view says what to do). */
  compareStatus: 'idle' | 'running' | 'done' | 'needsRequest';
  cniCall: CniCallView | null;
  /** Set while the CNI switch re-wires the document. */
  rewiring: boolean;
}

export const DEFAULT_COMPARE: CompareWith = { wiring: { plugin: 'terway', mode: 'ipvlan-ebpf', kubeProxy: 'ipvs' } };

export const initialWiringState = (): WiringState => ({
  compareOpen: false,
  compareWith: DEFAULT_COMPARE,
  comparison: null,
  compareStatus: 'idle',
  cniCall: null,
  rewiring: false,
});
