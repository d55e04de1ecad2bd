/**
 * The worker boundary: what the UI may ask the simulator and what comes back.
 * Everything here is structured-clone-safe plain data; no engine objects cross.
 */
import type { Problem, Topology, Trace, TraceRequest } from '../model';
import type { Doc } from '../model/edit';
import type { SlicedJson } from '../model/doc-slices';
import type { TopologyPatch } from '../model/topology-patch';
import type { Wiring } from '../model/rewire';
import type { CniCall, Comparison, Interface, PodSpec, ViewKind as EngineViewKind } from '../engine';
import type { TextDelta } from './text-delta';

/** What a call still pending when {@link SimClient.cancel} ran rejects with. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'CancelledError';
  }
}

/** What a call rejects with when the simulator's worker failed: the fault, so the page can word it in the reader's language. */
export class SimulatorFailure extends Error {
  constructor(
    readonly fault: SimFault,
    message: string,
  ) {
    super(message);
    this.name = 'SimulatorFailure';
  }
}

/** Bumped when a message shape changes, so a stale worker chunk is detected, not misread. */
export const PROTOCOL_VERSION = 1 as const;

/**
 * The node views the engine renders. A copy of the engine's list so the UI bundle need not
 * load the engine; `satisfies` makes a kind the engine does not know a type error.
 */
export const VIEW_KINDS = [
  'routes',
  'rules',
  'iptables',
  'ipvs',
  'ipset',
  'conntrack',
  'bpf',
  'eni',
  'bgp',
  'link',
  'addr',
  'sysctl',
] as const satisfies readonly EngineViewKind[];
export type ViewKind = (typeof VIEW_KINDS)[number];

/** A short description of the loaded document, for headers and status lines. */
export interface DocumentSummary {
  name: string;
  title: string;
  cni: string;
  kubeProxy: string;
  counts: { nodes: number; pods: number; services: number; loadBalancers: number; externals: number };
}

/** `rev`: the revision the editor's simulator keeps the topology as (EditorSimApi.load), when it was asked to. */
export type LoadResult = { ok: true; topology: Topology; warnings: Problem[]; rev?: number } | { ok: false; problems: Problem[] };

/** {@link EditorSimApi.loadFrom}'s answer: a load's, or (valid, and `base` kept) what changed from the topology answered as `base`. */
export type LoadReply = LoadResult | { ok: true; patch: TopologyPatch; base: number; warnings: Problem[] } | { resend: true };

export type TraceResult =
  | { ok: true; trace: Trace }
  /** `error` is a sentence for a person: what is wrong with the request, or what failed. */
  | { ok: false; error: string };

export type ViewResult = { ok: true; text: string } | { ok: false; error: string };
export type InterfacesResult = { ok: true; interfaces: Interface[] } | { ok: false; error: string };
export type { Interface };

export type { CniCall, CniStep, Comparison, Difference, PodSpec, WiringSummary } from '../engine';
export type { Wiring } from '../model/rewire';

/** The other side of a comparison: another document, or the first one rewired to another CNI. */
export type CompareWith = { text: string; label?: string } | { wiring: Wiring; label?: string };

export type CompareResult =
  | {
      ok: true;
      comparison: Comparison;
      /** The request as traced on each side (a pod named by IP is moved to its new address on B). */
      requests: [TraceRequest, TraceRequest];
      summaries: [DocumentSummary, DocumentSummary];
    }
  /** `error` in English (CLI, logs); `why` the same as data, for the UI to word in the reader's language. */
  | { ok: false; error: string; why?: CompareFailure };

/**
 * Why a comparison could not be made: a side's problems (each worded by its `why`), or a
 * sentence of the engine's (`detail`, English) under a heading the UI words.
 */
export type CompareFailure =
  | { key: 'documentA' | 'rewired' | 'documentB'; problems: Problem[] }
  | { key: 'unreadableA' | 'unreadableB' | 'request' | 'engine'; detail: string }
  /** Side B (another document) has no such pod, node, external or service: `ref` as the request names it. */
  | { key: 'missingOnB'; ref: string };

export type CniCallResult = { ok: true; call: CniCall } | { ok: false; error: string };

/** The trace as a file: a Markdown table, JSON, or a pcapng of every capture point. */
export type ExportFormat = 'markdown' | 'json' | 'pcapng';

/** Text for Markdown and JSON, bytes (transferred, not copied) for pcapng. */
export type ExportResult =
  { ok: true; format: 'markdown' | 'json'; text: string } | { ok: true; format: 'pcapng'; bytes: Uint8Array } | { ok: false; error: string };

/**
 * `kubectl get nodes,pods,services,endpointslices -A -o yaml` (or JSON) made into a document, as JSON
 * text: the caller opens it like a file, so the page neither copies the object tree nor writes it out.
 * Not validated yet: the load of `text` validates it (and refuses it, naming the Kubernetes objects).
 */
/** An import's document: its JSON `text`, and the same in slices (`sliced`: what the page reads, a slice per task). */
export type KubectlImportReply = { ok: true; text: string; sliced: SlicedJson; warnings: Problem[] } | { ok: false; problems: Problem[] };

/**
 * What the simulator offers, as implemented inside the worker (synchronous there).
 * The client exposes the same methods returning Promises: see {@link SimClient}.
 */
export interface SimApi {
  /** Protocol version of the worker actually running. */
  version(): number;
  /** Parse, validate and compile a YAML or JSON topology document; it replaces the loaded one only when valid. */
  load(text: string): LoadResult | Promise<LoadResult>;
  /**
   * Parse and validate a document without loading it: its problems, none when it is valid. The
   * loaded document stays as it was (e.g. to ask about a change only once it is known to be valid).
   */
  check(text: string): Problem[] | Promise<Problem[]>;
  /**
   * Trace one request through the loaded document (compiled on the first trace, node view or CNI call, which load
   * the engine). Never throws: a bad request, or a document the engine could not compile, is `{ ok: false, error }`.
   */
  trace(req: TraceRequest): TraceResult | Promise<TraceResult>;
  /**
   * What `ip route`, `iptables-save`, ... would print on a node of the loaded document.
   * `trace` fills `conntrack -L` with the entries that trace created.
   */
  view(node: string, kind: ViewKind, trace?: Trace): ViewResult | Promise<ViewResult>;
  /** The devices of a node (or any namespace id) of the loaded document: name, ifindex, link, addresses, MTU. */
  interfaces(node: string): InterfacesResult | Promise<InterfacesResult>;
  /**
   * The same request traced under two wirings (documents A and B, or A rewired), with the
   * differences in words. Leaves the loaded document as it was.
   */
  compare(docTextA: string, b: CompareWith, request: TraceRequest): CompareResult | Promise<CompareResult>;
  /** The container runtime's CNI ADD or DEL for a pod on a node of the loaded document. */
  cniCall(pod: PodSpec, command: 'ADD' | 'DEL'): CniCallResult | Promise<CniCallResult>;
  /**
   * A trace as a file. The pcapng reads each node's settings from the loaded document.
   * The exporters load when first asked for, so the worker starts without them.
   */
  exportTrace(trace: Trace, format: ExportFormat): Promise<ExportResult>;
  /**
   * Turn kubectl output into a topology document (not loaded nor validated: the caller opens it like a file, and
   * the load of its text, asked for next, validates it with the problems named by the objects they came from).
   * `cni` ("flannel", "calico:ipip", …) overrides what is inferred. Loads the importer when first asked for.
   * A file is read here, not by the page: a 1,000-node cluster's output is over 100 MB.
   * `pick`: nothing is imported yet — a file's import is made and kept for the Import of that file with the same
   * options that follows (the dialog sends it as it is picked; a text drops what is kept), answered `ok: false` with
   * that import's problems, if any.
   */
  importKubectl(input: string | Blob, options?: { cni?: string; title?: string; pick?: boolean }): Promise<KubectlImportReply>;
  /**
   * The person cancelled the import (closed the dialog): the imports asked for before (the pick kept, an Import being
   * made) stop at their next step, and an Import answers without a document (`ok: false`, no problems).
   */
  cancelKubectlImport(): void;
  /**
   * A document's text (YAML or JSON) as the person wrote it (not validated), or null when it is not one
   * readable mapping. The worker is the one place a document's text is parsed: the page never loads a
   * YAML parser, and a `load` of the same text asked for next validates this value instead of parsing again.
   */
  read(text: string): Promise<Doc | null>;
  /**
   * Load the validator and the engine now rather than at the first edit or trace, and from now on compile each
   * document that loads once the edits pause, rather than at its first trace. A built-in opens without them (its
   * validation is stored), so the read-only embed never asks; the editor asks once it has started.
   */
  prepareEditing(): Promise<void>;
  /**
   * Stop the running search for every outcome (`choice: {all: true}`): its `trace` call answers at
   * once with what was found, as a cut (`truncated`, `covered`). A newer trace or load stops it too.
   */
  stopSearch(): void;
}

/** How far a search for every outcome has come: walks made, and the probability of the branches found. */
export interface SearchProgress {
  walked: number;
  covered: number;
}

/** What the worker says between answers: a running search's progress. */
export type SimNotice = { kind: 'searchProgress'; progress: SearchProgress };

/**
 * Why the simulator's worker was replaced: it crashed (threw, failed to load) or stopped answering; or, after
 * `faults` in a row, that it was not replaced (`stopped`: every later call fails until the page is reloaded).
 */
export type SimFault = { kind: 'crashed'; detail: string } | { kind: 'timeout'; seconds: number } | { kind: 'stopped'; faults: number };

/**
 * The editor's simulator (editor.worker.ts, edit-answer.ts): {@link SimApi}, its loads named by revisions, so an edit's
 * is answered with what changed from the topology the page holds. (The embed never edits: its worker has none of it.)
 */
export interface EditorSimApi extends Omit<SimApi, 'load'> {
  /** {@link SimApi.load}, its topology (when valid) kept as `rev` for {@link loadFrom} when given. */
  load(text: string, rev?: number): LoadResult | Promise<LoadResult>;
  /**
   * `load(text, rev)`, answered (when valid, and `base` is the last topology kept) with what changed from that one. A
   * text given as what changed from the last text sent (text-delta.ts) is answered `resend` when that is not the one held.
   */
  loadFrom(text: string | TextDelta, rev: number, base: number): LoadReply | Promise<LoadReply>;
}

/** The Promise form of {@link EditorSimApi}, as the main thread sees it (`loadFrom` only of the editor's worker). */
export type SimClient = {
  [K in Exclude<keyof EditorSimApi, 'loadFrom'>]: (...args: Parameters<EditorSimApi[K]>) => Promise<Awaited<ReturnType<EditorSimApi[K]>>>;
} & {
  /**
   * {@link EditorSimApi.loadFrom} of `text`, an edit's whole text, posted as `delta` (what changed from the last text
   * sent) when given: the client keeps the text of whichever load succeeded last, `load` or this, for a replacement
   * worker to load (a delta's text is not spliced again on the page, nor posted whole).
   */
  loadFrom(text: string, rev: number, base: number, delta?: TextDelta): Promise<LoadReply>;
  /** Stop the worker; later calls reject. */
  dispose(): void;
  /**
   * Abandon whatever the simulator is computing (a long all-outcomes trace): pending calls
   * reject with {@link CancelledError}, and a fresh simulator with the same document loaded
   * takes the old one's place, so later calls work as before. The document it loads is the last one
   * that loaded (not one still loading, which may be what hung). (The editor asks an edit's load
   * rejected so again: sim-client's editLoads.)
   */
  cancel(): void;
  /**
   * Be told when a worker crashed or stopped answering and was replaced (the new one holds the last
   * document that loaded). Returns a function that stops telling.
   */
  onFault(listener: (fault: SimFault) => void): () => void;
  /** Be told, a few times a second, how far a running search for every outcome has come. Returns a function that stops telling. */
  onProgress(listener: (progress: SearchProgress) => void): () => void;
};
