import { describe, expect, it } from 'vitest';
import { PROGRESS_MS, SLICE_MS, stepToEnd, type Stepped } from './stepped-search';

/** A search of `total` steps, each taking `ms` on a fake clock; `stopped` ends it at its next step. */
function fakeSearch(total: number, ms: number) {
  let now = 0;
  let steps = 0;
  const s = {
    stopped: false,
    clock: () => now,
    get steps() {
      return steps;
    },
    step() {
      if (s.stopped) return true;
      now += ms;
      return ++steps >= total;
    },
    progress: () => ({ walked: steps, covered: steps / total }),
  } satisfies Stepped & Record<string, unknown>;
  return s;
}

describe('a search stepped in slices (the worker)', () => {
  it('tells its progress every PROGRESS_MS of search, not every step', async () => {
    const s = fakeSearch(1_000, 1);
    const told: number[] = [];
    await stepToEnd(s, (p) => told.push(p.walked), s.clock);
    expect(s.steps).toBe(1_000);
    expect(told.length).toBeGreaterThanOrEqual(Math.floor(1_000 / PROGRESS_MS) - 1);
    expect(told.length).toBeLessThanOrEqual(Math.ceil(1_000 / PROGRESS_MS));
    expect(told).toEqual([...told].sort((a, b) => a - b));
  });

  it('lets other work in between slices, so a stop from outside ends it after at most a slice', async () => {
    const s = fakeSearch(10_000_000, 1);
    const running = stepToEnd(s, () => {}, s.clock);
    // A message handled by the worker between two slices (worker/simulator.ts stopSearch).
    await new Promise((r) => setTimeout(r, 0));
    s.stopped = true;
    await running;
    expect(s.steps).toBeGreaterThan(0);
    expect(s.steps).toBeLessThan(10_000_000);
  });

  it('runs a search shorter than a slice without pausing or telling', async () => {
    const s = fakeSearch(SLICE_MS - 1, 1);
    const told: number[] = [];
    await stepToEnd(s, (p) => told.push(p.walked), s.clock);
    expect(s.steps).toBe(SLICE_MS - 1);
    expect(told).toEqual([]);
  });
});
