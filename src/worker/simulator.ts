/**
 * The simulator behind the worker boundary: holds the compiled dataplane and answers
 * {@link SimApi} calls. Runs inside the Web Worker, or inline (tests, no-worker fallback).
 */
import type { ParseResult, Topology, TraceRequest } from '../model';
import type { Doc } from '../model/edit';
import type { Imported } from './import-kubectl';
import { jsonValue, readJsonDocument } from '../model/doc-text';
import { MAX_DOCUMENT_SIZE } from '../model/limits';
import type { Dataplane } from '../engine/dataplane';
import { prevalidated } from './prevalidated';
import { PROTOCOL_VERSION, type LoadResult, type SimApi, type SimNotice, type TraceResult } from './protocol';
import { messageOf } from './summary';

// The validator and the YAML reader, once a document needed them.
let validator: typeof import('../model/validate') | null = null;
let yamlReader: typeof import('../model/parse') | null = null;

const loadValidator = async () => (validator ??= await import('../model/validate'));
// NOTE: the engine (compile and walk, most of the worker) loads on the first trace, node view or CNI call, so a
// document opens (and a built-in embed without a request is drawn) without downloading it.
let engine: typeof import('./engine-core') | null = null;
const loadEngine = async () => (engine ??= await import('./engine-core'));
/** The search of `choice: {all: true}` (engine/fork/lazy.ts), loaded with the first request that asks for every outcome. */
async function loadForkFor(req: TraceRequest): Promise<void> {
  const e = await loadEngine();
  if (req.choice && 'all' in req.choice && req.choice.all && !e.hasFork()) e.provideFork(await import('../engine/fork/module'));
}
const loadYamlReader = async () => (yamlReader ??= await import('../model/parse'));

/**
 * Validate a parsed document; synchronous once the validator is loaded (and, for a document with lists of 2,000
 * elements or more, zod's compiler: decided on the parsed value, not the text's size, since a list element can be
 * written in 2 bytes and only a text under 4 KB could be sure not to need it).
 */
function validated(value: unknown): ParseResult | Promise<ParseResult> {
  return validator ? validator.validateLoadingCompiler(value) : loadValidator().then((m) => m.validateLoadingCompiler(value));
}

/** A document's text as written (JSON, or YAML through the YAML reader, loaded when first needed); null when it is neither. */
function readText(text: string): Promise<Doc | null> {
  if (typeof text !== 'string') return Promise.resolve(null);
  const json = readJsonDocument(text);
  if (json !== undefined) return Promise.resolve(json);
  return loadYamlReader().then((m) => m.readDocument(text));
}

/**
 * Parse and validate a document's text. JSON is read here; only YAML (or text that is neither)
 * loads the YAML parser, and a built-in's JSON twin is answered from its stored validation, so the
 * embed of a built-in downloads neither the YAML parser nor the validator. `read` is the text's value
 * when it was already read (then it is not parsed again).
 * Synchronous unless something has to be loaded first.
 */
function parseDocument(text: string, read?: Promise<Doc | null>): ParseResult | Promise<ParseResult> {
  // Over the size limit: refused before any parse (JSON.parse of 100 MB would hold the worker).
  if (typeof text === 'string' && text.length > MAX_DOCUMENT_SIZE) return import('../model/report').then((m) => m.documentTooLarge(text.length)!);
  const fromText = (): ParseResult | Promise<ParseResult> => {
    // Text that is not one readable mapping: the YAML reader says why.
    const yaml = () => (yamlReader ? yamlReader.parseTopology(text) : loadYamlReader().then((m) => m.parseTopology(text)));
    if (read) return read.then((v) => (v ? validated(v) : yaml()));
    const json = typeof text === 'string' ? jsonValue(text) : undefined;
    return json ? validated(json.value) : yaml();
  };
  const known = typeof text === 'string' ? prevalidated(text) : null;
  return known ? known.then((r) => r ?? fromText()) : fromText();
}

/** How long the worker waits, once asked to compile ahead, for a load to be the last of a burst of edits. */
export const COMPILE_WHEN_QUIET_MS = 300;

const asksAll = (req: TraceRequest): boolean => !!req.choice && 'all' in req.choice && req.choice.all;

/** Create a simulator with nothing loaded; `notify` hears what it says between answers (a search's progress). */
export function createSimulator(notify: (n: SimNotice) => void = () => {}): SimApi {
  // The loaded document, compiled when first needed (then kept). A failed compile is said by whatever needed it.
  let loaded: { topology: Topology; dataplane?: Promise<Dataplane> } | null = null;
  const dataplane = (): Promise<Dataplane> | null => {
    const doc = loaded;
    if (!doc) return null;
    doc.dataplane ??= (async () => {
      const { compile, loadWiringModules } = await loadEngine();
      // A document using Calico or Terway waits for that module's chunk (the first time only).
      await loadWiringModules(doc.topology);
      try {
        return compile(doc.topology);
      } catch (e) {
        throw new Error(`The document is valid but could not be compiled: ${messageOf(e)}`, { cause: e });
      }
    })();
    return doc.dataplane;
  };
  // NOTE: once the editor has asked (prepareEditing), each document that loads is compiled when the worker has
  // heard nothing new for COMPILE_WHEN_QUIET_MS, so the first trace does not wait for it (500 ms at 1,000 nodes);
  // a burst of edits compiles once, after the last. The embed never asks: it compiles on its first trace.
  let eager = false;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  const compileWhenQuiet = () => {
    clearTimeout(quiet);
    // A compile that fails is said by the trace or view that needs it; one that succeeds is warmed for the first trace.
    quiet = setTimeout(
      () =>
        void Promise.all([dataplane(), import('./warm-up')]).then(
          ([dp, w]) => dp && w.warmUp(dp),
          () => {},
        ),
      COMPILE_WHEN_QUIET_MS,
    );
  };
  // NOTE: a load can wait for a chunk (the YAML parser, a built-in's stored validation) while a later
  // one does not; only the latest load asked for may replace the dataplane.
  let loads = 0;
  // NOTE: the store reads a text and loads it at once; the load validates what the read parsed. Dropped
  // when used, so the worker keeps no copy of a document beside its dataplane.
  let lastRead: { text: string; value: Promise<Doc | null> } | null = null;
  const takeRead = (text: string) => {
    const r = lastRead?.text === text ? lastRead.value : undefined;
    lastRead = null;
    return r;
  };
  // NOTE: an import's document is validated once, by the load of its text that the store asks for next (not by the
  // importer first: that was a second validation of 0.4 s at 1,000 nodes before the page heard anything). The load
  // names the Kubernetes object each problem came from, as the importer would have.
  let lastImport: Imported['made'] | null = null;
  // NOTE: an import asked for before the last cancelKubectlImport is no longer wanted: its work stops at its next step.
  let importsCancelled = 0;
  const takeImport = (text: string) => {
    const i = lastImport?.text === text ? lastImport : null;
    lastImport = null;
    return i;
  };

  // NOTE: the search for every outcome now running: a stopSearch, a newer trace or a load ends it (a result is
  // about the request and the document on screen), and its trace call answers with what it found.
  let searching: { stop(): void } | null = null;
  const stopSearching = () => {
    searching?.stop();
    searching = null;
  };
  /** Every outcome of `req`, a slice at a time (stepped-search.ts), telling its progress. */
  const searchAll = async (dp: Dataplane, req: TraceRequest): Promise<TraceResult> => {
    // Both load with the first such request, as the search does (a trace of one branch, an embed's, needs neither).
    const [{ startSearch }, { stepToEnd }] = await Promise.all([import('../engine/fork/module'), import('./stepped-search')]);
    const search = startSearch(dp, req);
    searching = search;
    await stepToEnd(search, (progress) => notify({ kind: 'searchProgress', progress }));
    if (searching === search) searching = null;
    return { ok: true, trace: search.result() };
  };

  return {
    version: () => PROTOCOL_VERSION,

    load(text) {
      stopSearching();
      const mine = ++loads;
      const imported = takeImport(text);
      const failed = (e: unknown): LoadResult => ({ ok: false, problems: [{ path: '', message: `The document could not be read: ${messageOf(e)}` }] });
      const opened = (parsed: ParseResult): LoadResult => {
        if (!parsed.ok) return { ok: false, problems: imported ? imported.fromObjects(parsed.problems, imported.origins) : parsed.problems };
        if (mine === loads) {
          loaded = { topology: parsed.topology };
          if (eager) compileWhenQuiet();
        }
        return { ok: true, topology: parsed.topology, warnings: parsed.warnings };
      };
      try {
        const parsed = parseDocument(text, takeRead(text));
        return parsed instanceof Promise ? parsed.then(opened, failed) : opened(parsed);
      } catch (e) {
        return failed(e);
      }
    },

    check(text) {
      const problemsOf = (parsed: ParseResult) => (parsed.ok ? [] : parsed.problems);
      const failed = (e: unknown) => [{ path: '', message: `The document could not be read: ${messageOf(e)}` }];
      try {
        const parsed = parseDocument(text);
        return parsed instanceof Promise ? parsed.then(problemsOf, failed) : problemsOf(parsed);
      } catch (e) {
        return failed(e);
      }
    },

    async trace(req) {
      stopSearching();
      const compiling = dataplane();
      if (!compiling) return { ok: false, error: 'No valid document is loaded, so there is nothing to trace through.' };
      let dp: Dataplane;
      try {
        dp = await compiling;
      } catch (e) {
        return { ok: false, error: messageOf(e) };
      }
      await loadForkFor(req);
      const { trace, RequestError } = await loadEngine();
      try {
        return asksAll(req) ? await searchAll(dp, req) : { ok: true, trace: trace(dp, req) };
      } catch (e) {
        if (e instanceof RequestError) return { ok: false, error: e.message };
        return { ok: false, error: `The engine failed on this request (a bug, please report it): ${messageOf(e)}` };
      }
    },

    async view(node, kind, trace) {
      const compiling = dataplane();
      if (!compiling) return { ok: false, error: 'No valid document is loaded.' };
      try {
        const [dp, { renderView }] = await Promise.all([compiling, import('../engine/views')]);
        return { ok: true, text: renderView(dp, node, kind, trace) };
      } catch (e) {
        return { ok: false, error: messageOf(e) };
      }
    },

    async interfaces(node) {
      const compiling = dataplane();
      if (!compiling) return { ok: false, error: 'No valid document is loaded.' };
      try {
        const [dp, { nodeInterfaces }] = await Promise.all([compiling, import('../engine/ip-link')]);
        return { ok: true, interfaces: nodeInterfaces(dp, node) };
      } catch (e) {
        return { ok: false, error: messageOf(e) };
      }
    },

    // The comparison, the node views and the CNI call load when first used: the worker starts without them.
    async compare(docTextA, b, request) {
      const [a, { compareWith }] = await Promise.all([parseDocument(docTextA), import('./compare-wirings'), loadForkFor(request)]);
      return compareWith(a, docTextA, b, request, { parse: parseDocument, validate: validated });
    },

    read(text) {
      const value = readText(text).catch(() => null);
      lastRead = { text, value };
      return value;
    },

    async exportTrace(t, format) {
      try {
        const { traceToJson, traceToMarkdown, traceToPcapng } = await import('../engine/export');
        if (format === 'markdown') return { ok: true, format, text: traceToMarkdown(t) };
        if (format === 'json') return { ok: true, format, text: traceToJson(t) };
        return { ok: true, format, bytes: traceToPcapng(t, loaded ? { topology: loaded.topology } : {}) };
      } catch (e) {
        return { ok: false, error: `The trace could not be exported: ${messageOf(e)}` };
      }
    },

    async importKubectl(input, options = {}) {
      const asked = importsCancelled;
      try {
        const { reply, made } = await (await import('./import-kubectl')).importKubectl(input, options, () => importsCancelled === asked);
        if (made) {
          lastImport = made;
          // NOTE: the page reads the document from its slices, and the load it asks for next validates this object
          // rather than a parse of its text (~0.2 s of the worker at 1,000 nodes); nothing else holds it.
          lastRead = { text: made.text, value: Promise.resolve(made.document) };
        }
        return reply;
      } catch (e) {
        // NOTE: the importer never throws by contract; a failure here is a bug or a chunk that failed to load.
        return { ok: false, problems: [{ path: '', message: `The input could not be imported: ${messageOf(e)}` }] };
      }
    },

    cancelKubectlImport() {
      importsCancelled++;
    },

    async prepareEditing() {
      eager = true;
      await Promise.all([loadValidator(), loadEngine()]);
      if (loaded && !loaded.dataplane) compileWhenQuiet();
    },

    stopSearch: stopSearching,

    async cniCall(pod, command) {
      const doc = loaded;
      if (!doc) return { ok: false, error: 'No valid document is loaded.' };
      try {
        const { cniCall } = await import('../engine/cni/call');
        return { ok: true, call: cniCall(doc.topology, pod, command) };
      } catch (e) {
        return { ok: false, error: messageOf(e) };
      }
    },
  };
}
