/**
 * The simulator behind the worker boundary: holds the compiled dataplane and answers
 * {@link SimApi} calls. Runs inside the Web Worker, or inline (tests, no-worker fallback).
 */
import { parse as parseYaml } from 'yaml';
import { parseTopology, validateTopology, type Topology } from '../model';
import { remapRequest } from '../model/remap';
import { rewire } from '../model/rewire';
import { cniCall, compare, compile, differences, renderView, trace, RequestError, type Dataplane } from '../engine';
import { PROTOCOL_VERSION, type DocumentSummary, type SimApi } from './protocol';

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

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

/** Create a simulator with nothing loaded. */
export function createSimulator(): SimApi {
  let dataplane: Dataplane | null = null;

  return {
    version: () => PROTOCOL_VERSION,

    load(text) {
      let parsed;
      try {
        parsed = parseTopology(text);
      } catch (e) {
        return { ok: false, problems: [{ path: '', message: `The document could not be read: ${messageOf(e)}` }] };
      }
      if (!parsed.ok) return { ok: false, problems: parsed.problems };
      try {
        dataplane = compile(parsed.topology);
      } catch (e) {
        return { ok: false, problems: [{ path: '', message: `The document is valid but could not be compiled: ${messageOf(e)}` }] };
      }
      return { ok: true, topology: parsed.topology, warnings: parsed.warnings, summary: summarize(parsed.topology) };
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
      const a = parseTopology(docTextA);
      if (!a.ok) return { ok: false, error: `Document A has problems: ${a.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}` };
      let other;
      let label: string;
      if ('wiring' in b) {
        const w = b.wiring;
        other = validateTopology(rewire(a.topology, w));
        label = b.label ?? `${w.plugin} ${w.mode}${w.kubeProxy ? ` + ${w.kubeProxy}` : ''}`;
      } else {
        try {
          other = parseTopology(b.text);
        } catch (e) {
          return { ok: false, error: `Document B could not be read: ${messageOf(e)}` };
        }
        label = b.label ?? '';
      }
      if (!other.ok) return { ok: false, error: `The other wiring has problems: ${other.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}` };
      const ta = a.topology;
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
    },

    toJson(text) {
      try {
        JSON.parse(text);
        return text;
      } catch {
        // not JSON: YAML, below
      }
      try {
        const v: unknown = parseYaml(text);
        return v && typeof v === 'object' && !Array.isArray(v) ? JSON.stringify(v) : null;
      } catch {
        return null;
      }
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
