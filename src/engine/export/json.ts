/**
 * The trace as JSON for a file or a clipboard: pretty (two spaces), and stable — the same
 * trace always gives the same bytes whatever order its objects were built in. Keys follow
 * the order of docs/trace-format.md; keys it does not list come after, alphabetically.
 */
import type { Trace } from '../../model';
import { traceAs, type TraceFormat } from './format';

const KEY_ORDER = [
  // trace
  'traceFormat',
  'request',
  'verdict',
  'reason',
  'why',
  'deliveredTo',
  'sourceSeenByServer',
  'kernelStacks',
  'hops',
  'conntrack',
  'reply',
  'outcomes',
  // request
  'from',
  'to',
  'protocol',
  'size',
  'df',
  'choice',
  // hop
  'seq',
  'leg',
  'ns',
  'node',
  'device',
  'dir',
  'packet',
  'hook',
  'note',
  'noteWhy',
  'rewrite',
  'rewrites',
  'choices',
  'matched',
  'drop',
  // reason as data
  'key',
  'params',
  // packet, rewrite, endpoint, conntrack, outcome
  'src',
  'dst',
  'proto',
  'outer',
  'vni',
  'type',
  'by',
  'kind',
  'name',
  'ip',
  'port',
  'orig',
  'p',
  'via',
  'path',
];
const RANK = new Map(KEY_ORDER.map((k, i) => [k, i]));

function order(a: string, b: string): number {
  const ra = RANK.get(a) ?? Infinity;
  const rb = RANK.get(b) ?? Infinity;
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort(order)) {
      if (o[k] !== undefined) out[k] = canonical(o[k]);
    }
    return out;
  }
  return v;
}

/** Pretty, stable JSON of a trace in the given format (1 unless asked), ending with a newline. */
export function traceToJson(trace: Trace, format: TraceFormat = 1): string {
  return JSON.stringify(canonical(traceAs(trace, format)), null, 2) + '\n';
}
