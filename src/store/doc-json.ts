/**
 * A document's JSON text, written out once per document object (documents are never changed in place: an edit makes
 * a new one). NOTE: at 1,000 nodes the text is ~6.5 MB and each stringify ~60–120 ms of the page's thread; an edit
 * sent the new document to the simulator and then to the library, each writing it out. Only the last few documents
 * are kept (the one on screen, the one an undo returns to): the undo history itself holds up to HISTORY_LIMIT.
 */
import type { WrittenText } from '../worker/text-delta';

const KEPT = 4;

/** A document's text, and where its fields' values are written in it (doc-json-fields.ts). */
export type WrittenDoc = WrittenText;

const kept = new Map<object, WrittenDoc>();

/** How a document not kept is written: whole, unless the editor writes only what an edit changed (doc-json-fields.ts). */
let write = (doc: object, _kept: Iterable<WrittenDoc>): WrittenDoc => ({ text: JSON.stringify(doc) });
export const writeDocsWith = (w: typeof write) => void (write = w);

export const docJson = (doc: object): string => writtenDoc(doc).text;

/** `doc`'s text, kept; `w`, when given, is that text (a text opened as read: doc-json-fields.ts readFromText). */
export function writtenDoc(doc: object, w = kept.get(doc) ?? write(doc, kept.values())): WrittenDoc {
  kept.delete(doc);
  kept.set(doc, w);
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  return w;
}
