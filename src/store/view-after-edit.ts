/**
 * The editor's view after an edit: the view of the document that replaces the one on screen keeps the old view's
 * objects for each part the edit did not change (an edit shares them: model/edit.ts), and reads anew only the parts it
 * changed — a move its layout, a kube-proxy mode its cluster, a renamed pod its pods. Each part of a view is read from
 * that part of the document alone (model/display.ts), so what is keyed on the view's lists (canvas ids, pods' homes,
 * the drawn boxes) holds, and the place worker's request reuses the graph's text after a move (place-client.ts).
 * NOTE: at 1,000 nodes a new view of every element was ~20–30 ms of an edit's task and naming its elements again
 * ~30–45 ms of the next trace's. (The editor's slice asks; the embed, which edits nothing, carries none of it.)
 */
import { displayTopology } from '../model/display';
import { LISTS, type Doc } from '../model/edit';
import type { Topology } from '../model';
import { keepView, viewOf } from './edit-selectors';

/** The document's parts that are read into a view part of the same name, each from that part alone. */
const PARTS = [...LISTS, 'cluster', 'metadata', 'layout'] as const;

/** Before `next` replaces `doc` on screen. */
export function viewAfterEdit(doc: Doc | null, next: Doc): void {
  if (!doc || next === doc) return;
  const kept = PARTS.filter((k) => next[k] === doc[k]);
  if (kept.length === 0) return;
  // (The parts kept are left out of what is read: a list read as absent is empty, the rest take their defaults.)
  const changed = { ...next } as Record<string, unknown>;
  for (const k of kept) delete changed[k];
  const read = displayTopology(changed as unknown as Doc) as unknown as Record<string, unknown>;
  // The view before, its parts the edit changed read anew (what no document sets, e.g. its empty policy lists, kept).
  const view = { ...viewOf(doc) } as Record<string, unknown>;
  for (const k of PARTS)
    if (kept.includes(k)) continue;
    else if (k in read) view[k] = read[k];
    else delete view[k];
  keepView(next, view as unknown as Topology);
}
