import { describe, expect, it } from 'vitest';
import type { ReactFlowInstance } from '@xyflow/react';
import { createInlineSimClient } from '../../worker/sim-client';
import { createAppStore, type AppStoreApi } from '../../store/app-store';
import { selectView } from '../../store/edit-selectors';
import { generateFlannelCluster } from '../../scenarios/generate';
import { autoLayout } from '../../layout/auto-layout';
import { placeDocument } from '../../layout/place-doc';
import { placedLayout } from '../../layout/placed-rects';
import { buildGraph } from './layout';
import { idMap, layoutKeyOfId } from './place-graph';
import { canvasEditing } from './canvas-editing';
import type { AppEdge, AppNode, EditorNode } from './types';
import type { Position } from '../../model/edit';

/** The canvas's editing over a generated cluster the store holds, drawn as the canvas draws it (placed again after each edit). */
async function canvasOver(nodes: number) {
  const store: AppStoreApi = createAppStore({ sim: await createInlineSimClient() });
  await store.getState().loadDocument(JSON.stringify(generateFlannelCluster({ nodes })));
  const picture = () => {
    const view = selectView(store.getState())!;
    const graph = placeDocument(buildGraph(view), view, { collapsed: new Set(), groupByNamespace: false }, autoLayout);
    return { graph, view, ids: idMap(view), nodes: graph.nodes as EditorNode[] };
  };
  let drawn = picture();
  const written: Record<string, Position>[] = [];
  const setPositions = store.getState().setPositions;
  store.setState({ setPositions: (p) => (written.push(p), setPositions(p)) });
  const editing = canvasEditing({
    // (A view of 1,000 by 800 at the flow's origin, for an add.)
    instance: () =>
      ({ screenToFlowPosition: (p: Position) => p, getZoom: () => 1, setCenter: async () => true }) as unknown as ReactFlowInstance<EditorNode, AppEdge>,
    canvasElement: () => ({ getBoundingClientRect: () => ({ left: 0, top: 0, right: 1000, bottom: 800 }) }) as HTMLDivElement,
    store,
    current: () => drawn,
    reset: () => {},
  });
  /** Each top-level element's place in the picture drawn, by layout key. */
  const places = () => {
    const { rects } = placedLayout(drawn.nodes);
    return Object.fromEntries(drawn.nodes.flatMap((n, i) => (layoutKeyOfId(n.id) ? [[layoutKeyOfId(n.id)!, { x: rects[i]!.x, y: rects[i]!.y }]] : [])));
  };
  /**
   * React Flow's drag of `ids` by (dx, dy) ending: each dragged node at its new place (relative to its parent); `shown`:
   * whether the canvas's copy of the nodes has drawn that last move yet.
   */
  const drag = async (ids: string[], dx: number, dy: number, shown = true) => {
    const dragged = ids.map((id) => {
      const n = drawn.nodes.find((m) => m.id === id)!;
      return { ...n, position: { x: n.position.x + dx, y: n.position.y + dy } };
    });
    if (shown) drawn = { ...drawn, nodes: drawn.nodes.map((n) => dragged.find((m) => m.id === n.id) ?? n) };
    const asDrawn = dragged as AppNode[];
    editing.props.onNodeDragStop({} as MouseEvent, asDrawn[0]!, asDrawn);
    await store.getState().whenValidated();
    drawn = picture();
  };
  /** Selects `ids` on the canvas and nudges them (Alt+arrow). */
  const nudge = (ids: string[], dx: number, dy: number) => {
    drawn = { ...drawn, nodes: drawn.nodes.map((n) => (ids.includes(n.id) ? ({ ...n, selected: true } as EditorNode) : n)) };
    const moved = editing.nudge(dx, dy);
    drawn = picture();
    return moved;
  };
  /** The palette's add of `kind` (its button: at the view's middle). */
  const add = async (kind: 'service' | 'node') => {
    editing.add(kind);
    await store.getState().whenValidated();
    drawn = picture();
  };
  return { store, written, places, drag, nudge, add, picture: () => drawn };
}

const firstOf = (nodes: readonly EditorNode[], type: string) => nodes.find((n) => n.type === type)!.id;

describe('a drag on the canvas', () => {
  it('stores where React Flow dropped the element, whether or not the canvas has drawn its last move', async () => {
    const c = await canvasOver(3);
    const service = firstOf(c.picture().nodes, 'service');
    const key = layoutKeyOfId(service)!;
    const before = c.places();
    await c.drag([service], 40, 30, false);
    expect(c.places()[key]).toEqual({ x: before[key]!.x + 40, y: before[key]!.y + 30 });
    await c.drag([service], -5, 12, false);
    expect(c.places()[key]).toEqual({ x: before[key]!.x + 35, y: before[key]!.y + 42 });
  });

  it('pins every element on the first move; from then on writes the dragged element alone, and the others stay where they were', async () => {
    const c = await canvasOver(3);
    expect(c.store.getState().doc?.layout).toBeUndefined();
    const service = firstOf(c.picture().nodes, 'service');
    const key = layoutKeyOfId(service)!;
    const before = c.places();
    await c.drag([service], 40, 30);
    // The first: every element, the dragged one where it was dropped (the automatic layout would place the others anew).
    expect(Object.keys(c.written[0]!).sort()).toEqual(Object.keys(before).sort());
    expect(c.written[0]![key]).toEqual({ x: before[key]!.x + 40, y: before[key]!.y + 30 });
    const pinned = c.places();
    expect(pinned).toEqual({ ...before, [key]: { x: before[key]!.x + 40, y: before[key]!.y + 30 } });

    await c.drag([service], 100, -20);
    expect(c.written[1]).toEqual({ [key]: { x: pinned[key]!.x + 100, y: pinned[key]!.y - 20 } });
    expect(c.places()).toEqual({ ...pinned, [key]: { x: pinned[key]!.x + 100, y: pinned[key]!.y - 20 } });

    c.store.getState().undo();
    await c.store.getState().whenValidated();
    expect(c.store.getState().doc?.layout?.[key]).toEqual(pinned[key]);
    // Undone to before the first move (no position stored): the next move pins every element again.
    c.store.getState().undo();
    await c.store.getState().whenValidated();
    expect(c.store.getState().doc?.layout).toBeUndefined();
    await c.drag([service], 10, 10);
    expect(Object.keys(c.written[2]!).sort()).toEqual(Object.keys(before).sort());
  });

  it('pins every element before an add while the document does not place them, and none once it does', async () => {
    const c = await canvasOver(3);
    const before = c.places();
    const services = c.store.getState().doc!.services!.length;
    const nodes = c.store.getState().doc!.nodes!.length;
    await c.add('service');
    expect(Object.keys(c.written[0]!).sort()).toEqual(Object.keys(before).sort());
    expect(c.store.getState().doc?.services).toHaveLength(services + 1);
    const placed = c.places();
    await c.add('node');
    // (Each element stays where it was drawn: only the new node was added.)
    expect(c.written).toHaveLength(1);
    expect(c.store.getState().doc?.nodes).toHaveLength(nodes + 1);
    const now = c.places();
    expect(Object.fromEntries(Object.keys(placed).map((k) => [k, now[k]]))).toEqual(placed);
  });

  it('nudges as it drags: every element pinned first, then the selected ones alone', async () => {
    const c = await canvasOver(3);
    const service = firstOf(c.picture().nodes, 'service');
    const key = layoutKeyOfId(service)!;
    const before = c.places();
    expect(c.nudge([service], 10, 0)).toBe(true);
    await c.store.getState().whenValidated();
    expect(Object.keys(c.written[0]!).sort()).toEqual(Object.keys(before).sort());
    expect(c.nudge([service], 0, -10)).toBe(true);
    await c.store.getState().whenValidated();
    expect(c.written[1]).toEqual({ [key]: { x: before[key]!.x + 10, y: before[key]!.y - 10 } });
    expect(c.places()).toEqual({ ...before, [key]: { x: before[key]!.x + 10, y: before[key]!.y - 10 } });
    expect(c.nudge([], 5, 5)).toBe(false);
  });

  it('writes every element dragged together, and the nodes a dragged VPC carries', async () => {
    const c = await canvasOver(3);
    const [a, b] = c
      .picture()
      .nodes.filter((n) => n.type === 'service')
      .map((n) => n.id);
    await c.drag([a!], 0, 50);
    const pinned = c.places();
    await c.drag([a!, b!], 20, 0);
    expect(Object.keys(c.written[1]!).sort()).toEqual([layoutKeyOfId(a!)!, layoutKeyOfId(b!)!].sort());

    const moved = c.places();
    await c.drag(['vpc'], -30, 40);
    const nodes = c
      .picture()
      .nodes.filter((n) => n.type === 'clusterNode')
      .map((n) => layoutKeyOfId(n.id)!);
    expect(Object.keys(c.written[2]!).sort()).toEqual(nodes.sort());
    for (const k of nodes) expect(c.places()[k]).toEqual({ x: moved[k]!.x - 30, y: moved[k]!.y + 40 });
    expect(c.places()[layoutKeyOfId(a!)!]).toEqual({ x: pinned[layoutKeyOfId(a!)!]!.x + 20, y: pinned[layoutKeyOfId(a!)!]!.y });
  });
});
