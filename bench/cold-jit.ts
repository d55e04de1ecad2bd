/**
 * Which first-touch (cold) traces over 1 ms are the engine's work, and which are the runtime's: a
 * GC, or V8's optimizing compiler (Turbofan) compiling the engine's functions as they turn hot. The
 * same requests and warm-up as `npm run bench`'s cold loop, in a child process run with
 * `--single-threaded` (the compiler and the GC work on the main thread, so the process's CPU is the
 * trace's) and V8's `--trace-opt --trace-gc`, whose lines fall between the loop's own marks: each
 * trace over 1 ms of CPU is then told apart by what ran inside it, and its CPU less its compiles and
 * GCs is the engine's own (the walk, the namespaces it built, the bytecode compiled on first call).
 * V8 times a compile by the clock, not by CPU: on a busy machine a compile's time includes its waits
 * for a core, so the engine's own time is then too low (read the told-apart counts first).
 * `--passes N` runs the loop again on fresh dataplanes of the same cluster: how the count falls as the
 * JIT settles (the measured dataplane is always new; only the compiled code carries over).
 *
 *   npx tsx bench/cold-jit.ts                              # 1,000 nodes, IPVS, 2 passes
 *   npx tsx bench/cold-jit.ts --proxy iptables --passes 4 --top 20
 *
 * Under the concurrent compiler of `npm run bench` (and a browser's worker) the compiles run on another
 * thread: they cost the trace nothing while a core is free, but they are counted in the process's CPU
 * (its "cold traces > 1 ms of CPU") and they take a core from the trace when the machine is busy.
 */
import { execFileSync } from 'node:child_process';
import { writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compile } from '../src/engine';
import { COLD_OPTIONS, coldSetup } from './cold-setup';

const { values: opts } = parseArgs({
  options: {
    ...COLD_OPTIONS,
    passes: { type: 'string', default: '2' },
    top: { type: 'string', default: '12' },
    child: { type: 'boolean', default: false },
  },
  strict: true,
});

if (opts.child) {
  const { topology, run, requests } = coldSetup(opts);
  for (let pass = 0; pass < Number(opts.passes); pass++) {
    const dp = compile(topology);
    requests.forEach(({ request }, i) => {
      writeSync(1, `@@ start ${pass} ${i}\n`);
      const c0 = process.cpuUsage();
      run(dp, request);
      const c = process.cpuUsage(c0);
      writeSync(1, `@@ end ${pass} ${i} ${c.user + c.system}\n`);
    });
  }
} else {
  const out = execFileSync(
    process.execPath,
    ['--single-threaded', '--trace-opt', '--trace-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', ...process.argv.slice(2)],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  interface Row {
    pass: number;
    i: number;
    cpuMs: number;
    compileMs: number;
    gcMs: number;
    compiled: string[];
  }
  const rows: Row[] = [];
  const compiledMs = new Map<string, number>();
  let cur: Row | undefined;
  for (const line of out.split('\n')) {
    const mark = /^@@ (start|end) (\d+) (\d+)(?: (\d+))?/.exec(line);
    if (mark) {
      if (mark[1] === 'start') cur = { pass: Number(mark[2]), i: Number(mark[3]), cpuMs: 0, compileMs: 0, gcMs: 0, compiled: [] };
      else if (cur) {
        cur.cpuMs = Number(mark[4]) / 1000;
        rows.push(cur);
        cur = undefined;
      }
      continue;
    }
    if (!cur) continue;
    // "[completed compiling 0x… <JSFunction name (sfi = 0x…)> (target TURBOFAN) - took 0.003, 6.179, 0.055 ms]"
    const comp = /completed compiling \S+ <JSFunction ?(\S*) \(sfi[^)]*\)> \(target (\w+)\) - took ([\d.]+), ([\d.]+), ([\d.]+) ms/.exec(line);
    if (comp) {
      const ms = Number(comp[3]) + Number(comp[4]) + Number(comp[5]);
      cur.compileMs += ms;
      const name = `${comp[1] || '(anonymous)'} ${comp[2]}`;
      cur.compiled.push(name);
      if (cur.pass === 0) compiledMs.set(name, (compiledMs.get(name) ?? 0) + ms);
      continue;
    }
    // "[pid:0x…]  1234 ms: Scavenge 40.1 (50.2) -> 30.3 (50.2) MB, 3.4 / 0.0 ms  …"
    const gc = /ms: (?:Scavenge|Mark-Compact|Mark-Sweep|Minor Mark-Sweep)[^,]*, ([\d.]+) \/ ([\d.]+) ms/.exec(line);
    if (gc) cur.gcMs += Number(gc[1]);
  }
  const f = (ms: number) => `${ms.toFixed(0)} ms`;
  console.log(`${opts.nodes} nodes, ${opts.proxy}: ${opts.traces} cold traces a pass, single-threaded (compiles and GCs counted in the trace they ran in)`);
  for (let pass = 0; pass < Number(opts.passes); pass++) {
    const xs = rows.filter((r) => r.pass === pass);
    const over = xs.filter((r) => r.cpuMs > 1);
    const withGc = over.filter((r) => r.gcMs > 0);
    const withCompile = over.filter((r) => r.gcMs === 0 && r.compileMs > 0);
    const own = (r: Row) => r.cpuMs - r.compileMs - r.gcMs;
    const ownOver = xs.filter((r) => own(r) > 1);
    const sum = (ys: Row[], g: (r: Row) => number) => ys.reduce((s, r) => s + g(r), 0);
    console.log(
      `pass ${pass}: over 1 ms of CPU ${over.length} (with a GC ${withGc.length}, with an optimizing compile and no GC ${withCompile.length}, neither ${over.length - withGc.length - withCompile.length}); ` +
        `the engine's own work over 1 ms ${ownOver.length}${ownOver.length ? ` (${ownOver.map((r) => `#${r.i} ${own(r).toFixed(2)} ms`).join(', ')})` : ''}; ` +
        `loop CPU ${f(sum(xs, (r) => r.cpuMs))}: compiles ${f(sum(xs, (r) => r.compileMs))}, GCs ${f(sum(xs, (r) => r.gcMs))}`,
    );
  }
  console.log(`\npass 0's costliest compiles (ms, function and tier):`);
  for (const [name, ms] of [...compiledMs].sort((a, b) => b[1] - a[1]).slice(0, Number(opts.top))) console.log(`${ms.toFixed(1).padStart(7)}  ${name}`);
}
