/**
 * A document's picture from its display topology: the graph (`buildGraph`), the layout (the document's
 * positions over the automatic layout's) and the placement React Flow draws. The one recipe for the canvas
 * (a small document, on the main thread) and the place worker (a big one), so both draw the same picture. Pure.
 */
import type { Topology } from '../model';
import type { Graph } from './graph';
import { effectiveLayout, placeGraph, type AutoLayoutFn } from './place';

/** What the person chose about the picture: the nodes drawn collapsed, pods grouped by namespace. */
export interface PlaceSettings {
  collapsed: ReadonlySet<string>;
  groupByNamespace: boolean;
}

/** `built` (buildGraph of `t`) laid out and placed: what the canvas draws before a trace opens or marks anything. */
export function placeDocument(built: Graph, t: Topology, s: PlaceSettings, autoLayout: AutoLayoutFn | null): Graph {
  const layout = effectiveLayout(built, t, s.collapsed, autoLayout);
  return placeGraph(built, t, { collapsed: s.collapsed, groupByNamespace: s.groupByNamespace, layout });
}
