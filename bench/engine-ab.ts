/**
 * This tree's engine against another tree's (`--base DIR`, a worktree of the commit to compare with), both
 * loaded in one process and measured in turns: on a machine shared by four helpers (load 6-15) two runs
 * of `npm run bench` minutes apart differed by more than the change being measured, and two processes
 * never met the same load. Here each round gives each engine a fresh dataplane of the same validated
 * cluster (the order of the two alternating by round) and times, per trace, the first touch (cold),
 * the same requests again (warm), a third pass after an untimed one, and each request traced twice in a
 * row (repeat), as `npm run bench` does; the table gives min / median / max over the rounds of each
 * pass's median (cold: its p99), with the process's CPU per trace of the warm pass.
 *
 *   npx tsx bench/engine-ab.ts --base /tmp/base-tree            # 1,000 nodes, IPVS, 6 rounds
 *   npx tsx bench/engine-ab.ts --base /tmp/base-tree --proxy iptables --rounds 8
 *   node --expose-gc --import tsx bench/engine-ab.ts --base /tmp/base-tree --gc   # a full GC before each cold pass, as npm run bench
 *
 * `--gc` forces a full GC after each fresh dataplane is compiled, as `npm run bench` does before its cold loop.
 * It changes the figures more than any change to the walk: V8 collects the hidden classes no live object
 * has (the warm-up's dataplanes and walks are gone), and with them throws away the optimized code that
 * checks for them (--trace-deopt: ~60 functions marked "weak objects", ~86 optimized again over the next
 * 2,000 traces); without it, at 1,000 nodes IPVS, warm p50 ~27 µs and cold p99 0.2-0.5 ms, with it ~43 µs and 3-9 ms.
 * Each engine holds its last dataplane until it compiles the next, as a worker holds its document until another
 * replaces it, so the GC is the one that follows a replaced document (the old dataplane just dropped, the new one
 * compiled and untraced), not one the other engine's turn forced while this one held none.
 *
 * Both engines share the heap, so each one's traces run beside the other's dataplane: the figures are
 * for comparing the two, not the absolute figures `npm run bench` gives. The base tree must have its
 * node_modules (a link to this tree's will do).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as here from '../src/engine';
import { validateTopology, type TraceRequest } from '../src/model';
import { generateFlannelCluster, pickTraceRequests } from '../src/scenarios/generate';
import { WARM_TRACES, warmUp } from './warm-up';

const { values: opts } = parseArgs({
  options: {
    base: { type: 'string' },
    nodes: { type: 'string', default: '1000' },
    proxy: { type: 'string', default: 'ipvs' },
    traces: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '6' },
    seed: { type: 'string', default: '1' },
    gc: { type: 'boolean', default: false },
  },
  strict: true,
});
if (!opts.base) throw new Error('--base DIR: the tree to compare with');

type Engine = Pick<typeof here, 'compile' | 'trace'>;
const base = (await import(pathToFileURL(resolve(opts.base, 'src/engine/index.ts')).href)) as Engine;
const engines: [string, Engine][] = [
  ['base', base],
  ['this', here],
];

const seed = Number(opts.seed);
const doc = generateFlannelCluster({ nodes: Number(opts.nodes), seed, kubeProxyMode: opts.proxy as 'ipvs' | 'iptables', networkPolicies: true });
const parsed = validateTopology(doc);
if (!parsed.ok) throw new Error(`generated document is invalid: ${parsed.problems[0]!.message}`);
const topology = parsed.topology;
const requests = pickTraceRequests(doc, Number(opts.traces), seed).map((x) => x.request);

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const quantile = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))] ?? 0;

function runner(e: Engine) {
  return (dp: ReturnType<Engine['compile']>, r: TraceRequest) => {
    try {
      return e.trace(dp as never, r).verdict;
    } catch (err) {
      return `error: ${(err as Error).message}`;
    }
  };
}

// Each engine's compilers settled as the engine bench settles them, and its verdicts checked against the other's.
const verdicts = engines.map(([, e]) => {
  const run = runner(e);
  warmUp(
    () => e.compile(topology) as never,
    run,
    (pass) => pickTraceRequests(doc, WARM_TRACES, seed + 1000 + pass),
  );
  const dp = e.compile(topology);
  return requests.map((r) => run(dp, r));
});
const differ = verdicts[0]!.filter((v, i) => v !== verdicts[1]![i]).length;

type Figures = Record<'coldP99' | 'warmP50' | 'warm3P50' | 'repeatP50' | 'warmCpu', number[]>;
const figures = new Map<string, Figures>(engines.map(([name]) => [name, { coldP99: [], warmP50: [], warm3P50: [], repeatP50: [], warmCpu: [] }]));

function timedPass(run: ReturnType<typeof runner>, dp: ReturnType<Engine['compile']>, twice = false): number[] {
  const us: number[] = [];
  for (const r of requests) {
    if (twice) run(dp, r);
    const t0 = performance.now();
    run(dp, r);
    us.push((performance.now() - t0) * 1000);
  }
  return us;
}

// Each engine's last dataplane, held until its next one is compiled, as a worker holds its document until another
// replaces it: without it the other engine's forced GC ran while this one held no dataplane at all.
const current = new Map<string, unknown>();
for (let round = 0; round < Number(opts.rounds); round++) {
  const order = round % 2 === 0 ? engines : [...engines].reverse();
  for (const [name, e] of order) {
    const f = figures.get(name)!;
    const run = runner(e);
    const dp = e.compile(topology);
    current.set(name, dp);
    if (opts.gc) gc();
    f.coldP99.push(quantile(timedPass(run, dp), 0.99));
    const c0 = cpuUs();
    f.warmP50.push(quantile(timedPass(run, dp), 0.5));
    f.warmCpu.push((cpuUs() - c0) / requests.length);
    for (const r of requests) run(dp, r);
    f.warm3P50.push(quantile(timedPass(run, dp), 0.5));
    f.repeatP50.push(quantile(timedPass(run, dp, true), 0.5));
  }
  process.stderr.write(`round ${round + 1}/${opts.rounds}\n`);
}

const mmm = (xs: number[]) => [Math.min(...xs), quantile(xs, 0.5), Math.max(...xs)].map((x) => x.toFixed(1)).join(' / ');
console.log(
  `${opts.nodes} nodes, ${opts.proxy}, ${requests.length} traces, ${opts.rounds} rounds; verdicts that differ: ${differ}; min / median / max of the rounds, µs`,
);
const rows: [keyof Figures, string][] = [
  ['coldP99', 'cold p99 (first touch)'],
  ['warmP50', 'warm p50'],
  ['warm3P50', 'warm p50, 3rd pass'],
  ['repeatP50', 'repeat p50'],
  ['warmCpu', 'warm CPU per trace (mean)'],
];
for (const [k, label] of rows) console.log(`${label.padEnd(26)} ${engines.map(([name]) => `${name} ${mmm(figures.get(name)![k])}`.padEnd(34)).join('')}`);
