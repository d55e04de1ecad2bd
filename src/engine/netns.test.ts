/**
 * Longest-prefix match (netns.ts lpm) over short lists (scanned, longest prefix first) and long
 * ones (a map per prefix length): the kernel's fib lookup picks the most specific prefix, and
 * among duplicates of one prefix the route that was added first.
 */
import { describe, expect, it } from 'vitest';
import { ipToInt, parseCidr } from '../model/cidr';
import fc from 'fast-check';
import { LocalAddresses, lpm, servicePortsAt } from './netns';
import type { Dataplane } from './dataplane';

const route = (cidr: string, dev: string) => ({ dst: parseCidr(cidr)!, dev });

describe('lpm', () => {
  for (const extra of [0, 40]) {
    const filler = Array.from({ length: extra }, (_, i) => route(`10.200.${i}.0/24`, `f${i}`));
    it(`${extra > 0 ? 'a long list' : 'a short list'}: the longest prefix wins, the first of equal ones`, () => {
      const routes = [route('0.0.0.0/0', 'eth0'), route('172.16.0.0/16', 'a'), ...filler, route('172.16.1.0/24', 'b'), route('172.16.1.0/24', 'c')];
      expect(lpm(routes, ipToInt('172.16.1.9'))?.dev).toBe('b');
      expect(lpm(routes, ipToInt('172.16.2.9'))?.dev).toBe('a');
      expect(lpm(routes, ipToInt('8.8.8.8'))?.dev).toBe('eth0');
      expect(lpm(routes.slice(1), ipToInt('8.8.8.8'))).toBeUndefined();
      // A route added after the list was indexed is found (ip route add), ahead of its equals when put first.
      routes.unshift(route('172.16.1.0/24', 'user'));
      expect(lpm(routes, ipToInt('172.16.1.9'))?.dev).toBe('user');
      routes.push(route('172.16.1.8/29', 'host'));
      expect(lpm(routes, ipToInt('172.16.1.9'))?.dev).toBe('host');
      // The index is not part of the list as it compares or prints.
      expect(Object.keys(routes)).toHaveLength(routes.length);
      expect(JSON.parse(JSON.stringify(routes))).toHaveLength(routes.length);
    });
  }
  it('any list: the first route of the longest prefix holding the address, as a linear scan finds it', () => {
    // Few prefix lengths and bases, so lists hold duplicates and nested prefixes.
    const prefixed = fc.record({ bits: fc.constantFrom(0, 8, 16, 24, 24, 32), base: fc.constantFrom(0x0a000000, 0x0a010000, 0x0a010100, 0x0a010101) });
    fc.assert(
      fc.property(fc.array(prefixed, { maxLength: 40 }), fc.constantFrom(0x0a010101, 0x0a010102, 0x0a020202, 0x08080808), (cs, ip) => {
        const routes = cs.map((c, i) => ({ dst: { base: c.base - (c.base % 2 ** (32 - c.bits)), bits: c.bits }, dev: `r${i}` }));
        let want: (typeof routes)[number] | undefined;
        for (const r of routes) if (ip - (ip % 2 ** (32 - r.dst.bits)) === r.dst.base && (!want || r.dst.bits > want.dst.bits)) want = r;
        expect(lpm(routes, ip)).toBe(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe('LocalAddresses', () => {
  it('answers as its own addresses over the shared ones, whatever blocks they fall in', () => {
    const block = fc.integer({ min: 0, max: 3 }).map((b) => [0x0a600000, 0xac100000, 0x2f000000, 0xffff0000][b]!);
    const address = fc.tuple(block, fc.integer({ min: 0, max: 0xffff })).map(([b, low]) => b + low);
    fc.assert(
      fc.property(fc.array(address), fc.array(address, { maxLength: 5 }), fc.array(address), (shared, own, asked) => {
        const set = new Set(shared);
        const local = new LocalAddresses(
          own.map((ip) => [ip, 'eth0'] as [number, string]),
          { set, dev: 'kube-ipvs0' },
        );
        for (const ip of [...asked, ...shared, ...own]) {
          const want = own.includes(ip) ? 'eth0' : set.has(ip) ? 'kube-ipvs0' : undefined;
          expect(local.get(ip)).toBe(want);
          expect(local.has(ip)).toBe(want !== undefined);
        }
      }),
    );
  });
});

describe('servicePortsAt', () => {
  it('answers as the service ports by address, whatever blocks the addresses fall in', () => {
    const block = fc.integer({ min: 0, max: 3 }).map((b) => [0x0a600000, 0xac100000, 0x2f000000, 0xffff0000][b]!);
    const address = fc.tuple(block, fc.integer({ min: 0, max: 0xffff })).map(([b, low]) => b + low);
    fc.assert(
      fc.property(fc.array(address), fc.array(address), (bound, asked) => {
        const spsByAddr = new Map(bound.map((ip, i) => [ip, [i]]));
        const dp = { spsByAddr } as unknown as Dataplane;
        for (const ip of [...asked, ...bound]) expect(servicePortsAt(dp, ip)).toBe(spsByAddr.get(ip));
      }),
    );
  });
});
