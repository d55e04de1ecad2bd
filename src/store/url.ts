/**
 * The trace request in the page's query string, so a link opens on the same flow.
 * `?from=…&to=…&proto=UDP&pick=A,B` (or `seed=N`, or `all=1`); other parameters
 * (e.g. `scenario`) are left as they are.
 */
import type { Choice, TraceProtocol, TraceRequest } from '../model';

const PROTOCOLS: readonly TraceProtocol[] = ['TCP', 'UDP', 'ICMP'];
const KEYS = ['from', 'to', 'proto', 'pick', 'seed', 'all'] as const;

export type LinkedRequest = Required<Pick<TraceRequest, 'from' | 'to' | 'protocol'>> & { choice: Choice | null };

/** The request a link carries, or null when it names no complete flow. Untrusted input: anything odd is dropped. */
export function readTraceParams(search: string): LinkedRequest | null {
  const q = new URLSearchParams(search);
  const from = q.get('from')?.trim();
  const to = q.get('to')?.trim();
  if (!from || !to) return null;
  const p = q.get('proto')?.toUpperCase();
  const protocol = PROTOCOLS.find((x) => x === p) ?? 'TCP';
  let choice: Choice | null = null;
  const pick = q.get('pick');
  const seed = q.get('seed');
  if (q.get('all') === '1') choice = { all: true };
  else if (pick)
    choice = {
      pick: pick
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    };
  else if (seed && /^\d{1,9}$/.test(seed)) choice = { seed: Number(seed) };
  return { from, to, protocol, choice };
}

/** `search` with the request's parameters replaced by `req`'s (a leading '?' included when non-empty). */
export function writeTraceParams(search: string, req: TraceRequest): string {
  const q = new URLSearchParams(search);
  for (const k of KEYS) q.delete(k);
  q.set('from', req.from);
  q.set('to', req.to);
  if (req.protocol && req.protocol !== 'TCP') q.set('proto', req.protocol);
  const c = req.choice;
  if (c && 'all' in c) q.set('all', '1');
  else if (c && 'pick' in c && c.pick.length) q.set('pick', c.pick.join(','));
  else if (c && 'seed' in c) q.set('seed', String(c.seed));
  const s = q.toString();
  return s ? `?${s}` : '';
}
