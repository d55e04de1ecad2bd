import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockSize, cidrsOverlap, ipToInt, type ParsedCidr } from './cidr';
import { firstEarlierOverlap } from './assign-addresses';

/** The first earlier block overlapping each block, comparing every pair (what the sweep must equal). */
function naive(blocks: readonly (ParsedCidr | undefined)[]): number[] {
  return blocks.map((b, i) => (b ? blocks.findIndex((o, j) => j < i && o !== undefined && cidrsOverlap(o, b)) : -1));
}

/** Blocks of /16 to /32 inside 10.0.0.0/14, often nested, overlapping or touching; some holes. */
const blocks = fc.array(
  fc.option(
    fc.record({ offset: fc.nat(2 ** 18 - 1), bits: fc.integer({ min: 16, max: 32 }) }).map(({ offset, bits }) => {
      const ip = ipToInt('10.0.0.0') + offset;
      return { base: ip - (ip % blockSize(bits)), bits };
    }),
    { nil: undefined, freq: 8 },
  ),
  { maxLength: 80 },
);

describe('firstEarlierOverlap (sort and sweep) agrees with the pairwise check', () => {
  it('on random sets of blocks', () => {
    fc.assert(
      fc.property(blocks, (b) => {
        expect(firstEarlierOverlap(b)).toEqual(naive(b));
      }),
      { numRuns: 1000 },
    );
  });

  it('on blocks where a later, wider block covers earlier ones and runs chain', () => {
    const c = (base: string, bits: number): ParsedCidr => ({ base: ipToInt(base), bits });
    const b = [c('10.0.1.0', 24), c('10.0.3.0', 24), c('10.0.0.0', 22), c('10.0.2.0', 23), undefined, c('10.0.8.0', 24), c('10.0.8.128', 25)];
    expect(firstEarlierOverlap(b)).toEqual([-1, -1, 0, 1, -1, -1, 5]);
    expect(naive(b)).toEqual([-1, -1, 0, 1, -1, -1, 5]);
  });
});
