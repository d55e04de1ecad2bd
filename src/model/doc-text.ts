/**
 * Telling a document's text apart: JSON or YAML. The one test the worker, the CLI and the topology
 * reader share. Apart from parse.ts and yaml-read.ts so that reading JSON loads no YAML parser.
 */
import type { Doc } from './edit';
import { MAX_DOCUMENT_SIZE } from './limits';

/** Whether the text opens as JSON does (`{` or `[`): only such a text is tried as JSON. */
export const jsonLike = (text: string): boolean => /^\s*[{[]/.test(text);

/**
 * The text's value when it is JSON, undefined when it is not (then it is YAML, or broken).
 * Only text that opens with `{` or `[` is tried: a YAML parser reads JSON too, but many times slower
 * on big documents, and a failed JSON.parse of a big YAML text would cost as much again.
 */
export function jsonValue(text: string): { value: unknown } | undefined {
  if (!jsonLike(text)) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * A parsed value as a document as written: a mapping at the top (lists and scalars are not documents),
 * not validated: the page reads it leniently (display.ts) while the worker validates it.
 */
export const asDocument = (v: unknown): Doc | null => (!!v && typeof v === 'object' && !Array.isArray(v) ? (v as Doc) : null);

/**
 * A JSON text's document as written (null: JSON, but not a document, or over MAX_DOCUMENT_SIZE); undefined when the
 * text is not JSON (then only the YAML reader, in the worker, can read it). What the worker's `read` answers for JSON,
 * so the page reads a JSON text itself: receiving the worker's reading (a structured clone of the parsed document)
 * cost the main thread about three times a JSON.parse of the text it already holds (Node, 1,000 nodes: 125 vs 45 ms).
 */
export function readJsonDocument(text: string): Doc | null | undefined {
  if (text.length > MAX_DOCUMENT_SIZE) return null;
  const json = jsonValue(text);
  return json ? asDocument(json.value) : undefined;
}
