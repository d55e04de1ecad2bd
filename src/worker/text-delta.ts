/**
 * An edit's text as what changed from the last text the editor's simulator was sent: the fields an edit did not change
 * are named by where they lie in that text, not posted again (at 1,000 nodes posting the whole ~4 MB text was ~9 ms of
 * each edit's task on the page). The simulator splices the text back and loads it as it would the whole text.
 */

/** A document's text and where its fields' values lie in it (store/doc-json-fields.ts writes both). */
export interface WrittenText {
  text: string;
  at?: Map<object, [start: number, end: number]>;
  /**
   * The pieces `text` was written as, in order (each value in `at` one piece): a delta is made of these, not of slices
   * of `text`, which, written piece by piece, would be copied whole to be sliced (~4 MB at 1,000 nodes).
   */
  pieces?: string[];
}

/** A text made of `parts`: new text, or a span of the text sent as revision `from`. */
export interface TextDelta {
  from: number;
  parts: (string | [start: number, end: number])[];
}

/** `next` as a delta from `held` (sent as revision `from`): each value both hold is a span of `held`; undefined when none is. */
export function textDelta(next: WrittenText, held: WrittenText, from: number): TextDelta | undefined {
  if (!next.at || !next.pieces || !held.at) return undefined;
  const copies = new Map<number, [end: number, span: [number, number]]>();
  for (const [value, [start, end]] of next.at) {
    const span = held.at.get(value);
    if (span) copies.set(start, [end, span]);
  }
  if (copies.size === 0) return undefined;
  const parts: TextDelta['parts'] = [];
  let i = 0;
  for (const piece of next.pieces) {
    const copy = copies.get(i);
    i += piece.length;
    parts.push(copy?.[0] === i ? copy[1] : piece);
  }
  return { from, parts };
}

/** The text `delta` makes from `held`, the text sent as its `from`. */
export const spliced = (delta: TextDelta, held: string): string => delta.parts.map((p) => (typeof p === 'string' ? p : held.slice(p[0], p[1]))).join('');
