/**
 * Reading a topology document's text: YAML (which accepts JSON) into a value, then validated.
 * Apart from validate.ts so that code which only validates values (the worker opening a JSON
 * document, the embed) does not load a YAML parser.
 */
import { parseAllDocuments } from 'yaml';
import type { ParseResult } from './topology';
import { describe, fail, internalError, validateTopology } from './validate';

/**
 * Parses YAML or JSON text (YAML accepts JSON) and validates it.
 * @example parseTopology(fs.readFileSync('ack-flannel.yaml', 'utf8'))
 */
export function parseTopology(text: string): ParseResult {
  try {
    if (typeof text !== 'string') return fail('', `expected the document's text, got ${describe(text)}`);
    const docs = parseAllDocuments(text, { prettyErrors: true, logLevel: 'silent' });
    if (!Array.isArray(docs) || docs.length === 0) return fail('', 'the document is empty: start with apiVersion: hopscope/v1 and kind: Topology');
    if (docs.length > 1) return fail('', `the text holds ${docs.length} YAML documents (separated by '---'): a topology is a single document`);
    const doc = docs[0];
    if (doc.errors.length > 0) {
      return {
        ok: false,
        problems: doc.errors.map((e) => {
          const pos = e.linePos?.[0];
          const where = pos ? `line ${pos.line}, column ${pos.col}` : 'an unknown position';
          const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
          return { path: '', message: `YAML syntax error at ${where}: ${what}` };
        }),
      };
    }
    let raw: unknown;
    try {
      raw = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      return fail('', `the YAML could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    return validateTopology(raw);
  } catch (e) {
    return internalError(e);
  }
}
