/**
 * Reading a topology document's text: JSON (told apart by doc-text.ts) or YAML into a value, then validated.
 * Apart from validate.ts so that code which only validates values (the worker opening a JSON
 * document, the embed) does not load a YAML parser.
 */
import type { ParseResult } from './topology';
import { asDocument, jsonValue } from './doc-text';
import type { Doc } from './edit';
import { described, said } from './problem-text';
import { documentTooLarge, fail, internalError } from './report';
import { validateTopology } from './validate';
import { readYaml } from './yaml-read';

/**
 * Parses YAML or JSON text and validates it. Bounded: text over
 * MAX_DOCUMENT_SIZE, nesting over MAX_DEPTH and aliases that expand without end are refused
 * with a problem (limits.ts); the time taken grows linearly with the text.
 * @example parseTopology(fs.readFileSync('ack-flannel.yaml', 'utf8'))
 */
export function parseTopology(text: string): ParseResult {
  try {
    if (typeof text !== 'string') return fail('', said('p_notText', { got: described(text) }));
    // Over the size limit: refused before any parse (JSON.parse of 100 MB would hold the thread).
    const tooLarge = documentTooLarge(text.length);
    if (tooLarge) return tooLarge;
    const json = jsonValue(text);
    if (json) return validateTopology(json.value);
    const read = readYaml(text);
    if (!read.ok) return read;
    const docs = read.documents;
    if (docs.length === 0) return fail('', said('p_emptyDocument'));
    if (docs.length > 1) return fail('', said('p_manyDocuments', { count: docs.length }));
    const doc = docs[0]!;
    if (!doc.ok) return doc;
    return validateTopology(doc.value);
  } catch (e) {
    return internalError(e);
  }
}

/**
 * A document's text as the person wrote it (a mapping, not validated), or null when it is neither
 * JSON nor a single readable YAML mapping. Bounded like {@link parseTopology}.
 */
export function readDocument(text: string): Doc | null {
  if (typeof text !== 'string' || documentTooLarge(text.length)) return null;
  const json = jsonValue(text);
  if (json) return asDocument(json.value);
  const read = readYaml(text);
  const only = read.ok && read.documents.length === 1 ? read.documents[0]! : null;
  return only?.ok ? asDocument(only.value) : null;
}
