/**
 * Choosing the elements React Flow is handed on a big picture (see visible-elements.ts). A module of its own,
 * loaded with the first picture past CULL_MIN elements or with a far level of detail (a big cluster): the built-ins and an embed's documents never need it.
 */
import type { Rect } from '../../layout/geometry';
import { placedLayout, placedRect } from '../../layout/placed-rects';
import { gridIndex, overlaps, type SpatialIndex } from '../../layout/spatial-index';
import { farNodes, type PodLayer } from '../../layout/lod';
import type { AppEdge, AppNode, Marks } from './types';

interface Geometry {
  nodes: readonly AppNode[];
  index: SpatialIndex;
  rects: readonly Rect[];
  /** Each element's place by id. */
  at: { get(id: string): number | undefined };
  /** Each element's parent's place (-1: none). */
  parent: Int32Array;
}

/** Whether `q` is where `p` is (a trace's marks and the selection make new objects at the same places; a node being dragged is always drawn). */
function keepsPlace(p: AppNode, q: AppNode): boolean {
  if (p === q || q.dragging) return true;
  if (p.id !== q.id || p.parentId !== q.parentId || p.position.x !== q.position.x || p.position.y !== q.position.y) return false;
  return (p.measured?.width ?? p.width) === (q.measured?.width ?? q.width) && (p.measured?.height ?? p.height) === (q.measured?.height ?? q.height);
}

/** Whether `b` puts every element where `a` does. */
function samePlaces(a: readonly AppNode[], b: readonly AppNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!keepsPlace(a[i]!, b[i]!)) return false;
  return true;
}

function geometryOf(nodes: readonly AppNode[]): Geometry {
  const { at, parent, rects } = placedLayout(nodes);
  return { nodes, index: gridIndex(rects), rects, at, parent };
}

/** Elements changed, added or gone past which a picture's geometry is built whole rather than over the last one built whole. */
const CHANGED_MAX = 512;

/**
 * `nodes`' geometry over `whole` (one built whole): the same elements in the same order but for a few changed, added
 * or gone (a trace opening a node: its pods come, it and the VPC grow). Each element that kept its place, parent and
 * size keeps its rectangle, and the index is the whole one's, its answers moved to the new places, with the few others
 * checked one by one. Null when the order changed, a child comes before its parent or too much changed.
 * NOTE: a trace's picture at 1,000 nodes (4,786 elements) built whole was most of the canvas's own work for its answer:
 * the ids mapped, every rectangle found, the grid made again, for the 31 elements it changed.
 */
function geometryOver(whole: Geometry, nodes: readonly AppNode[]): Geometry | null {
  const old = whole.nodes;
  // Each old element's new place (-1: gone) and each new one's old place (-1: added); the old entries the index no longer holds.
  const placeOf = new Int32Array(old.length).fill(-1);
  const oldOf = new Int32Array(nodes.length).fill(-1);
  const stale = new Uint8Array(old.length);
  const rects = new Array<Rect | undefined>(nodes.length);
  const parent = new Int32Array(nodes.length);
  const added = new Map<string, number>();
  // The new places of the elements checked one by one: added, or not where the index has them.
  const changed: number[] = [];
  let next = 0;
  let gone = 0;
  const tooMany = () => changed.length + gone > CHANGED_MAX;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const k = old[next]?.id === n.id ? next : whole.at.get(n.id);
    if (k === undefined) added.set(n.id, i);
    else if (k < next) return null;
    else {
      gone += k - next;
      for (; next < k; next++) stale[next] = 1;
      next = k + 1;
      [placeOf[k], oldOf[i]] = [i, k];
      if (keepsPlace(old[k]!, n)) rects[i] = whole.rects[k]!;
      else stale[k] = 1;
    }
    if (!rects[i]) changed.push(i);
    if (tooMany()) return null;
  }
  gone += old.length - next;
  for (; next < old.length; next++) stale[next] = 1;
  const placeOfId = (id: string | undefined) => {
    if (id === undefined) return -1;
    const k = whole.at.get(id);
    return added.get(id) ?? (k === undefined ? -1 : placeOf[k]!);
  };
  // Parents and rectangles in the list's order (parents first): an element kept moves with its parent.
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const k = oldOf[i]!;
    const kept = rects[i] !== undefined;
    const oldParent = k >= 0 ? whole.parent[k]! : -1;
    const p = kept && oldParent >= 0 ? placeOf[oldParent]! : placeOfId(n.parentId);
    if (p >= i) return null;
    parent[i] = p;
    const corner = p < 0 ? undefined : rects[p]!;
    if (kept) {
      const was = oldParent >= 0 ? whole.rects[oldParent] : undefined;
      if (corner === was || (corner && was && corner.x === was.x && corner.y === was.y)) continue;
      stale[k] = 1;
      changed.push(i);
      if (tooMany()) return null;
    }
    rects[i] = placedRect(n, corner);
  }
  const done = rects as Rect[];
  const index: SpatialIndex = {
    query(region) {
      const out: number[] = [];
      for (const k of whole.index.query(region)) if (!stale[k]) out.push(placeOf[k]!);
      for (const i of changed) if (Number.isFinite(done[i]!.x + done[i]!.y + done[i]!.w + done[i]!.h) && overlaps(done[i]!, region)) out.push(i);
      return out.sort((a, b) => a - b);
    },
  };
  const at = (id: string) => {
    const i = placeOfId(id);
    return i < 0 ? undefined : i;
  };
  return { nodes, index, rects: done, parent, at: { get: at } };
}

const marked = (n: AppNode) => {
  const d = n.data as Marks;
  return !!(d.onPath || d.from || d.to);
};

/** The elements React Flow holds wherever the view is: selected, being dragged, marked by the trace or the request, the ends of the edges drawn. */
function pinnedOf(nodes: readonly AppNode[], edges: readonly AppEdge[]): number[] {
  // (Not a pair per edge: this runs on each new list, up to EDGE_LIMIT lines.)
  const ends = new Set<string>();
  for (const e of edges) ends.add(e.source).add(e.target);
  const out: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.selected || n.dragging || marked(n) || ends.has(n.id)) out.push(i);
  }
  return out;
}

/**
 * The spatial index of the whole picture, built once per placement (a trace's marks, the selection
 * and a drag keep it), and the elements React Flow holds wherever the view is.
 */
export function placesKeeper() {
  let geometry: Geometry | null = null;
  // The last geometry built whole: a trace's picture is found over it (geometryOver).
  let whole: Geometry | null = null;
  return (nodes: readonly AppNode[], edges: readonly AppEdge[]) => {
    if (geometry && samePlaces(geometry.nodes, nodes)) geometry = { ...geometry, nodes };
    else geometry = (whole && geometryOver(whole, nodes)) ?? (whole = geometryOf(nodes));
    return { geometry, pinned: pinnedOf(nodes, edges) };
  };
}

/**
 * Chooses what React Flow is handed: the elements overlapping `window`, those pinned, and the parents
 * of each (React Flow places a child by its parent), in the picture's order. Costs what it chooses,
 * not the picture's size: this runs each time a pan crosses a margin.
 */
export function choose({ geometry: g, pinned }: ReturnType<ReturnType<typeof placesKeeper>>, window: Rect | null): AppNode[] {
  const keep = new Set<number>();
  const take = (i: number) => {
    // A kept element's parents are kept already: the climb stops there.
    for (let j = i; j >= 0 && !keep.has(j); j = g.parent[j]!) keep.add(j);
  };
  if (window) for (const i of g.index.query(window)) take(i);
  for (const i of pinned) take(i);
  return [...keep].sort((a, b) => a - b).map((i) => g.nodes[i]!);
}

/** The same list as `prev` when it holds the same objects: React Flow then has nothing to adopt. */
export function sameListKeeper() {
  let last: AppNode[] = [];
  return (next: AppNode[]) => {
    if (next.length !== last.length || next.some((n, i) => n !== last[i])) last = next;
    return last;
  };
}

/**
 * Elements a frame may bring into view that React Flow was not handed before, at most (their parents come with them).
 * A jump to a new place (the camera going to where a trace starts) handed it a screenful at once: at 1,000 nodes ~540
 * DOM elements styled in one frame, the longest task of a trace.
 */
export const NEW_PER_FRAME = 15;

/**
 * Hands React Flow a window's elements (`near`, chosen for `window`) a few a frame after a jump (a view that does not
 * overlap the last window: the camera going to where a trace starts, a find far away) or when the picture gains
 * elements in the same window (a trace opening a node in view): everything it held the last time and every element
 * outside the view at once (it mounts nothing there), and of those newly in view (the window's middle: the view it was
 * made for) the `budget` nearest the view's centre, with their parents; the rest, and their children, wait (`waiting`:
 * how many) for the next calls. Anything else (the first window, a pan, a zoom) is handed whole, and so is `near`
 * itself (the same list) once nothing waits.
 */
export function admitKeeper() {
  let held: ReadonlySet<string> | null = null;
  let lastWindow: Rect | null = null;
  return (
    { geometry: g }: ReturnType<ReturnType<typeof placesKeeper>>,
    near: AppNode[],
    window: Rect | null,
    budget = NEW_PER_FRAME,
  ): { nodes: AppNode[]; waiting: number } => {
    if (!window) return { nodes: near, waiting: 0 };
    const [last, before] = [held, lastWindow];
    [held, lastWindow] = [new Set(near.map((n) => n.id)), window];
    const view = { x: window.x + window.w / 4, y: window.y + window.h / 4, w: window.w / 2, h: window.h / 2 };
    // NOTE: a pan or a zoom brings elements in at the view's edges, and the window's margin holds them before: only a jump brings a screenful.
    if (!last || !before || (before !== window && overlaps(view, before))) return { nodes: near, waiting: 0 };
    const [cx, cy] = [view.x + view.w / 2, view.y + view.h / 2];
    const rectOf = (id: string) => g.rects[g.at.get(id) ?? -1];
    const inView = (id: string) => {
      const r = rectOf(id);
      return !!r && overlaps(r, view);
    };
    const arriving = near.filter((n) => !last.has(n.id) && inView(n.id));
    if (arriving.length <= budget) return { nodes: near, waiting: 0 };
    const distance = (id: string) => {
      const r = rectOf(id)!;
      return Math.hypot(r.x + r.w / 2 - cx, r.y + r.h / 2 - cy);
    };
    const admitted = new Set<string>();
    for (const n of arriving.map((n) => ({ n, d: distance(n.id) })).sort((a, b) => a.d - b.d)) {
      if (admitted.size >= budget) break;
      // The element and the parents React Flow places it by.
      for (let j = g.at.get(n.n.id) ?? -1; j >= 0 && !admitted.has(g.nodes[j]!.id) && !last.has(g.nodes[j]!.id); j = g.parent[j]!) admitted.add(g.nodes[j]!.id);
    }
    const waitingIds = new Set<string>();
    const nodes = near.filter((n) => {
      const wait = (n.parentId !== undefined && waitingIds.has(n.parentId)) || (!last.has(n.id) && !admitted.has(n.id) && inView(n.id));
      if (wait) waitingIds.add(n.id);
      return !wait;
    });
    held = new Set(nodes.map((n) => n.id));
    return { nodes, waiting: waitingIds.size };
  };
}

/** How long a hand-over waits at most for the page to be idle (see nextHandOver). */
export const IDLE_WAIT_MS = 250;

/**
 * Runs `handOver` (the next few elements waiting, admitKeeper) once the page is idle (or IDLE_WAIT_MS passed), in the
 * frame after next; the function returned cancels it.
 * NOTE: the frame after next: the next one lays out what the last hand-over mounted; asked in it, the next few were laid
 * out with them (at 1,000 nodes two hand-overs, 456 elements styled, in one frame). Idle first: the panels' deferred render
 * of a trace (usePanelPlayback, ~490 elements) commits a task at a time, and a hand-over between it and its frame was
 * laid out with it (~945 elements styled, the trace's 44-61 ms task).
 */
export function nextHandOver(handOver: () => void): () => void {
  let cancel = () => {};
  const inFrames = (n: number) => {
    const t = requestAnimationFrame(() => (n > 1 ? inFrames(n - 1) : handOver()));
    cancel = () => cancelAnimationFrame(t);
  };
  if (typeof requestIdleCallback !== 'function') inFrames(2);
  else {
    const t = requestIdleCallback(() => inFrames(2), { timeout: IDLE_WAIT_MS });
    cancel = () => cancelIdleCallback(t);
  }
  return () => cancel();
}

/**
 * Runs `step` (the next nodes switching between their pods and their layer, stepOpen) in a task of its own right after
 * the next frame; the function returned cancels it.
 * NOTE: not in the frame's animation callbacks: there the step's render (~15 ms of script for a node's 30 pods) was one
 * task with the zoom's own frame and the style, layout and paint of what it mounted, at 10 nodes the zoom's longest
 * task (38-48 ms of thread time). After the frame, its render is a task alone and the next frame draws what it mounted.
 */
export function afterFrame(step: () => void): () => void {
  let after: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (after = setTimeout(step)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(after);
  };
}

/**
 * Pods a frame may draw one by one or fold into their node's layer, at most. Mounting a pod box costs
 * ~0.2–0.4 ms (React, React Flow's node wrapper, handles and resize observer, style, layout, paint),
 * unmounting one about half that: crossing FAR_ZOOM at 1,000 nodes expanded changed ~240 pods in view
 * at once, a 100–200 ms task.
 * NOTE: 30, a generated node's pods: a step switches whole nodes (at least one), and at 10 nodes a step of two nodes was
 * the zoom's longest task (71–78 ms of thread time, one node's 50–60: the step's own cost is half of it, whatever its size).
 */
export const PODS_PER_FRAME = 30;

/** Whether an element overlaps `view` (every one when there is no view yet). */
export function seenIn({ geometry: g }: ReturnType<ReturnType<typeof placesKeeper>>, view: Rect | null): (id: string) => boolean {
  if (!view) return () => true;
  return (id) => {
    const r = g.rects[g.at.get(id) ?? -1];
    return !!r && r.x < view.x + view.w && r.x + r.w > view.x && r.y < view.y + view.h && r.y + r.h > view.y;
  };
}

/** What is drawn this frame: `near` with each node not `open` drawing its pods as its layer (`shut`: those nodes; `opened`: how many draw them one by one). */
export function stagedNear(
  near: AppNode[],
  layers: ReadonlyMap<string, PodLayer>,
  open: ReadonlySet<string>,
): { nodes: AppNode[]; shut: string[]; opened: number } {
  const shut = new Map<string, PodLayer>();
  let opened = 0;
  for (const n of near) {
    const layer = n.type === 'clusterNode' ? layers.get(n.id) : undefined;
    if (layer && open.has(n.id)) opened++;
    else if (layer) shut.set(n.id, layer);
  }
  return { nodes: shut.size ? farNodes(near, shut) : near, shut: [...shut.keys()], opened };
}

/**
 * The nodes open (pods drawn one by one) after this frame, a step from `open` towards every node of
 * `near` holding pods (near), or none (`far`): near, the `shut` ones nearest `centre` open; far, the open
 * ones farthest from it close; up to `budget` pods a step (at least one node). Nodes no longer in `near`
 * leave `open` (they are not drawn). `open` itself when nothing changes.
 * Nodes outside the view (not `seen`) switch all in this step, outside the budget: React Flow mounts nothing of them
 * (onlyRenderVisibleElements). Budgeting those too made each window change of a pan at 1,000 nodes expanded several
 * frames of new lists for React Flow to adopt, a long task each.
 * NOTE: tried and dropped (s23): on an unculled picture (10 nodes) keeping the shut nodes outside the view shut until a
 * view showed them, then opening them a step at a time, so a zoom out would not mount the pods it brings in unbudgeted.
 * It made the zoom's longest task longer (zoom-ab.ts 10 nodes, 3 runs, load 8-10: 45 / 45 / 61 ms against 36 / 38 / 39):
 * React Flow mounts a zoom's new pods a few a frame as they reach the view's edge, a step mounts a whole node's 30 at once.
 */
export function stepOpen(
  { geometry: g }: ReturnType<ReturnType<typeof placesKeeper>>,
  open: ReadonlySet<string>,
  near: readonly AppNode[],
  shut: readonly string[],
  layers: ReadonlyMap<string, PodLayer>,
  centre: { x: number; y: number },
  far: boolean,
  budget = PODS_PER_FRAME,
  seen: (id: string) => boolean = () => true,
): ReadonlySet<string> {
  const next = new Set<string>();
  for (const n of near) if (open.has(n.id)) next.add(n.id);
  const distance = (id: string) => {
    const r = g.rects[g.at.get(id) ?? -1];
    return r ? Math.hypot(r.x + r.w / 2 - centre.x, r.y + r.h / 2 - centre.y) : Infinity;
  };
  const switching = (far ? [...next] : shut).filter((id) => {
    if (seen(id)) return true;
    if (far) next.delete(id);
    else next.add(id);
    return false;
  });
  // Near: the shut ones, nearest first; far: the open ones, farthest first.
  const moving = switching.map((id) => ({ id, d: distance(id) })).sort((a, b) => (far ? b.d - a.d : a.d - b.d));
  let pods = 0;
  for (const { id } of moving) {
    const count = layers.get(id)?.count ?? 0;
    if (pods > 0 && pods + count > budget) break;
    if (far) next.delete(id);
    else next.add(id);
    pods += count;
  }
  return next.size === open.size && [...next].every((id) => open.has(id)) ? open : next;
}
