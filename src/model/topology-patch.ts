/**
 * What changed from one validated topology to the next, so the simulator's answer to an edit carries that rather than
 * the whole topology (at 1,000 nodes, receiving it was a ~100 ms task of the page per edit), and the page's next
 * topology keeps the objects of the elements that did not change (so what is derived from them holds). Pure.
 */
import type { Topology } from './topology';
import { sameData } from './same-data';

/**
 * A list's change: the first `head` and last `tail` elements are the old list's; between them, either `middle` (all of
 * them, new) or, when the old list had as many there, the old ones with those at the `changed` places replaced.
 */
export interface ListPatch {
  head: number;
  tail: number;
  middle?: unknown[];
  changed?: [number, unknown][];
}

/** A record's change (the layout's positions by element): the keys set anew, and those removed. */
export interface RecordPatch {
  set: Record<string, unknown>;
  removed: string[];
}

/**
 * The fields of the next topology that differ: lists as {@link ListPatch}es, records (objects) as {@link RecordPatch}es,
 * other values whole; `removed`: those it does not have.
 */
export interface TopologyPatch {
  lists: Record<string, ListPatch>;
  records: Record<string, RecordPatch>;
  values: Record<string, unknown>;
  removed: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function recordPatch(from: Record<string, unknown>, to: Record<string, unknown>): RecordPatch | null {
  const set: Record<string, unknown> = {};
  let any = false;
  for (const [k, v] of Object.entries(to))
    if (!(k in from) || !sameData(from[k], v)) {
      set[k] = v;
      any = true;
    }
  const removed = Object.keys(from).filter((k) => !(k in to));
  return any || removed.length ? { set, removed } : null;
}

function listPatch(from: readonly unknown[], to: readonly unknown[]): ListPatch | null {
  const most = Math.min(from.length, to.length);
  let head = 0;
  while (head < most && sameData(from[head], to[head])) head++;
  if (head === from.length && head === to.length) return null;
  let tail = 0;
  while (tail < most - head && sameData(from[from.length - 1 - tail], to[to.length - 1 - tail])) tail++;
  const before = from.length - head - tail;
  const after = to.slice(head, to.length - tail);
  if (before !== after.length) return { head, tail, middle: after };
  const changed: [number, unknown][] = [];
  after.forEach((x, i) => {
    if (!sameData(from[head + i], x)) changed.push([i, x]);
  });
  return { head, tail, changed };
}

/** What turns `from` into `to` (see {@link patchTopology}). */
export function topologyPatch(from: Topology, to: Topology): TopologyPatch {
  const a = from as unknown as Record<string, unknown>;
  const b = to as unknown as Record<string, unknown>;
  const patch: TopologyPatch = { lists: {}, records: {}, values: {}, removed: Object.keys(a).filter((k) => !(k in b)) };
  for (const [k, v] of Object.entries(b)) {
    const was = a[k];
    if (Array.isArray(was) && Array.isArray(v)) {
      const p = listPatch(was, v);
      if (p) patch.lists[k] = p;
    } else if (isRecord(was) && isRecord(v)) {
      const p = recordPatch(was, v);
      if (p) patch.records[k] = p;
    } else if (!(k in a) || !sameData(was, v)) patch.values[k] = v;
  }
  return patch;
}

function patchList(from: readonly unknown[], p: ListPatch): unknown[] {
  let middle = p.middle;
  if (!middle) {
    middle = from.slice(p.head, from.length - p.tail);
    for (const [i, x] of p.changed ?? []) middle[i] = x;
  }
  return [...from.slice(0, p.head), ...middle, ...from.slice(from.length - p.tail)];
}

/** `base` turned into the topology `patch` was made for, sharing every element of `base` that did not change. */
export function patchTopology(base: Topology, patch: TopologyPatch): Topology {
  const out: Record<string, unknown> = { ...(base as unknown as Record<string, unknown>), ...patch.values };
  for (const k of patch.removed) delete out[k];
  for (const [k, p] of Object.entries(patch.lists)) out[k] = patchList(out[k] as unknown[], p);
  for (const [k, p] of Object.entries(patch.records)) {
    const r = { ...(out[k] as Record<string, unknown>), ...p.set };
    for (const x of p.removed) delete r[x];
    out[k] = r;
  }
  return out as unknown as Topology;
}
