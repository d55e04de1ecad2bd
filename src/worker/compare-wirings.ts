/**
 * The compare view's work behind the worker boundary: document A against B (A rewired to another
 * CNI, or another document), both compiled and traced apart. Loaded when first asked for.
 */
import type { ParseResult, Topology, TraceRequest } from '../model';
import { remapRequest } from '../model/remap';
import { asDoc, rewire } from '../model/rewire';
import { compare, differences } from '../engine/compare';
import { compile } from '../engine/compile';
import { RequestError } from '../engine/trace';
import type { Doc } from '../model/edit';
import type { CompareFailure, CompareResult, CompareWith } from './protocol';
import { messageOf, summarize } from './summary';

/** How the simulator reads and validates documents (it holds the lazily loaded parsers). */
export interface Readers {
  parse(text: string): ParseResult | Promise<ParseResult>;
  validate(value: unknown): ParseResult | Promise<ParseResult>;
}

/** A failed comparison: the English sentence (CLI, logs) and the same as data the UI words. */
const failed = (why: CompareFailure): CompareResult => {
  const list = 'problems' in why ? why.problems.map((p) => `${p.path}: ${p.message}`).join('; ') : '';
  const error = {
    documentA: () => `Document A has problems: ${list}`,
    rewired: () => `The other wiring has problems: ${list}`,
    documentB: () => `Document B has problems: ${list}`,
    unreadableA: () => `Document A could not be read: ${'detail' in why ? why.detail : ''}`,
    unreadableB: () => `Document B could not be read: ${'detail' in why ? why.detail : ''}`,
    request: () => ('detail' in why ? why.detail : ''),
    engine: () => `The engine failed on this comparison (a bug, please report it): ${'detail' in why ? why.detail : ''}`,
  }[why.key]();
  return { ok: false, error, why };
};

/**
 * The user's own document A (its text as saved), not the validator's normalised output: rewiring
 * works on the document format, so nothing of the engine's shape can reach the validator again.
 */
async function documentOf(text: string): Promise<Doc> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const { parse } = await import('yaml');
    value = parse(text);
  }
  const doc = asDoc(value);
  if (!doc) throw new Error('not a topology document');
  return doc;
}

/** The comparison of `request` on document A (`textA`, validated as `a`) and on B (a wiring of A, or another document's text). */
export async function compareWith(a: ParseResult, textA: string, b: CompareWith, request: TraceRequest, readers: Readers): Promise<CompareResult> {
  if (!a.ok) return failed({ key: 'documentA', problems: a.problems });
  if ('wiring' in b) {
    const w = b.wiring;
    const label = b.label ?? `${w.plugin} ${w.mode}${w.kubeProxy ? ` + ${w.kubeProxy}` : ''}`;
    let doc: Doc;
    try {
      doc = await documentOf(textA);
    } catch (e) {
      return failed({ key: 'unreadableA', detail: messageOf(e) });
    }
    const other = await readers.validate(rewire(doc, w));
    return other.ok ? compareTopologies(a.topology, other.topology, label, request) : failed({ key: 'rewired', problems: other.problems });
  }
  let other: ParseResult;
  try {
    other = await readers.parse(b.text);
  } catch (e) {
    return failed({ key: 'unreadableB', detail: messageOf(e) });
  }
  return other.ok ? compareTopologies(a.topology, other.topology, b.label ?? '', request) : failed({ key: 'documentB', problems: other.problems });
}

function compareTopologies(ta: Topology, tb: Topology, label: string, request: TraceRequest): CompareResult {
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
    if (e instanceof RequestError) return failed({ key: 'request', detail: e.message });
    return failed({ key: 'engine', detail: messageOf(e) });
  }
}
