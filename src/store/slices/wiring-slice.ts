import type { StateCreator } from 'zustand';
import type { Topology, TraceRequest } from '../../model';
// NOTE: pure helpers with no parser behind them; safe for the main bundle.
import { remapRequest } from '../../model/remap';
import type { Wiring } from '../../model/rewire';
import { podRef } from '../../model/topology';
import type { CompareWith } from '../../worker/protocol';
import { message as notice } from '../../model/message';
import type { AppStore, StoreDeps } from '../app-store';
import { initialWiringState, type WiringState } from './wiring-state';

export { DEFAULT_COMPARE, initialWiringState, type CniCallView, type WiringState } from './wiring-state';

export interface WiringActions {
  /**
   * Switch the loaded document to another CNI (and kube-proxy mode): IPAM re-addresses what the
   * CNI decides, as one undoable edit. A request naming a pod by IP follows it to its new address,
   * and a trace that was on screen runs again on the new wiring. Resolves to whether it validated.
   */
  rewireDocument(wiring: Wiring): Promise<boolean>;
  setCompareOpen(open: boolean): void;
  setCompareWith(w: CompareWith): void;
  /** Trace the current request on the document and on side B. */
  runCompare(): Promise<void>;
  /** Ask the worker for the runtime's CNI call for this pod on its node, and show it. */
  playCniCall(pod: { name: string; namespace: string; node: string; ip?: string }, command: 'ADD' | 'DEL'): Promise<void>;
  closeCniCall(): void;
}

export type WiringSlice = WiringState & WiringActions;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const createWiringSlice =
  (deps: StoreDeps): StateCreator<AppStore, [], [], WiringSlice> =>
  (set, get, api) => {
    let compareTicket = 0;
    let cniTicket = 0;
    // A CNI call shows what an edit did to a pod: it is about the document on screen while that edit is in its history
    // (the document the call was asked on is in its past). An undo of the edit, or another document put on screen (a
    // built-in, a file, an import drawn while validated, New), leaves it about what did not happen here: it closes.
    api.subscribe((s, was) => {
      const before = s.cniCall?.before;
      if (before && s.doc !== was.doc && !s.past.includes(before)) get().closeCniCall();
    });

    return {
      ...initialWiringState(),

      async rewireDocument(wiring) {
        // Loaded when first asked for: an embed, and the app's first load, never rewire.
        const { rewire } = await import('../../model/rewire');
        const { topology: before, doc } = get();
        if (!before || !doc || get().rewiring) return false;
        const hadTrace = get().trace !== null;
        const said = { plugin: wiring.plugin, mode: wiring.mode, ...(wiring.kubeProxy ? { kubeProxy: wiring.kubeProxy } : {}) };
        // NOTE: the user's document, never the validated topology: that is the engine's normalised
        // shape (defaults filled in, NetworkPolicy peers renamed), which the format does not accept.
        const next = rewire(doc, wiring);
        if (JSON.stringify(next) === JSON.stringify(doc)) return true;
        set({ rewiring: true });
        // Refused: the document stays as it was (no history entry, its own problems only), and the notice says why.
        const outcome = await get().tryEdit(next);
        set({ rewiring: false });
        if (!outcome.ok) {
          const { problems } = outcome;
          const first = problems[0];
          get().showNotice(
            first
              ? notice('rewireRefused', { wiring: `${wiring.plugin} ${wiring.mode}`, count: problems.length })
              : notice('rewireFailed', { wiring: `${wiring.plugin} ${wiring.mode}`, error: outcome.error ?? '' }),
            'error',
            problems.slice(0, 3),
          );
          return false;
        }
        get().showNotice(wiring.kubeProxy ? notice('rewiredProxy', said) : notice('rewired', said));
        const moved = remapRequest({ from: get().from, to: get().to }, before, outcome.topology);
        get().setEnds(moved.from, moved.to);
        if (hadTrace) await get().runTrace();
        return true;
      },

      setCompareOpen: (compareOpen) => set({ compareOpen }),
      setCompareWith: (compareWith) => set({ compareWith }),

      async runCompare() {
        const { doc, from, to, protocol, size, df, compareWith } = get();
        const mine = ++compareTicket;
        if (!from || !to.trim()) {
          set({ comparison: null, compareStatus: 'needsRequest' });
          return;
        }
        const request: TraceRequest = { from, to: to.trim(), protocol, ...(size ? { size } : {}), ...(df !== null ? { df } : {}) };
        set({ compareStatus: 'running' });
        try {
          const r = await deps.sim.compare(doc ? JSON.stringify(doc) : '', compareWith, request);
          if (mine === compareTicket) set({ comparison: r, compareStatus: 'done' });
        } catch (e) {
          if (mine === compareTicket) set({ comparison: { ok: false, error: message(e) }, compareStatus: 'done' });
        }
      },

      async playCniCall(pod, command) {
        const mine = ++cniTicket;
        const before = get().doc;
        set({ cniCall: { call: null, error: null, status: 'running', before } });
        try {
          const r = await deps.sim.cniCall(pod, command);
          if (mine !== cniTicket) return;
          set({ cniCall: r.ok ? { call: r.call, error: null, status: 'done', before } : { call: null, error: r.error, status: 'done', before } });
        } catch (e) {
          if (mine === cniTicket) set({ cniCall: { call: null, error: message(e), status: 'done', before } });
        }
      },

      closeCniCall() {
        cniTicket++;
        set({ cniCall: null });
      },
    };
  };

/** The pod of `t` the runtime would call the CNI for (by namespace/name), with the address IPAM gave it. */
export function podSpecOf(t: Topology | null, ref: string) {
  const p = t?.pods.find((x) => podRef(x) === ref);
  return p ? { name: p.name, namespace: p.namespace, node: p.node, ip: p.ip } : null;
}
