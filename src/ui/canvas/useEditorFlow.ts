import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { applyNodeChanges, type Node, type NodeChange, type ReactFlowInstance } from '@xyflow/react';
import type { Topology } from '../../model';
import { listRef, parseListRef, routerId, nodeId } from '../../model/element-id';
import { selectNamespaceFilter, selectProblems, selectQuery, selectSelection, selectGroupByNamespace, useAppStore, useAppStoreApi } from '../../store';
import type { Graph } from './layout';
import { namespaceColor, namespacesOf } from './namespace-color';
import type { AppEdge, AppNode, EditorNode } from './types';
import { idMap, ROUTER, routerPositions, type IdMap } from './place-graph';
import { declaredNode, kindOf } from './kinds';
import { useOfferCanvasControls } from './canvas-controls';
import { measuredKeeper } from './keep-measured';
import type { canvasEditing, CanvasEditing } from './canvas-editing';
import type { PaletteKind } from '../../model/edit';
import { placedRects } from '../../layout/placed-rects';
import { boundsOf, MIN_ZOOM, viewFitting } from './visible-elements';
import { drawnEdges } from '../../layout/lod';

export type { EditorNode } from './types';

export { namespaceColor } from './namespace-color';

interface Decor {
  selected: ReadonlySet<string>;
  problems: ReadonlyMap<string, string>;
  query: string;
  namespace: string;
  groupByNamespace: boolean;
  namespaces: readonly string[];
  /** The graph's edges still to come (a big document's first picture holds them back): counted against EDGE_LIMIT. */
  heldEdges: number;
}

/**
 * Adds routers, selection, problems, find and filter to the graph; untouched nodes keep their identity. `made` remembers
 * what each graph node became under this `t`, `ids` and `d` (a new map for any other): a trace's graph, which changes only
 * the elements on its path, then costs those, and a decorated node it did not touch keeps its object.
 */
export function decorate(
  g: Graph,
  t: Topology,
  ids: IdMap,
  d: Decor,
  made: WeakMap<object, EditorNode> = new WeakMap(),
): { nodes: EditorNode[]; edges: AppEdge[] } {
  const nodes: EditorNode[] = [...g.nodes];
  // (Past EDGE_LIMIT, tens of thousands of lines: not copied when there is no router to add.)
  const edges: AppEdge[] = t.routers.length ? [...g.edges] : g.edges;
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
  // (Without a selection, no id is looked up: at 1,000 nodes these are 30,607 lines.)
  const selectedEnd = d.selected.size ? (e: AppEdge) => d.selected.has(e.source) || d.selected.has(e.target) : undefined;
  const shownEdges = drawnEdges(edges, edges.length + d.heldEdges, selectedEnd);
  const q = d.query.trim().toLowerCase();
  const out = nodes.map((n): EditorNode => {
    let done = made.get(n);
    if (!done) made.set(n, (done = decorated(n)));
    return done;
  });
  return { nodes: out, edges: shownEdges };

  function decorated(n: EditorNode): EditorNode {
    const selected = d.selected.has(n.id);
    // (Named only when a problem can be: naming a pod parses its id, and expanding 1,000 nodes named 30,000 for none.)
    const problem = d.problems.size ? d.problems.get(ids.toRef.get(n.id) ?? '') : undefined;
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
  }
}

/**
 * What the canvas draws and how it answers: the decorated graph, measurements kept, selection mirrored into the
 * store, and, given `editing` (canvas-editing.ts, which the app hands over and the embed never loads), the
 * palette's drops, drags, connections, nudges and the automatic layout.
 */
export function useEditorFlow(graph: Graph | null, view: Topology | null, editing?: typeof canvasEditing, heldEdges = 0) {
  const selection = useAppStore(selectSelection);
  const problems = useAppStore(selectProblems);
  const query = useAppStore(selectQuery);
  const namespace = useAppStore(selectNamespaceFilter);
  const groupByNamespace = useAppStore(selectGroupByNamespace);
  const select = useAppStore((s) => s.select);
  const store = useAppStoreApi();
  const instance = useRef<ReactFlowInstance<EditorNode, AppEdge> | null>(null);
  // React Flow's own element (its `ref`): where the canvas is on screen.
  const canvasElement = useRef<HTMLDivElement | null>(null);

  // NOTE: once there is a picture to draw: while a big document's layout is on its way, the frame that builds its graph
  // need not also name its 30,000 pods.
  const drawnView = graph ? view : null;
  const ids = useMemo(() => (drawnView ? idMap(drawnView) : null), [drawnView]);
  // Once per document, not per trace (30,000 pods at 1,000 nodes).
  const namespaces = useMemo(() => (view ? namespacesOf(view) : []), [view]);
  // What decorates the graph, apart from the graph: a trace changes none of it, so each node decorated before keeps its object.
  const decor = useMemo(() => {
    if (!view || !ids) return null;
    const problemMap = new Map<string, string>();
    for (const p of problems) {
      const r = parseListRef(p.path);
      if (r) {
        const k = listRef(r.list, r.index);
        if (!problemMap.has(k)) problemMap.set(k, `${p.path}: ${p.message}`);
      }
    }
    const selected = new Set(selection.map((k) => ids.toId.get(k)).filter((x): x is string => !!x));
    const d: Decor = { selected, problems: problemMap, query, namespace, groupByNamespace, namespaces, heldEdges };
    return { view, ids, d, made: new WeakMap<object, EditorNode>() };
  }, [view, ids, problems, selection, query, namespace, groupByNamespace, namespaces, heldEdges]);
  const decorated = useMemo(() => {
    if (!graph || !decor) return null;
    const d = decorate(graph, decor.view, decor.ids, decor.d, decor.made);
    return { nodes: d.nodes.map(declaredNode), edges: d.edges };
  }, [graph, decor]);

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

  // The editing reads the graph drawn now at each event, so its handlers (React Flow's props) keep their identity across traces.
  const latest = useRef<{ graph: Graph | null; view: Topology | null; ids: IdMap | null; nodes: readonly EditorNode[] }>({
    graph: null,
    view: null,
    ids: null,
    nodes: [],
  });
  useLayoutEffect(() => {
    latest.current = { graph, view, ids, nodes };
  }, [graph, view, ids, nodes]);

  const onInit = useCallback((inst: ReactFlowInstance<EditorNode, AppEdge>) => {
    instance.current = inst;
  }, []);

  // NOTE: from the whole picture, not React Flow's fitView: on a big cluster React Flow holds only the elements in view.
  const fitTo = useCallback((canvasIds: string[]) => {
    const inst = instance.current;
    const box = canvasElement.current?.getBoundingClientRect();
    const all = latest.current.nodes;
    if (!inst || !box || canvasIds.length === 0) return;
    const want = new Set(canvasIds);
    const rects = placedRects(all);
    const bounds = boundsOf(rects.filter((_, i) => want.has(all[i]!.id)));
    if (bounds) void inst.setViewport(viewFitting(bounds, box.width, box.height, { min: MIN_ZOOM, max: 1.2 }, 0.4), { duration: 250 });
  }, []);

  const panBy = useCallback((dx: number, dy: number) => {
    const inst = instance.current;
    if (!inst) return;
    const v = inst.getViewport();
    void inst.setViewport({ x: v.x + dx, y: v.y + dy, zoom: v.zoom });
  }, []);
  // NOTE: made at the first event, not while rendering (it holds the canvas's refs); until then each handler forwards to it.
  const edit = useMemo(() => {
    if (!editing) return null;
    let made: CanvasEditing | null = null;
    const get = () =>
      (made ??= editing({
        instance: () => instance.current,
        canvasElement: () => canvasElement.current,
        store,
        current: () => latest.current,
        reset: () => setResets((r) => r + 1),
      }));
    const props: CanvasEditing['props'] = {
      onNodeClick: (...a) => get().props.onNodeClick(...a),
      onNodeDragStop: (...a) => get().props.onNodeDragStop(...a),
      onConnectEnd: (...a) => get().props.onConnectEnd(...a),
      onDragOver: (e) => get().props.onDragOver(e),
      onDrop: (e) => get().props.onDrop(e),
      nodesDraggable: true,
      nodesConnectable: true,
    };
    return { props, nudge: (dx: number, dy: number) => get().nudge(dx, dy), add: (k: PaletteKind) => get().add(k), autoLayout: () => get().autoLayout() };
  }, [editing, store]);
  useOfferCanvasControls(
    useMemo(
      () => ({ nudge: edit?.nudge ?? nothingMoved, fitTo, panBy, autoLayout: edit?.autoLayout ?? nothing, add: edit?.add ?? nothing }),
      [edit, fitTo, panBy],
    ),
  );

  const props = useMemo(
    () => ({
      onNodesChange: onNodesChange as unknown as (c: NodeChange<AppNode>[]) => void,
      ref: canvasElement,
      onInit: onInit as unknown as (i: ReactFlowInstance<AppNode, AppEdge>) => void,
      nodesDraggable: false,
      nodesConnectable: false,
      elementsSelectable: true,
      selectNodesOnDrag: false,
      deleteKeyCode: null,
      multiSelectionKeyCode: MULTI_SELECT_KEYS,
      selectionKeyCode: 'Shift',
      ...edit?.props,
    }),
    [onNodesChange, onInit, edit],
  );

  return { nodes: nodes as Node[] as AppNode[], edges: decorated?.edges ?? NO_EDGES, ids, fitTo, props };
}

const nothing = () => {};
const nothingMoved = () => false;

// Module scope: React Flow stores these props and re-renders when their identity changes.
const MULTI_SELECT_KEYS = ['Meta', 'Control'];
const NO_EDGES: AppEdge[] = [];
