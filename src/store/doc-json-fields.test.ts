import { describe, expect, it } from 'vitest';
import { generateFlannelCluster } from '../scenarios/generate';
import { clearLayout, setPositions } from '../model/doc';
import type { Doc } from '../model/edit';
import { docJson, writeDocsWith } from './doc-json';
import { readFromText, writeByField, writtenAs } from './doc-json-fields';

writeDocsWith(writeByField);

/** A generated cluster whose pods count the times they are written out. */
function counted() {
  const doc = JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 10 }))) as Doc;
  let writes = 0;
  const pods = doc.pods as unknown[];
  Object.defineProperty(pods, 'toJSON', { value: () => (writes++, [...pods]), enumerable: false });
  return { doc, writes: () => writes };
}

describe('a document’s JSON text', () => {
  it('is the text JSON.stringify writes, for a document and each edit of it', () => {
    const doc = JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 10 }))) as Doc;
    const moved = setPositions(doc, { [Object.keys(doc.layout ?? {})[0] ?? 'node:x']: { x: 10.4, y: -3 } });
    const laidOut = setPositions(clearLayout(moved), { 'node:y': { x: 1, y: 2 } });
    const odd = { ...laidOut, skipped: undefined, f: () => 1, n: null, s: 'x"y' } as unknown as Doc;
    for (const d of [doc, moved, laidOut, odd, moved, doc]) expect(docJson(d)).toBe(JSON.stringify(d));
  });

  it('of an edit that changed the layout alone does not write the pods again', () => {
    const { doc, writes } = counted();
    const text = docJson(doc);
    expect(writes()).toBe(1);
    const laidOut = setPositions(clearLayout(doc), { 'node:a': { x: 1, y: 2 } });
    const after = docJson(laidOut);
    // Undo: the document before, kept.
    expect(docJson(doc)).toBe(text);
    expect(writes()).toBe(1);
    expect(after).toBe(JSON.stringify(laidOut));
  });
});

describe('a document parsed from a text', () => {
  it('is written on its first edit from that text, its unchanged parts not written again', () => {
    const text = JSON.stringify(generateFlannelCluster({ nodes: 10 }));
    const { doc, writes } = (() => {
      const d = JSON.parse(text) as Doc;
      let n = 0;
      const pods = d.pods as unknown[];
      Object.defineProperty(pods, 'toJSON', { value: () => (n++, [...pods]), enumerable: false });
      return { doc: d, writes: () => n };
    })();
    readFromText(doc, text);
    const moved = setPositions(doc, { 'node:a': { x: 1, y: 2 } });
    expect(docJson(moved)).toBe(JSON.stringify(moved));
    // (The line above wrote the pods once to compare: none before it.)
    expect(writes()).toBe(1);
    expect(docJson(doc)).toBe(text);
  });

  it('is written whole when the text is laid out otherwise, or is not what it was parsed from', () => {
    const doc = JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 4 }))) as Doc;
    for (const text of [
      JSON.stringify(doc, null, 2),
      `${JSON.stringify(doc)}\n`,
      JSON.stringify({ ...doc, metadata: { name: 'other' } }),
      JSON.stringify(doc).replace('"services":[', '"services": ['),
    ]) {
      expect(writtenAs(doc, text)).toBeUndefined();
      readFromText(doc, text);
      const moved = setPositions(doc, { 'node:a': { x: 1, y: 2 } });
      expect(docJson(moved)).toBe(JSON.stringify(moved));
    }
    // The longest list's place is what the others leave: checked by its brackets and the fields after it.
    const canonical = JSON.stringify(doc);
    expect(writtenAs(doc, canonical)?.text).toBe(canonical);
    expect(writtenAs(doc, canonical)?.at?.get(doc.pods as object)).toEqual([
      canonical.indexOf('"pods":') + 7,
      canonical.indexOf('"pods":') + 7 + JSON.stringify(doc.pods).length,
    ]);
  });
});
