/**
 * Reading a topology document's text: YAML (which accepts JSON) into a value, then validated.
 * Apart from validate.ts so that code which only validates values (the worker opening a JSON
 * document, the embed) does not load a YAML parser.
 */
import type { ParseResult } from './topology';
import { described, said } from './problem-text';
import { fail, internalError } from './report';
import { validateTopology } from './validate';
import { readYaml } from './yaml-read';

/**
 * Parses YAML or JSON text (YAML accepts JSON) and validates it. Bounded: text over
 * MAX_DOCUMENT_SIZE, nesting over MAX_DEPTH and aliases that expand without end are refused
 * with a problem (limits.ts); the time taken grows linearly with the text.
 * @example parseTopology(fs.readFileSync('ack-flannel.yaml', 'utf8'))
 */
export function parseTopology(text: string): ParseResult {
  try {
    if (typeof text !== 'string') return fail('', said('p_notText', { got: described(text) }));
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
