/**
 * A search for every outcome behind the worker boundary (inline: the same simulator the worker
 * runs): it tells its progress, and a stopSearch, a newer trace or a load ends it, its trace call
 * answering with what it found as a cut.
 */
import { describe, expect, it } from 'vitest';
import { generateFlannelCluster } from '../scenarios/generate';
import { withBigServices } from '../scenarios/big-services';
import { createInlineSimClient } from './sim-client';
import type { SearchProgress, TraceResult } from './protocol';

// 200 nodes, a LoadBalancer (Cluster) with an endpoint on each: ~39,000 branches in ~1,400 walks, seconds of search.
const { doc, lbCluster } = withBigServices(generateFlannelCluster({ nodes: 200, seed: 1, kubeProxyMode: 'ipvs' }));
const text = JSON.stringify(doc);
const request = {
  from: `external:${doc.externals.find((e) => e.network !== 'vpc')!.name}`,
  to: `${doc.loadBalancers.find((l) => l.name === lbCluster.loadBalancer)!.ip}:${lbCluster.ports[0]!.port}`,
  choice: { all: true as const },
};

async function searching() {
  const sim = await createInlineSimClient();
  const loaded = await sim.load(text);
  if (!loaded.ok) throw new Error(loaded.problems[0]!.message);
  const told: SearchProgress[] = [];
  sim.onProgress((p) => told.push(p));
  const answer = sim.trace(request);
  await expect.poll(() => told.length, { timeout: 30_000 }).toBeGreaterThan(0);
  return { sim, told, answer };
}

const cutOf = (r: TraceResult) => {
  if (!r.ok) throw new Error(r.error);
  return r.trace;
};

describe('a search for every outcome in the simulator', () => {
  it('stopped, answers with what it found: a cut covering the sum of its outcomes, at least what it last told', async () => {
    const { sim, told, answer } = await searching();
    await sim.stopSearch();
    const t = cutOf(await answer);
    expect(t.truncated).toBe(true);
    const last = told.at(-1)!;
    expect(t.branchesWalked).toBeGreaterThanOrEqual(last.walked);
    expect(t.covered).toBeGreaterThanOrEqual(last.covered);
    expect(t.covered!).toBeLessThan(1);
    expect(t.covered).toBeCloseTo(
      t.outcomes!.reduce((s, o) => s + o.p, 0),
      12,
    );
  }, 60_000);

  it('is ended by a load (a result is about the document on screen)', async () => {
    const { sim, answer } = await searching();
    await sim.load(text);
    expect(cutOf(await answer).truncated).toBe(true);
  }, 60_000);

  it('is ended by a newer trace, which then runs', async () => {
    const { sim, answer } = await searching();
    const next = sim.trace({ ...request, choice: { seed: 1 } });
    expect(cutOf(await answer).truncated).toBe(true);
    expect(cutOf(await next).verdict).toBe('delivered');
  }, 60_000);
});
