/**
 * Keeping the objects of elements that did not change: React Flow re-adopts (and re-measures) a node
 * whose object is new, so a trace that marks ten elements of a 30,000-element picture must hand it
 * the other 29,990 objects it already has. Pure.
 */
import type { Graph } from './graph';

/** Structural equality of plain data (objects, arrays, primitives), `depth` levels down. */
function same(a: unknown, b: unknown, depth: number): boolean {
  if (Object.is(a, b)) return true;
  if (depth <= 0 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => same(x, bb[i], depth - 1));
  }
  const ka = Object.keys(a);
  const ob = b as Record<string, unknown>;
  if (ka.length !== Object.keys(ob).length) return false;
  const oa = a as Record<string, unknown>;
  return ka.every((k) => k in ob && same(oa[k], ob[k], depth - 1));
}

/**
 * `next`, with each node and edge that equals its namesake in `prev` replaced by that object, and
 * `prev` itself when nothing changed at all.
 */
export function keepIdentity(prev: Graph | null, next: Graph): Graph {
  if (!prev) return next;
  const nodes = new Map(prev.nodes.map((n) => [n.id, n]));
  const edges = new Map(prev.edges.map((e) => [e.id, e]));
  let changed = prev.nodes.length !== next.nodes.length || prev.edges.length !== next.edges.length;
  const outNodes = next.nodes.map((n, i) => {
    const old = nodes.get(n.id);
    const keep = old && same(old, n, 4) ? old : n;
    if (keep !== prev.nodes[i]) changed = true;
    return keep;
  });
  const outEdges = next.edges.map((e, i) => {
    const old = edges.get(e.id);
    const keep = old && same(old, e, 3) ? old : e;
    if (keep !== prev.edges[i]) changed = true;
    return keep;
  });
  return changed ? { nodes: outNodes, edges: outEdges } : prev;
}

/** A function that passes each graph through `keepIdentity` against the one it returned last. */
export function identityKeeper(): (next: Graph) => Graph {
  let prev: Graph | null = null;
  return (next) => (prev = keepIdentity(prev, next));
}
