/**
 * Share links: the document (lz-string, URL-safe), the trace request and the frame on show, all in
 * the query string, so opening the link reproduces the same screen. Untrusted on the way in: a
 * parameter that does not decode is ignored, and the document is validated by the worker as usual.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import type { TraceRequest } from '../../model/trace';
import { writeTraceParams } from '../../store/url';
import { DOC_PARAM, FRAME_PARAM, NODE_PARAM, NODE_VIEW_PARAM } from './link-params';

// What a page reads of a link without decoding its document (the embed loads this module only for a `doc=` or a click
// on "Open in Hopscope": lz-string stays out of its first download).
export { DOC_PARAM, FRAME_PARAM, NODE_PARAM, NODE_VIEW_PARAM, readFrame, readNodeView } from './link-params';

/** Above this many characters of encoded document a link is not offered (some servers and chat apps cut at ~8 KB). */
export const MAX_DOC_CHARS = 8_000;

/** Parameters a share link writes; everything else of the current address is dropped. */
export interface ShareState {
  /** The document as JSON-able data (the editor's document). */
  doc: unknown;
  request: TraceRequest | null;
  frame: number;
  /** The node view's tab, and the node when one was picked rather than followed. */
  nodeView?: { tab: string; node: string | null };
}

/** A link, or the document's encoded length when too long for one (`docChars`: at least that, when it stopped early). */
export type ShareLink = { ok: true; url: string; docChars: number } | { ok: false; docChars: number };

/**
 * Longest `doc=` parameter read (twice what a link Hopscope makes may hold: LZ output can grow with the square of its
 * input, so a long crafted parameter could inflate into hundreds of megabytes), and longest text it may decompress to.
 */
export const MAX_PARAM_CHARS = 2 * MAX_DOC_CHARS;
export const MAX_DECODED_CHARS = 2_000_000;

export type DecodedDocument = { ok: true; text: string } | { ok: false; reason: 'decompress' | 'json' | 'tooLong' };

/** The document text a `doc=` parameter carries, or why it does not decode. */
export function decodeDocumentParam(param: string, limits = { param: MAX_PARAM_CHARS, text: MAX_DECODED_CHARS }): DecodedDocument {
  if (param.length > limits.param) return { ok: false, reason: 'tooLong' };
  let text: string | null;
  try {
    text = decompressFromEncodedURIComponent(param);
  } catch {
    return { ok: false, reason: 'decompress' };
  }
  if (!text) return { ok: false, reason: 'decompress' };
  if (text.length > limits.text) return { ok: false, reason: 'tooLong' };
  try {
    JSON.parse(text);
  } catch {
    return { ok: false, reason: 'json' };
  }
  return { ok: true, text };
}

/** The document text a `doc=` parameter carries, or null when it does not decode. */
export function decodeDocument(param: string | null): string | null {
  if (!param) return null;
  const d = decodeDocumentParam(param);
  return d.ok ? d.text : null;
}

/**
 * A link to `state` on `base` (origin + path). Not ok when the document is too large for a URL.
 *
 * @example
 *   shareLink('https://hopscope.dev/', { doc, request: trace.request, frame: 3 })
 */
export function shareLink(base: string, state: ShareState, extra: Record<string, string> = {}): ShareLink {
  const encoded = encodeWithin(JSON.stringify(state.doc), MAX_DOC_CHARS);
  if (encoded.length > MAX_DOC_CHARS) return { ok: false, docChars: encoded.length };
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  q.set(DOC_PARAM, encoded);
  let search = `?${q.toString()}`;
  if (state.request) {
    search = writeTraceParams(search, state.request);
    if (state.frame > 0) search += `&${FRAME_PARAM}=${state.frame}`;
  }
  if (state.nodeView) {
    const q2 = new URLSearchParams({ [NODE_VIEW_PARAM]: state.nodeView.tab });
    if (state.nodeView.node) q2.set(NODE_PARAM, state.nodeView.node);
    search += `&${q2.toString()}`;
  }
  return { ok: true, url: `${base}${search}`, docChars: encoded.length };
}

/** How long a link's encoding of a document's JSON `text` is, when it is too long for a link (or of a part already too long); null when it fits. */
export function encodedPastLimit(text: string): number | null {
  const encoded = encodeWithin(text, MAX_DOC_CHARS);
  return encoded.length > MAX_DOC_CHARS ? encoded.length : null;
}

/**
 * `text` encoded for a link, or, when that is longer than `max`, the encoding of a part of it already longer.
 * NOTE: a 1,000-node cluster's 6.5 MB took the page's thread 28 s (load ~20) to compress only to learn it is far over
 * the limit: growing prefixes are compressed first (an LZ encoding grows with its input, and a prefix's is at most
 * the whole's), so the work stops near the limit, a few times its cost.
 */
function encodeWithin(text: string, max: number): string {
  for (let n = max * 8; n < text.length; n *= 2) {
    const part = compressToEncodedURIComponent(text.slice(0, n));
    if (part.length > max) return part;
  }
  return compressToEncodedURIComponent(text);
}

/** The HTML that embeds `url` read-only in another page. */
export function iframeSnippet(url: string): string {
  const u = new URL(url);
  u.searchParams.set('embed', '1');
  const src = u.toString().replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<iframe src="${src}" width="800" height="480" style="border:0" title="Hopscope" loading="lazy" allow="fullscreen"></iframe>`;
}
