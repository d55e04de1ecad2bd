/**
 * The engine benches' warm-up (bench/warm-up.ts) settles V8's compilers on dataplanes of its own:
 * each pass a fresh one, traced with that pass's requests only, so the dataplane the bench
 * compiles after it (the measured one) has built nothing: its cold loop is first touch of state.
 */
import { describe, expect, it } from 'vitest';
import { WARM_PASSES, warmUp } from '../../bench/warm-up.ts';
import { validateTopology, type TraceRequest } from '../model';
import { generateFlannelCluster, pickTraceRequests } from '../scenarios/generate';
import { compile } from './compile';
import type { Dataplane } from './dataplane';
import { trace } from './trace';

describe("the engine benches' warm-up", () => {
  it('traces each pass on a fresh dataplane of its own, WARM_PASSES of them', () => {
    const doc = generateFlannelCluster({ nodes: 4, seed: 1, kubeProxyMode: 'ipvs' });
    const v = validateTopology(doc);
    if (!v.ok) throw new Error(v.problems[0]!.message);
    const made: Dataplane[] = [];
    const traced: { dp: Dataplane; request: TraceRequest }[] = [];
    const requestsOf = (pass: number) => pickTraceRequests(doc, 3, 100 + pass);
    warmUp(
      () => {
        const dp = compile(v.topology);
        made.push(dp);
        return dp;
      },
      (dp, request) => {
        traced.push({ dp, request });
        return trace(dp, request);
      },
      requestsOf,
    );
    expect(WARM_PASSES).toBeGreaterThan(1);
    expect(new Set(made).size).toBe(WARM_PASSES);
    const expected = made.flatMap((dp, pass) => requestsOf(pass).map(({ request }) => ({ dp, request })));
    expect(traced).toEqual(expected);
  });
});
