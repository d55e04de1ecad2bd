/**
 * The editor's view after a move: a document that differs from the one on screen only by its layout (a move, an
 * auto-layout) is viewed as that one's view's objects with the new layout (model/display.ts `withLayoutOf`), so what
 * is keyed on them holds and the place worker's request reuses the graph's text (place-client.ts). NOTE: at 1,000 nodes
 * a drag's new view was ~20–30 ms of its task and its graph written out for the place worker another 35–55 ms. (The
 * editor's slice asks; the embed, which moves nothing, carries none of it.)
 */
import { withLayoutOf } from '../model/display';
import { sameNetwork, type Doc } from '../model/doc';
import { keepView, viewOf } from './edit-selectors';

/** Before `next` replaces `doc` on screen. */
export function viewAfterMove(doc: Doc | null, next: Doc): void {
  if (doc && next !== doc && sameNetwork(doc, next)) keepView(next, withLayoutOf(viewOf(doc), next));
}
