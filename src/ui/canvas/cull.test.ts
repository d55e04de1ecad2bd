import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { podLayers } from '../../layout/lod';
import { admitKeeper, afterFrame, choose, NEW_PER_FRAME, nextHandOver, placesKeeper, PODS_PER_FRAME, seenIn, stagedNear, stepOpen } from './cull';
import type { AppEdge, AppNode } from './types';

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

describe('handing React Flow a new place a few elements a frame', () => {
  const nodes = cluster(40, 10);
  const placed = placesKeeper()(nodes, []);
  // A window twice the view each way: the view is its middle (as nextWindow makes it).
  const windowFor = (view: { x: number; y: number; w: number; h: number }) => ({
    x: view.x - view.w / 2,
    y: view.y - view.h / 2,
    w: view.w * 2,
    h: view.h * 2,
  });
  const here = windowFor({ x: 0, y: 0, w: 2400, h: 4000 });
  const there = windowFor({ x: 6000, y: 12_000, w: 2400, h: 4000 });
  const ids = (ns: readonly AppNode[]) => new Set(ns.map((n) => n.id));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const inView = (n: AppNode, w: typeof there) => {
    const p = n.parentId ? byId.get(n.parentId)! : null;
    const [x, y] = [n.position.x + (p?.position.x ?? 0), n.position.y + (p?.position.y ?? 0)];
    return x <= w.x + w.w * 0.75 && x + (n.width ?? 0) >= w.x + w.w / 4 && y <= w.y + w.h * 0.75 && y + (n.height ?? 0) >= w.y + w.h / 4;
  };

  it('hands the first window whole, and a jump a few a frame, nearest the centre first, every element with its parent', () => {
    const admit = admitKeeper();
    const first = choose(placed, here);
    expect(admit(placed, first, here)).toEqual({ nodes: first, waiting: 0 });

    const near = choose(placed, there);
    const arriving = near.filter((n) => inView(n, there));
    expect(arriving.length).toBeGreaterThan(3 * NEW_PER_FRAME);
    let held = new Set<string>();
    const frames: string[][] = [];
    for (let f = 0; f < 100; f++) {
      const { nodes: handed, waiting } = admit(placed, near, there);
      // Outside the view every element comes at once; of those in view, at most the budget more than the frame before.
      const given = ids(handed);
      expect(handed.filter((n) => n.parentId && !given.has(n.parentId))).toEqual([]);
      expect(near.filter((n) => !inView(n, there) && !given.has(n.id) && (!n.parentId || given.has(n.parentId)))).toEqual([]);
      const added = handed.filter((n) => inView(n, there) && !held.has(n.id)).map((n) => n.id);
      expect(added.length).toBeLessThanOrEqual(NEW_PER_FRAME);
      frames.push(added);
      held = ids(handed);
      if (!waiting) {
        // Done: `near` itself, the same list React Flow need not adopt again.
        expect(handed).toBe(near);
        break;
      }
    }
    expect(frames.length).toBeGreaterThan(3);
    expect(held).toEqual(ids(near));
    // The view's centre first: the first frame's elements lie nearer it than the last's.
    const centre = { x: there.x + there.w / 2, y: there.y + there.h / 2 };
    const distance = (id: string) => {
      const r = placed.geometry.rects[placed.geometry.at.get(id)!]!;
      return Math.hypot(r.x + r.w / 2 - centre.x, r.y + r.h / 2 - centre.y);
    };
    const mean = (f: string[]) => f.map(distance).reduce((a, b) => a + b, 0) / f.length;
    const last = frames.filter((f) => f.length).at(-1)!;
    expect(mean(frames[0]!)).toBeLessThan(mean(last));
  });

  it('hands a pan’s new window at once when what comes into view was held before (its margin)', () => {
    const admit = admitKeeper();
    const first = choose(placed, here);
    admit(placed, first, here);
    // A view moved inside the old window's margin: everything now in view was handed already.
    const moved = windowFor({ x: 600, y: 1000, w: 2400, h: 4000 });
    const near = choose(placed, moved);
    const handed = admit(placed, near, moved);
    // The same list: React Flow has nothing to adopt again.
    expect(handed.nodes).toBe(near);
    expect(handed.waiting).toBe(0);
  });

  it('hands a zoom out at once, though it brings many elements into view: its view holds the last window', () => {
    const admit = admitKeeper();
    admit(placed, choose(placed, here), here);
    const out = windowFor({ x: -2400, y: -4000, w: 7200, h: 12_000 });
    const near = choose(placed, out);
    expect(near.filter((n) => inView(n, out)).length).toBeGreaterThan(3 * NEW_PER_FRAME);
    const handed = admit(placed, near, out);
    expect(handed.nodes).toBe(near);
    expect(handed.waiting).toBe(0);
  });
});

describe('the next hand-over after a jump', () => {
  // The page's idle callbacks and animation frames run by hand: each call runs those asked for before it.
  const asked = new Map<number, () => void>();
  let id = 0;
  const ask = (run: () => void) => (asked.set(++id, run), id);
  const idleFirst = new Set<number>();
  const run = (idle: boolean) => {
    const now = [...asked].filter(([t]) => idleFirst.has(t) === idle);
    for (const [t] of now) asked.delete(t);
    now.forEach(([, f]) => f());
  };
  const [idle, frame] = [() => run(true), () => run(false)];
  beforeAll(() => {
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => ask(() => f(0)));
    vi.stubGlobal('cancelAnimationFrame', (t: number) => asked.delete(t));
    vi.stubGlobal('requestIdleCallback', (f: () => void) => {
      const t = ask(f);
      idleFirst.add(t);
      return t;
    });
    vi.stubGlobal('cancelIdleCallback', (t: number) => asked.delete(t));
  });
  afterEach(() => asked.clear());
  afterAll(() => vi.unstubAllGlobals());

  it('waits for the page to be idle (the panels’ deferred render committed), then comes in the frame after next', () => {
    const handOver = vi.fn();
    nextHandOver(handOver);
    // Frames while the page is busy: nothing.
    frame();
    frame();
    expect(handOver).not.toHaveBeenCalled();
    idle();
    // The next frame lays out what the last hand-over and the panels mounted, alone.
    frame();
    expect(handOver).not.toHaveBeenCalled();
    frame();
    expect(handOver).toHaveBeenCalledTimes(1);
  });

  it('is cancelled at any point before it runs', () => {
    // Cancelled while waiting for the page to be idle, for the next frame, for the one after.
    const calls = [-1, 0, 1].map((framesBefore) => {
      const handOver = vi.fn();
      const cancel = nextHandOver(handOver);
      if (framesBefore >= 0) idle();
      for (let i = 0; i < framesBefore; i++) frame();
      cancel();
      idle();
      frame();
      frame();
      return handOver.mock.calls.length;
    });
    expect(calls).toEqual([0, 0, 0]);
  });
});

describe('the next step of pods switching', () => {
  // The page's animation frames and timeouts run by hand: each call runs those asked for before it.
  const frames = new Map<number, () => void>();
  const timeouts = new Map<number, () => void>();
  let id = 0;
  const runAll = (asked: Map<number, () => void>) => {
    const now = [...asked.values()];
    asked.clear();
    now.forEach((f) => f());
  };
  const [frame, tasks] = [() => runAll(frames), () => runAll(timeouts)];
  beforeAll(() => {
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => (frames.set(++id, () => f(0)), id));
    vi.stubGlobal('cancelAnimationFrame', (t: number) => frames.delete(t));
    vi.stubGlobal('setTimeout', (f: () => void) => (timeouts.set(++id, f), id));
    vi.stubGlobal('clearTimeout', (t: number) => timeouts.delete(t));
  });
  afterEach(() => (frames.clear(), timeouts.clear()));
  afterAll(() => vi.unstubAllGlobals());

  it('runs in a task of its own after the next frame, not in the frame', () => {
    const step = vi.fn();
    afterFrame(step);
    tasks();
    expect(step).not.toHaveBeenCalled();
    frame();
    expect(step).not.toHaveBeenCalled();
    tasks();
    expect(step).toHaveBeenCalledTimes(1);
  });

  it('is cancelled before the frame or after it', () => {
    const calls = [0, 1].map((framesBefore) => {
      const step = vi.fn();
      const cancel = afterFrame(step);
      for (let i = 0; i < framesBefore; i++) frame();
      cancel();
      frame();
      tasks();
      return step.mock.calls.length;
    });
    expect(calls).toEqual([0, 0]);
  });
});

describe('the geometry of a picture a trace changed, found over the last one built whole', () => {
  // A collapsed cluster in a VPC, as a big document's first picture: node boxes in rows, no pods.
  const vpc = { id: 'vpc:main', type: 'vpc', position: { x: 50, y: 40 }, width: 6200, height: 2400, data: {} } as unknown as AppNode;
  const box = (r: number, c: number, height = 200) =>
    ({
      id: `node:n${r}-${c}`,
      type: 'clusterNode',
      parentId: vpc.id,
      position: { x: c * 300, y: r * 1200 },
      width: 280,
      height,
      data: {},
    }) as unknown as AppNode;
  const collapsed = [vpc, ...[0, 1].flatMap((r) => Array.from({ length: 20 }, (_, c) => box(r, c)))];
  // The trace opens n1-3 (taller, its 30 pods after it), marks n0-7 (a new object in the same place); n0-2 was dragged
  // elsewhere and n0-19 is gone.
  const opened = cluster(1, 1)
    .slice(1)
    .map((p) => ({ ...p, id: p.id.replace('n0-0', 'n1-3'), parentId: 'node:n1-3' }));
  const traced = collapsed.flatMap((n): AppNode[] =>
    n.id === 'node:n1-3'
      ? [box(1, 3, 1900), ...opened]
      : n.id === 'node:n0-7'
        ? [{ ...n, data: { onPath: true } } as AppNode]
        : n.id === 'node:n0-19'
          ? []
          : n.id === 'node:n0-2'
            ? [{ ...n, position: { x: 900, y: 2000 } } as AppNode]
            : [n],
  );
  const windows = [
    { x: 0, y: 0, w: 1000, h: 800 },
    { x: 900, y: 1300, w: 700, h: 1500 },
    { x: 1000, y: 2900, w: 100, h: 100 },
    { x: 5000, y: 0, w: 2000, h: 3000 },
    { x: -1e6, y: -1e6, w: 2e6, h: 2e6 },
  ];
  const ids = traced.map((n) => n.id);

  it('chooses, finds and places every element as one built whole does', () => {
    const keep = placesKeeper();
    keep(collapsed, []);
    const over = keep(traced, []);
    const fresh = placesKeeper()(traced, []);
    for (const w of windows) {
      expect(over.geometry.index.query(w)).toEqual(fresh.geometry.index.query(w));
      expect(choose(over, w).map((n) => n.id)).toEqual(choose(fresh, w).map((n) => n.id));
    }
    expect(ids.map((id) => over.geometry.rects[over.geometry.at.get(id)!])).toEqual(ids.map((id) => fresh.geometry.rects[fresh.geometry.at.get(id)!]));
    expect([...over.geometry.parent]).toEqual([...fresh.geometry.parent]);
    expect(over.geometry.at.get('node:n0-19')).toBeUndefined();
    for (const view of windows) expect(ids.map(seenIn(over, view))).toEqual(ids.map(seenIn(fresh, view)));
  });

  it('keeps the rectangle of each element the trace did not move, the index of the whole picture finding it', () => {
    const keep = placesKeeper();
    const whole = keep(collapsed, []).geometry;
    const over = keep(traced, []).geometry;
    const kept = ids.filter((id) => id !== 'node:n1-3' && id !== 'node:n0-2' && !id.startsWith('pod:'));
    expect(kept.every((id) => over.rects[over.at.get(id)!] === whole.rects[whole.at.get(id)!])).toBe(true);
  });

  it('moves the elements kept with a parent that moved, and builds a picture that moved whole again', () => {
    const keep = placesKeeper();
    keep(collapsed, []);
    const shifted = traced.map((n) => (n === vpc ? ({ ...vpc, position: { x: 90, y: 40 } } as AppNode) : n));
    const over = keep(shifted, []);
    const fresh = placesKeeper()(shifted, []);
    for (const w of windows) expect(choose(over, w).map((n) => n.id)).toEqual(choose(fresh, w).map((n) => n.id));
    expect(ids.map((id) => over.geometry.rects[over.geometry.at.get(id)!])).toEqual(ids.map((id) => fresh.geometry.rects[fresh.geometry.at.get(id)!]));
  });
});

describe('the elements React Flow holds wherever the view is', () => {
  it('are the selected, the dragged, those the trace marks and the ends of the lines drawn, with their parents', () => {
    const nodes = cluster(10, 2, 3).map((n) =>
      n.id === 'pod:node:n1-9/2'
        ? ({ ...n, selected: true } as AppNode)
        : n.id === 'node:n1-5'
          ? ({ ...n, dragging: true } as AppNode)
          : n.id === 'pod:node:n0-7/1'
            ? ({ ...n, data: { onPath: true } } as AppNode)
            : n,
    );
    const edges = [{ id: 'line', source: 'pod:node:n0-4/0', target: 'node:n1-2' }] as AppEdge[];
    // A view over the first node alone.
    const held = choose(placesKeeper()(nodes, edges), { x: 0, y: 0, w: 100, h: 100 }).map((n) => n.id);
    expect(held).toEqual([
      'node:n0-0',
      'pod:node:n0-0/0',
      'node:n0-4',
      'pod:node:n0-4/0',
      'node:n0-7',
      'pod:node:n0-7/1',
      'node:n1-2',
      'node:n1-5',
      'node:n1-9',
      'pod:node:n1-9/2',
    ]);
  });
});
