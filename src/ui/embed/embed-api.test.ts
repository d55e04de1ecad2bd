import { describe, expect, it } from 'vitest';
import { allowedOrigins, parseCommand } from './embed-api';

describe('When a page sends the embed a message', () => {
  it('accepts the five commands, with or without the hopscope: prefix, and echoes the id', () => {
    expect(parseCommand({ type: 'play' })).toEqual({ ok: true, command: { type: 'play' } });
    expect(parseCommand({ type: 'hopscope:pause', id: 7 })).toEqual({ ok: true, command: { type: 'pause' }, id: 7 });
    expect(parseCommand({ type: 'step', delta: -2 })).toEqual({ ok: true, command: { type: 'step', delta: -2 } });
    expect(parseCommand({ type: 'step' })).toMatchObject({ ok: true, command: { delta: 1 } });
    expect(parseCommand({ type: 'setLanguage', lng: 'zh' })).toMatchObject({ ok: true, command: { lng: 'zh' } });
    expect(parseCommand({ type: 'load', yaml: 'a: 1', request: { from: 'pod:a/b', to: '1.2.3.4:80', protocol: 'UDP' } })).toMatchObject({
      ok: true,
      command: { type: 'load', request: { protocol: 'UDP' } },
    });
  });

  it('refuses a wrong shape with a reason, never throwing', () => {
    for (const bad of [null, 'play', 3, [], {}, { type: 1 }, { type: 'fly' }, { type: 'step', delta: 1.5 }, { type: 'step', delta: '1' },
      { type: 'setLanguage', lng: 'fr' }, { type: 'load' }, { type: 'load', yaml: '  ' }, { type: 'load', yaml: 'x', request: { from: 1 } },
      { type: 'load', yaml: 'x', request: { from: 'a', to: 'b', protocol: 'SCTP' } }]) {
      const r = parseCommand(bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
    }
  });

  it('listens to its own origin and the exact origins listed', () => {
    expect(allowedOrigins('?origins=https://docs.example.com,http://localhost:3000', 'https://hop.test')).toEqual([
      'https://hop.test',
      'https://docs.example.com',
      'http://localhost:3000',
    ]);
    expect(allowedOrigins('?origins=*,https://a.test/path,javascript:alert(1)', 'https://hop.test')).toEqual(['https://hop.test']);
  });
});
