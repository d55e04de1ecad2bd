import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrProblem, ipv4Problem } from './address-text';
import { cidrContains, cidrsOverlap, cidrWithin, intToIp, ipToInt, isPrivate, nextIp, parseCidr } from './cidr';

describe('ipToInt / intToIp', () => {
  it('converts both ways', () => {
    expect(ipToInt('10.0.0.180')).toBe(167772340);
    expect(ipToInt('255.255.255.255')).toBe(4294967295);
    expect(intToIp(167772340)).toBe('10.0.0.180');
    fc.assert(fc.property(fc.ipV4(), (ip) => intToIp(ipToInt(ip)) === ip));
  });

  it('gives NaN for anything that is not a dotted quad', () => {
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '1..2.3', 'a.b.c.d', '1.2.3.4 ', '::1']) expect(ipToInt(bad)).toBeNaN();
  });
});

describe('parseCidr and friends', () => {
  it('parses and clears host bits', () => {
    expect(parseCidr('172.23.96.0/26')).toEqual({ base: ipToInt('172.23.96.0'), bits: 26 });
    expect(parseCidr('10.0.3.5/24')).toEqual({ base: ipToInt('10.0.3.0'), bits: 24 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ base: 0, bits: 0 });
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
  });

  it('answers containment and overlap', () => {
    expect(cidrContains('172.23.96.0/26', '172.23.96.63')).toBe(true);
    expect(cidrContains('172.23.96.0/26', '172.23.96.64')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '255.255.255.255')).toBe(true);
    expect(cidrsOverlap('10.0.0.0/8', '10.200.0.0/16')).toBe(true);
    expect(cidrsOverlap('10.0.0.0/25', '10.0.0.128/25')).toBe(false);
    expect(cidrWithin('10.0.3.0/24', '10.0.0.0/16')).toBe(true);
    expect(cidrWithin('10.0.0.0/15', '10.0.0.0/16')).toBe(false);
    expect(nextIp('10.0.0.255')).toBe('10.0.1.0');
  });

  it('agrees with a brute-force containment check', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.ipV4(), (base, bits, ip) => {
        const c = parseCidr(`${base}/${bits}`);
        const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
        expect(cidrContains(`${base}/${bits}`, ip)).toBe((ipToInt(ip) & mask) >>> 0 === c?.base);
      }),
    );
  });
});

describe('isPrivate', () => {
  it('knows RFC 1918, CGNAT, loopback and link-local', () => {
    for (const ip of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '127.0.0.1', '169.254.169.254'])
      expect(isPrivate(ip)).toBe(true);
    for (const ip of ['8.219.164.113', '172.32.0.1', '47.74.0.10', '203.0.113.50', '100.128.0.1']) expect(isPrivate(ip)).toBe(false);
  });
});

describe('Judging user text', () => {
  it('explains what is wrong with an address', () => {
    expect(ipv4Problem('10.0.0.1')).toBeUndefined();
    expect(ipv4Problem('10.0.0.01')).toMatch(/not an IPv4 address/);
    expect(ipv4Problem('fe80::1')).toMatch(/IPv6/);
    expect(ipv4Problem('10.0.0.0/8')).toMatch(/CIDR block, not an address/);
  });

  it('explains what is wrong with a block', () => {
    expect(cidrProblem('10.0.0.0/8')).toBeUndefined();
    expect(cidrProblem('10.0.0.0')).toMatch(/no prefix length/);
    expect(cidrProblem('10.0.0.1/8')).toBe("'10.0.0.1/8' has host bits set: did you mean 10.0.0.0/8?");
    expect(cidrProblem('10.0.0.0/40')).toMatch(/0-32/);
  });
});
