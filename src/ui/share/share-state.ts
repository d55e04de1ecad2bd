/**
 * What a link carries: the screen as the store holds it — the document with every element where the
 * canvas draws it (an embed of the link then shows the author's picture without loading the automatic
 * layout, dagre, and keeps showing it should the automatic layout change), the request, the frame and
 * the node view.
 */
import type { Topology } from '../../model';
import type { AppStore } from '../../store/app-store';
import { selectView } from '../../store/edit-selectors';
import { setPositions, type Doc } from '../../model/doc';
import { loadedAutoLayout } from '../canvas/auto-layout-loader';
import { buildGraph } from '../canvas/layout';
import { effectiveLayout, needsAutoLayout } from '../canvas/place-graph';
import type { ShareState } from './share-link';

/** `doc` with the automatic layout's positions (as drawn, with `collapsed` nodes) for elements it leaves unplaced. */
export function placedDocument(doc: Doc, view: Topology | null, collapsed: readonly string[]): Doc {
  const auto = loadedAutoLayout();
  if (!view || !auto) return doc;
  const g = buildGraph(view);
  return needsAutoLayout(g, view) ? setPositions(doc, effectiveLayout(g, view, new Set(collapsed), auto)) : doc;
}

/** The screen in `s` as a link's state (null without a document). */
export function shareStateOf(s: AppStore): ShareState | null {
  if (!s.doc) return null;
  const pin = s.nodeViewPin && s.nodeViewPin.trace === s.trace ? s.nodeViewPin.node : null;
  return {
    doc: placedDocument(s.doc, selectView(s), s.collapsed),
    request: s.trace?.request ?? null,
    frame: s.frame,
    nodeView: { tab: s.nodeViewTab, node: pin },
  };
}
