/**
 * A big document written as JSON twice over: whole (what is saved, sent to the place worker and loaded) and in
 * slices (its long top-level lists a few thousand items a piece), so a thread that must not stop for long reads it
 * a slice at a time. A 1,000-node import's document is 8 MB: one JSON.parse of it, or receiving it as an object
 * (a structured clone, about three times the parse), was one long task on the page.
 */

/** A document's JSON in slices: `head` is the document with each sliced list empty; `lists` holds their items' JSON. */
export interface SlicedJson {
  head: string;
  lists: { key: string; slices: string[] }[];
}

/** Items per slice: 2,000 pods are ~0.5 MB of JSON, a few ms to parse. */
export const SLICE_ITEMS = 2000;

/** `doc` (plain data, what JSON.parse makes) in slices: every top-level list longer than `items` is sliced. */
export function sliceJson(doc: Record<string, unknown>, items = SLICE_ITEMS): SlicedJson {
  const lists: SlicedJson['lists'] = [];
  const emptied: Record<string, unknown> = { ...doc };
  for (const [key, value] of Object.entries(doc)) {
    if (!Array.isArray(value) || value.length <= items) continue;
    const slices: string[] = [];
    for (let i = 0; i < value.length; i += items) slices.push(JSON.stringify(value.slice(i, i + items)));
    lists.push({ key, slices });
    emptied[key] = [];
  }
  return { head: JSON.stringify(emptied), lists };
}

/**
 * `doc` as JSON, whole and in slices.
 * NOTE: the whole text is JSON.stringify's, not the slices joined: joining 8 MB of substrings was 2-5× the stringify
 * (Node, 1,000 nodes, loaded machine: 270-630 ms against 85-590).
 */
export function writeSliced(doc: Record<string, unknown>, items = SLICE_ITEMS): { text: string; sliced: SlicedJson } {
  return { text: JSON.stringify(doc), sliced: sliceJson(doc, items) };
}

/**
 * The document `sliced` holds, read a slice at a time: `between` is awaited before each slice (the page yields a
 * task there). What JSON.parse of the whole text makes.
 */
export async function readSliced(sliced: SlicedJson, between: () => Promise<void>): Promise<Record<string, unknown>> {
  const doc = JSON.parse(sliced.head) as Record<string, unknown>;
  for (const { key, slices } of sliced.lists) {
    const items: unknown[] = [];
    for (const s of slices) {
      await between();
      for (const item of JSON.parse(s) as unknown[]) items.push(item);
    }
    doc[key] = items;
  }
  return doc;
}
