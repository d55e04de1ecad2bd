/**
 * Trace formats on the way out. The engine's trace is format 2 (docs/trace-format.md): one
 * `rewrites` list per hop. Format 1 is what the CLI's `--json`, `--batch` and `--export json`
 * wrote before, and still write unless asked for `--trace-format 2`: a hop's first rewrite as
 * `rewrite`, and `rewrites` beside it only when there were several. Format 1 keeps the engine's
 * key order, so its bytes are the same as before format 2 existed (the golden traces prove it).
 */
import type { Hop, Rewrite, Trace } from '../../model';

export const TRACE_FORMATS = [1, 2] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/** A hop as format 1 writes it. */
export type HopV1 = Omit<Hop, 'rewrites'> & { rewrite?: Rewrite; rewrites?: Rewrite[] };
export type TraceV1 = Omit<Trace, 'hops' | 'reply'> & { hops: HopV1[]; reply: { hops: HopV1[] } | null };
/** Format 2 as written: the trace, said to be format 2 (format 1 says nothing). */
export type TraceV2 = { traceFormat: 2 } & Trace;

function hopV1(h: Hop): HopV1 {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h)) {
    if (k !== 'rewrites') {
      out[k] = v;
      continue;
    }
    // `rewrite` then `rewrites`, where the list stands: the order format 1 always had.
    const list = v as Rewrite[];
    if (list.length > 0) out.rewrite = list[0];
    if (list.length > 1) out.rewrites = list;
  }
  return out as HopV1;
}

export function traceV1(t: Trace): TraceV1 {
  return { ...t, hops: t.hops.map(hopV1), reply: t.reply && { ...t.reply, hops: t.reply.hops.map(hopV1) } };
}

/** The trace as the given format writes it. */
export function traceAs(t: Trace, format: TraceFormat): TraceV1 | TraceV2 {
  return format === 1 ? traceV1(t) : { traceFormat: 2, ...t };
}
