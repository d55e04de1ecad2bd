/**
 * The document (and the request, and the hop) carried inside an exported picture, so that
 * opening the picture in Hopscope restores it, as draw.io and Excalidraw do: in an SVG a
 * `<metadata>` element holding the JSON (XML-escaped), in a PNG an iTXt chunk (see png.ts).
 */
import type { TraceRequest } from '../model/trace';
import { unescapeXml } from './xml';

/** The namespace of the element inside `<metadata>`. */
export const EMBED_NS = 'https://hopscope.dev/ns/picture/1';
/** The PNG iTXt keyword. */
export const PNG_KEYWORD = 'hopscope';

export interface Embedded {
  /** The topology document as the app saves it (JSON-able). */
  document: unknown;
  request?: TraceRequest;
  /** The frame the picture shows (0-based). */
  hop?: number;
}

/** The payload as JSON text: `{"hopscope":1,"document":…}`. */
export function embeddedJson(e: Embedded): string {
  return JSON.stringify({ hopscope: 1, document: e.document, ...(e.request ? { request: e.request } : {}), ...(e.hop !== undefined ? { hop: e.hop } : {}) });
}

/** The payload read back; null when `text` is not one. */
export function parseEmbeddedJson(text: string): Embedded | null {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof o !== 'object' || o === null || (o as { hopscope?: unknown }).hopscope !== 1) return null;
  const r = o as { document?: unknown; request?: unknown; hop?: unknown };
  if (typeof r.document !== 'object' || r.document === null) return null;
  const req = r.request as TraceRequest | undefined;
  const validRequest = typeof req === 'object' && req !== null && typeof req.from === 'string' && typeof req.to === 'string';
  return {
    document: r.document,
    ...(validRequest ? { request: req } : {}),
    ...(typeof r.hop === 'number' && Number.isInteger(r.hop) && r.hop >= 0 ? { hop: r.hop } : {}),
  };
}

/**
 * The `<metadata>` element of an SVG picture: the JSON in a CDATA section.
 * NOTE: not XML-escaped: a document's JSON is mostly quotes, each `&quot;` when escaped (a 1,000-node cluster's 6.5 MB
 * became 11.8 MB). What CDATA cannot hold is written as JSON escapes, which read back exactly (`<` and `>` are only
 * ever inside JSON strings): `]]>`, the two characters XML forbids that JSON.stringify leaves as they are, and every
 * `<`, so that no tag appears even to a reader that does not know CDATA.
 */
export function svgMetadata(e: Embedded): string {
  const json = embeddedJson(e).replace(/]]>|[<\uFFFE\uFFFF]/g, (s) => (s === ']]>' ? ']]\\u003e' : jsonEscape(s)));
  return `<metadata><hopscope xmlns="${EMBED_NS}" type="application/json"><![CDATA[${json}]]></hopscope></metadata>`;
}

const jsonEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

// The JSON in CDATA, or XML-escaped (pictures exported before the CDATA form).
const SVG_EMBED = /<hopscope\s+xmlns="https:\/\/hopscope\.dev\/ns\/picture\/1"[^>]*>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/hopscope>/;

/** What an SVG picture carries, or null when it is not a Hopscope picture. */
export function readSvgEmbedded(svg: string): Embedded | null {
  const m = SVG_EMBED.exec(svg);
  if (!m) return null;
  return parseEmbeddedJson(m[1] ?? unescapeXml(m[2]!));
}
