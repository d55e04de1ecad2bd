/**
 * A document's JSON text, written out once per document object (documents are never changed in place: an edit makes
 * a new one). NOTE: at 1,000 nodes the text is ~6.5 MB and each stringify ~60–100 ms of the page's thread; an edit
 * sent the new document to the simulator and then to the library, each writing it out. Only the last few documents
 * are kept (the one on screen, the one an undo returns to): the undo history itself holds up to HISTORY_LIMIT.
 */
const KEPT = 4;
const kept = new Map<object, string>();

export function docJson(doc: object): string {
  let text = kept.get(doc);
  if (text === undefined) text = JSON.stringify(doc);
  else kept.delete(doc);
  kept.set(doc, text);
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  return text;
}
