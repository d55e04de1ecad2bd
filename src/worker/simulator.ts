/**
 * The simulator behind the worker boundary: holds the compiled dataplane and answers
 * {@link SimApi} calls. Runs inside the Web Worker, or inline (tests, no-worker fallback).
 */
import type { ParseResult, Topology, TraceRequest } from '../model';
import { prevalidated } from './prevalidated';
import { remapRequest } from '../model/remap';
import { rewire } from '../model/rewire';
import { cniCall, compare, compile, differences, renderView, trace, RequestError, type Dataplane } from '../engine';
import { PROTOCOL_VERSION, type CompareResult, type CompareWith, type DocumentSummary, type LoadResult, type SimApi } from './protocol';

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The text as JSON, or undefined when it is not JSON (then it is YAML, or broken). */
function jsonOf(text: string): { value: unknown } | undefined {
  if (!/^\s*[{[]/.test(text)) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

// The validator and the YAML reader, once a document needed them.
let validator: typeof import('../model/validate') | null = null;
let yamlReader: typeof import('../model/parse') | null = null;

const loadValidator = async () => (validator ??= await import('../model/validate'));

/** Validate a parsed document; synchronous once the validator is loaded. */
function validated(value: unknown): ParseResult | Promise<ParseResult> {
  return validator ? validator.validateTopology(value) : loadValidator().then((m) => m.validateTopology(value));
}

/**
 * Parse and validate a document's text. JSON is read here; only YAML (or text that is neither)
 * loads the YAML parser, and a built-in's JSON twin is answered from its stored validation, so the
 * embed of a built-in downloads neither the YAML parser nor the validator.
 * Synchronous unless something has to be loaded first.
 */
function parseDocument(text: string): ParseResult | Promise<ParseResult> {
  const json = typeof text === 'string' ? jsonOf(text) : undefined;
  if (json) {
    const known = prevalidated(text);
    return known ? known.then((r) => r ?? validated(json.value)) : validated(json.value);
  }
  if (yamlReader) return yamlReader.parseTopology(text);
  return import('../model/parse').then((m) => {
    yamlReader = m;
    return m.parseTopology(text);
  });
}

function summarize(t: Topology): DocumentSummary {
  return {
    name: t.metadata.name,
    title: t.metadata.title ?? t.metadata.name,
    cni: `${t.cluster.cni.plugin} ${t.cluster.cni.mode}`,
    kubeProxy: t.cluster.kubeProxy.mode,
    counts: {
      nodes: t.nodes.length,
      pods: t.pods.length,
      services: t.services.length,
      loadBalancers: t.loadBalancers.length,
      externals: t.externals.length,
    },
  };
}

/** The comparison of `request` on document A and on B (a wiring of A, or another document's text). */
function compareWith(a: ParseResult, b: CompareWith, request: TraceRequest): CompareResult | Promise<CompareResult> {
  if (!a.ok) return { ok: false, error: `Document A has problems: ${a.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}` };
  if ('wiring' in b) {
    const w = b.wiring;
    const label = b.label ?? `${w.plugin} ${w.mode}${w.kubeProxy ? ` + ${w.kubeProxy}` : ''}`;
    const other = validated(rewire(a.topology, w));
    return other instanceof Promise ? other.then((o) => compareTopologies(a.topology, o, label, request)) : compareTopologies(a.topology, other, label, request);
  }
  const unreadable = (e: unknown): CompareResult => ({ ok: false, error: `Document B could not be read: ${messageOf(e)}` });
  let other;
  try {
    other = parseDocument(b.text);
  } catch (e) {
    return unreadable(e);
  }
  const label = b.label ?? '';
  return other instanceof Promise ? other.then((o) => compareTopologies(a.topology, o, label, request), unreadable) : compareTopologies(a.topology, other, label, request);
}

function compareTopologies(ta: Topology, other: ParseResult, label: string, request: TraceRequest): CompareResult {
  if (!other.ok) return { ok: false, error: `The other wiring has problems: ${other.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}` };
  const tb = other.topology;
  const labelA = `${ta.cluster.cni.plugin} ${ta.cluster.cni.mode} + ${ta.cluster.kubeProxy.mode}`;
  const labelB = label || `${tb.cluster.cni.plugin} ${tb.cluster.cni.mode} + ${tb.cluster.kubeProxy.mode}`;
  const reqB = remapRequest(request, ta, tb);
  try {
    const dpA = compile(ta);
    const dpB = compile(tb);
    // compare() traces one request on both sides; a pod named by its IP has another IP on B,
    // so then each side is traced with its own request and the differences are listed again.
    let comparison = compare(dpA, dpB, request, [labelA, labelB]);
    if (reqB.to !== request.to || reqB.from !== request.from) {
      const b2 = compare(dpB, dpB, reqB, [labelB, labelB]).a;
      comparison = { ...comparison, b: b2, differences: differences(comparison.a.summary, b2.summary) };
    }
    return { ok: true, comparison, requests: [request, reqB], summaries: [summarize(ta), summarize(tb)] };
  } catch (e) {
    if (e instanceof RequestError) return { ok: false, error: e.message };
    return { ok: false, error: `The engine failed on this comparison (a bug, please report it): ${messageOf(e)}` };
  }
}

/** Create a simulator with nothing loaded. */
export function createSimulator(): SimApi {
  let dataplane: Dataplane | null = null;

  return {
    version: () => PROTOCOL_VERSION,

    load(text) {
      const failed = (e: unknown): LoadResult => ({ ok: false, problems: [{ path: '', message: `The document could not be read: ${messageOf(e)}` }] });
      const opened = (parsed: ParseResult): LoadResult => {
        if (!parsed.ok) return { ok: false, problems: parsed.problems };
        try {
          dataplane = compile(parsed.topology);
        } catch (e) {
          return { ok: false, problems: [{ path: '', message: `The document is valid but could not be compiled: ${messageOf(e)}` }] };
        }
        return { ok: true, topology: parsed.topology, warnings: parsed.warnings, summary: summarize(parsed.topology) };
      };
      try {
        const parsed = parseDocument(text);
        return parsed instanceof Promise ? parsed.then(opened, failed) : opened(parsed);
      } catch (e) {
        return failed(e);
      }
    },

    trace(req) {
      if (!dataplane) return { ok: false, error: 'No valid document is loaded, so there is nothing to trace through.' };
      try {
        return { ok: true, trace: trace(dataplane, req) };
      } catch (e) {
        if (e instanceof RequestError) return { ok: false, error: e.message };
        return { ok: false, error: `The engine failed on this request (a bug, please report it): ${messageOf(e)}` };
      }
    },

    view(node, kind, trace) {
      if (!dataplane) return { ok: false, error: 'No valid document is loaded.' };
      try {
        return { ok: true, text: renderView(dataplane, node, kind, trace) };
      } catch (e) {
        return { ok: false, error: messageOf(e) };
      }
    },

    compare(docTextA, b, request) {
      const a = parseDocument(docTextA);
      return a instanceof Promise ? a.then((x) => compareWith(x, b, request)) : compareWith(a, b, request);
    },

    toJson(text) {
      if (jsonOf(text)) return text;
      return import('yaml').then(
        ({ parse }) => {
          const v: unknown = parse(text);
          return v && typeof v === 'object' && !Array.isArray(v) ? JSON.stringify(v) : null;
        },
        () => null,
      ).catch(() => null);
    },

    async exportTrace(t, format) {
      try {
        const { traceToJson, traceToMarkdown, traceToPcapng } = await import('../engine/export');
        if (format === 'markdown') return { ok: true, format, text: traceToMarkdown(t) };
        if (format === 'json') return { ok: true, format, text: traceToJson(t) };
        return { ok: true, format, bytes: traceToPcapng(t, dataplane ? { topology: dataplane.topology } : {}) };
      } catch (e) {
        return { ok: false, error: `The trace could not be exported: ${messageOf(e)}` };
      }
    },

    async importKubectl(text, options = {}) {
      try {
        const { importKubectl } = await import('../model/kubectl-import');
        const r = importKubectl(text, options.cni ? { cni: options.cni } : {});
        return r.ok ? { ok: true, document: r.document, warnings: r.warnings } : { ok: false, problems: r.problems };
      } catch (e) {
        // NOTE: the importer never throws by contract; a failure here is a bug or a chunk that failed to load.
        return { ok: false, problems: [{ path: '', message: `The input could not be imported: ${messageOf(e)}` }] };
      }
    },

    async prepareEditing() {
      await loadValidator();
    },

    cniCall(pod, command) {
      if (!dataplane) return { ok: false, error: 'No valid document is loaded.' };
      try {
        return { ok: true, call: cniCall(dataplane.topology, pod, command) };
      } catch (e) {
        return { ok: false, error: messageOf(e) };
      }
    },
  };
}
