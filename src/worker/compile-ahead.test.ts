import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { COMPILE_WHEN_QUIET_MS, createSimulator } from './simulator';

// Counts compiles: the editor's simulator compiles a loaded document before its first trace; the embed's does not.
const compiles = vi.hoisted(() => ({ count: 0 }));
// Counts traces the engine walks, the warm-up's included.
const walks = vi.hoisted(() => ({ count: 0 }));
vi.mock('../engine/trace', async (importOriginal) => {
  const real = await importOriginal<typeof import('../engine/trace')>();
  return { ...real, trace: (...a: Parameters<typeof real.trace>) => (walks.count++, real.trace(...a)) };
});
vi.mock('./engine-core', async (importOriginal) => {
  const real = await importOriginal<typeof import('./engine-core')>();
  return { ...real, compile: (...a: Parameters<typeof real.compile>) => (compiles.count++, real.compile(...a)) };
});

const ackJson = readFileSync(new URL('../scenarios/json/ack-flannel.json', import.meta.url), 'utf8');
const centos = 'pod:default/centos-67756b6dc8-rmmxt';

// (Each test's simulator is a worker of its own, with its modules fresh.)
beforeEach(() => vi.resetModules());

afterEach(() => {
  compiles.count = 0;
  walks.count = 0;
  vi.useRealTimers();
});

describe('compiling ahead of the first trace', () => {
  it('once the editor asked: a loaded document is compiled when the loads pause, and the trace uses that compile', async () => {
    vi.useFakeTimers();
    const sim = createSimulator();
    await sim.prepareEditing();
    expect((await sim.load(ackJson)).ok).toBe(true);
    // A burst of loads (edits) compiles once, after the last one.
    expect((await sim.load(ackJson)).ok).toBe(true);
    await vi.advanceTimersByTimeAsync(COMPILE_WHEN_QUIET_MS - 1);
    expect(compiles.count).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(compiles.count).toBe(1);
    // Its warm-up lands before the test ends (else it walks during a later test's count).
    await vi.waitFor(() => expect(walks.count).toBe(1));
    const r = await sim.trace({ from: centos, to: '172.23.96.24:80', protocol: 'TCP' });
    expect(r.ok && r.trace.hops.length).toBeGreaterThan(3);
    expect(compiles.count).toBe(1);
  });

  it('without the editor (an embed): nothing is compiled until the first trace', async () => {
    vi.useFakeTimers();
    const sim = createSimulator();
    expect((await sim.load(ackJson)).ok).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * COMPILE_WHEN_QUIET_MS);
    expect(compiles.count).toBe(0);
    await sim.trace({ from: centos, to: '172.23.96.24:80', protocol: 'TCP' });
    expect(compiles.count).toBe(1);
  });

  it('the editor warms its first compiled document with a trace of its own, after which the first trace answers as on a cold one', async () => {
    vi.useFakeTimers();
    const request = { from: centos, to: '172.23.96.24:80', protocol: 'TCP' } as const;
    const cold = createSimulator();
    expect((await cold.load(ackJson)).ok).toBe(true);
    const coldAnswer = await cold.trace(request);
    walks.count = 0;
    const sim = createSimulator();
    await sim.prepareEditing();
    expect((await sim.load(ackJson)).ok).toBe(true);
    await vi.advanceTimersByTimeAsync(COMPILE_WHEN_QUIET_MS);
    // (The warm-up's chunk is imported: let it land.)
    await vi.waitFor(() => expect(walks.count).toBe(1));
    expect(await sim.trace(request)).toEqual(coldAnswer);
    // An edit is compiled and warmed again: a GC after the old dataplane is dropped would otherwise take the
    // optimized code with the classes only its objects had (warm-up.ts).
    expect((await sim.load(ackJson)).ok).toBe(true);
    await vi.advanceTimersByTimeAsync(COMPILE_WHEN_QUIET_MS);
    await vi.waitFor(() => expect(compiles.count).toBe(3));
    await vi.waitFor(() => expect(walks.count).toBe(3));
  });

  it('the embed warms nothing: its first trace is the first walk', async () => {
    vi.useFakeTimers();
    const sim = createSimulator();
    expect((await sim.load(ackJson)).ok).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * COMPILE_WHEN_QUIET_MS);
    expect(walks.count).toBe(0);
  });
});
