/**
 * The simulator behind the worker boundary: holds the compiled dataplane and answers
 * {@link SimApi} calls. Runs inside the Web Worker, or inline (tests, no-worker fallback).
 */
import { parseTopology, type Topology } from '../model';
import { compile, renderView, trace, RequestError, type Dataplane } from '../engine';
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
  };
}
