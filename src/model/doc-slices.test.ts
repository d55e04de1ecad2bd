import { describe, expect, it } from 'vitest';
import { generateFlannelCluster } from '../scenarios/generate';
import { readSliced, writeSliced } from './doc-slices';

const doc = JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 12, seed: 3 }))) as Record<string, unknown>;

describe('writeSliced / readSliced', () => {
  it('writes the text JSON.stringify writes, and slices only the lists longer than a slice', () => {
    const { text, sliced } = writeSliced(doc, 50);
    expect(text).toBe(JSON.stringify(doc));
    const pods = (doc.pods as unknown[]).length;
    expect(pods).toBeGreaterThan(100);
    expect(sliced.lists.map((l) => l.key)).toContain('pods');
    expect(sliced.lists.find((l) => l.key === 'pods')!.slices).toHaveLength(Math.ceil(pods / 50));
    // A sliced list is empty in the head (not written twice); the short lists stay in it, as written.
    expect((JSON.parse(sliced.head) as Record<string, unknown>).pods).toEqual([]);
    expect((JSON.parse(sliced.head) as Record<string, unknown>).nodes).toEqual(doc.nodes);
  });

  it('reads back what JSON.parse of the text reads, in the same key order, waiting before each slice', async () => {
    const { text, sliced } = writeSliced(doc, 50);
    let waits = 0;
    const read = await readSliced(sliced, () => {
      waits++;
      return Promise.resolve();
    });
    expect(read).toEqual(JSON.parse(text));
    expect(JSON.stringify(read)).toBe(text);
    expect(waits).toBe(sliced.lists.reduce((n, l) => n + l.slices.length, 0));
  });

  it('leaves out what JSON leaves out (an undefined field), in the slices as in the text', async () => {
    const { text, sliced } = writeSliced({ a: 1, gone: undefined, list: [1, 2, 3] }, 1);
    expect(text).toBe('{"a":1,"list":[1,2,3]}');
    expect(sliced.lists).toEqual([{ key: 'list', slices: ['[1]', '[2]', '[3]'] }]);
    expect(JSON.stringify(await readSliced(sliced, () => Promise.resolve()))).toBe(text);
  });
});
