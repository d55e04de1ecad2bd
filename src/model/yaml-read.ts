/**
 * Reading YAML (or JSON) text into plain values, within bounds: the text's size
 * (MAX_DOCUMENT_SIZE), its nesting (MAX_DEPTH) and what aliases may expand to
 * (MAX_ALIAS_VALUES), so that no input hangs or exhausts memory. The topology reader
 * (parse.ts) and the kubectl import both read through here.
 *
 * Why not the yaml package's own `toJS`: an alias inside the value its anchor names
 * (`&m { self: *m }`) becomes a circular object there, which its alias limit does not count and
 * any later copy follows without end; here it is refused with the anchor's name. And the
 * package's duplicate-key check compares each key with every earlier one (a mapping of n keys
 * takes n² steps); here a Set does it.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode, type Pair } from 'yaml';
import { MAX_ALIAS_VALUES, MAX_DEPTH, MAX_DOCUMENT_SIZE } from './limits';
import { described, said, type Said } from './problem-text';
import { withoutBom } from './text-decode';
import type { Problem } from './topology';
import { documentTooLarge } from './report';

/** One YAML document of a text: its value, or why it cannot be read. */
export type YamlDocument = { ok: true; value: unknown } | { ok: false; problems: Problem[] };

/** The documents of a text (several when separated by `---`), or the problem with the text as a whole. */
export type YamlRead = { ok: true; documents: YamlDocument[] } | { ok: false; problems: Problem[] };

/** Why reading stopped; turned into a problem at the top. */
class Stop {
  constructor(readonly said: Said) {}
}

interface State {
  lines: LineCounter;
  /** Anchors seen so far in document order (a later anchor of the same name replaces an earlier one). */
  anchors: Map<string, YamlNode>;
  /** The mappings and lists being read, outermost first: an alias to one of them would contain itself. */
  open: Set<unknown>;
  /** The outermost alias being expanded, and what its expansion may still add. */
  alias: { name: string; offset: number } | undefined;
  budget: number;
}

/**
 * Reads YAML or JSON text. JSON (text starting with `{` or `[`) is read by JSON.parse when it
 * is valid, as the worker does, which is linear and fast; anything else by the yaml package.
 */
export function readYaml(input: string, maxSize = MAX_DOCUMENT_SIZE): YamlRead {
  const text = withoutBom(input);
  const big = documentTooLarge(text.length, maxSize);
  if (big && !big.ok) return big;
  if (/^\s*[{[]/.test(text)) {
    try {
      return { ok: true, documents: [{ ok: true, value: JSON.parse(text) as unknown }] };
    } catch {
      // Not JSON after all: the YAML reader says where it breaks (or reads it as YAML flow).
    }
  }
  const lines = new LineCounter();
  // uniqueKeys: false — the package's check is quadratic; toValue checks with a Set instead.
  const docs = parseAllDocuments(text, { prettyErrors: true, logLevel: 'silent', uniqueKeys: false, lineCounter: lines });
  const list = Array.isArray(docs) ? docs : [docs];
  return {
    ok: true,
    documents: list.map((doc): YamlDocument => {
      if (doc.errors.length > 0) {
        // The yaml package reports nesting deeper than its stack as one error among the ones it causes.
        const deep = doc.errors.find((e) => /call stack/i.test(e.message));
        if (deep) return { ok: false, problems: [{ path: '', ...said('p_yamlTooDeep', { max: MAX_DEPTH, line: deep.linePos?.[0]?.line ?? 1 }) }] };
        return {
          ok: false,
          problems: doc.errors.map((e) => {
            const pos = e.linePos?.[0];
            // The parser's own description stays as the yaml package words it (English).
            const what = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
            return { path: '', ...(pos ? said('p_yamlSyntax', { line: pos.line, col: pos.col, what }) : said('p_yamlSyntaxSomewhere', { what })) };
          }),
        };
      }
      const state: State = { lines, anchors: new Map(), open: new Set(), alias: undefined, budget: MAX_ALIAS_VALUES };
      try {
        return { ok: true, value: doc.contents === null ? null : toValue(doc.contents, 0, state) };
      } catch (e) {
        if (e instanceof Stop) return { ok: false, problems: [{ path: '', ...e.said }] };
        throw e;
      }
    }),
  };
}

function lineOf(state: State, offset: number | undefined): number {
  return offset === undefined ? 1 : state.lines.linePos(offset).line;
}

function toValue(node: unknown, depth: number, state: State): unknown {
  if (node === null || node === undefined) return null;
  const n = node as YamlNode;
  if (depth > MAX_DEPTH) throw new Stop(said('p_yamlTooDeep', { max: MAX_DEPTH, line: lineOf(state, n.range?.[0]) }));
  if (isAlias(n)) {
    const target = state.anchors.get(n.source);
    const line = lineOf(state, n.range?.[0]);
    if (!target)
      throw new Stop(said('p_yamlSyntax', { line, col: n.range ? state.lines.linePos(n.range[0]).col : 1, what: `Aliased anchor not found: ${n.source}` }));
    if (state.open.has(target)) throw new Stop(said('p_yamlCircular', { anchor: n.source, line }));
    const outer = state.alias;
    state.alias ??= { name: n.source, offset: n.range?.[0] ?? 0 };
    try {
      return toValue(target, depth, state);
    } finally {
      state.alias = outer;
    }
  }
  if (state.alias && --state.budget < 0) {
    throw new Stop(said('p_yamlAliasBlowup', { max: MAX_ALIAS_VALUES, anchor: state.alias.name, line: lineOf(state, state.alias.offset) }));
  }
  // An anchor counts from where it is written; inside an alias's expansion it was counted already.
  if (!state.alias && typeof n.anchor === 'string') state.anchors.set(n.anchor, n);
  if (isScalar(n)) return n.value;
  if (isSeq(n)) {
    state.open.add(n);
    const out = n.items.map((item) => (isPair(item) ? mapOf([item], depth + 1, state) : toValue(item, depth + 1, state)));
    state.open.delete(n);
    return out;
  }
  if (isMap(n)) {
    state.open.add(n);
    const out = mapOf(n.items, depth, state);
    state.open.delete(n);
    return out;
  }
  return null;
}

/**
 * A mapping's pairs as an object. Keys are defined as own properties, so "__proto__" stays an
 * ordinary (unknown) field; a key given twice is the error YAML makes it.
 */
function mapOf(pairs: readonly Pair<unknown, unknown>[], depth: number, state: State): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const pair of pairs) {
    const keyNode = pair.key as YamlNode | null;
    const k = keyNode === null ? null : toValue(keyNode, depth + 1, state);
    const offset = keyNode?.range?.[0];
    if (k !== null && typeof k === 'object') throw new Stop(said('p_yamlKeyNotText', { line: lineOf(state, offset), got: described(k) }));
    const key = k === null ? '' : String(k);
    if (seen.has(key)) {
      const pos = offset === undefined ? { line: 1, col: 1 } : state.lines.linePos(offset);
      throw new Stop(said('p_yamlSyntax', { line: pos.line, col: pos.col, what: 'Map keys must be unique' }));
    }
    seen.add(key);
    Object.defineProperty(out, key, { value: toValue(pair.value, depth + 1, state), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
