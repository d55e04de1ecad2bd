/**
 * SHA-256 and SHA-1, the two hashes kube-proxy and Calico name things with (see names.ts). Small and
 * synchronous (the engine is): names are short, so speed does not matter and a library's size does —
 * the engine ships in every page's worker, an embed's included.
 */

const SHA256_INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74,
  0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
  0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
  0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
  0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** Scratch space for the padded message: the hashes are synchronous and never re-entered, so one buffer serves every call. */
let scratch = new Uint8Array(256);
let scratchView = new DataView(scratch.buffer);

/** Makes room for a message of `n` bytes padded (before it is written: growing drops the contents); returns the padded length. */
function room(n: number): number {
  const len = Math.ceil((n + 9) / 64) * 64;
  if (len > scratch.length) {
    scratch = new Uint8Array(len);
    scratchView = new DataView(scratch.buffer);
  }
  return len;
}

/**
 * Pads the `n` message bytes at the start of the scratch buffer to whole 64-byte blocks, its bit
 * length big-endian at the end (both hashes pad so); returns the padded length.
 */
function padScratch(n: number): number {
  const len = room(n);
  scratch.fill(0, n, len);
  scratch[n] = 0x80;
  const bits = n * 8;
  scratchView.setUint32(len - 8, Math.floor(bits / 0x100000000));
  scratchView.setUint32(len - 4, bits >>> 0);
  return len;
}

/** The message in the scratch buffer padded to whole 64-byte blocks (its padded length); valid until the next call. */
function padded(data: Uint8Array): number {
  room(data.length);
  scratch.set(data);
  return padScratch(data.length);
}

function output(h: ArrayLike<number>): Uint8Array {
  const out = new DataView(new ArrayBuffer(h.length * 4));
  for (let i = 0; i < h.length; i++) out.setUint32(i * 4, h[i]! >>> 0);
  return new Uint8Array(out.buffer);
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

// Both hashes keep their working state in locals and typed arrays: a 64-round loop that
// destructured an array per round allocated ~5 KB per block, and a cold trace on an iptables
// cluster names a service's chains (KUBE-SVC-…, KUBE-SEP-…) with several of them.
const SHA256_W = new Uint32Array(64);
const SHA256_H = new Uint32Array(8);

export function sha256(data: Uint8Array): Uint8Array {
  return output(compress256(padded(data)));
}

/**
 * SHA-256 of the UTF-8 text `a + b + c` as its eight state words (the digest big-endian), valid
 * until the next call. kube-proxy names each chain of a service with one and a first touch on an
 * iptables node names dozens: an ASCII text goes straight into the scratch buffer, with no joined
 * string, bytes array or digest array made.
 */
export function sha256Words(a: string, b: string, c = ''): Uint32Array {
  const n = a.length + b.length + c.length;
  room(n);
  if (!putAscii(a, 0) || !putAscii(b, a.length) || !putAscii(c, a.length + b.length)) return compress256(padded(utf8(a + b + c)));
  return compress256(padScratch(n));
}

/** Writes `s` into the scratch buffer from `at` when it is all ASCII (its UTF-8 bytes are its char codes); false otherwise. */
function putAscii(s: string, at: number): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0x80) return false;
    scratch[at + i] = code;
  }
  return true;
}

/** SHA-256's compression over the padded message of `length` bytes in the scratch buffer: the state words. */
function compress256(length: number): Uint32Array {
  const view = scratchView;
  const h = SHA256_H;
  h.set(SHA256_INIT);
  const w = SHA256_W;
  for (let off = 0; off < length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!,
        b = w[i - 2]!;
      w[i] = w[i - 16]! + (rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3)) + w[i - 7]! + (rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10));
    }
    let a = h[0]! | 0,
      b = h[1]! | 0,
      c = h[2]! | 0,
      d = h[3]! | 0,
      e = h[4]! | 0,
      f = h[5]! | 0,
      g = h[6]! | 0,
      hh = h[7]! | 0;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[i]! + w[i]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = h[0]! + a;
    h[1] = h[1]! + b;
    h[2] = h[2]! + c;
    h[3] = h[3]! + d;
    h[4] = h[4]! + e;
    h[5] = h[5]! + f;
    h[6] = h[6]! + g;
    h[7] = h[7]! + hh;
  }
  return h;
}

const SHA1_W = new Uint32Array(80);
const SHA1_H = new Uint32Array(5);

export function sha1(data: Uint8Array): Uint8Array {
  const length = padded(data);
  const view = scratchView;
  // Locals and typed arrays, as sha256: Calico names every pod's host-side veth with one, at the node's first touch.
  const h = SHA1_H;
  h[0] = 0x67452301;
  h[1] = 0xefcdab89;
  h[2] = 0x98badcfe;
  h[3] = 0x10325476;
  h[4] = 0xc3d2e1f0;
  const w = SHA1_W;
  for (let off = 0; off < length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!, 1);
    let a: number = h[0]! | 0,
      b: number = h[1]! | 0,
      c: number = h[2]! | 0,
      d: number = h[3]! | 0,
      e: number = h[4]! | 0;
    for (let i = 0; i < 80; i++) {
      const f = i < 20 ? (b & c) | (~b & d) : i < 40 ? b ^ c ^ d : i < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = i < 20 ? 0x5a827999 : i < 40 ? 0x6ed9eba1 : i < 60 ? 0x8f1bbcdc : 0xca62c1d6;
      const t = (rotl(a, 5) + f + e + k + w[i]!) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    h[0] = h[0]! + a;
    h[1] = h[1]! + b;
    h[2] = h[2]! + c;
    h[3] = h[3]! + d;
    h[4] = h[4]! + e;
  }
  return output(h);
}

/** A string's UTF-8 bytes, as TextEncoder writes them (a lone surrogate becomes U+FFFD). */
export function utf8(s: string): Uint8Array {
  let ascii = true;
  for (let i = 0; i < s.length && ascii; i++) ascii = s.charCodeAt(i) < 0x80;
  if (ascii) {
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  const out: number[] = [];
  for (const ch of s) {
    let c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}
