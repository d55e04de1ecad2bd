import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha1, sha256, sha256Words, utf8 } from './hash';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('sha256 and sha1', () => {
  it('match the known answers', () => {
    const abc = new TextEncoder().encode('abc');
    expect(hex(sha256(abc))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha1(abc))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha256(new Uint8Array()))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
  // 300 random inputs each: well under a second alone, but the suite runs beside e2e builds on 2 cores.
  it('match node:crypto on any input, across block boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(hex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
        expect(hex(sha1(data))).toBe(createHash('sha1').update(data).digest('hex'));
      }),
      { numRuns: 300 },
    );
  }, 30_000);
  // Mostly ASCII, as names are, with two-byte, three-byte and four-byte characters among them.
  const char = fc.oneof(
    { arbitrary: fc.string({ minLength: 1, maxLength: 1 }), weight: 6 },
    { arbitrary: fc.integer({ min: 0x80, max: 0x7ff }).map((c) => String.fromCharCode(c)), weight: 1 },
    { arbitrary: fc.constantFrom('名', '前', '😀'), weight: 1 },
  );
  const text = fc.string({ unit: char, maxLength: 100 });
  it("sha256Words is the digest of the three texts' UTF-8, as state words, ASCII or not", () => {
    const words = (a: string, b: string, c: string) =>
      Buffer.from(new Uint32Array(sha256Words(a, b, c)).buffer)
        .swap32()
        .toString('hex');
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        expect(words(a, b, c)).toBe(
          createHash('sha256')
            .update(a + b + c, 'utf8')
            .digest('hex'),
        );
        // The next plain call is not disturbed by what the scratch buffer held.
        expect(hex(sha256(utf8(b)))).toBe(createHash('sha256').update(b, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  }, 30_000);
  it('encodes strings as UTF-8, as Node does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(hex(utf8(s))).toBe(Buffer.from(s, 'utf8').toString('hex'));
      }),
      { numRuns: 300 },
    );
  }, 30_000);
});
