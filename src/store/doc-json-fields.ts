/**
 * A document written field by field, as JSON.stringify writes it (the same text), where a field whose value is the
 * very object of a kept document's field is not written again: an edit shares what it did not change (model/edit.ts),
 * so an auto-layout or a moved node writes its `layout` alone, not the 30,000 pods beside it (~70–120 ms of the
 * edit's task at 1,000 nodes). The editor's (document-edit-slice.ts installs it); the embed, which edits nothing,
 * writes a document whole.
 */
import type { WrittenDoc } from './doc-json';

/** `value`'s text as a kept document wrote it, if one holds that very object. */
function writtenBefore(value: object, kept: Iterable<WrittenDoc>): string | undefined {
  for (const w of kept) {
    const span = w.at?.get(value);
    if (span) return w.text.slice(span[0], span[1]);
  }
  return undefined;
}

/** The last document read from a JSON text as it is (nothing changed since), with that text, until it is written. */
let lastRead: { doc: object; text: string } | null = null;
/**
 * `doc` is `text` parsed, as it is: it and its first edit are written from that text, their unchanged parts not written
 * out again (at 1,000 nodes the first drag after opening wrote 6.5 MB, ~40 ms of its task), when the text is as
 * writeByField writes it (writtenAs).
 */
export const readFromText = (doc: object, text: string) => void (lastRead = { doc, text });

export function writeByField(doc: object, kept: Iterable<WrittenDoc>): WrittenDoc {
  if (Array.isArray(doc)) return { text: JSON.stringify(doc) };
  const before = [...kept];
  const read = lastRead && writtenAs(lastRead.doc, lastRead.text);
  const readDoc = lastRead?.doc;
  lastRead = null;
  if (read && readDoc === doc) return read;
  if (read) {
    before.push(read);
    // (The opened text kept as it was sent to the simulator learns where its fields lie: an edit's text names them there.)
    const opened = before.find((w) => !w.at && w.text === read.text);
    if (opened) opened.at = read.at;
  }
  const at = new Map<object, [number, number]>();
  let text = '{';
  const pieces = [text];
  const add = (piece: string) => void ((text += piece), pieces.push(piece));
  for (const [key, value] of Object.entries(doc)) {
    const shared = typeof value === 'object' && value !== null;
    // (As JSON.stringify: a field it cannot write, a function or undefined, is left out.)
    const v = (shared ? writtenBefore(value, before) : undefined) ?? (JSON.stringify(value) as string | undefined);
    if (v === undefined) continue;
    add(`${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:`);
    if (shared) at.set(value, [text.length, text.length + v.length]);
    add(v);
  }
  add('}');
  return { text, at, pieces };
}

/**
 * `doc`'s text with where its fields are, when `text`, which `doc` was parsed from as it is, is the text writeByField
 * writes; else undefined. Each field is checked against its text but the longest list's, whose place is what the
 * others leave (writing 30,000 pods out to compare them was the cost this saves); a text laid out otherwise (spaces,
 * another order of keys) fails at its first field. (Spaces inside the longest list alone, which no writer makes, would
 * be kept: the same document's text all the same.)
 */
export function writtenAs(doc: object, text: string): WrittenDoc | undefined {
  const fields = Object.entries(doc).filter(([, v]) => v !== undefined && typeof v !== 'function');
  let longest = -1;
  fields.forEach(([, v], i) => {
    if (Array.isArray(v) && (longest < 0 || v.length > (fields[longest]![1] as unknown[]).length)) longest = i;
  });
  const keys = fields.map(([k]) => `${JSON.stringify(k)}:`);
  const values = fields.map(([, v], i) => (i === longest ? '' : (JSON.stringify(v) as string)));
  // The longest list's length: the text's, less its braces, commas, keys and the other values.
  const rest = text.length - 2 - Math.max(0, fields.length - 1) - keys.join('').length - values.join('').length;
  if (text[0] !== '{' || text[text.length - 1] !== '}' || (longest >= 0 && rest < 2)) return undefined;
  const at = new Map<object, [number, number]>();
  const pieces: string[] = [];
  let i = 1;
  for (let f = 0; f < fields.length; f++) {
    const key = i;
    if (f > 0 && text[i++] !== ',') return undefined;
    if (!text.startsWith(keys[f]!, i)) return undefined;
    i += keys[f]!.length;
    const end = i + (f === longest ? rest : values[f]!.length);
    if (f === longest ? text[i] !== '[' || text[end - 1] !== ']' : !text.startsWith(values[f]!, i)) return undefined;
    const v = fields[f]![1];
    if (typeof v === 'object' && v !== null) at.set(v, [i, end]);
    pieces.push(text.slice(f === 0 ? 0 : key, i), text.slice(i, end));
    i = end;
  }
  pieces.push('}');
  return i === text.length - 1 ? { text, at, pieces } : undefined;
}
