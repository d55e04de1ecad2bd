import { describe, expect, it, vi } from 'vitest';
import { builtins } from '../../scenarios';
import { createAppStore } from '../../store/app-store';
import { createInlineSimClient } from '../../worker/sim-client';
import { allowedOrigins, MAX_MESSAGE_SIZE, messageSize, normalizeOrigin, parseCommand, type EmbedReply } from './embed-api';
import { createEmbedHandler } from './embed-handler';

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
    for (const bad of [
      null,
      'play',
      3,
      [],
      {},
      { type: 1 },
      { type: 'fly' },
      { type: 'step', delta: 1.5 },
      { type: 'step', delta: '1' },
      { type: 'setLanguage', lng: 'fr' },
      { type: 'load' },
      { type: 'load', yaml: '  ' },
      { type: 'load', yaml: 'x', request: { from: 1 } },
      { type: 'load', yaml: 'x', request: { from: 'a', to: 'b', protocol: 'SCTP' } },
    ]) {
      const r = parseCommand(bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
    }
  });

  it('listens to its own origin and the origins listed, each as the browser writes it', () => {
    expect(allowedOrigins('?origins=https://docs.example.com,http://localhost:3000', 'https://hop.test')).toEqual([
      'https://hop.test',
      'https://docs.example.com',
      'http://localhost:3000',
    ]);
    // A trailing slash, capitals, a default port or a page's path name the same origin; nothing else gets in.
    expect(allowedOrigins('?origins=https://Docs.Example.com/, HTTPS://docs.example.com:443,http://LOCALHOST:3000/guide/x.html', 'https://hop.test')).toEqual([
      'https://hop.test',
      'https://docs.example.com',
      'http://localhost:3000',
    ]);
    expect(allowedOrigins('?origins=*,null,javascript:alert(1),file:///etc,data:text/html,x', 'https://hop.test')).toEqual(['https://hop.test']);
    expect(normalizeOrigin('http://localhost:4173/')).toBe('http://localhost:4173');
  });

  it('refuses a message over the size limit with a clear reason, whatever field carries the bulk', () => {
    const big = 'x'.repeat(MAX_MESSAGE_SIZE + 1);
    for (const data of [
      { type: 'load', yaml: big, id: 3 },
      { type: 'play', padding: big },
      { type: 'step', delta: 1, junk: [big.slice(0, MAX_MESSAGE_SIZE / 2), big.slice(0, MAX_MESSAGE_SIZE / 2 + 10)] },
    ]) {
      const r = parseCommand(data);
      expect(r).toMatchObject({ ok: false, error: expect.stringContaining('larger than 20 MiB') });
    }
    expect(parseCommand({ type: 'load', yaml: big, id: 3 })).toMatchObject({ for: 'load', id: 3 });
    expect(parseCommand({ type: 'load', yaml: 'x'.repeat(MAX_MESSAGE_SIZE - 100) }).ok).toBe(true);
    // A cycle or a deep nest is counted without looping or overflowing.
    const cyclic: Record<string, unknown> = { type: 'play' };
    cyclic.self = cyclic;
    expect(messageSize(cyclic)).toBeLessThan(100);
  });
});

/** An embed's command handler on its own store, and every reply it sends. */
async function embed() {
  const store = createAppStore({ sim: await createInlineSimClient() });
  await store.getState().openText(builtins[0]!.yaml);
  const replies: EmbedReply[] = [];
  const handle = createEmbedHandler(
    store,
    () => (m) => (typeof m === 'string' ? m : m.key),
    async () => {},
  );
  const send = (data: unknown) => handle(data, (r) => replies.push(r));
  const openText = vi.spyOn(store.getState(), 'openText');
  return { store, replies, send, openText };
}

const TWO_PODS = builtins[1]!.yaml;

describe('loads sent back to back', () => {
  it('answers the overtaken one `superseded` (not refused) and the newest one with an ack', async () => {
    const { store, replies, send } = await embed();
    send({ type: 'load', yaml: TWO_PODS, id: 'a' });
    send({ type: 'load', yaml: builtins[2]!.yaml, id: 'b' });
    await vi.waitFor(() => expect(replies).toHaveLength(2));
    expect(replies).toEqual([
      { type: 'hopscope:superseded', for: 'load', id: 'a', by: 'b' },
      { type: 'hopscope:ack', for: 'load', id: 'b' },
    ]);
    expect(store.getState().doc?.metadata.name).toBe(store.getState().topology?.metadata.name);
    expect(store.getState().topology?.metadata.name).not.toBe('ack-flannel');
  });

  it('a flood of 1,000 loads: one ack for the last, 999 superseded, no false error, and at most two documents opened', async () => {
    const { store, replies, send, openText } = await embed();
    for (let i = 0; i < 1000; i++) send({ type: 'hopscope:load', yaml: i === 999 ? TWO_PODS : builtins[0]!.yaml, id: i });
    await vi.waitFor(() => expect(replies).toHaveLength(1000), { timeout: 10_000 });
    expect(replies.filter((r) => r.type === 'hopscope:error')).toEqual([]);
    expect(replies.filter((r) => r.type === 'hopscope:ack')).toEqual([{ type: 'hopscope:ack', for: 'load', id: 999 }]);
    expect(replies.filter((r) => r.type === 'hopscope:superseded')).toHaveLength(999);
    expect(openText.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(openText.mock.calls.length).toBeLessThanOrEqual(2);
    expect(store.getState().doc?.metadata.name).toBe(builtins[1]!.id);
  });

  it('keeps working for loads without an id, and still refuses a bad document as an error', async () => {
    const { replies, send } = await embed();
    send({ type: 'load', yaml: 'kind: Nope\n' });
    await vi.waitFor(() => expect(replies).toHaveLength(1));
    expect(replies[0]).toMatchObject({ type: 'hopscope:error', for: 'load', error: expect.stringContaining('The document was refused') });
    expect(replies[0]).not.toHaveProperty('id');
    send({ type: 'load', yaml: TWO_PODS });
    await vi.waitFor(() => expect(replies).toHaveLength(2));
    expect(replies[1]).toEqual({ type: 'hopscope:ack', for: 'load' });
  });
});
