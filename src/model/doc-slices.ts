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
 * `doc` as JSON, whole and in slices: the whole text is what JSON.stringify writes, its sliced lists written once (as
 * their slices' insides, joined) rather than a second time. At 1,000 nodes (Node, bundled, load 7) writing both took
 * 140-180 ms and this 80-110: the join of 8 MB is ~20 ms of it, the second stringify was ~60-100.
 */
export function writeSliced(doc: Record<string, unknown>, items = SLICE_ITEMS): { text: string; sliced: SlicedJson } {
  const sliced = sliceJson(doc, items);
  const slicesOf = new Map(sliced.lists.map((l) => [l.key, l.slices]));
  const fields: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    const slices = slicesOf.get(key);
    const json = slices ? `[${slices.map((s) => s.slice(1, -1)).join(',')}]` : JSON.stringify(value);
    // (What JSON leaves out of an object, an undefined field or a function, it writes as undefined here.)
    if (json !== undefined) fields.push(`${JSON.stringify(key)}:${json}`);
  }
  return { text: `{${fields.join(',')}}`, sliced };
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
