import { describe, expect, it } from 'vitest';
import { compressToEncodedURIComponent } from 'lz-string';
import { parse } from 'yaml';
import { builtins } from '../../scenarios';
import { readTraceParams } from '../../store/url';
import { setPositions, type Doc } from '../../model/doc';
import { decodeDocument, decodeDocumentParam, encodedPastLimit, iframeSnippet, MAX_DOC_CHARS, readFrame, readNodeView, shareLink } from './share-link';

const doc = parse(builtins[0]!.yaml) as { metadata: { name: string } };

describe('When a screen is shared as a link', () => {
  it('carries the document, the request and the frame, and reads back the same', () => {
    const link = shareLink('https://example.test/app/', {
      doc,
      request: { from: 'pod:default/a', to: '10.0.0.1:80', protocol: 'UDP', choice: { pick: ['1.2.3.4:80'] } },
      frame: 4,
    });
    if (!link.ok) throw new Error('too large');
    const u = new URL(link.url);
    expect(u.origin + u.pathname).toBe('https://example.test/app/');
    expect(JSON.parse(decodeDocument(u.searchParams.get('doc'))!)).toEqual(doc);
    expect(readTraceParams(u.search)).toEqual({ from: 'pod:default/a', to: '10.0.0.1:80', protocol: 'UDP', choice: { pick: ['1.2.3.4:80'] } });
    expect(readFrame(u.search)).toBe(4);
  });

  it('carries the node view: its tab, and the node when one was picked', () => {
    const picked = shareLink('https://x/', { doc, request: null, frame: 0, nodeView: { tab: 'ipvs', node: 'ap-southeast-1.10.0.1.216' } });
    if (!picked.ok) throw new Error('too large');
    expect(readNodeView(new URL(picked.url).search)).toEqual({ tab: 'ipvs', node: 'ap-southeast-1.10.0.1.216' });
    const followed = shareLink('https://x/', { doc, request: null, frame: 0, nodeView: { tab: 'routes', node: null } });
    if (!followed.ok) throw new Error('too large');
    expect(readNodeView(new URL(followed.url).search)).toEqual({ tab: 'routes', node: null });
    expect(readNodeView('?nodeview=<script>&node=')).toEqual({ tab: null, node: null });
  });

  it('keeps every built-in document well under the limit', () => {
    for (const b of builtins) {
      const link = shareLink('https://x/', { doc: parse(b.yaml), request: null, frame: 0 });
      expect(link.ok, b.id).toBe(true);
      expect(link.docChars, b.id).toBeLessThan(MAX_DOC_CHARS / 2);
    }
  });

  it('refuses a document too large for a URL', () => {
    const pods = Array.from({ length: 3000 }, (_, i) => ({ name: `pod-${i}-${(i * 7919) % 10007}`, ip: `10.${i >> 8}.${i & 255}.${(i * 31) % 251}` }));
    const link = shareLink('https://x/', { doc: { ...doc, pods }, request: null, frame: 0 });
    expect(link.ok).toBe(false);
    expect(link.docChars).toBeGreaterThan(MAX_DOC_CHARS);
  });

  it('refuses a document far over the limit having encoded only a part of it', () => {
    const pods = Array.from({ length: 20_000 }, (_, i) => ({ name: `pod-${i}-${(i * 7919) % 10007}`, ip: `10.${i >> 8}.${i & 255}.${(i * 31) % 251}` }));
    const big = { ...doc, pods };
    const whole = compressToEncodedURIComponent(JSON.stringify(big)).length;
    expect(whole).toBeGreaterThan(10 * MAX_DOC_CHARS);
    const link = shareLink('https://x/', { doc: big, request: null, frame: 0 });
    expect(link.ok).toBe(false);
    // Over the limit, and far from the whole's length: it stopped at the first part too long for a link.
    expect(link.docChars).toBeGreaterThan(MAX_DOC_CHARS);
    expect(link.docChars).toBeLessThan(3 * MAX_DOC_CHARS);
  });

  it('tells from the text as written alone when a link cannot hold the document, however it is placed', () => {
    for (const b of builtins) expect(encodedPastLimit(JSON.stringify(parse(b.yaml))), b.id).toBeNull();
    const pods = Array.from({ length: 3000 }, (_, i) => ({ name: `pod-${i}-${(i * 7919) % 10007}`, ip: `10.${i >> 8}.${i & 255}.${(i * 31) % 251}` }));
    const big = { ...doc, pods };
    const over = encodedPastLimit(JSON.stringify(big));
    expect(over).toBe((shareLink('https://x/', { doc: big, request: null, frame: 0 }) as { docChars: number }).docChars);
    // The document as drawn adds positions after what is written: its link is over the limit too.
    const placed = setPositions(big as unknown as Doc, Object.fromEntries(pods.map((p, i) => [`pod:default/${p.name}`, { x: i * 10, y: i * 3 }])));
    expect(over).toBeGreaterThan(MAX_DOC_CHARS);
    expect(shareLink('https://x/', { doc: placed, request: null, frame: 0 }).ok).toBe(false);
  });

  it('ignores a doc parameter that does not decode, and a frame that is not a number', () => {
    expect(decodeDocument('not-lz')).toBeNull();
    expect(decodeDocument(null)).toBeNull();
    expect(readFrame('?frame=-1')).toBeNull();
    expect(readFrame('?frame=abc')).toBeNull();
  });

  it('embeds with embed=1 and escapes the address for HTML', () => {
    const s = iframeSnippet('https://x/?doc=a&from=b');
    expect(s).toContain('src="https://x/?doc=a&amp;from=b&amp;embed=1"');
  });
});

describe('decodeDocumentParam', () => {
  it('says why a doc= parameter does not decode', () => {
    expect(decodeDocumentParam('not-lz')).toEqual({ ok: false, reason: 'decompress' });
    expect(decodeDocumentParam(compressToEncodedURIComponent('{"cut'))).toEqual({ ok: false, reason: 'json' });
    expect(decodeDocumentParam('A'.repeat(2 * MAX_DOC_CHARS + 1))).toEqual({ ok: false, reason: 'tooLong' });
    expect(decodeDocumentParam(compressToEncodedURIComponent('{"a":1}'))).toEqual({ ok: true, text: '{"a":1}' });
  });

  it('a small parameter that inflates past the limit is refused as too long', () => {
    // Highly repetitive text compresses to a short parameter and decompresses to millions of characters.
    const bomb = compressToEncodedURIComponent(`"${'a'.repeat(50_000)}"`);
    expect(bomb.length).toBeLessThan(1_000);
    expect(decodeDocumentParam(bomb, { param: 1_000, text: 10_000 })).toEqual({ ok: false, reason: 'tooLong' });
    expect(decodeDocumentParam(bomb, { param: 1_000, text: 60_000 }).ok).toBe(true);
  });
});
