/**
 * The compare view's work behind the worker boundary: document A against B (A rewired to another
 * CNI, or another document), both compiled and traced apart. Loaded when first asked for.
 */
import type { ParseResult, Topology, TraceRequest } from '../model';
import { remapRequest } from '../model/remap';
import { rewire } from '../model/rewire';
import { compare, differences } from '../engine/compare';
import { compile } from '../engine/compile';
import { RequestError } from '../engine/trace';
import type { CompareResult, CompareWith } from './protocol';
import { messageOf, summarize } from './summary';

/** How the simulator reads and validates documents (it holds the lazily loaded parsers). */
export interface Readers {
  parse(text: string): ParseResult | Promise<ParseResult>;
  validate(value: unknown): ParseResult | Promise<ParseResult>;
}

/** The comparison of `request` on document A and on B (a wiring of A, or another document's text). */
export function compareWith(a: ParseResult, b: CompareWith, request: TraceRequest, readers: Readers): CompareResult | Promise<CompareResult> {
  if (!a.ok) return { ok: false, error: `Document A has problems: ${a.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}` };
  if ('wiring' in b) {
    const w = b.wiring;
    const label = b.label ?? `${w.plugin} ${w.mode}${w.kubeProxy ? ` + ${w.kubeProxy}` : ''}`;
    const other = readers.validate(rewire(a.topology, w));
    return other instanceof Promise ? other.then((o) => compareTopologies(a.topology, o, label, request)) : compareTopologies(a.topology, other, label, request);
  }
  const unreadable = (e: unknown): CompareResult => ({ ok: false, error: `Document B could not be read: ${messageOf(e)}` });
  let other;
  try {
    other = readers.parse(b.text);
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
