/**
 * Telling a document's text apart: JSON or YAML. The one test the worker, the CLI and the topology
 * reader share. Apart from parse.ts and yaml-read.ts so that reading JSON loads no YAML parser.
 */
import type { Doc } from './edit';

/**
 * The text's value when it is JSON, undefined when it is not (then it is YAML, or broken).
 * Only text that opens with `{` or `[` is tried: a YAML parser reads JSON too, but many times slower
 * on big documents, and a failed JSON.parse of a big YAML text would cost as much again.
 */
export function jsonValue(text: string): { value: unknown } | undefined {
  if (!/^\s*[{[]/.test(text)) return undefined;
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
