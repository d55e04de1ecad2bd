/**
 * Text in a PNG: an iTXt chunk (UTF-8, uncompressed) added after the header, and read back.
 * What carries the document inside an exported PNG (see embed.ts). Pure: bytes in, bytes out.
 */
import { concat } from '../engine/bytes';
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let table: Uint32Array | null = null;
function crc32(bytes: Uint8Array, start: number, end: number): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// Every browser and Node has TextEncoder and TextDecoder; this layer is typed without either (tsconfig.engine.json).
declare const TextEncoder: new () => { encode(text: string): Uint8Array };
declare const TextDecoder: new (label: 'utf-8') => { decode(bytes: Uint8Array): string };

/**
 * UTF-8 bytes of a string (lone surrogates become U+FFFD), and back (invalid sequences become U+FFFD). NOTE: the
 * platform's coders: a 1,000-node document (~6.5 MB) took ~0.7 s to decode a character at a time.
 */
export const utf8Encode = (text: string): Uint8Array => new TextEncoder().encode(text);
export const utf8Decode = (b: Uint8Array): string => new TextDecoder('utf-8').decode(b);

export const isPng = (b: Uint8Array): boolean => b.length >= 8 && SIGNATURE.every((v, i) => b[i] === v);

const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0) & 0xff));

/** `png` with an iTXt chunk `keyword` = `text` after its IHDR (an existing chunk of that keyword is replaced). */
export function withPngText(png: Uint8Array, keyword: string, text: string): Uint8Array {
  if (!isPng(png)) throw new Error('not a PNG');
  // keyword, its NUL, then uncompressed (0, 0), no language tag and no translated keyword (NUL, NUL), then the text.
  // NOTE: typed arrays set whole, not spread into a list: a 1,000-node document is ~6.5 million bytes.
  const name = latin1(keyword);
  const bytes = utf8Encode(text);
  const len = name.length + 5 + bytes.length;
  const chunk = new Uint8Array(12 + len);
  chunk.set([len >>> 24, (len >>> 16) & 255, (len >>> 8) & 255, len & 255], 0);
  chunk.set(latin1('iTXt'), 4);
  chunk.set(name, 8);
  chunk.set(bytes, 8 + name.length + 5);
  const crc = crc32(chunk, 4, 8 + len);
  chunk.set([crc >>> 24, (crc >>> 16) & 255, (crc >>> 8) & 255, crc & 255], 8 + len);
  const parts: Uint8Array[] = [png.subarray(0, 8)];
  let inserted = false;
  for (let at = 8; at + 12 <= png.length;) {
    const n = u32(png, at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const end = at + 12 + n;
    const mine = type === 'iTXt' && readKeyword(png, at + 8, at + 8 + n) === keyword;
    if (!mine) parts.push(png.subarray(at, end));
    if (type === 'IHDR' && !inserted) {
      parts.push(chunk);
      inserted = true;
    }
    at = end;
  }
  return concat(parts);
}

function readKeyword(b: Uint8Array, from: number, to: number): string {
  let end = from;
  while (end < to && b[end] !== 0) end++;
  return String.fromCharCode(...b.subarray(from, end));
}

/** The text of the PNG's uncompressed iTXt or tEXt chunk named `keyword`, or null. */
export function readPngText(png: Uint8Array, keyword: string): string | null {
  if (!isPng(png)) return null;
  for (let at = 8; at + 12 <= png.length;) {
    const n = u32(png, at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const from = at + 8;
    const to = Math.min(png.length, from + n);
    if ((type === 'iTXt' || type === 'tEXt') && readKeyword(png, from, to) === keyword) {
      let p = from + keyword.length + 1;
      if (type === 'tEXt') return String.fromCharCode(...png.subarray(p, to));
      const compressed = png[p];
      p += 2;
      while (p < to && png[p] !== 0) p++; // language tag
      p++;
      while (p < to && png[p] !== 0) p++; // translated keyword
      p++;
      if (compressed === 0) return utf8Decode(png.subarray(p, to));
    }
    if (type === 'IEND') break;
    at = from + n + 4;
  }
  return null;
}
