/**
 * The compare view's work behind the worker boundary: document A against B (A rewired to another
 * CNI, or another document), both compiled and traced apart. Loaded when first asked for.
 */
import type { ParseResult, Topology, TraceRequest } from '../model';
import { remapRequest } from '../model/remap';
import { asDoc, rewire } from '../model/rewire';
import { compare, differences } from '../engine/compare';
import { compile } from '../engine/compile';
import { loadWiringModules } from './load-wiring';
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
    missingOnB: () => `The other side has no ${'ref' in why ? why.ref : ''}: choose a request both sides have.`,
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

/** The first element `request` names that `t` lacks (a pod, node, external or service), as `kind:name`; null when all are there. */
export function missingFrom(t: Topology, request: TraceRequest): string | null {
  const refs = (xs: { name: string; namespace?: string }[]) =>
    new Set(xs.flatMap((x) => [`${x.namespace ?? 'default'}/${x.name}`, ...((x.namespace ?? 'default') === 'default' ? [x.name] : [])]));
  const lastColon = (s: string) => (s.lastIndexOf(':') < 0 ? s : s.slice(0, s.lastIndexOf(':')));
  const pods = refs(t.pods);
  const { from, to } = request;
  if (from.startsWith('pod:') && !pods.has(from.slice(4))) return from;
  if (from.startsWith('node:') && !t.nodes.some((n) => n.name === from.slice(5))) return from;
  if (from.startsWith('external:') && !t.externals.some((x) => x.name === from.slice(9))) return from;
  if (to.startsWith('pod:') && !pods.has(lastColon(to.slice(4)))) return lastColon(to);
  if (to.startsWith('svc:')) {
    const ref = lastColon(to.slice(4).split('@')[0]!);
    if (!refs(t.services).has(ref)) return `svc:${ref}`;
  }
  return null;
}

async function compareTopologies(ta: Topology, tb: Topology, label: string, request: TraceRequest): Promise<CompareResult> {
  await Promise.all([loadWiringModules(ta), loadWiringModules(tb)]);
  const labelA = `${ta.cluster.cni.plugin} ${ta.cluster.cni.mode} + ${ta.cluster.kubeProxy.mode}`;
  const labelB = label || `${tb.cluster.cni.plugin} ${tb.cluster.cni.mode} + ${tb.cluster.kubeProxy.mode}`;
  const reqB = remapRequest(request, ta, tb);
  // Another document may not have what the request names: say which, as data the UI words.
  const absent = missingFrom(tb, reqB);
  if (absent && !missingFrom(ta, request)) return failed({ key: 'missingOnB', ref: absent });
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
