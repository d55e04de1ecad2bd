/**
 * What a link carries: the document with every element where the canvas draws it. An embed of the link
 * then shows the author's picture without loading the automatic layout (dagre), and keeps showing it
 * should the automatic layout ever change.
 */
import type { Topology } from '../../model';
import { setPositions, type Doc } from '../../model/edit';
import { loadedAutoLayout } from '../canvas/auto-layout-loader';
import { buildGraph } from '../canvas/layout';
import { effectiveLayout, needsAutoLayout } from '../editor/place-graph';

/** `doc` with the automatic layout's positions (as drawn, with `collapsed` nodes) for elements it leaves unplaced. */
export function placedDocument(doc: Doc, view: Topology | null, collapsed: readonly string[]): Doc {
  const auto = loadedAutoLayout();
  if (!view || !auto) return doc;
  const g = buildGraph(view);
  return needsAutoLayout(g, view) ? setPositions(doc, effectiveLayout(g, view, new Set(collapsed), auto)) : doc;
}
