import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { generateFlannelCluster } from '../scenarios/generate';
import { COMPILED_FROM, wantsCompiler } from '../model/shape-check';
import { createSimulator } from './simulator';

// zod's compiler is a chunk of its own (model/schema-compiler.ts): the simulator must validate a small document
// without it, and load it before validating one whose list is long enough to be parsed compiled (the 1,000-node
// document's 30,000 pods). Counts the chunk's loads and the schemas zod compiles (each compiled by zod itself).
const counts = vi.hoisted(() => ({ loads: 0, compiles: 0 }));
vi.mock('../model/schema-compiler', async (importOriginal) => {
  counts.loads++;
  return await importOriginal();
});
vi.mock('zod/mini', async (importOriginal) => {
  const z = await importOriginal<typeof import('zod/mini')>();
  return {
    ...z,
    compile: (schema: Parameters<typeof z.compile>[0]) => {
      counts.compiles++;
      return z.compile(schema);
    },
  };
});

const ackJson = readFileSync(new URL('../scenarios/json/ack-flannel.json', import.meta.url), 'utf8');

describe("the validator's compiler loads with the first document that has a long list", () => {
  it('wants it from COMPILED_FROM elements in a list or a layout', () => {
    expect(wantsCompiler({ pods: new Array(COMPILED_FROM - 1).fill({}) })).toBe(false);
    expect(wantsCompiler({ pods: new Array(COMPILED_FROM).fill({}) })).toBe(true);
    expect(wantsCompiler({ layout: Object.fromEntries(Array.from({ length: COMPILED_FROM }, (_, i) => [`pod:p${i}`, { x: 0, y: 0 }])) })).toBe(true);
    expect(wantsCompiler({ metadata: { name: 'x'.repeat(COMPILED_FROM) } })).toBe(false);
  });

  it('validates a small document without it, loads it for 2,010 pods (their schema compiled), and keeps it', async () => {
    const sim = createSimulator();
    expect((await sim.load(ackJson)).ok).toBe(true);
    expect(counts).toEqual({ loads: 0, compiles: 0 });

    const big = generateFlannelCluster({ nodes: 67 });
    expect(big.pods.length).toBeGreaterThanOrEqual(COMPILED_FROM);
    const loaded = await sim.load(JSON.stringify(big));
    expect(loaded.ok && loaded.topology.pods.length).toBe(big.pods.length);
    expect(counts.loads).toBe(1);
    expect(counts.compiles).toBeGreaterThan(0);
    expect(wantsCompiler(big)).toBe(false);

    const compiles = counts.compiles;
    expect((await sim.load(JSON.stringify(generateFlannelCluster({ nodes: 67, seed: 2 })))).ok).toBe(true);
    expect(counts).toEqual({ loads: 1, compiles });
  });
});
