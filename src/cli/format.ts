/**
 * Human-readable rendering of traces for the terminal. Pure: a Trace in, text out.
 * The JSON form (--json) is the stable interface; this one is for reading.
 */
import {
  coveredText,
  rewritesOf,
  type Choice,
  type ConntrackView,
  type Endpoint,
  type Hop,
  type Outcome,
  type Problem,
  type Trace,
  type TraceRequest,
} from '../model';

const ARROW = '→';

/** Pads cells to column widths; the last column is never padded (no trailing blanks). */
export function table(header: readonly string[], rows: readonly (readonly string[])[], indent = '  '): string[] {
  const width = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => (indent + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(width[i]!))).join('  ')).trimEnd();
  return [line(header), ...rows.map(line)];
}

export function formatRequest(r: TraceRequest): string {
  const parts = [`${r.from} ${ARROW} ${r.to}`, r.protocol ?? 'TCP'];
  if (r.size !== undefined) parts.push(`size ${r.size}`);
  if (r.df !== undefined) parts.push(r.df ? 'DF' : 'no DF');
  if (r.choice) parts.push(formatChoice(r.choice));
  if (r.repeat) parts.push(`after ${r.repeat} like it`);
  for (const a of r.after ?? []) parts.push(`after ${a.from ?? r.from} ${ARROW} ${a.to ?? r.to}`);
  return parts.join(', ');
}

function formatChoice(c: Choice): string {
  if ('all' in c) return 'all outcomes';
  if ('pick' in c) return `pick ${c.pick.join(',')}`;
  return `seed ${c.seed}`;
}

export function formatEndpoint(e: Endpoint | null): string {
  if (!e) return '-';
  const addr = e.port !== undefined ? `${e.ip}:${e.port}` : e.ip;
  return e.name && e.name !== e.ip ? `${e.kind} ${e.name} (${addr})` : `${e.kind} ${addr}`;
}

function formatPacket(h: Hop): string {
  const p = h.packet;
  let s = `${p.src} ${ARROW} ${p.dst}`;
  if (p.icmp) s = `${s} (${p.icmp})`;
  if (p.outer) s = `[${p.outer.proto}${p.outer.vni !== undefined ? ` vni ${p.outer.vni}` : ''} ${p.outer.src} ${ARROW} ${p.outer.dst}] ${s}`;
  return s;
}

export interface FormatOptions {
  /** Also list the netfilter rules each hop matched (long: kube-proxy writes many). */
  verbose?: boolean;
}

/** The detail lines printed under a hop: rewrite, choices, matched rules (verbose), drop. */
export function hopDetails(h: Hop, opts: FormatOptions = {}): string[] {
  const out: string[] = [];
  // `rewrites` lists every rewrite of the hop in order when there are several; `rewrite` is the first.
  for (const r of rewritesOf(h)) {
    out.push(`${r.type} ${r.from} ${ARROW} ${r.to}${r.by ? ` by ${r.by}` : ''}`);
  }
  if (h.choices && h.choices.length > 0) {
    const opts = h.choices.map((c) => `${c.to} p=${formatP(c.p)}${c.via ? ` via ${c.via}` : ''}`);
    out.push(`choices: ${opts.join(' | ')}`);
  }
  if (opts.verbose) {
    // The engine prefixes each rule with its namespace; under a hop of that namespace it is noise.
    for (const m of h.matched ?? []) out.push(`matched ${m.startsWith(`${h.ns} `) ? m.slice(h.ns.length + 1) : m}`);
  }
  if (h.drop) out.push(`${h.drop.verdict.toUpperCase()}: ${h.drop.reason}`);
  return out;
}

/** The hop table: seq, namespace, device, dir, packet, hook and note, with details beneath. */
export function formatHops(hops: readonly Hop[], opts: FormatOptions = {}, indent = '  '): string[] {
  if (hops.length === 0) return [`${indent}(no hops)`];
  const withHook = hops.some((h) => h.hook);
  const header = ['seq', 'namespace', 'device', 'dir', 'packet', ...(withHook ? ['hook'] : []), 'note'];
  const rows = hops.map((h) => [String(h.seq), h.ns, h.device ?? '-', h.dir ?? '-', formatPacket(h), ...(withHook ? [h.hook ?? ''] : []), h.note ?? '']);
  const lines = table(header, rows, indent);
  // seq is right-aligned for readability; details go under each row, indented past seq.
  const seqWidth = Math.max(3, ...hops.map((h) => String(h.seq).length));
  const out = [lines[0]!];
  hops.forEach((h, i) => {
    const row = lines[i + 1]!;
    const seq = String(h.seq);
    out.push(indent + seq.padStart(seqWidth) + row.slice(indent.length + seqWidth));
    for (const d of hopDetails(h, opts)) out.push(`${indent}${' '.repeat(seqWidth + 2)}${d}`);
  });
  return out;
}

export function formatConntrack(entries: readonly ConntrackView[], indent = '  '): string[] {
  if (entries.length === 0) return [`${indent}(none)`];
  return table(
    ['namespace', 'proto', 'original', 'reply'],
    entries.map((c) => [c.ns, c.proto ?? '', c.orig, c.reply]),
    indent,
  );
}

export function formatOutcomes(outcomes: readonly Outcome[], indent = '  '): string[] {
  // The branches column only when equivalent branches were grouped (engine/outcomes.ts).
  const grouped = outcomes.some((o) => (o.branches ?? 1) > 1);
  const rows = outcomes.map((o) => [
    formatP(o.p),
    o.verdict,
    formatEndpoint(o.deliveredTo),
    sourceSeen(o),
    String(o.kernelStacks),
    ...(grouped ? [String(o.branches ?? 1)] : []),
    o.path.length > 0 ? o.path.join(` ${ARROW} `) : '-',
  ]);
  const header = ['p', 'verdict', 'delivered to', 'source seen', 'stacks', ...(grouped ? ['branches'] : []), grouped ? 'path (the first branch)' : 'path'];
  const lines = table(header, rows, indent);
  const reasons = outcomes.flatMap((o, i) => (o.reason ? [`${indent}  #${i + 1}: ${o.reason}`] : []));
  const sum = outcomes.reduce((s, o) => s + o.p, 0);
  const branches = outcomes.reduce((n, o) => n + (o.branches ?? 1), 0);
  return [
    ...lines,
    ...(reasons.length > 0 ? [`${indent}reasons:`, ...reasons] : []),
    `${indent}(${outcomes.length} outcome${outcomes.length === 1 ? '' : 's'}${grouped ? ` grouping ${branches} branches` : ''}, p sums to ${formatP(sum)})`,
  ];
}

/** The address the server saw, and how many others it saw on the grouped branches. */
function sourceSeen(o: Outcome): string {
  const first = o.sourceSeenByServer ?? '-';
  return (o.sourcesSeen ?? 1) > 1 ? `${first} +${o.sourcesSeen! - 1} more` : first;
}

/** Probabilities print with up to 4 decimals and no trailing zeros: 1, 0.5, 0.3333. */
export function formatP(p: number): string {
  return String(Math.round(p * 10000) / 10000);
}

/** The whole readable report of a trace. */
export function formatTrace(t: Trace, opts: FormatOptions = {}): string {
  const out: string[] = [];
  out.push(`trace ${formatRequest(t.request)}`, '');
  out.push(...formatHops(t.hops, opts));
  out.push('');
  const summary: [string, string][] = [
    ['verdict', t.verdict],
    ...(t.httpStatus ? ([['http', String(t.httpStatus)]] as [string, string][]) : []),
    ...(t.reason ? ([['reason', t.reason]] as [string, string][]) : []),
    ['delivered to', formatEndpoint(t.deliveredTo)],
    ['source seen', t.sourceSeenByServer ?? '-'],
    ['kernel stacks', String(t.kernelStacks)],
  ];
  const w = Math.max(...summary.map(([k]) => k.length));
  for (const [k, v] of summary) out.push(`${k.padEnd(w)}  ${v}`);
  if (t.conntrack.length > 0) {
    out.push('', 'conntrack', ...formatConntrack(t.conntrack));
  }
  if (t.reply) {
    out.push('', 'reply', ...formatHops(t.reply.hops, opts));
  }
  if (t.outcomes && t.outcomes.length > 0) {
    out.push('', 'outcomes', ...formatOutcomes(t.outcomes));
    // Rounded down: a cut never reads as covering all of it.
    if (t.truncated) {
      const walks = t.branchesWalked ?? t.outcomes.length;
      out.push(
        `  TRUNCATED: the search stopped after ${walks} walk${walks === 1 ? '' : 's'}; the branches listed cover p = ${coveredText(t.covered ?? 0)} of 1`,
      );
    }
  }
  return out.join('\n') + '\n';
}

/** `path: message`, or the message alone when it is about the whole input (a kubectl import's warnings). */
export function formatWarning(p: Problem): string {
  return p.path === '' ? p.message : `${p.path}: ${p.message}`;
}

/** `path: message`, with "(document)" standing in for the empty path of the whole document. */
export function formatProblem(p: Problem): string {
  return `${p.path === '' ? '(document)' : p.path}: ${p.message}`;
}
