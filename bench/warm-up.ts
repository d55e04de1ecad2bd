/**
 * The engine benches' warm-up: what settles V8's compilers before a cold (first-touch) loop, so
 * that loop's slow traces are the engine building state, not Turbofan compiling the engine.
 * `bench/cold-jit.ts` counted it at 1,000 nodes (IPVS, single-threaded): after one 300-request
 * pass, each further pass of 1,000 requests on a fresh dataplane still had 57, 44, 19, 12, 8, then
 * 4-5 cold traces over 1 ms of CPU, the optimizing compiles in them 210, 256, 64, 39, 44, then
 * 1-24 ms; so 6 passes of 1,000 (the last two compiling next to nothing).
 * Each pass runs on a dataplane of its own, compiled here: the measured one is compiled after and
 * has built nothing, as a document just opened.
 */
import type { Dataplane } from '../src/engine';
import type { TraceRequest } from '../src/model';

export const WARM_PASSES = 6;
export const WARM_TRACES = 1000;

/**
 * Traces `passes` sets of requests (`requestsOf(pass)`: other requests than the measured ones),
 * each on a fresh dataplane from `compile`.
 */
export function warmUp(
  compile: () => Dataplane,
  run: (dp: Dataplane, r: TraceRequest) => unknown,
  requestsOf: (pass: number) => readonly { request: TraceRequest }[],
  passes = WARM_PASSES,
): void {
  for (let pass = 0; pass < passes; pass++) {
    const dp = compile();
    for (const { request } of requestsOf(pass)) run(dp, request);
  }
}
