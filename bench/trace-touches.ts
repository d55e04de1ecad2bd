/**
 * Which dataplane objects a warm trace reads, counted rather than timed: the figure that wall time on
 * a shared machine cannot give (at load 15 two runs of the same tree differ by 50%). Every object
 * reached from the dataplane is read through a Proxy that notes it. An object few traces of the mix
 * read (at most --rare of them) is the trace's own state: at 1,000 nodes it was last read a thousand
 * traces earlier, so each is a cache miss or two, and warm − repeat in `npm run bench` is mostly
 * these. The report gives them per trace, by the path that first reached them (paths start again at
 * each namespace: `ns(node).devices.get` is a device of a node); "with their tables and elements"
 * counts a Map's or Set's table and an array's elements as objects of their own.
 *
 *   npx tsx bench/trace-touches.ts                          # 1,000 nodes, IPVS, top 40
 *   npx tsx bench/trace-touches.ts --proxy iptables --kind pod-pod --top 60
 *
 * Not counted: strings, typed arrays (a proxy cannot stand for one), objects the walk makes, and what
 * a compiled namespace keeps that the walk reaches only through its builders' closures. The traces
 * through the proxies must end as the plain ones do: the count of those that differ is printed.
 * Before 6806f80 a proxy the engine kept and read back was proxied again, so its caches compared by
 * identity missed and the counts were high (297.7 / 107.4 rare objects, iptables / IPVS, where 173.9 / 73.5 was right).
 */
import { parseArgs } from 'node:util';
import { compile, trace } from '../src/engine';
import type { Dataplane } from '../src/engine';
import { validateTopology } from '../src/model';
import { generateFlannelCluster, pickTraceRequests } from '../src/scenarios/generate';

const { values: opts } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    proxy: { type: 'string', default: 'ipvs' },
    traces: { type: 'string', default: '1000' },
    rare: { type: 'string', default: '0.01' },
    top: { type: 'string', default: '40' },
    kind: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
  strict: true,
});
const seed = Number(opts.seed);
const doc = generateFlannelCluster({ nodes: Number(opts.nodes), seed, kubeProxyMode: opts.proxy as 'ipvs' | 'iptables', networkPolicies: true });
const parsed = validateTopology(doc);
if (!parsed.ok) throw new Error(`generated document is invalid: ${parsed.problems[0]!.message}`);
const picked = pickTraceRequests(doc, Number(opts.traces), seed);
const raw = compile(parsed.topology);

const proxies = new WeakMap<object, object>();
const pathOf = new WeakMap<object, string>();
const ours = new WeakSet<object>();
/** The objects the trace being counted read; undefined between counted traces. */
let touched: Set<object> | undefined;

function childPath(parent: string, key: PropertyKey): string {
  const k = typeof key === 'symbol' ? `[${key.description}]` : /^\d+$/.test(String(key)) ? '[]' : String(key);
  const parts = `${parent}.${k}`.split('.');
  return parts.length > 6 ? [parts[0], '…', ...parts.slice(-4)].join('.') : parts.join('.');
}

function note(o: object, path: string): void {
  touched?.add(o);
  if (!pathOf.has(o)) pathOf.set(o, path);
}

/** `v` read through a proxy that notes every object read from it. */
function watched<T>(v: T, path: string): T {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  const o = v as object;
  // NOTE: an empty Map or Set is handed back as it is (noted, not watched): the engine tells a table's
  // shared empty map from its own by identity (table.ts `writable`), and through a proxy it wrote into the
  // shared one (11 of 1,000 iptables verdicts differed). An empty collection has nothing to read but itself.
  if ((o instanceof Map || o instanceof Set) && o.size === 0 && !proxies.has(o)) {
    note(o, path);
    return v;
  }
  const known = proxies.get(o);
  if (known) return known as T;
  // A proxy the engine kept and reads back (a cache it writes on a dataplane object) is handed back as it is: a
  // proxy of it would not be identical to it, and an engine that compares what it kept by identity would miss.
  if (ours.has(o)) return v;
  const nsKind = 'devices' in o && 'routes' in o && 'kind' in o ? String(o.kind) : undefined;
  pathOf.set(o, nsKind ? `ns(${nsKind})` : path);
  const collection = o instanceof Map || o instanceof Set;
  const p = new Proxy(o, {
    get(t, key) {
      touched?.add(t);
      // A Map's methods run on the Map itself (a proxy has none of its internal slots).
      const x: unknown = Reflect.get(t, key, collection ? t : p);
      const at = pathOf.get(t)!;
      if (typeof x === 'function') {
        if (collection) return (...args: unknown[]) => (key === 'get' ? watched : id)((x as (...a: unknown[]) => unknown).apply(t, args), childPath(at, key));
        // The dataplane's own functions (ns) hand out namespaces: those are watched too.
        if (t === raw) return (...args: unknown[]) => watched((x as (...a: unknown[]) => unknown).apply(t, args), `dp.${String(key)}()`);
        return x;
      }
      const d = Object.getOwnPropertyDescriptor(t, key);
      if (d && !d.configurable && d.writable === false) {
        // A proxy must hand back a frozen property as it is: noted, not watched.
        if (x !== null && typeof x === 'object') note(x, childPath(at, key));
        return x;
      }
      return watched(x, childPath(at, key));
    },
  });
  proxies.set(o, p);
  ours.add(p);
  return p as T;
}
const id = <T>(x: T) => x;

const dp: Dataplane = watched(raw, 'dp');
const plain = compile(parsed.topology);
const requests = opts.kind ? picked.filter((x) => x.kind === opts.kind) : picked;
if (requests.length === 0) throw new Error(`no request of kind ${opts.kind}`);
// Every namespace built through the proxies (so the handles the walk keeps are watched ones), and warm.
for (let i = 0; i < 2; i++) for (const { request } of picked) trace(dp, request);
for (const { request } of picked) trace(plain, request);
const differ = picked.filter(({ request }) => trace(dp, request).verdict !== trace(plain, request).verdict).length;

const perTrace: Set<object>[] = [];
for (const { request } of requests) {
  touched = new Set();
  trace(dp, request);
  perTrace.push(touched);
  touched = undefined;
}
const readers = new Map<object, number>();
for (const s of perTrace) for (const o of s) readers.set(o, (readers.get(o) ?? 0) + 1);
const rareMax = Math.max(1, Math.floor(Number(opts.rare) * requests.length));
const byPath = new Map<string, number>();
let all = 0;
let rare = 0;
let rareWithTables = 0;
for (const s of perTrace)
  for (const o of s) {
    all++;
    if (readers.get(o)! > rareMax) continue;
    rare++;
    rareWithTables += o instanceof Map || o instanceof Set || (Array.isArray(o) && o.length > 0) ? 2 : 1;
    const k = pathOf.get(o) ?? '?';
    byPath.set(k, (byPath.get(k) ?? 0) + 1);
  }
const n = requests.length;
const per = (x: number) => (x / n).toFixed(1);
console.log(`${opts.nodes} nodes, ${opts.proxy}, ${opts.kind ?? 'every kind'}: ${n} warm traces; verdicts that differ through the proxies: ${differ}`);
console.log(
  `dataplane objects read per trace: ${per(all)}; read by at most ${rareMax} of the ${n} traces (the trace's own state): ${per(rare)}, with their tables and elements ~${per(rareWithTables)}`,
);
console.log('the rare ones per trace, by the path that first reached them:');
for (const [k, c] of [...byPath].sort((a, b) => b[1] - a[1]).slice(0, Number(opts.top))) console.log(`${(c / n).toFixed(2).padStart(7)}  ${k}`);
