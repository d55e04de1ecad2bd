import { describe, expect, it } from 'vitest';
import { copyPkt, newPkt, tupleOf } from './packet';

describe('newPkt / copyPkt', () => {
  const plain = newPkt({ src: 1, sport: 2, dst: 3, dport: 4, proto: 'TCP', size: 60, df: true });
  const full = newPkt({ ...plain, mark: 5, ttl: 9, l2: 7, inner: plain, err: 'rst', embedded: tupleOf(plain) });

  it('gives every packet the same fields in the same order, whatever it was made with', () => {
    // One shape for the walk's reads: a packet made with fewer fields still has all of them.
    expect(Object.keys(plain)).toEqual(Object.keys(full));
    expect(plain).toMatchObject({ mark: 0, ttl: 64 });
  });

  it('copies every field, the optional ones too, into a new object', () => {
    const c = copyPkt(full);
    expect(c).not.toBe(full);
    expect(c).toEqual({ ...plain, mark: 5, ttl: 9, l2: 7, inner: plain, err: 'rst', embedded: { proto: 'TCP', src: 1, dst: 3, sport: 2, dport: 4 } });
  });
});
