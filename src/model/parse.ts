/**
 * Reading a topology document's text: YAML (which accepts JSON) into a value, then validated.
 * Apart from validate.ts so that code which only validates values (the worker opening a JSON
 * document, the embed) does not load a YAML parser.
 */
import { parseAllDocuments } from 'yaml';
import type { ParseResult } from './topology';
import { said } from './problem-text';
import { described, fail, internalError, validateTopology } from './validate';

/**
 * Parses YAML or JSON text (YAML accepts JSON) and validates it.
 * @example parseTopology(fs.readFileSync('ack-flannel.yaml', 'utf8'))
 */
export function parseTopology(text: string): ParseResult {
  try {
    if (typeof text !== 'string') return fail('', said('p_notText', { got: described(text) }));
    const docs = parseAllDocuments(text, { prettyErrors: true, logLevel: 'silent' });
    if (!Array.isArray(docs) || docs.length === 0) return fail('', said('p_emptyDocument'));
    if (docs.length > 1) return fail('', said('p_manyDocuments', { count: docs.length }));
    const doc = docs[0];
    if (doc.errors.length > 0) {
      return {
        ok: false,
        problems: doc.errors.map((e) => {
          const pos = e.linePos?.[0];
          // The parser's own description stays as the yaml package words it (English).
          const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
          return { path: '', ...(pos ? said('p_yamlSyntax', { line: pos.line, col: pos.col, what }) : said('p_yamlSyntaxSomewhere', { what })) };
        }),
      };
    }
    let raw: unknown;
    try {
      raw = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      return fail('', said('p_yamlUnreadable', { error: e instanceof Error ? e.message : String(e) }));
    }
    return validateTopology(raw);
  } catch (e) {
    return internalError(e);
  }
}
