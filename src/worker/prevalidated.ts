/// <reference types="vite/client" />
/**
 * What the validator made of each built-in document, computed when the built-ins were generated
 * (`npm run gen:builtins`). A text that is exactly a built-in's JSON twin is answered from here, so
 * the embed of a built-in never downloads the validator (zod is most of the worker's weight).
 * Any other text, even one character off, is validated as usual.
 */
import type { ParseResult } from '../model';
import { PREVALIDATED_LENGTHS } from '../scenarios/prevalidated';

const files = import.meta.glob<string>('../scenarios/prevalidated/*.json', { query: '?raw', import: 'default' });
// NOTE: the text is compared with the built-in's JSON twin, the very module the page loaded it from (the same
// file, so fetched once), rather than with a copy stored beside the result.
const twins = import.meta.glob<string>('../scenarios/json/*.json', { query: '?raw', import: 'default' });
const lengths = new Set(Object.values(PREVALIDATED_LENGTHS));

/**
 * The stored result for `text` when it is a built-in's JSON twin; null at once when it cannot be one,
 * or (after loading that built-in's file) when it is not. Each call gets objects of its own.
 */
export function prevalidated(text: string): Promise<ParseResult | null> | null {
  if (!lengths.has(text.length)) return null;
  const ids = Object.keys(PREVALIDATED_LENGTHS).filter((id) => PREVALIDATED_LENGTHS[id] === text.length);
  return (async () => {
    for (const id of ids) {
      const load = files[`../scenarios/prevalidated/${id}.json`];
      const twin = twins[`../scenarios/json/${id}.json`];
      if (!load || !twin || (await twin()) !== text) continue;
      return (JSON.parse(await load()) as { result: ParseResult }).result;
    }
    return null;
  })();
}
