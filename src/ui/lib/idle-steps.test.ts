import { afterEach, describe, expect, it, vi } from 'vitest';
import { idleSteps } from './idle-steps';

// A hand-run idle queue: each call of `idle()` is one idle period of the page.
const queue = new Map<number, (d: IdleDeadline) => void>();
let ids = 0;
vi.stubGlobal('requestIdleCallback', (f: (d: IdleDeadline) => void) => (queue.set(++ids, f), ids));
vi.stubGlobal('cancelIdleCallback', (id: number) => queue.delete(id));
/** One idle period of `ms` (50: the page has nothing to draw). */
const idle = (ms = 50) => {
  const due = [...queue];
  queue.clear();
  for (const [, f] of due) f({ didTimeout: false, timeRemaining: () => ms });
};

afterEach(() => queue.clear());

describe('idleSteps', () => {
  it('runs one step per idle callback, in order', () => {
    const ran: number[] = [];
    idleSteps([1, 2, 3].map((i) => () => ran.push(i)));
    expect(ran).toEqual([]);
    idle();
    expect(ran).toEqual([1]);
    idle();
    expect(ran).toEqual([1, 2]);
    idle();
    idle();
    expect(ran).toEqual([1, 2, 3]);
    expect(queue.size).toBe(0);
  });

  it('with minIdleMs, waits out the short idle periods between frames', () => {
    const ran: number[] = [];
    idleSteps(
      [1, 2].map((i) => () => ran.push(i)),
      { minIdleMs: 40 },
    );
    idle(8);
    idle(12);
    expect(ran).toEqual([]);
    idle();
    expect(ran).toEqual([1]);
    idle(8);
    idle();
    expect(ran).toEqual([1, 2]);
    expect(queue.size).toBe(0);
  });

  it('with timeoutMs, runs its steps by then even when no idle period is long enough (a loaded machine, a packet playing)', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const ran: number[] = [];
      idleSteps(
        [1, 2].map((i) => () => ran.push(i)),
        { minIdleMs: 20, timeoutMs: 500 },
      );
      vi.advanceTimersByTime(200);
      idle(5);
      expect(ran).toEqual([]);
      vi.advanceTimersByTime(301);
      idle(5);
      expect(ran).toEqual([1]);
      idle(5);
      expect(ran).toEqual([1, 2]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs no step after it is cancelled', () => {
    const ran: number[] = [];
    const cancel = idleSteps([1, 2, 3].map((i) => () => ran.push(i)));
    idle();
    cancel();
    idle();
    idle();
    expect(ran).toEqual([1]);
  });
});
