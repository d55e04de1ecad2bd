/**
 * A document's JSON text, written out once per document object (documents are never changed in place: an edit makes
 * a new one). NOTE: at 1,000 nodes the text is ~6.5 MB and each stringify ~60–120 ms of the page's thread; an edit
 * sent the new document to the simulator and then to the library, each writing it out. Only the last few documents
 * are kept (the one on screen, the one an undo returns to): the undo history itself holds up to HISTORY_LIMIT.
 */
const KEPT = 4;

/** A document's text, and where its fields' values are written in it (doc-json-fields.ts). */
export interface WrittenDoc {
  text: string;
  at?: Map<object, [start: number, end: number]>;
}

const kept = new Map<object, WrittenDoc>();

/** How a document not kept is written: whole, unless the editor writes only what an edit changed (doc-json-fields.ts). */
let write = (doc: object, _kept: Iterable<WrittenDoc>): WrittenDoc => ({ text: JSON.stringify(doc) });
export const writeDocsWith = (w: typeof write) => void (write = w);

export function docJson(doc: object): string {
  let w = kept.get(doc);
  if (w === undefined) w = write(doc, kept.values());
  else kept.delete(doc);
  kept.set(doc, w);
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  return w.text;
}
