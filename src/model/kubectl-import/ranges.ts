/**
 * Address ranges the import infers (the pod, service and VPC CIDRs, a node's block): the
 * smallest aligned block holding a set of addresses, widened to a usual prefix where it fits.
 */
import { cidrContains, ipToInt, type ParsedCidr } from '../cidr';

/** The smallest aligned block holding every address (as [first, last] pairs). */
export function covering(ranges: readonly [number, number][], maxBits = 32): ParsedCidr | undefined {
  if (ranges.length === 0) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const [a, b] of ranges) {
    if (a < lo) lo = a;
    if (b > hi) hi = b;
  }
  let bits = maxBits;
  while (bits > 0) {
    const size = 2 ** (32 - bits);
    const base = Math.floor(lo / size) * size;
    if (hi < base + size) return { base, bits };
    bits--;
  }
  return { base: 0, bits: 0 };
}
export const rangeOf = (c: ParsedCidr): [number, number] => [c.base, c.base + 2 ** (32 - c.bits) - 1];
export const ipRange = (ip: string): [number, number] => [ipToInt(ip), ipToInt(ip)];
/** The block of `bits` holding `c` (or `c` itself when it is already wider). */
export const widen = (c: ParsedCidr, bits: number): ParsedCidr =>
  c.bits <= bits ? c : { base: Math.floor(c.base / 2 ** (32 - bits)) * 2 ** (32 - bits), bits };

/** The first of: the block of each preferred prefix holding every range, then the smallest covering one, that `ok` accepts. */
export function pickRange(ranges: readonly [number, number][], prefer: readonly number[], ok: (c: ParsedCidr) => boolean): ParsedCidr | undefined {
  const tight = covering(ranges);
  if (!tight) return undefined;
  const candidates = [...prefer.map((bits) => widen(tight, bits)), tight];
  return candidates.find((c) => ranges.every((r) => cidrContains(c, r[0]) && cidrContains(c, r[1])) && ok(c));
}
