/**
 * What the engine keeps reachable between traces so that V8's hidden classes for a walk's objects outlive
 * a major GC (dataplane.ts lastWalk, hop.ts kept): a class lives only while some object has it, and
 * collected it takes with it the optimized code that checks for it. A worker idle between traces that met
 * a major GC then traced its next thousand traces slower while V8 compiled ~47 functions again
 * (bench/idle-gc.ts: p50 33 → 51 µs at 1,000 nodes, IPVS; with these kept, 7 compiles and no change).
 */
import { describe, expect, it } from 'vitest';
import { build, run } from './test/kit';
import { Walker } from './walk';
import { Acc, kept, newAcc } from './hop';

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
