/**
 * Names as the real components derive them, so the same document always shows the same
 * devices and chains: kube-proxy's chain hashes, the container runtime's veth names.
 */
import { sha1, sha256Words, utf8 } from './hash';

const B32 = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', (c) => c.charCodeAt(0));

/**
 * The first 16 characters of base32(digest), what kube-proxy keeps of its hashes: the 80 bits of
 * the first 10 bytes (read from the digest's big-endian state words), made as one string (a cold
 * trace names dozens of chains; appending each character of the whole 52 made a string apiece).
 */
function base32Head16(words: Uint32Array): string {
  const codes = new Array<number>(16);
  let bits = 0;
  let value = 0;
  let n = 0;
  for (let i = 0; n < 16; i++) {
    value = ((value << 8) | ((words[i >>> 2]! >>> (24 - 8 * (i & 3))) & 255)) & 0xfff;
    bits += 8;
    while (bits >= 5 && n < 16) {
      codes[n++] = B32[(value >>> (bits - 5)) & 31]!;
      bits -= 5;
    }
  }
  return String.fromCharCode(...codes);
}

/** kube-proxy portProtoHash: base32(sha256(servicePortName + protocol))[:16]. */
function portProtoHash(spn: string, proto: string): string {
  return base32Head16(sha256Words(spn, proto));
}

/** KUBE-SVC-…, KUBE-SVL-…, KUBE-EXT-…, KUBE-FW-… for a service port (proto lower-case, e.g. "tcp"). */
export function serviceChain(prefix: 'KUBE-SVC-' | 'KUBE-SVL-' | 'KUBE-EXT-' | 'KUBE-FW-', spn: string, proto: string): string {
  return prefix + portProtoHash(spn, proto);
}

/** A service port's four chains: one hash, as the four names differ only in their prefix. */
export function serviceChains(spn: string, proto: string): { svc: string; svl: string; ext: string; fw: string } {
  const h = portProtoHash(spn, proto);
  return { svc: 'KUBE-SVC-' + h, svl: 'KUBE-SVL-' + h, ext: 'KUBE-EXT-' + h, fw: 'KUBE-FW-' + h };
}

/** KUBE-SEP-…: base32(sha256(servicePortName + protocol + "ip:port"))[:16]. */
export function endpointChain(spn: string, proto: string, endpoint: string): string {
  return 'KUBE-SEP-' + base32Head16(sha256Words(spn, proto, endpoint));
}

/** FNV-1a, 32 bits: cheap and stable, for names that are random in real life. */
function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// FNV-1a runs through a string in order, so the hash of `prefix + s` is s's hashed from the
// prefix's: a node's first touch names ~30 veths and MACs without a string per prefix.
const VETH_SEED = fnv1a('veth/');
const MAC_SEED = fnv1a('mac/');

// Names are made as one string from character codes, not assembled from per-byte pieces.
const HEX = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const hi = (x: number) => HEX[(x >>> 4) & 15]!;
const lo = (x: number) => HEX[x & 15]!;
const COLON = 58;

/**
 * The host-side veth of a pod. The CNI bridge plugin names it "veth" + 8 random hex
 * digits; we derive the digits from the pod so a document always gives the same name.
 */
export function vethName(podRef: string): string {
  return vethNameOf(fnv1a(podRef, VETH_SEED));
}

/** "veth" + the hash as 8 hex digits. */
function vethNameOf(h: number): string {
  return String.fromCharCode(118, 101, 116, 104, hi(h >>> 24), lo(h >>> 24), hi(h >>> 16), lo(h >>> 16), hi(h >>> 8), lo(h >>> 8), hi(h), lo(h));
}

const SLASH_CODE = 47;

/** The hash vethName spells for pod `namespace/name`, without making the string. */
export function vethHash(namespace: string, name: string): number {
  const h = fnv1a(namespace, VETH_SEED);
  return fnv1a(name, Math.imul(h ^ SLASH_CODE, 0x01000193) >>> 0);
}

/** The hash a veth name spells, or undefined when `name` is not "veth" and 8 lower-case hex digits. */
export function vethHashOfName(name: string): number | undefined {
  if (name.length !== 12 || !name.startsWith('veth')) return undefined;
  let h = 0;
  for (let i = 4; i < 12; i++) {
    const c = name.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return undefined;
    h = h * 16 + d;
  }
  return h;
}

/** Calico's host-side name: "cali" + the first 11 hex digits of sha1("namespace.podname"). */
export function caliName(namespace: string, pod: string): string {
  const d = sha1(utf8(`${namespace}.${pod}`));
  // As one string from character codes (a node's first touch names each of its pods' veths).
  return String.fromCharCode(
    99,
    97,
    108,
    105,
    hi(d[0]!),
    lo(d[0]!),
    hi(d[1]!),
    lo(d[1]!),
    hi(d[2]!),
    lo(d[2]!),
    hi(d[3]!),
    lo(d[3]!),
    hi(d[4]!),
    lo(d[4]!),
    hi(d[5]!),
  );
}

/** A stable locally administered MAC for a device. */
export function macFor(key: string): string {
  const a = fnv1a(key, MAC_SEED);
  const b = fnv1a(key, a);
  const first = 0x02 | ((a >>> 24) & 0xfc);
  return String.fromCharCode(
    hi(first),
    lo(first),
    COLON,
    hi(a >>> 16),
    lo(a >>> 16),
    COLON,
    hi(a >>> 8),
    lo(a >>> 8),
    COLON,
    hi(a),
    lo(a),
    COLON,
    hi(b >>> 8),
    lo(b >>> 8),
    COLON,
    hi(b),
    lo(b),
  );
}

/** The sandbox id the runtime passes as CNI_CONTAINERID (stable per pod, so chain names are too). */
export const containerId = (ref: string) =>
  Array.from(ref)
    .reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261)
    .toString(16)
    .padStart(8, '0')
    .repeat(8);
