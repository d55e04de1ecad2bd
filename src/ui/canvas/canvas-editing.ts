import type { DragEvent } from 'react';
import type { NodeMouseHandler, OnConnectEnd, OnNodeDrag, ReactFlowInstance } from '@xyflow/react';
import type { Topology } from '../../model';
import type { PaletteKind, Position } from '../../model/edit';
import { connectHint } from '../../model/connect-hint';
import { freeSlot, newElementSize, type Box } from '../../layout/free-slot';
import { ELEMENT_KINDS, parseListRef } from '../../model/element-id';
import type { AppStoreApi } from '../../store';
import { loadAutoLayout } from './auto-layout-loader';
import { WORKER_PODS } from './usePlacement';
import { buildGraph, type Graph } from './layout';
import type { AppEdge, AppNode, EditorNode } from './types';
import { layoutKeyOfId, type IdMap } from './place-graph';
import { kindOf } from './kinds';
import { pickElement } from './pick-element';
import { refOfElement } from './trace-pick';
import { placedRect, placedRects, type Placed } from '../../layout/placed-rects';
import { boundsOf, MIN_ZOOM, viewFitting } from './visible-elements';
import type { Rect } from '../../layout/geometry';

/**
 * The canvas's editing: a click that sets an armed end of the trace (the pick buttons beside From and To), drops from the palette, pod moves between nodes, connections that set selectors and load
 * balancers, drags that end up as positions in the document, nudges, adding in view and the automatic layout.
 * Apart from useEditorFlow (what every canvas draws) so that a canvas that only shows (the embed) never downloads it:
 * the app hands it to FlowCanvas as `editing`.
 */

/** The MIME type the palette drags with. */
export const PALETTE_MIME = 'application/x-hopscope-kind';

/** What the editing reads from the canvas; `current` is read at each event (the canvas draws a new graph per trace). */
export interface EditingContext {
  instance(): ReactFlowInstance<EditorNode, AppEdge> | null;
  /** React Flow's own element (its `ref`): where the canvas is on screen. */
  canvasElement(): HTMLDivElement | null;
  store: AppStoreApi;
  current(): { graph: Graph | null; view: Topology | null; ids: IdMap | null; nodes: readonly EditorNode[] };
  /** Draws every element where the document has it again (a pod dropped where it cannot go). */
  reset(): void;
}

export interface CanvasEditing {
  /** React Flow's props for editing. */
  props: {
    onNodeClick: NodeMouseHandler<AppNode>;
    onNodeDragStop: OnNodeDrag<AppNode>;
    onConnectEnd: OnConnectEnd;
    onDragOver(e: DragEvent): void;
    onDrop(e: DragEvent): void;
    nodesDraggable: true;
    nodesConnectable: true;
  };
  /** Moves the selected elements by (dx, dy) as one edit; false when nothing moved. */
  nudge(dx: number, dy: number): boolean;
  add(kind: PaletteKind): void;
  autoLayout(): void;
}

// (the palette offers every element kind: PALETTE_KINDS)
const isPalette = (k: string): k is PaletteKind => (ELEMENT_KINDS as readonly string[]).includes(k);

export function canvasEditing({ instance, canvasElement, store, current, reset }: EditingContext): CanvasEditing {
  const actions = () => store.getState();

  /**
   * Every element the canvas draws with its rectangle in flow coordinates, a drag included. NOTE: from the
   * canvas's whole picture, not React Flow's nodes: on a big cluster React Flow holds only those in view.
   */
  const placed = (): { n: EditorNode; r: Rect }[] => {
    const nodes = current().nodes;
    const rects = placedRects(nodes);
    return nodes.map((n, i) => ({ n, r: rects[i]! }));
  };

  /** Absolute positions of every top-level element, by layout key (pins the automatic layout on first move). */
  const positions = (): Record<string, Position> => {
    const out: Record<string, Position> = {};
    for (const { n, r } of placed()) {
      const key = layoutKeyOfId(n.id);
      if (key) out[key] = { x: r.x, y: r.y };
    }
    return out;
  };

  /**
   * Where the dragged elements now are, by layout key, with what moves with them (a dragged VPC's nodes): from React
   * Flow's drag (`dragged`: the canvas's copy may not have drawn the last move yet), each parent from the picture.
   */
  const movedPositions = (dragged: readonly EditorNode[]): Record<string, Position> => {
    const nodes = current().nodes;
    const parents = new Map<string, Rect>();
    const rectOf = (n: Placed): Rect => {
      const id = n.parentId;
      let of = id === undefined ? undefined : parents.get(id);
      if (id !== undefined && !of) {
        const parent = nodes.find((p) => p.id === id);
        if (parent) parents.set(id, (of = rectOf(parent)));
      }
      return placedRect(n, of);
    };
    const at = new Map(dragged.map((n) => [n.id, rectOf(n)]));
    // (React Flow holds parents before their children: one pass finds every descendant. Pods have no layout key.)
    for (const n of nodes) {
      const parent = n.parentId === undefined || n.type === 'pod' || at.has(n.id) ? undefined : at.get(n.parentId);
      if (parent) at.set(n.id, placedRect(n, parent));
    }
    const out: Record<string, Position> = {};
    for (const [id, r] of at) {
      const key = layoutKeyOfId(id);
      if (key) out[key] = { x: r.x, y: r.y };
    }
    return out;
  };

  /** Whether the document places every element drawn but those `moved` (by layout key): then the automatic layout places none. */
  const placesTheRest = (moved: Record<string, Position>): boolean => {
    const layout = actions().doc?.layout;
    if (!layout) return false;
    for (const n of current().nodes) {
      const key = n.type === 'pod' ? null : layoutKeyOfId(n.id);
      if (key && !layout[key] && !moved[key]) return false;
    }
    return true;
  };

  const nodeAt = (p: Position): string | null => {
    for (const { n, r } of placed()) {
      // (the type check only narrows `data`: clusterNode is the kind that holds pods)
      if (!kindOf(n).holdsPods || n.type !== 'clusterNode') continue;
      if (p.x >= r.x && p.x <= r.x + (n.width ?? 0) && p.y >= r.y && p.y <= r.y + (n.height ?? 0)) return n.data.name;
    }
    return null;
  };

  // NOTE: a click selects (React Flow) and never changes From or To; only an armed pick (the buttons
  // beside From and To) or the element's menu does.
  const onNodeClick: NodeMouseHandler<AppNode> = (event) => {
    const ref = refOfElement(event.target as Element);
    if (ref) pickElement(store, ref, { x: event.clientX, y: event.clientY });
  };

  const onNodeDragStop: OnNodeDrag<EditorNode> = (event, node, dragged) => {
    const inst = instance();
    const { ids, view } = current();
    if (!inst || !ids) return;
    if (node.type === 'pod') {
      const at = inst.screenToFlowPosition({ x: (event as MouseEvent).clientX, y: (event as MouseEvent).clientY });
      const target = nodeAt(at);
      const ref = parseListRef(ids.toRef.get(node.id) ?? '');
      if (target && ref && view && target !== view.pods[ref.index]?.node) actions().movePod(ref.index, target);
      else reset();
      return;
    }
    const moved = movedPositions(dragged.length ? dragged : [node]);
    // NOTE: once the document places every element (from the first move on), the move is all that changed: at 1,000
    // nodes finding every box of the picture again was ~16 ms of the drag's end. Before, every element is pinned where
    // it is drawn, or the automatic layout would place the others anew around the moved ones.
    actions().setPositions(placesTheRest(moved) ? moved : { ...positions(), ...moved });
  };

  // NOTE: a person drops on an element's box, not on its handle: the element under the pointer is the
  // target (React Flow's snap to the nearest handle only when the pointer is over no element, as a
  // release just below a pod would otherwise snap to the next pod's handle), and a drop on nothing says
  // what would connect. React Flow's own onConnect is not used, so each drop is decided once, here.
  const onConnectEnd: OnConnectEnd = (event, state) => {
    const { ids } = current();
    if (!state.fromNode || !ids) return;
    const source = parseListRef(ids.toRef.get(state.fromNode.id) ?? '');
    if (!source) return;
    const point = 'changedTouches' in event ? event.changedTouches[0] : event;
    const under = (point ? elementAt(point.clientX, point.clientY, ids) : null) ?? (state.isValid ? (state.toNode?.id ?? null) : null);
    const target = under ? parseListRef(ids.toRef.get(under) ?? '') : null;
    if (target) actions().connect(source, target);
    else actions().showNotice(connectHint(source.list), 'error');
  };

  /** The boxes a new element must keep clear of, in flow coordinates (pods lie inside their node's box; the VPC frames whatever is in it). */
  const taken = (): Box[] => {
    const out: Box[] = [];
    for (const { n, r } of placed()) {
      const element = kindOf(n).element;
      if (element === null || (element === 'pod' && n.parentId)) continue;
      out.push(r);
    }
    return out;
  };

  /** The part of the picture on screen, in flow coordinates. */
  const viewBox = (): Box | null => {
    const inst = instance();
    const el = canvasElement();
    if (!inst || !el) return null;
    const r = el.getBoundingClientRect();
    const topLeft = inst.screenToFlowPosition({ x: r.left, y: r.top });
    const bottomRight = inst.screenToFlowPosition({ x: r.right, y: r.bottom });
    return { x: topLeft.x, y: topLeft.y, w: bottomRight.x - topLeft.x, h: bottomRight.y - topLeft.y };
  };

  /**
   * Adds an element at the free spot nearest `corner` (its asked top-left). A crowded `view` (flow
   * coordinates) may leave that spot outside it: the view then moves to show the newcomer.
   */
  const addNear = (kind: Exclude<PaletteKind, 'pod'>, corner: Position, view: Box) => {
    const size = newElementSize(kind);
    const at = freeSlot(taken(), corner, size);
    // Pin what is already drawn, so the automatic layout does not shuffle it around the newcomer (unless the document
    // places it all already, as a drag's end: finding every box again, 4,756 at 1,000 nodes, would write what it holds).
    const pinned = placesTheRest({}) ? {} : positions();
    if (Object.keys(pinned).length) actions().setPositions(pinned);
    actions().addElement(kind, at);
    const inView = at.x >= view.x && at.y >= view.y && at.x + size.w <= view.x + view.w && at.y + size.h <= view.y + view.h;
    const inst = instance();
    if (!inView && inst) void inst.setCenter(at.x + size.w / 2, at.y + size.h / 2, { zoom: inst.getZoom(), duration: 200 });
  };

  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };

  const onDrop = (e: DragEvent) => {
    const kind = e.dataTransfer.getData(PALETTE_MIME);
    const inst = instance();
    if (!kind || !isPalette(kind) || !inst) return;
    e.preventDefault();
    e.stopPropagation();
    const at = inst.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    if (kind === 'pod') {
      actions().addElement('pod', undefined, nodeAt(at) ?? undefined);
      return;
    }
    const view = viewBox();
    // The pointer held the box near its top-left corner.
    if (view) addNear(kind, kind === 'node' ? { x: at.x - 20, y: at.y - 20 } : { x: at.x - 60, y: at.y - 20 }, view);
  };

  const add = (kind: PaletteKind) => {
    const inst = instance();
    const view = viewBox();
    if (!inst || !view) return;
    const middle = { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    if (kind === 'pod') {
      actions().addElement('pod', undefined, podHost(placed(), middle) ?? undefined);
      return;
    }
    const size = newElementSize(kind);
    addNear(kind, { x: middle.x - size.w / 2, y: middle.y - size.h / 2 }, view);
  };

  const nudge = (dx: number, dy: number) => {
    const picked = current().nodes.flatMap((n) =>
      n.selected && layoutKeyOfId(n.id) ? [{ ...n, position: { x: n.position.x + dx, y: n.position.y + dy } }] : [],
    );
    const out = movedPositions(picked);
    // (As a drag: the moved elements alone once the document places the rest.)
    if (picked.length) actions().setPositions(placesTheRest(out) ? out : { ...positions(), ...out });
    return picked.length > 0;
  };

  const autoLayout = () => {
    const { view, graph } = current();
    if (!view || !graph) return;
    const collapsed = new Set(graph.nodes.filter((n) => n.type === 'clusterNode' && n.data.collapsed).map((n) => n.id));
    const doc = actions().doc;
    // NOTE: a big document's layout is made in the place worker, from the graph it keeps (here building the graph and
    // laying out 1,000 nodes was a ~0.75 s task). The camera is left alone: a big cluster's canvas opens each new
    // picture on its first nodes (FollowTrace), and fitting the whole first mounted every box (~4,700, a 2.5 s task).
    const inWorker =
      view.pods.length > WORKER_PODS
        ? import('../../worker/place-client').then((m) => m.activePlaceClient()?.autoLayout(view, [...collapsed]) ?? null).catch(() => null)
        : null;
    void (inWorker ?? Promise.resolve(null)).then(async (positions) => {
      // (An edit made while the worker worked is not undone by a layout of the document before it.)
      if (positions) {
        if (actions().doc === doc) actions().autoLayout(positions);
        return;
      }
      const layout = await loadAutoLayout();
      actions().autoLayout(layout(buildGraph(view), view, { collapsed }));
      // The picture moved: show all of it once it is drawn at the new positions.
      requestAnimationFrame(() => {
        const box = canvasElement()?.getBoundingClientRect();
        const bounds = boundsOf(placed().flatMap(({ n, r }) => (n.hidden ? [] : [r])));
        if (box && bounds) void instance()?.setViewport(viewFitting(bounds, box.width, box.height, { min: MIN_ZOOM, max: 1 }, 0.06));
      });
    });
  };

  return {
    props: {
      onNodeClick,
      onNodeDragStop: onNodeDragStop as unknown as OnNodeDrag<AppNode>,
      onConnectEnd,
      onDragOver,
      onDrop,
      nodesDraggable: true,
      nodesConnectable: true,
    },
    nudge,
    add,
    autoLayout,
  };
}

/** The topmost element under a screen point (a pod before the node it runs on), as a canvas id with a document element. */
function elementAt(x: number, y: number, ids: IdMap): string | null {
  for (const el of document.elementsFromPoint(x, y)) {
    const id = el.closest<HTMLElement>('.react-flow__node')?.dataset.id;
    if (id && ids.toRef.has(id)) return id;
  }
  return null;
}

/** Where a pod added without a drop runs: the selected node, else the node nearest `middle`. */
function podHost(placed: readonly { n: EditorNode; r: Rect }[], middle: Position): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const { n, r } of placed) {
    // (the type check only narrows `data`: clusterNode is the kind that holds pods)
    if (!kindOf(n).holdsPods || n.type !== 'clusterNode') continue;
    if (n.selected) return n.data.name;
    const d = Math.hypot(r.x + (n.width ?? 0) / 2 - middle.x, r.y + (n.height ?? 0) / 2 - middle.y);
    if (d < bestD) [best, bestD] = [n.data.name, d];
  }
  return best;
}
