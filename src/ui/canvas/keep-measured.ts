import type { Node } from '@xyflow/react';

type Size = { width: number; height: number };

/**
 * Remembers what React Flow measured of each node, so a node handed over again keeps it.
 *
 * NOTE: React Flow drops the handle bounds of a node object that comes without `measured`, and with
 * onlyRenderVisibleElements it then mounts that node wherever it is, to measure it again. A trace
 * hands the canvas a new graph: without this every node measured so far (hundreds, most off screen)
 * was mounted, measured and unmounted in the frame that draws the packet's first hop.
 */
export function measuredKeeper<N extends Node>() {
  const sizes = new Map<string, Size>();
  // One object per (graph node, size): a node that did not change stays the object React Flow has.
  const carried = new WeakMap<N, N>();
  // The graph nodes last handed over, to learn what React Flow made of each (by id only when the list moved under it).
  let given: readonly N[] = [];
  let givenById: Map<string, N> | null = null;
  const givenAs = (n: N, i: number) => (given[i]?.id === n.id ? given[i] : (givenById ??= new Map(given.map((g) => [g.id, g]))).get(n.id));
  return {
    /** Records a measurement React Flow reported (its `dimensions` change). */
    measured(id: string, size: Size | undefined) {
      if (size) sizes.set(id, size);
    },
    /**
     * `nodes`, each that was measured at the size it declares carrying that measurement. A node whose
     * declared size changed, or that never was measured, goes without one and is measured anew.
     */
    carry(nodes: readonly N[]): N[] {
      // NOTE: not a map by id: a trace's new list (4,756 boxes at 1,000 nodes) would rebuild it for the few it changed.
      given = nodes;
      givenById = null;
      return nodes.map((n) => {
        const m = sizes.get(n.id);
        if (!m || n.measured || n.width !== m.width || n.height !== m.height) return n;
        const kept = carried.get(n);
        if (kept?.measured?.width === m.width && kept.measured.height === m.height) return kept;
        const next = { ...n, measured: { ...m } };
        carried.set(n, next);
        return next;
      });
    },
    /**
     * `nodes` as React Flow holds them after applying the measurements of `ids`: the next `carry` hands
     * each of those objects back for the same graph node (so React Flow finds the very object it has).
     */
    adopted(nodes: N[], ids: ReadonlySet<string>): N[] {
      if (!ids.size) return nodes;
      nodes.forEach((n, i) => {
        const from = ids.has(n.id) ? givenAs(n, i) : undefined;
        if (from && n.measured) carried.set(from, n);
      });
      return nodes;
    },
  };
}
