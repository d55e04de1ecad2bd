/**
 * The compare view's facts: the same request traced under two wirings, summarised side by
 * side (hops, kernel stacks, where the service address is resolved, whether the client IP
 * survives, which captures see which address) with what differs.
 */
import { rewritesOf, type Reason, type Trace, type TraceRequest } from '../model/trace';
import type { Dataplane } from './dataplane';
import { trace } from './trace';

export interface WiringSummary {
  label: string;
  verdict: Trace['verdict'];
  /** The HTTP status the client received from an L7 proxy (an ingress controller), when it answered itself. */
  httpStatus: number | null;
  reason: string | null;
  /** `reason` as data, for wording it in another language. */
  why: Reason | null;
  deliveredTo: string | null;
  sourceSeenByServer: string | null;
  clientIp: string;
  clientIpSurvives: boolean;
  kernelStacks: number;
  hops: number;
  /** Where the first DNAT happened: namespace, device and what did it. */
  resolvedAt: { ns: string; device: string | null; by: string } | null;
  /** Capture points (ns/device) that see the address the client dialled, and the client's address. */
  dialledSeenOn: string[];
  clientSeenOn: string[];
  path: string[];
}

export interface Comparison {
  request: TraceRequest;
  a: { trace: Trace; summary: WiringSummary };
  b: { trace: Trace; summary: WiringSummary };
  differences: Difference[];
}

const ipOf = (a: string) => a.replace(/:\d+$/, '');

export function summarise(t: Trace, label: string): WiringSummary {
  const first = t.hops[0];
  // eBPF may rewrite on the very first hop: the dialled address is then that rewrite's origin.
  const firstDnat = first && rewritesOf(first).find((r) => r.type === 'DNAT');
  const dialled = firstDnat ? ipOf(firstDnat.from) : first ? ipOf(first.packet.dst) : '';
  const client = first ? ipOf(first.packet.src) : '';
  const dnat = t.hops.find((h) => rewritesOf(h).some((r) => r.type === 'DNAT'));
  const rw = dnat && rewritesOf(dnat).find((r) => r.type === 'DNAT')!;
  const seen = (ip: string) => [
    ...new Set(t.hops.filter((h) => h.device && (ipOf(h.packet.src) === ip || ipOf(h.packet.dst) === ip)).map((h) => `${h.ns}/${h.device}`)),
  ];
  return {
    label,
    verdict: t.verdict,
    httpStatus: t.httpStatus ?? null,
    reason: t.reason,
    why: t.why ?? null,
    deliveredTo: t.deliveredTo ? `${t.deliveredTo.kind} ${t.deliveredTo.name} (${t.deliveredTo.ip})` : null,
    sourceSeenByServer: t.sourceSeenByServer,
    clientIp: client,
    clientIpSurvives: t.sourceSeenByServer === client,
    kernelStacks: t.kernelStacks,
    hops: t.hops.length,
    resolvedAt: dnat && rw ? { ns: dnat.ns, device: dnat.device, by: rw.by } : null,
    dialledSeenOn: seen(dialled),
    clientSeenOn: seen(client),
    path: t.hops.filter((h) => h.device).map((h) => `${h.ns}/${h.device}`),
  };
}

/**
 * Traces `request` on both dataplanes (the same choice applies to both) and lists what differs.
 * @example compare(flannelDp, terwayDp, { from: 'pod:default/centos', to: 'svc:default/nginx1:80' }, ['Flannel', 'Terway'])
 */
export function compare(a: Dataplane, b: Dataplane, request: TraceRequest, labels: [string, string]): Comparison {
  const ta = trace(a, request);
  const tb = trace(b, request);
  const sa = summarise(ta, labels[0]);
  const sb = summarise(tb, labels[1]);
  const d = differences(sa, sb);
  return { request, a: { trace: ta, summary: sa }, b: { trace: tb, summary: sb }, differences: d };
}

/** Where the service address was resolved, e.g. `node:a/eth0 (IPVS)`; null when nothing DNATed. */
const where = (s: WiringSummary) =>
  s.resolvedAt ? `${s.resolvedAt.ns}${s.resolvedAt.device ? `/${s.resolvedAt.device}` : ''} (${s.resolvedAt.by.split(' (')[0]})` : null;

/** One thing that differs between the two wirings, A's value then B's (words are the reader's: see {@link describeDifference}). */
export type Difference =
  | { key: 'verdict'; a: Trace['verdict']; b: Trace['verdict'] }
  /** The HTTP status the client got; null: the backend's own answer (or none). */
  | { key: 'httpStatus'; a: number | null; b: number | null }
  | { key: 'kernelStacks' | 'hops'; a: number; b: number }
  /** Where the service address was resolved; null: nowhere (no DNAT). */
  | { key: 'resolvedAt'; a: string | null; b: string | null }
  | { key: 'clientIpSurvives'; a: boolean; b: boolean }
  /** The capture points that see the dialled address. */
  | { key: 'dialledSeenOn'; a: string[]; b: string[] };

/** What differs between two summaries. */
export function differences(sa: WiringSummary, sb: WiringSummary): Difference[] {
  const d: Difference[] = [];
  if (sa.verdict !== sb.verdict) d.push({ key: 'verdict', a: sa.verdict, b: sb.verdict });
  // Both "delivered", yet one client reads a 502 page: that is a difference.
  if (sa.httpStatus !== sb.httpStatus) d.push({ key: 'httpStatus', a: sa.httpStatus, b: sb.httpStatus });
  if (sa.kernelStacks !== sb.kernelStacks) d.push({ key: 'kernelStacks', a: sa.kernelStacks, b: sb.kernelStacks });
  if (sa.hops !== sb.hops) d.push({ key: 'hops', a: sa.hops, b: sb.hops });
  if (where(sa) !== where(sb)) d.push({ key: 'resolvedAt', a: where(sa), b: where(sb) });
  if (sa.clientIpSurvives !== sb.clientIpSurvives) d.push({ key: 'clientIpSurvives', a: sa.clientIpSurvives, b: sb.clientIpSurvives });
  if (sa.dialledSeenOn.join() !== sb.dialledSeenOn.join()) d.push({ key: 'dialledSeenOn', a: sa.dialledSeenOn, b: sb.dialledSeenOn });
  return d;
}

/** A difference in English, e.g. `kernel stacks: 3 → 2` (the CLI's and the tests' form; the UI translates). */
export function describeDifference(d: Difference): string {
  const yn = (v: boolean) => (v ? 'yes' : 'no');
  switch (d.key) {
    case 'verdict':
      return `verdict: ${d.a} → ${d.b}`;
    case 'httpStatus':
      return `HTTP status: ${d.a ?? 'from the backend'} → ${d.b ?? 'from the backend'}`;
    case 'kernelStacks':
      return `kernel stacks: ${d.a} → ${d.b}`;
    case 'hops':
      return `hops: ${d.a} → ${d.b}`;
    case 'resolvedAt':
      return `service address resolved at: ${d.a ?? 'nowhere (no DNAT)'} → ${d.b ?? 'nowhere (no DNAT)'}`;
    case 'clientIpSurvives':
      return `client IP reaches the server: ${yn(d.a)} → ${yn(d.b)}`;
    case 'dialledSeenOn':
      return `captures that see the dialled address: ${d.a.length} → ${d.b.length} (${d.b.join(', ') || 'none'})`;
  }
}
