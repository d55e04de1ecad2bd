/**
 * Judging addresses and blocks a person typed, with ipaddr.js, where strictness matters more than
 * speed. Only the validator uses these, so ipaddr.js is downloaded with it, never with the engine or the page.
 */
import ipaddr from 'ipaddr.js';
import { formatCidr, ipToInt, parseCidr, type ParsedCidr } from './cidr';
import { said, type Said } from './problem-text';

/** Undefined when `text` is a dotted-quad IPv4 address; otherwise what is wrong with it and how to fix it (English and as data). */
export function ipv4Said(text: string): Said | undefined {
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
