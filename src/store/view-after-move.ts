/**
 * The editor's views: a document that differs from the one last viewed only by its layout (a move, an auto-layout) is
 * viewed as that view's objects with the new layout (model/display.ts `withLayoutOf`), so what is keyed on them holds
 * and the place worker's request reuses the graph's text (place-client.ts). NOTE: at 1,000 nodes a drag's new view
 * was ~20–30 ms of its task and its graph written out for the place worker another 35–55 ms. The embed, which moves
 * nothing, makes each view anew (document-edit-slice.ts installs this).
 */
import type { Topology } from '../model';
import { displayTopology, withLayoutOf } from '../model/display';
import { sameNetwork, type Doc } from '../model/doc';

let last: { doc: Doc; view: Topology } | undefined;

export function viewAfterMove(doc: Doc): Topology {
  const view = last && sameNetwork(last.doc, doc) ? withLayoutOf(last.view, doc) : displayTopology(doc);
  last = { doc, view };
  return view;
}
