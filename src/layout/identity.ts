/**
 * Keeping the objects of elements that did not change: React Flow re-adopts (and re-measures) a node
 * whose object is new, so a trace that marks ten elements of a 30,000-element picture must hand it
 * the other 29,990 objects it already has. Pure.
 */
import type { Graph } from './graph';
import type { GraphEdge, GraphNode } from './types';
import { sameData as same } from '../model/same-data';

/** Each element's latest object by id: what a keeper compares the next picture with. */
interface Memory {
  nodes: Map<string, GraphNode>;
  edges: Map<string, GraphEdge>;
}

const remember = (g: Graph): Memory => ({ nodes: new Map(g.nodes.map((n) => [n.id, n])), edges: new Map(g.edges.map((e) => [e.id, e])) });

/** `next`'s elements, each replaced by its remembered namesake when equal; whether the list differs from `prev`'s. */
function keepList<T extends { id: string }>(memory: Map<string, T>, prev: readonly T[], next: readonly T[], depth: number): { out: T[]; changed: boolean } {
  let changed = prev.length !== next.length;
  const out = next.map((x, i) => {
    const at = prev[i];
    // NOTE: most elements come back as the very object at the same place: no lookup (a trace's new
    // picture of 5,000 elements marks a dozen).
    if (x === at) return x;
    const old = memory.get(x.id);
    const keep = old !== undefined && same(old, x, depth) ? old : x;
    if (keep === x) memory.set(x.id, x);
    if (keep !== at) changed = true;
    return keep;
  });
  return { out, changed };
}

function keep(memory: Memory, prev: Graph, next: Graph): Graph {
  const nodes = keepList(memory.nodes, prev.nodes, next.nodes, 4);
  const edges = keepList(memory.edges, prev.edges, next.edges, 3);
  return nodes.changed || edges.changed ? { nodes: nodes.out, edges: edges.out } : prev;
}

/**
 * `next`, with each node and edge that equals its namesake in `prev` replaced by that object, and
 * `prev` itself when nothing changed at all.
 */
export function keepIdentity(prev: Graph | null, next: Graph): Graph {
  return prev ? keep(remember(prev), prev, next) : next;
}

/**
 * A function that passes each graph through `keepIdentity` against the one it returned last,
 * remembering the elements by id from one call to the next rather than indexing each picture again.
 * `kept`: `next` is one of a row of pictures whose unchanged elements come as the objects of the last one (the place
 * worker's: place-client.ts receives each as the object it received before). The first of a row is compared by id with
 * the picture before it (a small document's, grown past WORKER_PODS); each after it is the last one only when it holds
 * the very same elements, else taken as it is.
 * NOTE: compared by id, expanding every node at 1,000 nodes looked up 35,000 boxes and remembered 30,000 new pods (~18 ms).
 */
export function identityKeeper(): (next: Graph, kept?: boolean) => Graph {
  let prev: Graph | null = null;
  let memory: Memory | null = null;
  let taken: boolean | undefined;
  return (next, kept) => {
    // (Remembered again from the picture returned, if one is ever compared by id. Depth 2: the very same elements.)
    if (kept && taken) return ((memory = null), (prev = prev && same(prev, next, 2) ? prev : next));
    taken = kept;
    // Forget elements long gone (another document): the memory holds at most about twice the picture.
    if (!prev || !memory || memory.nodes.size > 2 * next.nodes.length + 100 || memory.edges.size > 2 * next.edges.length + 100) {
      memory = prev ? remember(prev) : null;
    }
    prev = memory && prev ? keep(memory, prev, next) : next;
    memory ??= remember(prev);
    return prev;
  };
}
