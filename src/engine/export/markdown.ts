/**
 * The trace as a Markdown table, for a review comment, a lesson or a bug report:
 * the request, one row per hop (then the reply's), and the verdict lines.
 */
import { coveredText, rewritesOf, type Endpoint, type Hop, type Trace, type TraceRequest } from '../../model/trace';

const ARROW = '→';

/**
 * Text from the document or the request (names, ingress paths, URLs, rule text) as Markdown
 * that shows it as written and can do nothing else: HTML escaped as entities (no <script>, no
 * closing </td>), the characters of inline syntax and of tables backslash-escaped (no link, no
 * emphasis, no code span, no extra cell), newlines folded into <br>, control characters
 * (ESC, a right-to-left override) written as U+001B.
 */
export function mdText(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]|#~!]/g, '\\$&')
      .replace(/\r?\n/g, '<br>')
      // Control characters and direction overrides shown as their code, not obeyed.
      .replace(
        // eslint-disable-next-line no-control-regex
        /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
        (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
      )
  );
}

/** A table cell of markup this file made (its own **, <br>) around escaped text. */
function cell(s: string): string {
  return s.replace(/\r?\n/g, '<br>');
}

function packet(h: Hop): string {
  const p = h.packet;
  const inner = mdText(`${p.src} ${ARROW} ${p.dst} ${p.proto}`);
  if (!p.outer) return inner;
  const vni = p.outer.vni !== undefined ? ` vni ${p.outer.vni}` : '';
  return `\\[${mdText(`${p.outer.proto}${vni} ${p.outer.src} ${ARROW} ${p.outer.dst}`)}\\] ${inner}`;
}

function notes(h: Hop): string {
  const parts: string[] = [];
  const rewrites = rewritesOf(h);
  for (const r of rewrites) parts.push(`**${mdText(r.type)}** ${mdText(`${r.from} ${ARROW} ${r.to}${r.by ? ` (${r.by})` : ''}`)}`);
  if (h.hook) parts.push(`\\[${mdText(h.hook)}\\]`);
  if (h.note) parts.push(mdText(h.note));
  if (h.choices && h.choices.length > 0) {
    parts.push(`choices: ${mdText(h.choices.map((c) => `${c.to} p=${Math.round(c.p * 10000) / 10000}`).join(', '))}`);
  }
  if (h.drop) parts.push(`**${mdText(h.drop.verdict.toUpperCase())}**: ${mdText(h.drop.reason)}`);
  return parts.join('<br>');
}

function hopTable(hops: readonly Hop[]): string[] {
  const lines = ['| # | namespace | device | dir | packet | rewrite / note |', '|---:|---|---|---|---|---|'];
  for (const h of hops) {
    const seq = h.leg && h.leg > 1 ? `${h.seq} (leg ${h.leg})` : String(h.seq);
    lines.push(`| ${[mdText(seq), mdText(h.ns), mdText(h.device ?? '–'), mdText(h.dir ?? '–'), packet(h), notes(h)].map(cell).join(' | ')} |`);
  }
  if (hops.length === 0) lines.push('| – | (no hops) | | | | |');
  return lines;
}

function request(r: TraceRequest): string {
  const parts = [`${mdText(r.from)} ${ARROW} ${mdText(r.to)}`, mdText(r.protocol ?? 'TCP')];
  if (r.size !== undefined) parts.push(`size ${mdText(String(r.size))}`);
  if (r.df !== undefined) parts.push(r.df ? 'DF' : 'no DF');
  if (r.choice) {
    parts.push('all' in r.choice ? 'all outcomes' : 'pick' in r.choice ? `pick ${mdText(r.choice.pick.join(', '))}` : `seed ${mdText(String(r.choice.seed))}`);
  }
  return parts.join(', ');
}

function endpoint(e: Endpoint | null): string {
  if (!e) return '–';
  const addr = e.port !== undefined ? `${e.ip}:${e.port}` : e.ip;
  return e.name && e.name !== e.ip ? `${e.kind} ${e.name} (${addr})` : `${e.kind} ${addr}`;
}

/** The whole trace as Markdown: a title line, the hop table, the reply's, the verdict lines. */
export function traceToMarkdown(trace: Trace): string {
  const out: string[] = [`### Trace ${request(trace.request)}`, ''];
  out.push(...hopTable(trace.hops), '');
  if (trace.reply) out.push('**Reply**', '', ...hopTable(trace.reply.hops), '');
  out.push(`- **verdict**: ${mdText(trace.verdict)}`);
  if (trace.httpStatus) out.push(`- **HTTP status**: ${trace.httpStatus}`);
  if (trace.reason) out.push(`- **reason**: ${mdText(trace.reason.replace(/\r?\n/g, ' '))}`);
  out.push(`- **delivered to**: ${mdText(endpoint(trace.deliveredTo))}`);
  out.push(`- **source seen by the server**: ${mdText(trace.sourceSeenByServer ?? '–')}`);
  out.push(`- **kernel stacks**: ${trace.kernelStacks}`);
  if (trace.outcomes && trace.outcomes.length > 0) {
    out.push('', '**Outcomes**', '', '| p | verdict | delivered to | source seen | stacks | path |', '|---:|---|---|---|---:|---|');
    for (const o of trace.outcomes) {
      const cells = [
        String(Math.round(o.p * 10000) / 10000) + ((o.branches ?? 1) > 1 ? ` (${o.branches} branches)` : ''),
        o.verdict + (o.reason ? ` (${o.reason})` : ''),
        endpoint(o.deliveredTo),
        (o.sourceSeenByServer ?? '–') + ((o.sourcesSeen ?? 1) > 1 ? ` (+${o.sourcesSeen! - 1} more)` : ''),
        String(o.kernelStacks),
        o.path.join(` ${ARROW} `) || '–',
      ].map(mdText);
      out.push(`| ${cells.map(cell).join(' | ')} |`);
    }
    if (trace.truncated)
      out.push(
        '',
        `The search stopped after ${trace.branchesWalked ?? trace.outcomes.length} walks: the outcomes listed cover p = ${coveredText(trace.covered ?? 0)} of 1.`,
      );
  }
  return out.join('\n') + '\n';
}
