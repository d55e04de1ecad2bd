import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSimulator } from './simulator';

// Counts the engine chunk's loads: the simulator must open a document without it (a built-in embed without a
// request never downloads the engine) and load it for the first trace.
const engineLoads = vi.hoisted(() => ({ count: 0 }));
vi.mock('./engine-core', async (importOriginal) => {
  engineLoads.count++;
  return await importOriginal();
});

const ackJson = readFileSync(new URL('../scenarios/json/ack-flannel.json', import.meta.url), 'utf8');

describe('the engine loads with the first trace, not with the document', () => {
  it('opens a built-in without the engine, then compiles and traces it on request', async () => {
    const sim = createSimulator();
    const loaded = await sim.load(ackJson);
    expect(loaded.ok).toBe(true);
    expect(engineLoads.count).toBe(0);
    const r = await sim.trace({ from: 'pod:default/centos-67756b6dc8-rmmxt', to: '172.23.96.24:80', protocol: 'TCP' });
    expect(engineLoads.count).toBe(1);
    expect(r.ok && r.trace.hops.length).toBeGreaterThan(3);
  });

  it('says a request the engine refuses as before (the compile waits, the answer does not change)', async () => {
    const sim = createSimulator();
    await sim.load(ackJson);
    const r = await sim.trace({ from: 'pod:default/does-not-exist', to: '172.23.96.24:80', protocol: 'TCP' });
    expect(r).toEqual({ ok: false, error: expect.stringContaining('does-not-exist') });
  });
});
