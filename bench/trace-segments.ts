/**
 * Where a warm trace's time goes, segment by segment: the walk's steps (the Walker's hooks, each
 * netfilter chain run, conntrack, the VPC) are marked as they start and end, and the time between
 * two marks is charged to that pair. Each request is timed twice: warm (its state last touched a
 * thousand traces earlier, as `npm run bench`'s warm pass) and repeat (traced again at once, its
 * state in the CPU's caches). A segment's warm − repeat is what reaching its state in memory costs:
 * the table lists the segments by that, summed per trace over every request of the mix.
 *
 *   npx tsx bench/trace-segments.ts                         # 1,000 nodes, IPVS, top 25
 *   npx tsx bench/trace-segments.ts --proxy iptables --nodes 100 --top 40 --kind pod-pod
 *
 * Each mark costs a clock read (~0.7 µs on this VM), so the totals are above the bench's p50s:
 * read the warm − repeat column, not the warm one. A segment named `A → B` runs from mark A to
 * mark B (`>X` the start of X, `<X` its end); `start` is the call of trace(), `end` its return.
 */
import { parseArgs } from 'node:util';
import { compile, trace } from '../src/engine';
import { Walker } from '../src/engine/walk';
import { NetfilterHooks } from '../src/engine/netfilter/hooks';
import { Conntrack } from '../src/engine/conntrack';
import { CloudHops } from '../src/engine/cloud/hops';
import { validateTopology, type TraceRequest } from '../src/model';
import { generateFlannelCluster, pickTraceRequests } from '../src/scenarios/generate';

const { values: opts } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    proxy: { type: 'string', default: 'ipvs' },
    traces: { type: 'string', default: '1000' },
    passes: { type: 'string', default: '3' },
    top: { type: 'string', default: '25' },
    kind: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
  strict: true,
});
const proxy = opts.proxy as 'ipvs' | 'iptables';
const seed = Number(opts.seed);

const doc = generateFlannelCluster({ nodes: Number(opts.nodes), seed, kubeProxyMode: proxy, networkPolicies: true });
const parsed = validateTopology(doc);
if (!parsed.ok) throw new Error(`generated document is invalid: ${parsed.problems[0]!.message}`);
const picked = pickTraceRequests(doc, Number(opts.traces), seed);
const dp = compile(parsed.topology);
// Every namespace the requests reach built, and the JIT's tiers done, before any mark is taken.
for (let i = 0; i < 3; i++) for (const { request } of picked) trace(dp, request);

let marks: { at: string; t: number }[] = [];
let marking = false;
const mark = (at: string) => marks.push({ at, t: performance.now() });

/** Marks the start and end of each named method of `proto` while `marking`; a chain run is named by its table and chain. */
function instrument(proto: object, tag: string, names: string[]): void {
  const methods = proto as Record<string, (...args: unknown[]) => unknown>;
  for (const name of names) {
    const f = methods[name];
    if (typeof f !== 'function') throw new Error(`${tag}.${name} is not a method: the walk was renamed, update this bench`);
    methods[name] = function (this: unknown, ...args: unknown[]) {
      if (!marking) return f.apply(this, args);
      const label = name === 'run' ? `${tag}.${String(args[1])}/${String(args[2])}` : `${tag}.${name}`;
      mark(`>${label}`);
      const r = f.apply(this, args);
      mark(`<${label}`);
      return r;
    };
  }
}
instrument(Walker.prototype, 'W', [
  'originate',
  'egress',
  'hop',
  'transmit',
  'enter',
  'ipIn',
  'routeIn',
  'localIn',
  'bridgeIn',
  'deliver',
  'postrouting',
  'policy',
]);
instrument(NetfilterHooks.prototype, 'NF', ['run']);
instrument(Conntrack.prototype, 'CT', ['find', 'confirm']);
instrument(CloudHops.prototype, 'VPC', ['vpcIn', 'internetIn']);

/** One trace's segments, µs each. */
type Segments = Map<string, number>;
/** Traces `r` with marks on and returns its segments. */
function timed(r: TraceRequest): Segments {
  marks = [];
  mark('start');
  marking = true;
  trace(dp, r);
  marking = false;
  mark('end');
  const s: Segments = new Map();
  for (let i = 1; i < marks.length; i++) {
    const k = `${marks[i - 1]!.at} → ${marks[i]!.at}`;
    s.set(k, (s.get(k) ?? 0) + (marks[i]!.t - marks[i - 1]!.t) * 1000);
  }
  return s;
}

const measured = opts.kind ? picked.filter((x) => x.kind === opts.kind) : picked;
if (measured.length === 0) throw new Error(`no request of kind ${opts.kind}`);
const warm: Segments[] = [];
const repeat: Segments[] = [];
const passes = Number(opts.passes);
for (let pass = 0; pass < passes; pass++) {
  // The whole mix runs between two timings of a request, as in the engine bench's warm pass.
  for (const x of picked) {
    if (!opts.kind || x.kind === opts.kind) warm.push(timed(x.request));
    else trace(dp, x.request);
  }
  for (const x of measured) {
    trace(dp, x.request);
    repeat.push(timed(x.request));
  }
}

/**
 * Each segment's mean µs per trace, over the traces but their slowest tenth: on a shared machine a
 * GC pause or the scheduler lands in a few traces, and one 10 ms trace would outweigh a segment's
 * thousand 1 µs ones.
 */
function means(traces: Segments[]): Map<string, number> {
  const total = (s: Segments) => [...s.values()].reduce((a, b) => a + b, 0);
  const kept = [...traces].sort((a, b) => total(a) - total(b)).slice(0, Math.ceil(traces.length * 0.9));
  const m = new Map<string, number>();
  for (const s of kept) for (const [k, us] of s) m.set(k, (m.get(k) ?? 0) + us / kept.length);
  return m;
}
const warmUs = means(warm);
const repeatUs = means(repeat);
const rows = [...new Set([...warmUs.keys(), ...repeatUs.keys()])].map((k) => ({ k, w: warmUs.get(k) ?? 0, r: repeatUs.get(k) ?? 0 }));
rows.sort((a, b) => b.w - b.r - (a.w - a.r));
const total = (f: (x: (typeof rows)[number]) => number) => rows.reduce((s, x) => s + f(x), 0);
const fmt = (x: number) => x.toFixed(2).padStart(7);
const width = Math.max(...rows.map((x) => x.k.length));
console.log(
  `${opts.nodes} nodes, ${proxy}, ${opts.kind ?? 'every kind'}: ${measured.length} requests × ${passes} passes; µs per trace (means, the slowest tenth left out), load ${(await import('node:os')).loadavg()[0]!.toFixed(2)}`,
);
console.log(`${'segment'.padEnd(width)}    warm  repeat  warm − repeat`);
for (const x of rows.slice(0, Number(opts.top))) console.log(`${x.k.padEnd(width)} ${fmt(x.w)} ${fmt(x.r)} ${fmt(x.w - x.r)}`);
console.log(`${'all segments'.padEnd(width)} ${fmt(total((x) => x.w))} ${fmt(total((x) => x.r))} ${fmt(total((x) => x.w - x.r))}`);
