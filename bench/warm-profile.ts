/**
 * Where a warm trace's CPU goes, by function: a sampled CPU profile of `npm run bench`'s warm
 * pass (the same cluster, requests and warm-up as the cold benches; every namespace the requests
 * reach built, the JIT's tiers done), each function's own time and its time with what it calls,
 * per trace. Sampled, so a function inlined into its caller is charged to the caller; compare
 * shares within one run rather than microseconds across runs (the profiler slows the trace, and
 * waiting for a core on a loaded machine is in the figure).
 *
 *   npx tsx bench/warm-profile.ts                       # 1,000 nodes, IPVS, top 40
 *   npx tsx bench/warm-profile.ts --proxy iptables --passes 10 --top 60
 *
 * Run under tsx, a function is named by its source file (esbuild keeps the names).
 */
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { compile } from '../src/engine';
import { COLD_OPTIONS, coldSetup } from './cold-setup';

const { values: opts } = parseArgs({
  options: {
    ...COLD_OPTIONS,
    passes: { type: 'string', default: '5' },
    top: { type: 'string', default: '40' },
  },
  strict: true,
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount: number;
  children?: number[];
}

const { topology, run, requests } = coldSetup(opts);
const dp = compile(topology);
const reqs = requests.map((x) => x.request);
for (let i = 0; i < 3; i++) for (const r of reqs) run(dp, r);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
await session.post('Profiler.start');
const passes = Number(opts.passes);
for (let i = 0; i < passes; i++) for (const r of reqs) run(dp, r);
const { profile } = await session.post('Profiler.stop');
const nodes = profile.nodes as ProfileNode[];

const byId = new Map(nodes.map((n) => [n.id, n]));
const nameOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*\/(src|bench)\//, '')}`.trim();
const samples = nodes.reduce((a, n) => a + n.hitCount, 0);
const usPerSample = (profile.endTime - profile.startTime) / samples / (passes * reqs.length);

const own = new Map<string, number>();
for (const n of nodes) own.set(nameOf(n), (own.get(nameOf(n)) ?? 0) + n.hitCount);
// With what it calls: a function's subtrees, each counted once however deep it recurses.
const below = new Map<number, number>();
const subtree = (n: ProfileNode): number => {
  let s = below.get(n.id);
  if (s === undefined) below.set(n.id, (s = n.hitCount + (n.children ?? []).reduce((a, c) => a + subtree(byId.get(c)!), 0)));
  return s;
};
const all = new Map<string, number>();
const visit = (n: ProfileNode, open: ReadonlySet<string>) => {
  const name = nameOf(n);
  if (!open.has(name)) all.set(name, (all.get(name) ?? 0) + subtree(n));
  const inside = new Set(open).add(name);
  for (const c of n.children ?? []) visit(byId.get(c)!, inside);
};
visit(nodes[0]!, new Set());

const top = Number(opts.top);
const table = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${(v * usPerSample).toFixed(2).padStart(7)} µs ${((100 * v) / samples).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(
  `${opts.nodes} nodes, ${opts.proxy}: ${passes} warm passes over ${reqs.length} requests, ${samples} samples, ${(samples * usPerSample).toFixed(1)} µs a trace (profiled)`,
);
table('own time per trace', own);
table('with what it calls, per trace', all);
