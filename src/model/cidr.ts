/**
 * IPv4 address arithmetic on unsigned 32-bit integers.
 *
 * The engine calls these on every hop, so the hot helpers (`ipToInt`, `cidrContains`,
 * `cidrsOverlap`) parse by hand and never allocate ipaddr.js objects. ipaddr.js is used
 * only where a user's text is judged (`ipv4Problem`, `cidrProblem`), where its strictness
 * matters more than speed.
 */
import ipaddr from 'ipaddr.js';

/** A parsed CIDR: `base` is the network address as an unsigned integer. */
export interface ParsedCidr {
  base: number;
  bits: number;
}

const TWO_32 = 2 ** 32;

/**
 * "10.0.0.180" → 167772340. Returns NaN for anything that is not a dotted quad
 * of decimal octets, so a caller can test with `Number.isNaN` instead of catching.
 */
export function ipToInt(ip: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return NaN;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (digits > 3 || octet > 255) return NaN;
    } else {
      return NaN;
    }
  }
  if (dots !== 3 || digits === 0) return NaN;
  return value * 256 + octet;
}

/** 167772340 → "10.0.0.180". */
export function intToIp(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/** Number of addresses in a prefix of this length (/26 → 64). */
export function blockSize(bits: number): number {
  return 2 ** (32 - bits);
}

/**
 * "172.23.96.0/26" → { base, bits }. Host bits are cleared, so "10.0.3.5/24" parses as
 * 10.0.3.0/24 (the validator refuses such text; the engine may be lenient).
 * Returns undefined for anything that is not `a.b.c.d/n`.
 */
export function parseCidr(cidr: string): ParsedCidr | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 0) return undefined;
  const ip = ipToInt(cidr.slice(0, slash));
  const bitsText = cidr.slice(slash + 1);
  if (!/^\d{1,2}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (Number.isNaN(ip) || bits > 32) return undefined;
  const size = blockSize(bits);
  return { base: ip - (ip % size), bits };
}

/** The last address of a block (its broadcast address). */
export function cidrLast(c: ParsedCidr): number {
  return c.base + blockSize(c.bits) - 1;
}

export function formatCidr(c: ParsedCidr): string {
  return `${intToIp(c.base)}/${c.bits}`;
}

function toParsed(c: string | ParsedCidr): ParsedCidr | undefined {
  return typeof c === 'string' ? parseCidr(c) : c;
}

/** Whether `ip` (text or integer) lies inside `cidr` (text or parsed). False when either does not parse. */
export function cidrContains(cidr: string | ParsedCidr, ip: string | number): boolean {
  const c = toParsed(cidr);
  const n = typeof ip === 'string' ? ipToInt(ip) : ip;
  if (!c || Number.isNaN(n)) return false;
  return n >= c.base && n < c.base + blockSize(c.bits);
}

/** Whether two blocks share any address. False when either does not parse. */
export function cidrsOverlap(a: string | ParsedCidr, b: string | ParsedCidr): boolean {
  const x = toParsed(a);
  const y = toParsed(b);
  if (!x || !y) return false;
  return x.base <= cidrLast(y) && y.base <= cidrLast(x);
}

/** Whether block `inner` lies wholly inside block `outer`. */
export function cidrWithin(inner: string | ParsedCidr, outer: string | ParsedCidr): boolean {
  const i = toParsed(inner);
  const o = toParsed(outer);
  if (!i || !o) return false;
  return i.bits >= o.bits && i.base >= o.base && cidrLast(i) <= cidrLast(o);
}

const PRIVATE_BLOCKS: ParsedCidr[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
].map((c) => parseCidr(c) as ParsedCidr);

/**
 * RFC 1918, carrier-grade NAT (100.64/10), loopback and link-local: addresses the
 * internet does not route. An `internet` external can reach only the others.
 */
export function isPrivate(ip: string | number): boolean {
  const n = typeof ip === 'string' ? ipToInt(ip) : ip;
  if (Number.isNaN(n)) return false;
  return PRIVATE_BLOCKS.some((b) => cidrContains(b, n));
}

/** Wraps an address into the unsigned 32-bit range (for `next address` arithmetic). */
export function nextIp(ip: string, step = 1): string {
  return intToIp((((ipToInt(ip) + step) % TWO_32) + TWO_32) % TWO_32);
}

// ---- judging user text (ipaddr.js) -------------------------------------------------

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
