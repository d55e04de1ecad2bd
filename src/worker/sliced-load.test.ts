import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { generateFlannelCluster } from '../scenarios/generate';
import type { LoadResult } from './protocol';
import { serve, type Endpoint } from './rpc';
import { createSimClient, type WorkerLike } from './sim-client';
import { createSimulator } from './simulator';
import { sliceLoad } from './sliced-load';

// A cluster past 2,000 pods (70 nodes × 30): its topology is sent in slices, and its pods are more than one slice.
const text = JSON.stringify(generateFlannelCluster({ nodes: 70, seed: 2 }));

describe('a big load answered in slices', () => {
  it('gives the page the topology the simulator validated, read from the slices the worker wrote', async () => {
    const sim = createSimulator();
    const whole = (await sim.load(text)) as LoadResult;
    if (!whole.ok) throw new Error(JSON.stringify(whole.problems));
    expect(whole.topology.pods.length).toBeGreaterThan(2000);
    // A worker whose load answers as sim.worker.ts does for a big document.
    const { port1, port2 } = new MessageChannel();
    serve(
      { ...createSimulator(), load: async (t: string) => sliceLoad((await createSimulator().load(t)) as Extract<LoadResult, { ok: true }>) },
      port2 as unknown as Endpoint,
    );
    const worker = Object.assign(port1 as unknown as Endpoint, { terminate: () => port1.close() }) as WorkerLike;
    const client = createSimClient({ spawnWorker: () => worker });
    try {
      const posted = sliceLoad(whole);
      expect('sliced' in posted && posted.sliced.lists.find((l) => l.key === 'pods')!.slices.length).toBeGreaterThan(1);
      const r = await client.load(text);
      expect(r).toEqual(whole);
      expect(r.ok && JSON.stringify(r.topology)).toBe(JSON.stringify(whole.topology));
    } finally {
      client.dispose();
    }
  }, 60_000);
});
