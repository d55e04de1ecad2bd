/**
 * What a first-touch (cold) trace allocates and keeps, counted in bytes rather than timed: the
 * figures that set how many minor GCs a cold loop meets and how long each is, and that a loaded
 * machine does not blur. The same requests and warm-up as `npm run bench`'s cold loop, in a process
 * whose young generation is too big to fill (a 1 GB semi-space from the start), so the heap's growth over
 * a trace is what it allocated:
 * - allocated: the cold loop's heap growth, and per trace (p50 / p90 / p99 / max);
 * - kept: what is still reachable after the loop and two full GCs (the namespaces built, caches);
 * - warm: what the same requests allocate again (the walk's own garbage: hops, packet views, texts);
 * - --profile alloc | kept | warm: a sampled allocation profile of the cold loop (every allocation,
 *   or what it kept) or of the warm pass, by allocating function and its caller, top --top (a
 *   profiled run's own figures are off: the profiler keeps records of its own).
 *
 *   npx tsx bench/cold-alloc.ts                               # 1,000 nodes, IPVS
 *   npx tsx bench/cold-alloc.ts --proxy iptables --profile alloc --top 40
 *
 * Compare two trees by alternating them (the figures move by ~0.1-0.3 MB from run to run). Run
 * under tsx, the functions carry esbuild's __name wrappers (keepNames): a few % of the bytes, not
 * in the app's build.
 */
import { fork } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compile } from '../src/engine';
import { COLD_OPTIONS, coldSetup } from './cold-setup';

const { values: opts } = parseArgs({
  options: {
    ...COLD_OPTIONS,
    profile: { type: 'string' },
    top: { type: 'string', default: '30' },
  },
  strict: true,
});

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  // Again, with the flags that make the heap's growth a count of bytes allocated.
  const child = fork(fileURLToPath(import.meta.url), process.argv.slice(2), {
    execArgv: [...process.execArgv, '--expose-gc', '--min-semi-space-size=1024', '--max-semi-space-size=1024', '--max-old-space-size=8192'],
  });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main(gc);
}

interface ProfileNode {
  callFrame: { functionName: string; url: string };
  selfSize: number;
  children: ProfileNode[];
}

async function main(gc: () => void): Promise<void> {
  const proxy = opts.proxy as 'ipvs' | 'iptables';
  const { topology, run, requests: picked } = coldSetup(opts);
  const requests = picked.map((x) => x.request);
  const dp = compile(topology);
  const session = new Session();
  session.connect();
  const sampling = (keptOnly: boolean) =>
    session.post('HeapProfiler.startSampling', {
      samplingInterval: 256,
      ...(keptOnly ? {} : { includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }),
    });
  gc();
  gc();
  if (opts.profile === 'alloc' || opts.profile === 'kept') await sampling(opts.profile === 'kept');
  const heap = () => process.memoryUsage().heapUsed;
  // A GC inside the loop would make the heap's growth understate what it allocated: watched, and said.
  const gcTimes: number[] = [];
  const gcWatch = new PerformanceObserver((l) => gcTimes.push(...l.getEntries().map((e) => e.startTime)));
  gcWatch.observe({ entryTypes: ['gc'] });
  const loopStart = performance.now();
  const start = heap();
  const perTrace: number[] = [];
  let last = start;
  for (const r of requests) {
    run(dp, r);
    const now = heap();
    perTrace.push(now - last);
    last = now;
  }
  const allocated = last - start;
  const loopEnd = performance.now();
  let profile: { head: ProfileNode } | undefined;
  if (opts.profile === 'kept') {
    gc();
    gc();
  }
  if (opts.profile === 'alloc' || opts.profile === 'kept') profile = (await session.post('HeapProfiler.stopSampling')).profile as { head: ProfileNode };
  gc();
  gc();
  const kept = heap() - start;
  if (opts.profile === 'warm') await sampling(false);
  const warmStart = heap();
  for (const r of requests) run(dp, r);
  const warm = heap() - warmStart;
  if (opts.profile === 'warm') profile = (await session.post('HeapProfiler.stopSampling')).profile as { head: ProfileNode };

  // The observer hears of GCs after the loop (its callback is queued).
  await new Promise((r) => setTimeout(r, 50));
  gcWatch.disconnect();
  const gcsInLoop = gcTimes.filter((t) => t >= loopStart && t <= loopEnd).length;
  const MB = (x: number) => `${(x / 1048576).toFixed(2)} MB`;
  const KB = (x: number) => `${(x / 1024).toFixed(1)} KB`;
  const s = [...perTrace].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))]!;
  console.log(`${opts.nodes} nodes, ${proxy}, ${requests.length} cold traces`);
  console.log(
    `cold loop: allocated ${MB(allocated)}, kept ${MB(kept)}; per trace allocated p50 ${KB(q(0.5))}, p90 ${KB(q(0.9))}, p99 ${KB(q(0.99))}, max ${KB(s.at(-1)!)}`,
  );
  if (gcsInLoop > 0) console.log(`! ${gcsInLoop} GC(s) ran during the cold loop: its allocated figure is understated; run again`);
  console.log(`warm pass: allocated ${MB(warm)} (${KB(warm / requests.length)} a trace)`);
  if (profile) printProfile(profile.head, Number(opts.top));
}

/** The profile's bytes by allocating function and its nearest caller in our code (a builtin such as Map or next names its caller). */
function printProfile(head: ProfileNode, top: number): void {
  const bytes = new Map<string, number>();
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*\/(src|bench)\//, '')}`.trim();
  const walk = (n: ProfileNode, caller: string) => {
    if (n.selfSize > 0) {
      const key = `${name(n)} <- ${caller}`;
      bytes.set(key, (bytes.get(key) ?? 0) + n.selfSize);
    }
    for (const c of n.children) walk(c, n.callFrame.url ? name(n) : caller);
  };
  walk(head, '');
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  console.log(`\nsampled ${(total / 1048576).toFixed(2)} MB, by allocating function <- caller:`);
  for (const [k, v] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(v / 1048576).toFixed(2).padStart(7)} MB ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
}
