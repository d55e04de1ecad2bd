/**
 * A placed picture sent as what changed: the place worker remembers each box and line it sent the page, by id, and
 * sends again only those that differ; one it sent before goes as its id, and the page puts back the object it received
 * then. A new picture of the same cluster (nodes expanded again, an auto-layout, its undo) is then cheap to receive —
 * sending all 35,000 elements of a 1,000-node cluster each time cloned them all (~80 ms of the page's thread) and
 * the page compared each with its namesake (sameData, ~50–130 ms) to keep the objects React Flow holds — and every
 * element that did not change arrives as the very object the page had. Pure.
 */
import type { GraphEdge, GraphNode } from '../layout/types';
import { sameData } from '../model/same-data';

/** An element as sent: itself, or the id of the one sent before that it equals. */
export type Sent<T> = T | string;

/** Each element's latest object by id, as sent (the worker's memory) or as received (the page's): the two hold the same. */
interface Memory {
  nodes: Map<string, GraphNode>;
  edges: Map<string, GraphEdge>;
}

const emptyMemory = (): Memory => ({ nodes: new Map(), edges: new Map() });

/** Depths the page's identity keeper compares at (layout/identity.ts): a node's data holds one more level. */
const NODE_DEPTH = 4;
const EDGE_DEPTH = 3;

function sendList<T extends { id: string }>(memory: Map<string, T>, list: readonly T[], depth: number): Sent<T>[] {
  return list.map((x) => {
    const before = memory.get(x.id);
    if (before !== undefined && (before === x || sameData(before, x, depth))) return x.id;
    memory.set(x.id, x);
    return x;
  });
}

function receiveList<T extends { id: string }>(memory: Map<string, T>, list: readonly Sent<T>[]): T[] {
  return list.map((x) => {
    if (typeof x !== 'string') {
      memory.set(x.id, x);
      return x;
    }
    const kept = memory.get(x);
    // (The worker sends an id only for an element it sent before, since the memory last started afresh.)
    if (kept === undefined) throw new Error(`The place worker named an element the page never received: ${x}`);
    return kept;
  });
}

/**
 * The worker's side: `start` says whether the next picture's elements are all sent afresh (the page forgets what it
 * holds), `nodes` and `edges` encode its slices. The memory starts afresh when it holds far more than the picture (a
 * picture of another document, or long-gone elements), as the page's identity keeper forgets.
 */
export function pictureSender() {
  let memory: Memory | null = null;
  return {
    start(picture: { nodes: number; edges: number }): boolean {
      const fresh = !memory || memory.nodes.size > 2 * picture.nodes + 100 || memory.edges.size > 2 * picture.edges + 100;
      if (fresh) memory = emptyMemory();
      return fresh;
    },
    nodes: (list: readonly GraphNode[]) => sendList((memory ??= emptyMemory()).nodes, list, NODE_DEPTH),
    edges: (list: readonly GraphEdge[]) => sendList((memory ??= emptyMemory()).edges, list, EDGE_DEPTH),
  };
}

/** The page's side: each slice decoded (every slice, a picture's since overtaken too: the memories stay the same). */
export function pictureReceiver() {
  let memory = emptyMemory();
  return (slice: { fresh: boolean; nodes: readonly Sent<GraphNode>[]; edges: readonly Sent<GraphEdge>[] }): { nodes: GraphNode[]; edges: GraphEdge[] } => {
    if (slice.fresh) memory = emptyMemory();
    return { nodes: receiveList(memory.nodes, slice.nodes), edges: receiveList(memory.edges, slice.edges) };
  };
}
