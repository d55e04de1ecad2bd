/**
 * Judging addresses and blocks a person typed, with ipaddr.js, where strictness matters more than
 * speed. Only the validator uses these, so ipaddr.js is downloaded with it, never with the engine or the page.
 */
import ipaddr from 'ipaddr.js';
import { formatCidr, ipToInt, parseCidr, type ParsedCidr } from './cidr';

/** Undefined when `text` is a dotted-quad IPv4 address; otherwise what is wrong with it and how to fix it. */
export function ipv4Problem(text: string): string | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
  if (ipaddr.IPv6.isValid(text)) return `'${text}' is an IPv6 address: only IPv4 is supported so far, use an IPv4 address such as 10.0.0.10`;
  if (text.includes('/')) return `'${text}' is a CIDR block, not an address: drop the '/${text.split('/')[1]}'`;
  return `'${text}' is not an IPv4 address: write four numbers 0-255 separated by dots, e.g. 10.0.0.10`;
}

/** Undefined when `text` is an IPv4 CIDR with no host bits set; otherwise what is wrong and how to fix it. */
export function cidrProblem(text: string): string | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) {
    if (ipaddr.IPv4.isValidFourPartDecimal(text)) return `'${text}' has no prefix length: write a block such as ${text}/24`;
    return `'${text}' is not a CIDR block: write address/prefix, e.g. 10.0.0.0/16`;
  }
  const addr = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  if (ipaddr.IPv6.isValid(addr)) return `'${text}' is an IPv6 block: only IPv4 is supported so far`;
  if (!ipaddr.IPv4.isValidFourPartDecimal(addr)) return `'${text}' is not a CIDR block: '${addr}' is not an IPv4 address`;
  if (!/^(\d|[12]\d|3[0-2])$/.test(bits)) return `'${text}' is not a CIDR block: the prefix length must be 0-32`;
  const parsed = parseCidr(text) as ParsedCidr;
  if (parsed.base !== ipToInt(addr)) return `'${text}' has host bits set: did you mean ${formatCidr(parsed)}?`;
  return undefined;
}
