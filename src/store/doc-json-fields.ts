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

export function writeByField(doc: object, kept: Iterable<WrittenDoc>): WrittenDoc {
  if (Array.isArray(doc)) return { text: JSON.stringify(doc) };
  const before = [...kept];
  const at = new Map<object, [number, number]>();
  let text = '{';
  for (const [key, value] of Object.entries(doc)) {
    const shared = typeof value === 'object' && value !== null;
    // (As JSON.stringify: a field it cannot write, a function or undefined, is left out.)
    const v = (shared ? writtenBefore(value, before) : undefined) ?? (JSON.stringify(value) as string | undefined);
    if (v === undefined) continue;
    text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:`;
    if (shared) at.set(value, [text.length, text.length + v.length]);
    text += v;
  }
  return { text: `${text}}`, at };
}
