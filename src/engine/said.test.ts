import { describe, expect, it } from 'vitest';
import { parseTopology, type Hop, type Trace } from '../model';
import { builtins } from '../scenarios';
import { compile } from './compile';
import { REASONS, because, wordReason } from './said';
import { trace } from './trace';

const topology = (id: string) => {
  const r = parseTopology(builtins.find((b) => b.id === id)!.yaml);
  if (!r.ok) throw new Error(id);
  return r.topology;
};

describe('reasons as data', () => {
  it('fills values, and reasons nested as values, into the template', () => {
    const rule = because('ruleOfUser', { rule: '-A FORWARD -p icmp -j DROP', table: 'filter' });
    expect(wordReason(because('filterDropped', { ns: 'node:a', chain: 'FORWARD', rule }))).toBe(
      'dropped in node:a filter FORWARD by a user rule `-A FORWARD -p icmp -j DROP` (filter table)',
    );
    expect(wordReason(because('ttlExpired', { ns: 'node:a' }), { ttlExpired: 'TTL 在 {{ns}} 耗尽' })).toBe('TTL 在 node:a 耗尽');
    // A template the other language lacks is worded in English.
    expect(wordReason(because('ttlExpired', { ns: 'node:a' }), {})).toBe('TTL expired in node:a: ICMP time exceeded');
  });

  it('every template names its values as {{name}}', () => {
    for (const [key, text] of Object.entries(REASONS)) expect(text.replace(/\{\{\w+\}\}/g, ''), key).not.toMatch(/[{}]{2}/);
  });

  it.each(builtins.map((b) => [b.id] as const))('%s: every reason and note the engine writes is its data worded in English', (id) => {
    const t = topology(id);
    const dp = compile(t);
    const froms = [...t.pods.map((p) => `pod:${p.namespace}/${p.name}`), ...t.externals.map((x) => `external:${x.name}`)];
    const tos = [...t.pods.map((p) => `${p.ip}:80`), ...t.services.map((s) => `${s.clusterIP}:${s.ports[0]!.port}`), `${t.pods[0]!.ip}:9999`, '8.8.8.8:53'];
    let checked = 0;
    const hops = (x: Trace) => [...x.hops, ...(x.reply?.hops ?? [])];
    for (const from of froms) {
      for (const to of tos) {
        for (const protocol of ['TCP', 'UDP'] as const) {
          const x = trace(dp, { from, to, protocol, choice: { all: true } });
          if (x.reason !== null) {
            expect(x.why).toBeTruthy();
            expect(wordReason(x.why!)).toBe(x.reason);
            checked++;
          }
          for (const o of x.outcomes ?? []) if (o.reason !== null) expect(wordReason(o.why!)).toBe(o.reason);
          for (const h of hops(x).filter((y): y is Hop & { drop: NonNullable<Hop['drop']> } => !!y.drop)) expect(wordReason(h.drop.why!)).toBe(h.drop.reason);
          for (const h of hops(x).filter((y) => y.note !== undefined)) expect(wordReason(h.noteWhy!)).toBe(h.note);
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
