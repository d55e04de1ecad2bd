import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, serve, transfer, type Endpoint } from './rpc';

const ports: { close(): void }[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

function pair<Api extends object>(api: Api) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  serve(api, port2 as unknown as Endpoint);
  return connect<Api>(port1 as unknown as Endpoint);
}

describe('the worker boundary', () => {
  it('answers each call with its own value, in whatever order they finish', async () => {
    const remote = pair({
      add: (a: number, b: number) => a + b,
      later: (v: string) => new Promise<string>((r) => setTimeout(() => r(v), 20)),
    });
    const [slow, fast] = await Promise.all([remote.call('later', 'slow'), remote.call('add', 2, 3)]);
    expect(slow).toBe('slow');
    expect(fast).toBe(5);
  });

  it('rejects with the thrown error’s message and name, and keeps answering afterwards', async () => {
    const remote = pair({
      fail: (): number => {
        throw new RangeError('out of range');
      },
      ok: () => 'ok',
    });
    await expect(remote.call('fail')).rejects.toMatchObject({ message: 'out of range', name: 'RangeError' });
    expect(await remote.call('ok')).toBe('ok');
  });

  it('moves a transferred buffer instead of copying it', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const remote = pair({ bytes: () => transfer({ bytes }, [bytes.buffer]) });
    const r = await remote.call('bytes');
    expect([...r.bytes]).toEqual([1, 2, 3]);
    // Moved: the sender's copy is detached.
    expect(bytes.byteLength).toBe(0);
  });
});
