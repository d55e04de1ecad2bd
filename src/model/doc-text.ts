/**
 * Telling a document's text apart: JSON or YAML. The one test the worker, the CLI and the topology
 * reader share. Apart from parse.ts and yaml-read.ts so that reading JSON loads no YAML parser.
 */

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

/** A mapping at the top, as every document is; lists and scalars are not documents. */
export const isMapping = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
