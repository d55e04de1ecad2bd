/**
 * What the slow first-touch (cold) traces spend their time on: `npm run bench`'s cold loop (the
 * same requests and warm-up), each namespace build timed on its own (its time less the builds it
 * asked for inside it) with the heap it grew, and the rest of the trace (the walk, and what the
 * walk makes on first use: bridge ports, virtual servers, kube-proxy's rules, texts). Prints the
 * slowest traces with what they built, and each kind of build's cost (p50 / p90 / max, heap).
 *
 *   npx tsx bench/cold-parts.ts                                 # 1,000 nodes, IPVS, slowest 25
 *   npx tsx bench/cold-parts.ts --proxy iptables --top 40
 *   node --expose-gc --max-semi-space-size=1024 --import tsx bench/cold-parts.ts   # no minor GC in the loop
 *
 * Timed by the process's CPU (process.cpuUsage), which waiting for a core does not inflate (V8's
 * compiler and GC threads count while they run: --single-threaded keeps their work on the main
 * thread); a GC that lands in a trace is counted in it (the GC column says which did).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { compile } from '../src/engine';
import { COLD_OPTIONS, coldSetup } from './cold-setup';

const { values: opts } = parseArgs({
  options: {
    ...COLD_OPTIONS,
    top: { type: 'string', default: '25' },
  },
  strict: true,
});

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const { topology, run, requests } = coldSetup(opts);
const dp = compile(topology);

interface Build {
  id: string;
  us: number;
  kb: number;
}
let builds: Build[] = [];
const seen = new Set<string>();
const ask = dp.ns.bind(dp);
// Time spent in builds nested inside the one running, to subtract from it.
let nested = 0;
dp.ns = (id) => {
  if (seen.has(id)) return ask(id);
  seen.add(id);
  const outer = nested;
  nested = 0;
  const h0 = process.memoryUsage().heapUsed;
  const c0 = cpuUs();
  const ns = ask(id);
  const us = cpuUs() - c0;
  builds.push({ id, us: us - nested, kb: (process.memoryUsage().heapUsed - h0) / 1024 });
  nested = outer + us;
  return ns;
};
const gcs: { start: number; end: number; kind: number }[] = [];
const watch = new PerformanceObserver((l) => {
  for (const e of l.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration, kind: (e.detail as { kind: number }).kind });
});
watch.observe({ entryTypes: ['gc'] });
const rows: { i: number; kind: string; us: number; builds: Build[]; t0: number; t1: number }[] = [];
requests.forEach(({ request, kind }, i) => {
  builds = [];
  nested = 0;
  const t0 = performance.now();
  const c0 = cpuUs();
  run(dp, request);
  const us = cpuUs() - c0;
  rows.push({ i, kind, us, builds, t0, t1: performance.now() });
});
await new Promise((r) => setTimeout(r, 50));
watch.disconnect();

const kindOf = (id: string) => id.slice(0, id.indexOf(':'));
const q = (xs: number[], f: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(f * s.length))] ?? 0;
};
const gcIn = (r: (typeof rows)[number]) => gcs.filter((g) => g.start < r.t1 && g.end > r.t0);
const over = rows.filter((r) => r.us > 1000);
console.log(
  `${opts.nodes} nodes, ${opts.proxy}: ${rows.length} cold traces, ${over.length} over 1 ms of CPU (${over.filter((r) => gcIn(r).length > 0).length} with a GC in them)`,
);
console.log(`GCs in the loop: ${gcs.length} (${gcs.map((g) => `${g.kind === 1 ? 'minor' : 'major'} ${(g.end - g.start).toFixed(1)} ms`).join(', ')})`);
console.log(`\nslowest ${opts.top}: CPU µs = builds (µs, KB heap) + rest`);
for (const r of [...rows].sort((a, b) => b.us - a.us).slice(0, Number(opts.top))) {
  const b = r.builds.reduce((s, x) => s + x.us, 0);
  const g = gcIn(r);
  console.log(
    `#${r.i} ${r.kind.padEnd(16)} ${String(r.us).padStart(6)} = ${r.builds.map((x) => `${x.id.split(':')[0]} ${x.us} (${x.kb.toFixed(0)})`).join(' + ') || '-'} + rest ${r.us - b}${g.length ? `  [GC ${g.map((x) => (x.end - x.start).toFixed(1)).join(', ')} ms]` : ''}`,
  );
}
const all = rows.flatMap((r) => r.builds);
console.log('\nbuilds by kind (µs of CPU p50 / p90 / max, heap KB p50 / max):');
for (const k of [...new Set(all.map((b) => kindOf(b.id)))]) {
  const xs = all.filter((b) => kindOf(b.id) === k);
  console.log(
    `${k.padEnd(9)} ${String(xs.length).padStart(5)}  ${q(
      xs.map((x) => x.us),
      0.5,
    )} / ${q(
      xs.map((x) => x.us),
      0.9,
    )} / ${Math.max(...xs.map((x) => x.us))} µs   ${q(
      xs.map((x) => x.kb),
      0.5,
    ).toFixed(1)} / ${Math.max(...xs.map((x) => x.kb)).toFixed(1)} KB`,
  );
}
const rest = rows.map((r) => r.us - r.builds.reduce((s, x) => s + x.us, 0));
console.log(`rest of a trace (walk and what it makes on first use): p50 ${q(rest, 0.5)} / p90 ${q(rest, 0.9)} / p99 ${q(rest, 0.99)} µs`);
console.log(
  `slowest builds: ${all
    .sort((a, b) => b.us - a.us)
    .slice(0, 12)
    .map((b) => `${b.id} ${b.us}`)
    .join(', ')}`,
);
console.log('\nrest of a trace by request kind (µs of CPU p50 / p90 / max, and how many over 1 ms in all):');
for (const k of [...new Set(rows.map((r) => r.kind))].sort()) {
  const xs = rows.filter((r) => r.kind === k);
  const rs = xs.map((r) => r.us - r.builds.reduce((s, x) => s + x.us, 0));
  console.log(
    `${k.padEnd(20)} ${String(xs.length).padStart(4)}  ${q(rs, 0.5)} / ${q(rs, 0.9)} / ${Math.max(...rs)} µs   over 1 ms: ${xs.filter((r) => r.us > 1000).length}`,
  );
}
