import { useCallback, useMemo, useRef, useState, type DragEvent } from 'react';
import { applyNodeChanges, type Node, type NodeChange, type OnConnectEnd, type OnNodeDrag, type ReactFlowInstance } from '@xyflow/react';
import type { Topology } from '../../model';
import type { PaletteKind, Position } from '../../model/edit';
import { connectHint } from '../../model/connect-hint';
import { freeSlot, newElementSize, type Box } from '../../layout/free-slot';
import { ELEMENT_KINDS, listRef, nodeId, parseListRef, routerId } from '../../model/element-id';
import { selectNamespaceFilter, selectProblems, selectQuery, selectSelection, selectGroupByNamespace, useAppStore, useAppStoreApi } from '../../store';
import { loadAutoLayout } from './auto-layout-loader';
import { buildGraph, type Graph } from './layout';
import { namespaceColor, namespacesOf } from './namespace-color';
import type { AppEdge, AppNode, EditorNode } from './types';
import { idMap, layoutKeyOfId, ROUTER, routerPositions, type IdMap } from './place-graph';
import { kindOf } from './kinds';
import { useOfferCanvasControls } from './canvas-controls';
import { measuredKeeper } from './keep-measured';

export type { EditorNode } from './types';

/** The MIME type the palette drags with. */
export const PALETTE_MIME = 'application/x-hopscope-kind';

export { namespaceColor } from './namespace-color';

interface Decor {
  selected: ReadonlySet<string>;
  problems: ReadonlyMap<string, string>;
  query: string;
  namespace: string;
  groupByNamespace: boolean;
  namespaces: readonly string[];
}

/** Adds routers, selection, problems, find and filter to the graph; untouched nodes keep their identity. */
export function decorate(g: Graph, t: Topology, ids: IdMap, d: Decor): { nodes: EditorNode[]; edges: AppEdge[] } {
  const nodes: EditorNode[] = [...g.nodes];
  const edges: AppEdge[] = [...g.edges];
  const routerAt = routerPositions(t, g);
  for (const r of t.routers) {
    const id = routerId(r.name);
    nodes.push({
      id,
      type: 'router',
      zIndex: 3,
      position: routerAt.get(id)!,
      width: ROUTER.w,
      height: ROUTER.h,
      data: { name: r.name, asn: r.asn, peers: r.nodes.length, ...(r.ip ? { ip: r.ip } : {}) },
    });
    for (const n of r.nodes)
      edges.push({ id: `${id}->${nodeId(n)}`, source: id, target: nodeId(n), zIndex: 1, data: { kind: 'lb' }, style: { strokeDasharray: '4 3' } });
  }
  // NOTE: thousands of service → pod lines crossing the screen make panning slow and the picture
  // unreadable; past EDGE_LIMIT only the lines of selected elements and of the trace are drawn.
  const shownEdges = edges.length > EDGE_LIMIT ? edges.filter((e) => d.selected.has(e.source) || d.selected.has(e.target) || e.className === 'on-path') : edges;
  const q = d.query.trim().toLowerCase();
  const out = nodes.map((n): EditorNode => {
    const ref = ids.toRef.get(n.id);
    const selected = d.selected.has(n.id);
    const problem = ref ? d.problems.get(ref) : undefined;
    const kind = kindOf(n);
    const nsOf = kind.namespace(n);
    const hidden = !!d.namespace && nsOf !== null && nsOf !== d.namespace;
    const text = q ? kind.text(n) : null;
    const match = text === null ? null : text.toLowerCase().includes(q);
    // Pods are framed by namespace inside their node (ClusterNodeBox); services get a stripe of its colour.
    const stripe = d.groupByNamespace && n.type === 'service' ? namespaceColor(n.data.namespace, d.namespaces) : null;
    if (!selected && !problem && !hidden && match === null && !stripe && !n.selected) return n;
    const cls = [n.className, problem && 'hs-problem', match === true && 'hs-match', match === false && 'hs-dim'].filter(Boolean).join(' ');
    return {
      ...n,
      selected,
      hidden,
      className: cls || undefined,
      ...(problem ? { domAttributes: { 'data-problem': problem, title: problem } } : {}),
      ...(stripe ? { style: { ...n.style, boxShadow: `-5px 0 0 0 ${stripe}`, borderRadius: 6 } } : {}),
    } as EditorNode;
  });
  return { nodes: out, edges: shownEdges };
}

/** Above this many derived edges only those of the selection and the trace are drawn. */
export const EDGE_LIMIT = 400;

// (the palette offers every element kind: PALETTE_KINDS)
const isPalette = (k: string): k is PaletteKind => (ELEMENT_KINDS as readonly string[]).includes(k);

/**
 * Everything the canvas needs to edit: nodes it may move, selection mirrored into the store,
 * drops from the palette, pod moves between nodes, connections that set selectors and load
 * balancers, and drags that end up as positions in the document.
 */
export function useEditorFlow(graph: Graph | null, view: Topology | null) {
  const selection = useAppStore(selectSelection);
  const problems = useAppStore(selectProblems);
  const query = useAppStore(selectQuery);
  const namespace = useAppStore(selectNamespaceFilter);
  const groupByNamespace = useAppStore(selectGroupByNamespace);
  const select = useAppStore((s) => s.select);
  const store = useAppStoreApi();
  const addElement = useAppStore((s) => s.addElement);
  const movePod = useAppStore((s) => s.movePod);
  const connect = useAppStore((s) => s.connect);
  const showNotice = useAppStore((s) => s.showNotice);
  const setPositions = useAppStore((s) => s.setPositions);
  const writeLayout = useAppStore((s) => s.autoLayout);
  const instance = useRef<ReactFlowInstance<EditorNode, AppEdge> | null>(null);
  // React Flow's own element (its `ref`): where the canvas is on screen.
  const canvasElement = useRef<HTMLDivElement | null>(null);

  const ids = useMemo(() => (view ? idMap(view) : null), [view]);
  // Once per document, not per trace (30,000 pods at 1,000 nodes).
  const namespaces = useMemo(() => (view ? namespacesOf(view) : []), [view]);
  const decorated = useMemo(() => {
    if (!graph || !view || !ids) return null;
    const problemMap = new Map<string, string>();
    for (const p of problems) {
      const r = parseListRef(p.path);
      if (r) {
        const k = listRef(r.list, r.index);
        if (!problemMap.has(k)) problemMap.set(k, `${p.path}: ${p.message}`);
      }
    }
    const selected = new Set(selection.map((k) => ids.toId.get(k)).filter((x): x is string => !!x));
    return decorate(graph, view, ids, { selected, problems: problemMap, query, namespace, groupByNamespace, namespaces });
  }, [graph, view, ids, problems, selection, query, namespace, groupByNamespace, namespaces]);

  // Local copy so React Flow can move nodes while dragging; replaced whenever the document changes.
  const [keep] = useState(measuredKeeper<EditorNode>);
  const [nodes, setNodes] = useState<EditorNode[]>(decorated?.nodes ?? []);
  const [shown, setShown] = useState(decorated);
  const [resets, setResets] = useState(0);
  const [shownResets, setShownResets] = useState(0);
  if (shown !== decorated || shownResets !== resets) {
    setShown(decorated);
    setShownResets(resets);
    setNodes(keep.carry(decorated?.nodes ?? []));
  }

  // NOTE: selection flows one way: React Flow reports what the person clicked or boxed as
  // select changes, the store keeps it, and the nodes are drawn selected from the store.
  // (Mirroring onSelectionChange back and forth loops while React Flow catches up.)
  const onNodesChange = useCallback(
    (changes: NodeChange<EditorNode>[]) => {
      const moved = changes.filter((c) => c.type !== 'remove' && c.type !== 'select');
      for (const c of moved) if (c.type === 'dimensions') keep.measured(c.id, c.dimensions);
      // Only measured, not moved: React Flow's object is the graph node's, measured.
      const sized = new Set(moved.flatMap((c) => (c.type === 'dimensions' ? [c.id] : [])));
      for (const c of moved) if (c.type !== 'dimensions' && 'id' in c) sized.delete(c.id);
      if (moved.length) setNodes((ns) => keep.adopted(applyNodeChanges(moved, ns), sized));
      const picked = changes.filter((c) => c.type === 'select');
      if (picked.length && ids) {
        const keys = new Set(store.getState().selection);
        for (const c of picked) {
          const key = ids.toRef.get(c.id);
          if (key && c.selected) keys.add(key);
          else if (key) keys.delete(key);
        }
        select([...keys]);
      }
    },
    [ids, select, store, keep],
  );

  /** Absolute positions of every top-level element, by layout key (pins the automatic layout on first move). */
  const positions = useCallback((): Record<string, Position> => {
    const inst = instance.current;
    const out: Record<string, Position> = {};
    if (!inst) return out;
    for (const n of inst.getNodes()) {
      const key = layoutKeyOfId(n.id);
      if (!key) continue;
      const abs = inst.getInternalNode(n.id)?.internals.positionAbsolute ?? n.position;
      out[key] = { x: abs.x, y: abs.y };
    }
    return out;
  }, []);

  const nodeAt = useCallback((p: Position): string | null => {
    const inst = instance.current;
    if (!inst) return null;
    for (const n of inst.getNodes()) {
      // (the type check only narrows `data`: clusterNode is the kind that holds pods)
      if (!kindOf(n).holdsPods || n.type !== 'clusterNode') continue;
      const abs = inst.getInternalNode(n.id)?.internals.positionAbsolute;
      if (abs && p.x >= abs.x && p.x <= abs.x + (n.width ?? 0) && p.y >= abs.y && p.y <= abs.y + (n.height ?? 0)) return n.data.name;
    }
    return null;
  }, []);

  const onNodeDragStop = useCallback<OnNodeDrag<EditorNode>>(
    (event, node) => {
      const inst = instance.current;
      if (!inst || !ids) return;
      if (node.type === 'pod') {
        const at = inst.screenToFlowPosition({ x: (event as MouseEvent).clientX, y: (event as MouseEvent).clientY });
        const target = nodeAt(at);
        const ref = parseListRef(ids.toRef.get(node.id) ?? '');
        if (target && ref && view && target !== view.pods[ref.index]?.node) movePod(ref.index, target);
        else setResets((r) => r + 1);
        return;
      }
      setPositions(positions());
    },
    [ids, view, movePod, nodeAt, positions, setPositions],
  );

  // NOTE: a person drops on an element's box, not on its handle: the element under the pointer is the
  // target (React Flow's snap to the nearest handle only when the pointer is over no element, as a
  // release just below a pod would otherwise snap to the next pod's handle), and a drop on nothing says
  // what would connect. React Flow's own onConnect is not used, so each drop is decided once, here.
  const onConnectEnd = useCallback<OnConnectEnd>(
    (event, state) => {
      if (!state.fromNode || !ids) return;
      const source = parseListRef(ids.toRef.get(state.fromNode.id) ?? '');
      if (!source) return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      const under = (point ? elementAt(point.clientX, point.clientY, ids) : null) ?? (state.isValid ? (state.toNode?.id ?? null) : null);
      const target = under ? parseListRef(ids.toRef.get(under) ?? '') : null;
      if (target) connect(source, target);
      else showNotice(connectHint(source.list), 'error');
    },
    [ids, connect, showNotice],
  );

  /** The boxes a new element must keep clear of, in flow coordinates (pods lie inside their node's box; the VPC frames whatever is in it). */
  const taken = useCallback((): Box[] => {
    const inst = instance.current;
    if (!inst) return [];
    const out: Box[] = [];
    for (const n of inst.getNodes()) {
      const element = kindOf(n).element;
      if (element === null || (element === 'pod' && n.parentId)) continue;
      const abs = inst.getInternalNode(n.id)?.internals.positionAbsolute ?? n.position;
      out.push({ x: abs.x, y: abs.y, w: n.measured?.width ?? n.width ?? 0, h: n.measured?.height ?? n.height ?? 0 });
    }
    return out;
  }, []);

  /** The part of the picture on screen, in flow coordinates. */
  const viewBox = useCallback((): Box | null => {
    const inst = instance.current;
    const el = canvasElement.current;
    if (!inst || !el) return null;
    const r = el.getBoundingClientRect();
    const topLeft = inst.screenToFlowPosition({ x: r.left, y: r.top });
    const bottomRight = inst.screenToFlowPosition({ x: r.right, y: r.bottom });
    return { x: topLeft.x, y: topLeft.y, w: bottomRight.x - topLeft.x, h: bottomRight.y - topLeft.y };
  }, []);

  /**
   * Adds an element at the free spot nearest `corner` (its asked top-left). A crowded `view` (flow
   * coordinates) may leave that spot outside it: the view then moves to show the newcomer.
   */
  const addNear = useCallback(
    (kind: Exclude<PaletteKind, 'pod'>, corner: Position, view: Box) => {
      const size = newElementSize(kind);
      const at = freeSlot(taken(), corner, size);
      // Pin what is already drawn, so the automatic layout does not shuffle it around the newcomer.
      const pinned = positions();
      if (Object.keys(pinned).length) setPositions(pinned);
      addElement(kind, at);
      const inView = at.x >= view.x && at.y >= view.y && at.x + size.w <= view.x + view.w && at.y + size.h <= view.y + view.h;
      const inst = instance.current;
      if (!inView && inst) void inst.setCenter(at.x + size.w / 2, at.y + size.h / 2, { zoom: inst.getZoom(), duration: 200 });
    },
    [taken, positions, setPositions, addElement],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(PALETTE_MIME);
      const inst = instance.current;
      if (!kind || !isPalette(kind) || !inst) return;
      e.preventDefault();
      e.stopPropagation();
      const at = inst.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      if (kind === 'pod') {
        addElement('pod', undefined, nodeAt(at) ?? undefined);
        return;
      }
      const view = viewBox();
      // The pointer held the box near its top-left corner.
      if (view) addNear(kind, kind === 'node' ? { x: at.x - 20, y: at.y - 20 } : { x: at.x - 60, y: at.y - 20 }, view);
    },
    [addElement, nodeAt, addNear, viewBox],
  );

  const add = useCallback(
    (kind: PaletteKind) => {
      const inst = instance.current;
      const view = viewBox();
      if (!inst || !view) return;
      const middle = { x: view.x + view.w / 2, y: view.y + view.h / 2 };
      if (kind === 'pod') {
        addElement('pod', undefined, podHost(inst, middle) ?? undefined);
        return;
      }
      const size = newElementSize(kind);
      addNear(kind, { x: middle.x - size.w / 2, y: middle.y - size.h / 2 }, view);
    },
    [addElement, addNear, viewBox],
  );

  const onInit = useCallback((inst: ReactFlowInstance<EditorNode, AppEdge>) => {
    instance.current = inst;
  }, []);

  /** Moves the selected elements by (dx, dy) as one edit. */
  const nudge = useCallback(
    (dx: number, dy: number) => {
      const all = positions();
      const out: Record<string, Position> = {};
      for (const n of instance.current?.getNodes() ?? []) {
        const key = layoutKeyOfId(n.id);
        if (!n.selected || !key || !all[key]) continue;
        out[key] = { x: all[key].x + dx, y: all[key].y + dy };
      }
      if (Object.keys(out).length) setPositions({ ...all, ...out });
      return Object.keys(out).length > 0;
    },
    [positions, setPositions],
  );

  const fitTo = useCallback((canvasIds: string[]) => {
    const inst = instance.current;
    if (!inst || canvasIds.length === 0) return;
    void inst.fitView({ nodes: canvasIds.map((id) => ({ id })), padding: 0.4, maxZoom: 1.2, duration: 250 });
  }, []);

  const relayout = useCallback(() => {
    if (!view || !graph) return;
    const collapsed = new Set(graph.nodes.filter((n) => n.type === 'clusterNode' && n.data.collapsed).map((n) => n.id));
    void loadAutoLayout().then((autoLayout) => {
      writeLayout(autoLayout(buildGraph(view), view, { collapsed }));
      // The picture moved: show all of it once React Flow has the new positions.
      requestAnimationFrame(() => void instance.current?.fitView({ padding: 0.06, maxZoom: 1 }));
    });
  }, [view, graph, writeLayout]);

  const panBy = useCallback((dx: number, dy: number) => {
    const inst = instance.current;
    if (!inst) return;
    const v = inst.getViewport();
    void inst.setViewport({ x: v.x + dx, y: v.y + dy, zoom: v.zoom });
  }, []);
  useOfferCanvasControls(useMemo(() => ({ nudge, fitTo, panBy, autoLayout: relayout, add }), [nudge, fitTo, panBy, relayout, add]));

  const props = useMemo(
    () => ({
      onNodesChange: onNodesChange as unknown as (c: NodeChange<AppNode>[]) => void,
      onNodeDragStop: onNodeDragStop as unknown as OnNodeDrag<AppNode>,
      onConnectEnd,
      onDragOver,
      onDrop,
      ref: canvasElement,
      onInit: onInit as unknown as (i: ReactFlowInstance<AppNode, AppEdge>) => void,
      nodesDraggable: true,
      nodesConnectable: true,
      elementsSelectable: true,
      selectNodesOnDrag: false,
      deleteKeyCode: null,
      multiSelectionKeyCode: MULTI_SELECT_KEYS,
      selectionKeyCode: 'Shift',
    }),
    [onNodesChange, onNodeDragStop, onConnectEnd, onDragOver, onDrop, onInit],
  );

  return { nodes: nodes as Node[] as AppNode[], edges: decorated?.edges ?? NO_EDGES, ids, nudge, fitTo, props };
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
function podHost(inst: ReactFlowInstance<EditorNode, AppEdge>, middle: Position): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const n of inst.getNodes()) {
    // (the type check only narrows `data`: clusterNode is the kind that holds pods)
    if (!kindOf(n).holdsPods || n.type !== 'clusterNode') continue;
    if (n.selected) return n.data.name;
    // Nodes sit in the VPC box: their own position is relative to it.
    const abs = inst.getInternalNode(n.id)?.internals.positionAbsolute ?? n.position;
    const d = Math.hypot(abs.x + (n.width ?? 0) / 2 - middle.x, abs.y + (n.height ?? 0) / 2 - middle.y);
    if (d < bestD) [best, bestD] = [n.data.name, d];
  }
  return best;
}

// Module scope: React Flow stores these props and re-renders when their identity changes.
const MULTI_SELECT_KEYS = ['Meta', 'Control'];
const NO_EDGES: AppEdge[] = [];
