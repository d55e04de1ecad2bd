/**
 * A worker that has traced a while, then sits idle and meets a major GC, then traces again: what the
 * GC undoes. Each run is a child process (`--expose-gc --trace-opt --trace-deopt`) that warms up as the
 * cold benches do, traces the requests twice on one dataplane it keeps, times a pass (before), forces a
 * full GC, and times two more passes (after, again); V8's lines between the marks are counted: the
 * optimized functions the GC threw away ("weak objects": a hidden class no live object had was collected,
 * and the code that checks for it with it; the validator's few among them) and those optimized again after it.
 * With `--base DIR` the runs alternate between that tree's engine and this one's (the same minutes).
 * With `--replace` the GC comes after the document is replaced (the traced dataplane dropped, one of the same
 * document validated again compiled, untraced), as in a worker given another document: "after" is the new one's
 * first pass (first touches), "again" its second, and the row "old dataplane reachable" says whether the GC
 * freed the replaced one. `--warm-new` runs the worker's warm-up trace (src/worker/warm-up.ts) on the new one
 * first, as the app's worker does for each document it compiles.
 * Tried for a replaced document (s23, 1,000 nodes, IPVS; functions thrown away by the GC, of 42-58): the last walk
 * kept at module level keeps the classes and the old document (~230 MB) until the next trace; that walk pointed at
 * the new dataplane, 5-7, but its namespaces reach the old one by their closures (iptables-state's prepareAll,
 * ipvs-state's dp, flannel's peers); the namespaces the last walk entered built at compile, with a Walker, 19; the
 * last request walked again at compile, 10-12 (engine-ab --gc warm p50 ~44 -> ~35 µs; +47 B traced), reverted:
 * compile built namespaces, which the cold benches and hostport.test take for untouched, and only for a request the
 * new document has; a 3-node generated cluster's dataplane kept with 50 walks, 7-8, needs a document in the worker;
 * the worker's warm-up on each new document (--warm-new), 8-10: kept (warm-up.ts). Each freed the old dataplane but the first two.
 *
 *   npx tsx bench/idle-gc.ts --base /tmp/base-tree             # 1,000 nodes, IPVS, 3 runs each
 *   npx tsx bench/idle-gc.ts --proxy iptables --runs 5
 *   npx tsx bench/idle-gc.ts --replace [--warm-new]
 *
 * Wall-clock p50s are noisy on a shared machine; the counts are not (they are V8's decisions).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Dataplane } from '../src/engine';
import { validateTopology, type TraceRequest } from '../src/model';
import { generateFlannelCluster, pickTraceRequests } from '../src/scenarios/generate';
import { COLD_OPTIONS } from './cold-setup';
import { WARM_TRACES, warmUp } from './warm-up';

const { values: opts } = parseArgs({
  options: {
    ...COLD_OPTIONS,
    base: { type: 'string' },
    runs: { type: 'string', default: '3' },
    engine: { type: 'string' },
    child: { type: 'boolean', default: false },
    replace: { type: 'boolean', default: false },
    'warm-new': { type: 'boolean', default: false },
  },
  strict: true,
});

if (opts.child) {
  // Both the warm-up and the runs through the chosen tree's engine (cold-setup.ts would warm up this tree's).
  const engine = (await import(
    opts.engine ? pathToFileURL(resolve(opts.engine, 'src/engine/index.ts')).href : '../src/engine'
  )) as typeof import('../src/engine');
  const { compile } = engine;
  const seed = Number(opts.seed);
  const doc = generateFlannelCluster({ nodes: Number(opts.nodes), seed, kubeProxyMode: opts.proxy as 'ipvs' | 'iptables', networkPolicies: true });
  const parsed = validateTopology(doc);
  if (!parsed.ok) throw new Error(`generated document is invalid: ${parsed.problems[0]!.message}`);
  const topology = parsed.topology;
  const run = (dp: Dataplane, r: TraceRequest) => {
    try {
      engine.trace(dp, r);
    } catch {
      // A request error is work too, as the other benches count it.
    }
  };
  warmUp(
    () => compile(topology),
    run,
    (pass) => pickTraceRequests(doc, WARM_TRACES, seed + 1000 + pass),
    Number(opts['warm-passes']),
  );
  const reqs = pickTraceRequests(doc, Number(opts.traces), seed).map((x) => x.request);
  let dp = compile(topology);
  for (let i = 0; i < 2; i++) for (const r of reqs) run(dp, r);
  const pass = (label: string) => {
    const us = reqs.map((r) => {
      const t0 = performance.now();
      run(dp, r);
      return (performance.now() - t0) * 1000;
    });
    writeSync(1, `=== ${label} ${us.sort((a, b) => a - b)[Math.floor(us.length / 2)]!.toFixed(1)}\n`);
  };
  pass('before');
  const old = new WeakRef(dp);
  if (opts.replace) {
    const again = validateTopology(doc);
    if (!again.ok) throw new Error('generated document is invalid');
    dp = compile(again.topology);
    if (opts['warm-new']) {
      // The chosen tree's warm-up, which traces with that tree's engine.
      const warm = opts.engine ? pathToFileURL(resolve(opts.engine, 'src/worker/warm-up.ts')).href : '../src/worker/warm-up';
      ((await import(warm)) as typeof import('../src/worker/warm-up')).warmUp(dp);
    }
    // A WeakRef holds its target until the task that made it ends.
    await new Promise((r) => setTimeout(r, 0));
  }
  (globalThis as { gc: () => void }).gc();
  writeSync(1, `=== gc ${old.deref() === undefined ? 0 : 1}\n`);
  pass('after');
  pass('again');
} else {
  const self = fileURLToPath(import.meta.url);
  const trees = opts.base ? [opts.base, undefined] : [undefined];
  const figures = new Map<string, Record<string, number[]>>();
  for (let i = 0; i < Number(opts.runs); i++) {
    for (const tree of trees) {
      const args = ['--nodes', opts.nodes, '--proxy', opts.proxy, '--traces', opts.traces, '--seed', opts.seed, ...(tree ? ['--engine', tree] : [])];
      if (opts.replace) args.push('--replace', ...(opts['warm-new'] ? ['--warm-new'] : []));
      // V8's lines and the marks to a file: a pipe filled up and the child's writes failed (EAGAIN).
      const file = join(tmpdir(), `idle-gc-${process.pid}.log`);
      const fd = openSync(file, 'w');
      execFileSync(process.execPath, ['--expose-gc', '--trace-opt', '--trace-deopt', '--import', 'tsx', self, '--child', ...args], {
        stdio: ['ignore', fd, 'inherit'],
      });
      closeSync(fd);
      const out = readFileSync(file, 'utf8');
      rmSync(file);
      const lines = out.split('\n');
      const at = (mark: string) => lines.findIndex((l) => l.startsWith(`=== ${mark}`));
      const after = lines.slice(at('gc'));
      const p50 = (mark: string) => Number(lines[at(mark)]!.split(' ')[2]);
      const f = figures.get(tree ?? 'this') ?? {};
      figures.set(tree ?? 'this', f);
      const add = (k: string, v: number) => (f[k] ??= []).push(v);
      add('p50 before the GC, µs', p50('before'));
      add('p50 after it, µs', p50('after'));
      add('p50 the pass after, µs', p50('again'));
      // The GC's own lines come before its mark (V8 writes them as it finishes), the compiles after it.
      add('optimized functions thrown away', lines.slice(at('before'), at('gc')).filter((l) => l.includes('reason: weak objects')).length);
      add('functions optimized again', after.filter((l) => l.startsWith('[compiling method')).length);
      if (opts.replace) add('old dataplane reachable', Number(lines[at('gc')]!.split(' ')[2]));
    }
    process.stderr.write(`run ${i + 1}/${opts.runs}\n`);
  }
  const mmm = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${s[0]} / ${s[Math.floor(s.length / 2)]} / ${s[s.length - 1]}`;
  };
  console.log(`${opts.nodes} nodes, ${opts.proxy}, ${opts.traces} traces a pass, ${opts.runs} runs: min / median / max`);
  for (const [tree, f] of figures) {
    console.log(tree === 'this' ? 'this tree' : `base ${tree}`);
    for (const [k, xs] of Object.entries(f)) console.log(`  ${k.padEnd(32)} ${mmm(xs.map((x) => Math.round(x * 10) / 10))}`);
  }
}
