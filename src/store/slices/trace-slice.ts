import type { StateCreator } from 'zustand';
import type { Choice, Trace, TraceProtocol, TraceRequest } from '../../model';
// NOTE: runtime imports come from model/topology, not the model index, which would pull the
// YAML parser and the validator into the main bundle (they belong in the worker).
import type { InterfacesResult, SearchProgress, TraceResult, ViewKind, ViewResult } from '../../worker/protocol';
import type { Doc } from '../../model/edit';
import { sameNetwork } from '../../model/doc';
import type { AppStore, StoreDeps } from '../app-store';
import { message, type Message } from '../../model/message';
import { checkDestination } from '../request';
import { externalId, nodeId, parseElementId, podId } from '../../model/element-id';
import { playingFromStart, stoppedAtStart } from './playback-slice';

export type TraceStatus = 'idle' | 'running' | 'done' | 'error';

export interface TraceState {
  /** pod:NS/NAME | node:NAME | external:NAME */
  from: string;
  /** IP:PORT | IP | svc:NS/NAME:PORT[@lb|@node:NAME], as typed */
  to: string;
  protocol: TraceProtocol;
  /** IP total length in bytes; null leaves the engine's default (60). For MTU lessons. */
  size: number | null;
  /** Don't-fragment; null leaves the engine's default (set for TCP, clear otherwise). */
  df: boolean | null;
  /** How load-balancing decisions are made; null leaves it to the engine (seed 0). */
  choice: Choice | null;
  /** A one-shot pick armed by the button beside From or To: the next click on a canvas element sets that end. */
  armed: 'from' | 'to' | null;
  /** The "Trace from / to here" menu of a canvas element, at a screen point; `only` limits it to one end (a pick). */
  traceMenu: { ref: string; x: number; y: number; only?: 'from' | 'to' } | null;
  /** The last trace that ran; it carries its own request. */
  trace: Trace | null;
  /**
   * The document a trace ran on (the `doc` object then on screen), so a result can be told apart
   * from the document being edited: see {@link isTraceStale}. Null when the trace came from elsewhere.
   */
  tracedOn: { trace: Trace; doc: Doc | null } | null;
  /** Why the last request could not run: a message (its shape was checked here) or the engine's words. */
  traceError: Message | string | null;
  traceStatus: TraceStatus;
  /** When the running request started (ms, performance clock), for an elapsed-time display; null when idle. */
  runningSince: number | null;
  /** How far the running search for every outcome has come (the worker says so a few times a second); null otherwise. */
  searchProgress: SearchProgress | null;
  /** The node view's tab (`routes`, `nat`, `filter`, `ipvs`, …; the panel falls back when the cluster lacks it). */
  nodeViewTab: string;
  /** A node the person picked for the node view, for the trace it was picked on; otherwise the view follows the packet. */
  nodeViewPin: { node: string; trace: Trace | null } | null;
}

export interface TraceActions {
  setFrom(from: string): void;
  setTo(to: string): void;
  setProtocol(protocol: TraceProtocol): void;
  setPacket(size: number | null, df: boolean | null): void;
  /** Both ends at once (they moved with the document), and no load-balancing choice: the backends it named may be gone. */
  setEnds(from: string, to: string): void;
  setChoice(choice: Choice | null): void;
  /**
   * Follow one alternative of a load-balancing decision and trace again. `alternatives` are
   * the options offered at that decision; a pick made earlier among them is replaced, picks
   * at other decisions (e.g. the SLB's, then IPVS's) are kept.
   */
  followChoice(alternatives: string[], to: string): Promise<void>;
  /** Arm (or, with null, cancel) a one-shot pick of From or To from the canvas. */
  arm(field: 'from' | 'to' | null): void;
  openTraceMenu(menu: TraceState['traceMenu']): void;
  /** Choose a From that exists in the current document (after a load). */
  resetEndpoints(): void;
  /** Take the result off screen (a new document); with `request`, From and To too. */
  resetTrace(opts?: { request?: boolean }): void;
  /** Fill the trace bar with `request` as written (size and DF included). */
  setRequest(request: TraceRequest): void;
  /** A request went to the simulator: the bar shows it running. */
  beginTrace(): void;
  /**
   * A request's answer: a trace is shown and plays (marked with `doc`, the document it ran on, when
   * that is the one on screen; see {@link isTraceStale}), an error is said.
   */
  endTrace(result: TraceResult | { ok: false; error: Message | string }, doc?: Doc | null): void;
  /** Run the current From / To / protocol through the simulator; the result starts playing. */
  runTrace(): Promise<void>;
  /** Abandon the running request (the worker is replaced); the previous result stays. */
  cancelTrace(): void;
  /** Trace again with a new random seed: another roll of every load-balancing decision. */
  reroll(): Promise<void>;
  /**
   * What `ip route`, `iptables-save`, `ipvsadm -Ln` or `conntrack -L` prints on a node; conntrack
   * shows the entries the current trace created.
   */
  nodeView(node: string, kind: ViewKind): Promise<ViewResult>;
  /** The devices of a node of the loaded document (the interface legend). */
  nodeInterfaces(node: string): Promise<InterfacesResult>;
  /** Trace again enumerating every load-balancing branch (runs in the worker; can be stopped or cancelled). */
  traceAllOutcomes(): Promise<void>;
  /** End the running search for every outcome: what it found is shown, as a cut (cancelTrace shows nothing). */
  stopSearch(): void;
  setNodeViewTab(tab: string): void;
  /** Show `node` in the node view while the current trace is on screen (null: follow the packet). */
  pinNodeView(node: string | null): void;
}

export type TraceSlice = TraceState & TraceActions;

export const initialTraceState = (): TraceState => ({
  from: '',
  to: '',
  protocol: 'TCP',
  size: null,
  df: null,
  choice: null,
  armed: null,
  traceMenu: null,
  trace: null,
  tracedOn: null,
  traceError: null,
  traceStatus: 'idle',
  runningSince: null,
  searchProgress: null,
  nodeViewTab: 'nat',
  nodeViewPin: null,
});

/**
 * The trace on screen was run on another version of the document (it has been edited since, or
 * it no longer validates): its result is not this document's until it is run again.
 */
export const isTraceStale = (s: Pick<TraceState, 'trace' | 'tracedOn'> & { doc: Doc | null }): boolean =>
  !!s.trace && s.tracedOn?.trace === s.trace && !sameNetwork(s.tracedOn.doc, s.doc);

/** Why the document on screen cannot be traced (it has problems, or the simulator failed on it); null when it can. */
function refusal(s: AppStore): Message | null {
  if (s.docStatus === 'invalid') {
    const first = s.problems[0];
    return message('traceDocInvalid', { count: s.problems.length, path: first?.path || '—' });
  }
  if (s.docStatus === 'failed') return message('traceDocFailed');
  return null;
}

const keepUnlessPick = (c: Choice | null): Choice | null => (c && 'pick' in c ? null : c);

export const createTraceSlice =
  (deps: StoreDeps): StateCreator<AppStore, [], [], TraceSlice> =>
  (set, get) => {
    let latest = 0;
    // The ticket of the request the simulator is computing (cancel replaces the worker only then).
    let sent = 0;
    deps.sim.onProgress((searchProgress) => {
      if (get().traceStatus === 'running' && sent === latest) set({ searchProgress });
    });
    return {
      ...initialTraceState(),
      // Picks name backends of one request; a new request starts from the engine's default.
      setFrom: (from) => set({ from, choice: keepUnlessPick(get().choice) }),
      setTo: (to) => set({ to, choice: keepUnlessPick(get().choice) }),
      setProtocol: (protocol) => set({ protocol }),
      setPacket: (size, df) => set({ size, df }),
      setEnds: (from, to) => set({ from, to, choice: null }),
      setChoice: (choice) => set({ choice }),
      setNodeViewTab: (nodeViewTab) => set({ nodeViewTab }),
      pinNodeView: (node) => set({ nodeViewPin: node === null ? null : { node, trace: get().trace } }),
      followChoice(alternatives, to) {
        const current = get().choice;
        const kept = current && 'pick' in current ? current.pick.filter((p) => !alternatives.includes(p)) : [];
        set({ choice: { pick: [...kept, to] } });
        return get().runTrace();
      },
      arm: (armed) => set({ armed, traceMenu: null }),
      openTraceMenu: (traceMenu) => set({ traceMenu }),
      resetEndpoints() {
        const t = get().topology;
        if (!t) return;
        // (From read once and searched by name: a list of 31,000 ids ran in the task that draws a document.)
        const from = parseElementId(get().from);
        const kept =
          from?.kind === 'pod'
            ? t.pods.some((p) => p.name === from.name && p.namespace === from.namespace)
            : from?.kind === 'node'
              ? t.nodes.some((n) => n.name === from.name)
              : from?.kind === 'external' && t.externals.some((x) => x.name === from.name);
        if (kept) return;
        const first = t.pods[0] ? podId(t.pods[0]) : t.nodes[0] ? nodeId(t.nodes[0].name) : t.externals[0] ? externalId(t.externals[0].name) : '';
        set({ from: first, armed: null, traceMenu: null });
        get().resetTrace();
      },
      resetTrace(opts = {}) {
        set({ trace: null, tracedOn: null, traceError: null, traceStatus: 'idle', ...(opts.request ? { from: '', to: '' } : {}) });
      },
      setRequest: (r) => set({ from: r.from, to: r.to, protocol: r.protocol ?? 'TCP', choice: r.choice ?? null, size: r.size ?? null, df: r.df ?? null }),
      beginTrace: () => set({ traceStatus: 'running', traceError: null, runningSince: performance.now(), searchProgress: null }),
      endTrace(r, doc) {
        if (r.ok)
          set({
            trace: r.trace,
            tracedOn: doc !== undefined ? { trace: r.trace, doc } : null,
            traceError: null,
            traceStatus: 'done',
            runningSince: null,
            searchProgress: null,
            ...playingFromStart(),
          });
        else set({ trace: null, tracedOn: null, traceError: r.error, traceStatus: 'error', runningSince: null, searchProgress: null, ...stoppedAtStart() });
      },
      async runTrace() {
        const ticket = ++latest;
        const shape = () => {
          const { from, to, protocol } = get();
          return !from ? message('noFrom') : checkDestination(to, protocol);
        };
        const early = shape();
        if (early) {
          set({ trace: null, traceError: early, traceStatus: 'error' });
          return;
        }
        get().beginTrace();
        // NOTE: the simulator holds the last *valid* version of the document. An edit still being
        // validated is waited for, and a document with problems is not traced: the answer would be
        // another version's, shown as this one's.
        if (get().docStatus === 'loading') {
          await get().whenValidated();
          if (ticket !== latest) return;
        }
        const refused = refusal(get());
        if (refused) {
          get().endTrace({ ok: false, error: refused });
          return;
        }
        const problem = shape();
        if (problem) {
          set({ trace: null, traceError: problem, traceStatus: 'error', runningSince: null });
          return;
        }
        const { from, to, protocol, choice, size, df, doc } = get();
        try {
          const packet = { ...(size ? { size } : {}), ...(df !== null ? { df } : {}) };
          sent = ticket;
          const r = await deps.sim.trace({ from, to: to.trim(), protocol, ...packet, ...(choice ? { choice } : {}) });
          if (ticket !== latest) return;
          get().endTrace(r, doc);
        } catch (e) {
          if (ticket !== latest) return;
          get().endTrace({ ok: false, error: e instanceof Error ? e.message : String(e) });
        }
      },
      cancelTrace() {
        if (get().traceStatus !== 'running') return;
        if (sent === latest) deps.sim.cancel();
        latest++;
        set({ traceStatus: get().trace ? 'done' : 'idle', runningSince: null, searchProgress: null });
      },
      stopSearch() {
        if (get().traceStatus === 'running' && sent === latest) void deps.sim.stopSearch().catch(() => {});
      },
      nodeView(node, kind) {
        const t = get().trace;
        return deps.sim
          .view(node, kind, kind === 'conntrack' && t ? t : undefined)
          .catch((e: unknown): ViewResult => ({ ok: false, error: e instanceof Error ? e.message : String(e) }));
      },
      nodeInterfaces(node) {
        return deps.sim.interfaces(node).catch((e: unknown): InterfacesResult => ({ ok: false, error: e instanceof Error ? e.message : String(e) }));
      },
      reroll() {
        set({ choice: { seed: Math.floor(Math.random() * 1_000_000) } });
        return get().runTrace();
      },
      traceAllOutcomes() {
        set({ choice: { all: true } });
        return get().runTrace();
      },
    };
  };
