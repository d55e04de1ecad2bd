/**
 * The rectangles a trace needs: those of the elements on its path, not of the whole picture (30,000
 * elements at 1,000 nodes, computed again each time a trace opened other nodes). Pure.
 */
import type { Graph } from './graph';
import type { Rect } from './geometry';
import type { GraphNode } from './types';

/** Absolute rectangles of the elements `ids` names that `g` holds (React Flow positions children relative to their parent), as absoluteRects gives them. */
export function rectsOf(g: Graph, ids: Iterable<string>): Map<string, Rect> {
  const want = new Set(ids);
  const found = new Map<string, GraphNode>();
  // One pass finds the elements, the next their parents (a pod's node), the next theirs (a node's VPC).
  for (let need: ReadonlySet<string> = want; need.size > 0;) {
    const parents = new Set<string>();
    for (const n of g.nodes) {
      if (!need.has(n.id) || found.has(n.id)) continue;
      found.set(n.id, n);
      if (n.parentId && !found.has(n.parentId)) parents.add(n.parentId);
    }
    need = parents;
  }
  const out = new Map<string, Rect>();
  const rect = (id: string): Rect | undefined => {
    const n = found.get(id);
    if (!n) return undefined;
    const parent = n.parentId ? rect(n.parentId) : undefined;
    return { x: n.position.x + (parent?.x ?? 0), y: n.position.y + (parent?.y ?? 0), w: n.width ?? 0, h: n.height ?? 0 };
  };
  for (const id of want) {
    const r = rect(id);
    if (r) out.set(id, r);
  }
  return out;
}
