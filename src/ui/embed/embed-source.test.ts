import { describe, expect, it } from 'vitest';
import { fetchSource } from './embed-source';

const base = 'https://docs.example/guide/page.html';
const answer = (body: string, init?: ResponseInit) => (async () => new Response(body, init)) as unknown as typeof fetch;

describe('fetchSource', () => {
  it('reads a YAML document, relative to the page', async () => {
    let asked = '';
    const get = (async (u: string) => {
      asked = u;
      return new Response('kind: Topology\n', { headers: { 'content-type': 'application/yaml' } });
    }) as unknown as typeof fetch;
    expect(await fetchSource('../docs/a.yaml', base, 100, get)).toEqual({ ok: true, url: 'https://docs.example/docs/a.yaml', text: 'kind: Topology\n' });
    expect(asked).toBe('https://docs.example/docs/a.yaml');
  });
  it('names each way it can fail', async () => {
    expect((await fetchSource('javascript:alert(1)', base, 100, answer('x'))).ok).toBe(false);
    expect(await fetchSource('file:///etc/passwd', base, 100, answer('x'))).toMatchObject({ problem: { kind: 'address' } });
    expect(await fetchSource('/a.yaml', base, 100, answer('no', { status: 404 }))).toMatchObject({ problem: { kind: 'status', status: 404 } });
    expect(await fetchSource('/a.yaml', base, 100, answer('k: v\n'.repeat(100)))).toMatchObject({ problem: { kind: 'tooLarge', limit: 100 } });
    expect(await fetchSource('/a.yaml', base, 100, answer('<!doctype html><p>hi', { headers: { 'content-type': 'text/html' } }))).toMatchObject({
      problem: { kind: 'notDocument' },
    });
    const refusing = (async (_u: string, init?: RequestInit) => {
      if (init?.mode === 'cors') throw new TypeError('Failed to fetch');
      return new Response(null, { status: 200 });
    }) as unknown as typeof fetch;
    expect(await fetchSource('https://other.example/a.yaml', base, 100, refusing)).toMatchObject({ problem: { kind: 'cors' } });
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await fetchSource('https://other.example/a.yaml', base, 100, down)).toMatchObject({ problem: { kind: 'network' } });
  });
});
