/**
 * The search of `choice: {all: true}` (loaded with the first such request: lazy.ts): every
 * branch, depth-first, one walk per class of equivalent options (explore.ts), grouped into the
 * outcomes a reader tells apart (outcomes.ts); and the replay it is tested against.
 */
import { intToIp } from '../../model/cidr';
import type { Trace, TraceRequest } from '../../model';
import type { Dataplane } from '../dataplane';
import { optionList, optionP } from '../choices';
import { Grouping, type Branch } from '../outcomes';
import { checkLength, runOnce, summarise, type Run } from '../trace';
import { explore, type Met, type Walked } from './explore';

/**
 * Branches `all` walks before it cuts. Each is walked from the start (the walk keeps its state in
 * the call stack); a class of equivalent options is walked once (classes.ts, endpoint-classes.ts).
 */
const MAX_BRANCHES = 16_384;

/** A walked branch as `all` groups it: its outcome and whether the server saw the client's own address. */
function branchOf(run: Run, t: Trace): Branch {
  return {
    outcome: {
      p: run.p,
      verdict: t.verdict,
      reason: t.reason,
      ...(t.why ? { why: t.why } : {}),
      deliveredTo: t.deliveredTo,
      sourceSeenByServer: t.sourceSeenByServer,
      kernelStacks: t.kernelStacks,
      path: run.path,
      ...(t.httpStatus ? { httpStatus: t.httpStatus } : {}),
    },
    clientSourceSeen: t.sourceSeenByServer === intToIp(run.src),
  };
}

/** The trace with its grouped outcomes, and, when the search was cut, what it covered. */
function withOutcomes(first: Trace, grouped: Grouping, walked: number, cut: boolean): Trace {
  const outcomes = grouped.outcomes();
  if (!cut) return { ...first, outcomes };
  // Cut: say so, how many branches were walked and how much of the probability they hold.
  return { ...first, outcomes, truncated: true, covered: grouped.covered, branchesWalked: walked };
}

/**
 * Every branch, depth-first, each walked once and one per class of equivalent options standing
 * for its class (fork/explore.ts), up to `max` walks (exported for tests of the cut), grouped into
 * the outcomes a reader tells apart (outcomes.ts). The trace shown is the first branch's.
 */
export function traceAll(dp: Dataplane, req: TraceRequest, max = MAX_BRANCHES): Trace {
  return searchAll(dp, req, max).trace;
}

/** `traceAll`, with how many walks it made and, to `onWalk`, the choices each walk was forced to take (for benches). */
export function searchAll(
  dp: Dataplane,
  req: TraceRequest,
  max = MAX_BRANCHES,
  onWalk?: (forced: readonly number[]) => void,
): { trace: Trace; walked: number } {
  const search = new Search(dp, req, max, onWalk);
  while (!search.step());
  return { trace: search.result(), walked: search.walked };
}

/** A search of `req` to be stepped (worker/stepped-search.ts), its request checked as `trace` checks it. */
export function startSearch(dp: Dataplane, req: TraceRequest, max = MAX_BRANCHES): Search {
  checkLength(req);
  return new Search(dp, req, max);
}

/** How far a search has come: walks made, and the probability of the branches found. */
export interface SearchProgress {
  walked: number;
  covered: number;
}

/**
 * A search that runs a step at a time (a walk, or a class member's renamed branches), so its
 * driver can report progress between steps and stop it (the worker: worker/simulator.ts). Stopped,
 * its result lists what was found, as a cut: `covered` is the probability of those branches.
 */
export class Search {
  private readonly grouped = new Grouping();
  private first: Trace | undefined;
  private readonly steps: Generator<void, { walked: number; cut: boolean }>;
  private ended: { walked: number; cut: boolean } | undefined;
  /** Walks made so far. */
  walked = 0;

  constructor(
    private readonly dp: Dataplane,
    private readonly req: TraceRequest,
    max = MAX_BRANCHES,
    onWalk?: (forced: readonly number[]) => void,
  ) {
    this.steps = explore(
      (forced) => {
        onWalk?.(forced);
        this.walked++;
        return this.walk(forced);
      },
      max,
      (b) => this.grouped.add(b),
    );
  }

  /** One step; true once the search has ended (every branch found, cut at `max`, or stopped). */
  step(): boolean {
    if (this.ended) return true;
    const r = this.steps.next();
    if (r.done) this.ended = r.value;
    return r.done === true;
  }

  progress(): SearchProgress {
    return { walked: this.walked, covered: this.grouped.covered };
  }

  /** Ends the search where it is: no more walks, and what was found stays (a cut, unless it had ended whole). */
  stop(): void {
    if (this.ended) return;
    this.steps.return({ walked: this.walked, cut: true });
    this.ended = { walked: this.walked, cut: true };
  }

  /** The trace with the grouped outcomes found; a stopped or cut search says what it covered. */
  result(): Trace {
    if (!this.ended) throw new Error('the search has not ended: step() it to the end or stop() it first');
    if (!this.first) throw new Error('the search was stopped before its first walk');
    return withOutcomes(this.first, this.grouped, this.ended.walked, this.ended.cut);
  }

  private walk(forced: readonly number[]): Walked {
    const met: Met[] = [];
    const taken: number[] = [];
    const factors: number[] = [];
    const run = runOnce(this.dp, this.req, (options, classes) => {
      const k = taken.length < forced.length ? forced[taken.length]! : 0;
      met.push({ options: optionList(options), ...(taken.length >= forced.length && classes ? { classes: classes() } : {}) });
      taken.push(k);
      factors.push(optionP(options, k));
      return k;
    });
    const t = summarise(this.dp, this.req, run);
    this.first ??= t;
    return { branch: branchOf(run, t), met, taken, factors };
  }
}

const STOP = Symbol('stop');

/**
 * Walks `req` taking `forced` at its first choices (and the first option after them), or, with
 * `toLastChoice`, only up to the last forced choice: the part of a walk that a fork at that choice
 * (continuing from a copy of the walk's state) would not walk again. For the bench that measures
 * whether forking would pay (bench/trace-all.bench.ts).
 */
export function walkForced(dp: Dataplane, req: TraceRequest, forced: readonly number[], toLastChoice: boolean): void {
  let made = 0;
  try {
    runOnce(dp, req, () => {
      if (toLastChoice && made === forced.length - 1) throw STOP;
      return forced[made++] ?? 0;
    });
  } catch (e) {
    if (e !== STOP) throw e;
  }
}

/**
 * The search as it was before classes: every branch walked from the start, depth-first, up to
 * `max`. Kept as the oracle `traceAll` is tested against (trace-all.test.ts).
 */
export function traceAllReplayed(dp: Dataplane, req: TraceRequest, max = MAX_BRANCHES): Trace {
  const grouped = new Grouping();
  let first: Trace | undefined;
  let forced: number[] = [];
  let more = false;
  let walked = 0;
  for (; ; walked++) {
    if (walked === max) {
      more = true;
      break;
    }
    const taken: number[] = [];
    const counts: number[] = [];
    const run = runOnce(dp, req, (options) => {
      const k = taken.length < forced.length ? forced[taken.length]! : 0;
      taken.push(k);
      counts.push(options.length);
      return k;
    });
    const t = summarise(dp, req, run);
    first ??= t;
    grouped.add(branchOf(run, t));
    // Depth-first: advance the deepest choice that still has an untried branch.
    let d = taken.length - 1;
    while (d >= 0 && taken[d]! + 1 >= counts[d]!) d--;
    if (d < 0) {
      walked++;
      break;
    }
    forced = [...taken.slice(0, d), taken[d]! + 1];
  }
  return withOutcomes(first!, grouped, walked, more);
}
