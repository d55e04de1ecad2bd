import { describe, expect, it } from 'vitest';
import { podLayers } from '../../layout/lod';
import { choose, placesKeeper, PODS_PER_FRAME, seenIn, stagedNear, stepOpen } from './cull';
import type { AppNode } from './types';

/** A grid of `cols` × `rows` cluster nodes, each holding `pods` pods stacked inside it, as the canvas places them. */
function cluster(cols: number, rows: number, pods = 30): AppNode[] {
  const out: AppNode[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const id = `node:n${r}-${c}`;
      out.push({ id, type: 'clusterNode', position: { x: c * 300, y: r * 2000 }, width: 280, height: 1900, data: {} } as unknown as AppNode);
      for (let p = 0; p < pods; p++)
        out.push({
          id: `pod:${id}/${p}`,
          type: 'pod',
          parentId: id,
          position: { x: 10, y: 60 + p * 60 },
          width: 260,
          height: 52,
          data: {},
        } as unknown as AppNode);
    }
  return out;
}

const podsIn = (nodes: readonly AppNode[]) => nodes.filter((n) => n.type === 'pod').length;

describe('drawing pods one by one a few nodes a frame', () => {
  const nodes = cluster(20, 4);
  const layers = podLayers(nodes);
  const placed = placesKeeper()(nodes, []);
  // A view over 8 × 2 nodes: 480 pods, as crossing FAR_ZOOM inward at 1,000 nodes expanded put ~240 in view at once.
  const window = { x: 1, y: 1, w: 2398, h: 3998 };
  const near = choose(placed, window);
  const centre = { x: 1200, y: 2000 };

  it('near: brings in at most PODS_PER_FRAME pods a frame, nearest the centre first, until every node in the window draws its pods', () => {
    let open: ReadonlySet<string> = new Set();
    let drawn = podsIn(stagedNear(near, layers, open).nodes);
    expect(drawn).toBe(0);
    const distances: number[] = [];
    let frames = 0;
    for (; frames < 100; frames++) {
      const { shut } = stagedNear(near, layers, open);
      if (!shut.length) break;
      const next = stepOpen(placed, open, near, shut, layers, centre, false);
      const added = podsIn(stagedNear(near, layers, next).nodes) - drawn;
      expect(added).toBeGreaterThan(0);
      expect(added).toBeLessThanOrEqual(PODS_PER_FRAME);
      for (const id of next)
        if (!open.has(id)) distances.push(Math.hypot(Number(id.split('-')[1]) * 300 + 140 - centre.x, Number(id.split(/n|-/)[2]) * 2000 + 950 - centre.y));
      drawn += added;
      open = next;
    }
    // Every pod of the window drawn one by one, in as few frames as the budget allows.
    expect(drawn).toBe(podsIn(near));
    expect(frames).toBe(Math.ceil(podsIn(near) / PODS_PER_FRAME));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    // Done: the same set, so nothing is drawn again.
    expect(stepOpen(placed, open, near, [], layers, centre, false)).toBe(open);
  });

  it('far: folds at most PODS_PER_FRAME pods a frame into their layers, farthest first, until none is drawn one by one', () => {
    let open: ReadonlySet<string> = new Set(near.filter((n) => n.type === 'clusterNode').map((n) => n.id));
    let drawn = podsIn(stagedNear(near, layers, open).nodes);
    expect(drawn).toBe(podsIn(near));
    let frames = 0;
    for (; frames < 100 && stagedNear(near, layers, open).opened > 0; frames++) {
      const next = stepOpen(placed, open, near, stagedNear(near, layers, open).shut, layers, centre, true);
      const removed = drawn - podsIn(stagedNear(near, layers, next).nodes);
      expect(removed).toBeGreaterThan(0);
      expect(removed).toBeLessThanOrEqual(PODS_PER_FRAME);
      drawn -= removed;
      open = next;
    }
    expect(drawn).toBe(0);
    expect(frames).toBe(Math.ceil(podsIn(near) / PODS_PER_FRAME));
    // Meanwhile every node still in the window is drawn: with its pods, or with its layer.
    expect(stagedNear(near, layers, open).nodes.filter((n) => n.type === 'clusterNode')).toHaveLength(near.filter((n) => n.type === 'clusterNode').length);
  });

  it('forgets the nodes that left the window, so coming back they are brought in a few a frame again', () => {
    const open = new Set(near.filter((n) => n.type === 'clusterNode').map((n) => n.id));
    const elsewhere = choose(placed, { x: 3000, y: 4000, w: 2400, h: 4000 });
    const { shut } = stagedNear(elsewhere, layers, open);
    const next = stepOpen(placed, open, elsewhere, shut, layers, { x: 4200, y: 6000 }, false);
    expect([...next].every((id) => elsewhere.some((n) => n.id === id))).toBe(true);
    expect(next.size).toBe(PODS_PER_FRAME / 30);
  });

  it('switches the nodes outside the view all in one step, and only those in view a few a frame', () => {
    // The view holds 2 × 1 of the window's 8 × 2 nodes (a pan's new window: the rest is its margin).
    const view = { x: 1, y: 1, w: 598, h: 1998 };
    const seen = seenIn(placed, view);
    const inView = near.filter((n) => n.type === 'clusterNode' && seen(n.id)).map((n) => n.id);
    expect(inView).toEqual(['node:n0-0', 'node:n0-1']);
    const nodesIn = near.filter((n) => n.type === 'clusterNode').map((n) => n.id);

    // Near: every node outside the view opens in the first step; of those in view, at most PODS_PER_FRAME pods.
    const none: ReadonlySet<string> = new Set();
    const opened = stepOpen(placed, none, near, stagedNear(near, layers, none).shut, layers, centre, false, 30, seen);
    expect(nodesIn.filter((id) => !seen(id)).every((id) => opened.has(id))).toBe(true);
    expect(inView.filter((id) => opened.has(id))).toHaveLength(1);
    // Far: every node outside the view folds in the first step; those in view stay open until their turn.
    const all: ReadonlySet<string> = new Set(nodesIn);
    const folded = stepOpen(placed, all, near, [], layers, centre, true, 30, seen);
    expect([...folded].sort()).toEqual(inView.filter((id) => folded.has(id)).sort());
    expect(folded.size).toBe(1);
  });
});
