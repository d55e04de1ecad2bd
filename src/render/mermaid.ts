/**
 * A trace as a Mermaid sequence diagram, for Markdown docs (GitHub, GitLab and most doc sites
 * draw ```mermaid blocks): one participant per namespace the packet passed through, one
 * message per hop (solid there, dashed back), a note for every rewrite and for the drop.
 */
import { rewritesOf, type Hop, type Trace } from '../model/trace';

/**
 * Text safe in a participant alias or a message: Mermaid reads `;` as a statement end, `#` as
 * the start of an entity, `%%` as a comment and `<…>` as HTML, so those become entity codes
 * (`#59;`), and a line break becomes a space.
 */
export function mermaidText(s: string): string {
  return s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[#;%<>"`{}|]/g, (c) => `#${c.codePointAt(0)};`)
    .trim();
}

export function traceToMermaid(t: Trace): string {
  const ids = new Map<string, string>();
  const legs: ['request' | 'reply', Hop[]][] = [
    ['request', t.hops],
    ['reply', t.reply?.hops ?? []],
  ];
  for (const [, hops] of legs) for (const h of hops) if (!ids.has(h.ns)) ids.set(h.ns, `p${ids.size + 1}`);
  const rq = t.request;
  const out = [
    `%% Hopscope trace: ${mermaidText(`${rq.from} → ${rq.to} (${rq.protocol ?? 'TCP'})`)}, verdict ${t.verdict}`,
    'sequenceDiagram',
    ...[...ids].map(([ns, id]) => `  participant ${id} as ${mermaidText(ns)}`),
  ];
  let prev: string | null = null;
  for (const [leg, hops] of legs) {
    for (const h of hops) {
      const id = ids.get(h.ns)!;
      const where = [h.device, h.dir].filter(Boolean).join(' ');
      const label = mermaidText(
        `${leg === 'reply' ? 'reply ' : ''}${h.seq}. ${h.packet.src} → ${h.packet.dst}${h.packet.icmp ? ` (${h.packet.icmp})` : ''}${where ? ` [${where}]` : ''}`,
      );
      if (prev === null) out.push(`  Note over ${id}: ${label}`);
      else out.push(`  ${prev}${leg === 'reply' ? '-->>' : '->>'}${id}: ${label}`);
      for (const r of rewritesOf(h)) out.push(`  Note over ${id}: ${mermaidText(`${r.type} ${r.from} → ${r.to} by ${r.by}`)}`);
      if (h.drop) out.push(`  Note over ${id}: ${mermaidText(`✕ ${h.drop.verdict}: ${h.drop.reason}`)}`);
      prev = id;
    }
  }
  return `${out.join('\n')}\n`;
}
