/**
 * Longest-prefix match (netns.ts lpm) over short lists (scanned, longest prefix first) and long
 * ones (a map per prefix length): the kernel's fib lookup picks the most specific prefix, and
 * among duplicates of one prefix the route that was added first.
 */
import { describe, expect, it } from 'vitest';
import { ipToInt, parseCidr } from '../model/cidr';
import { lpm } from './netns';

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
});
