/**
 * Judging addresses and blocks a person typed, with ipaddr.js, where strictness matters more than
 * speed. Only the validator uses these, so ipaddr.js is downloaded with it, never with the engine or the page.
 */
import ipaddr from 'ipaddr.js';
import { formatCidr, ipToInt, parseCidr, type ParsedCidr } from './cidr';
import { said, type Said } from './problem-text';

/** Undefined when `text` is a dotted-quad IPv4 address; otherwise what is wrong with it and how to fix it (English and as data). */
/**
 * A strict dotted quad as ipaddr.js's isValidFourPartDecimal accepts it (decimal octets ≤ 255,
 * no leading zeros), checked without ipaddr.js: validating 30,000 pods calls this per address.
 * False means "ask ipaddr.js", never "invalid".
 */
function plainDottedQuad(text: string, end = text.length): boolean {
  let octets = 0;
  let i = 0;
  while (i < end) {
    const start = i;
    let v = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      i++;
    }
    const len = i - start;
    if (len === 0 || len > 3 || v > 255 || (len > 1 && text.charCodeAt(start) === 48)) return false;
    octets++;
    if (i === end) break;
    if (text.charCodeAt(i) !== 46 || octets === 4) return false;
    i++;
    if (i === end) return false;
  }
  return octets === 4;
}

export function ipv4Said(text: string): Said | undefined {
  if (plainDottedQuad(text)) return undefined;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
  if (ipaddr.IPv6.isValid(text)) return said('p_ipv6Address', { value: text });
  if (text.includes('/')) return said('p_ipIsCidr', { value: text, bits: text.split('/')[1]! });
  return said('p_notIpv4', { value: text });
}

/** Undefined when `text` is an IPv4 CIDR with no host bits set; otherwise what is wrong and how to fix it (English and as data). */
export function cidrSaid(text: string): Said | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) {
    if (ipaddr.IPv4.isValidFourPartDecimal(text)) return said('p_noPrefix', { value: text });
    return said('p_notCidr', { value: text });
  }
  const addr = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  // The common case, a plain a.b.c.d/n, skips ipaddr.js (the same answers, without its parsers).
  if (plainDottedQuad(text, slash) && /^(\d|[12]\d|3[0-2])$/.test(bits)) {
    const parsed = parseCidr(text) as ParsedCidr;
    return parsed.base !== ipToInt(addr) ? said('p_hostBits', { value: text, cidr: formatCidr(parsed) }) : undefined;
  }
  if (ipaddr.IPv6.isValid(addr)) return said('p_ipv6Block', { value: text });
  if (!ipaddr.IPv4.isValidFourPartDecimal(addr)) return said('p_cidrBadAddress', { value: text, address: addr });
  if (!/^(\d|[12]\d|3[0-2])$/.test(bits)) return said('p_cidrBadPrefix', { value: text });
  const parsed = parseCidr(text) as ParsedCidr;
  if (parsed.base !== ipToInt(addr)) return said('p_hostBits', { value: text, cidr: formatCidr(parsed) });
  return undefined;
}

/** Undefined when `text` is a dotted-quad IPv4 address; otherwise what is wrong with it and how to fix it. */
export const ipv4Problem = (text: string): string | undefined => ipv4Said(text)?.message;

/** Undefined when `text` is an IPv4 CIDR with no host bits set; otherwise what is wrong and how to fix it. */
export const cidrProblem = (text: string): string | undefined => cidrSaid(text)?.message;
