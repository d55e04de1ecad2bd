/**
 * IPv4 address arithmetic on unsigned 32-bit integers.
 *
 * The engine calls these on every hop, so the hot helpers (`ipToInt`, `cidrContains`,
 * `cidrsOverlap`) parse by hand and never allocate ipaddr.js objects. A user's text is judged
 * in address-text.ts, with ipaddr.js, which only the validator loads.
 */

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

// A direct-mapped memo of recent addresses' text: a trace writes the same few addresses at every hop.
const IP_TEXT_SLOTS = 1024;
const ipTextKeys = new Float64Array(IP_TEXT_SLOTS).fill(-1);
const ipTextValues: string[] = new Array<string>(IP_TEXT_SLOTS).fill('');

/** 167772340 → "10.0.0.180". */
export function intToIp(n: number): string {
  const slot = (n ^ (n >>> 10) ^ (n >>> 20)) & (IP_TEXT_SLOTS - 1);
  if (ipTextKeys[slot] === n) return ipTextValues[slot]!;
  const text = `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
  ipTextKeys[slot] = n;
  ipTextValues[slot] = text;
  return text;
}

/** 2^(32 − bits) for each prefix length, read instead of computed (the validator asks 30,000 pods' blocks). */
const BLOCK_SIZES = Array.from({ length: 33 }, (_, bits) => 2 ** (32 - bits));

/** Number of addresses in a prefix of this length (/26 → 64). */
export function blockSize(bits: number): number {
  return BLOCK_SIZES[bits] ?? 2 ** (32 - bits);
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

const PRIVATE_BLOCKS: ParsedCidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16'].map(
  (c) => parseCidr(c) as ParsedCidr,
);

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
