/**
 * What the engine keeps reachable between traces so that V8's hidden classes for a walk's objects outlive
 * a major GC (dataplane.ts lastWalk, hop.ts kept): a class lives only while some object has it, and
 * collected it takes with it the optimized code that checks for it. A worker idle between traces that met
 * a major GC then traced its next thousand traces slower while V8 compiled ~47 functions again
 * (bench/idle-gc.ts: p50 33 → 51 µs at 1,000 nodes, IPVS; with these kept, 7 compiles and no change).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { build, run } from './test/kit';
import { Walker } from './walk';
import { Acc, kept, newAcc } from './hop';
import type { Dataplane } from './dataplane';

describe('objects kept between traces', () => {
  it("a dataplane holds its last walk (and only its own: a replaced document's goes with it)", () => {
    const dp = build();
    expect(dp.lastWalk).toBeUndefined();
    run(dp, 'pod:default/client', '10.244.2.10:80');
    const first = dp.lastWalk;
    expect(first).toBeInstanceOf(Walker);
    expect((first as Walker).dp).toBe(dp);
    run(dp, 'pod:default/client', '10.244.2.11:80');
    expect(dp.lastWalk).toBeInstanceOf(Walker);
    expect(dp.lastWalk).not.toBe(first);
    const other = build();
    run(other, 'pod:default/client', '10.244.2.10:80');
    expect((other.lastWalk as Walker).dp).toBe(other);
  });

  it('the last Acc made is kept', () => {
    const a = newAcc();
    expect(kept.acc).toBe(a);
    expect(newAcc()).not.toBe(a);
    expect(kept.acc).toBeInstanceOf(Acc);
    expect(kept.acc).not.toBe(a);
  });
});

/** A full GC from a test: vitest's workers do not start with --expose-gc. */
function fullGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** What of a document traced and then replaced is left to look at: weak references only. */
function tracedThenReplaced(): { replacement: Dataplane; old: WeakRef<object>[] } {
  const dp = build();
  run(dp, 'pod:default/client', '10.244.2.10:80');
  const walk = dp.lastWalk as Walker;
  // Not the Acc kept (the last one made, small, holding none of these: this test would fail if it did).
  const old = [dp, dp.topology, walk, ...walk.stacks.map((id) => dp.ns(id)!)].map((o) => new WeakRef(o));
  const replacement = build();
  return { replacement, old };
}

describe('a replaced document', () => {
  it('is unreachable after a GC: nothing the engine keeps between traces holds it', async () => {
    const gc = fullGc();
    const { replacement, old } = tracedThenReplaced();
    // A WeakRef keeps its target until the task that made or read it ends.
    await new Promise((r) => setTimeout(r, 0));
    gc();
    expect(old.map((w, i) => (w.deref() === undefined ? -1 : i)).filter((i) => i >= 0)).toEqual([]);
    expect(replacement.ns('pod:default/client')).toBeDefined();
  });
});
