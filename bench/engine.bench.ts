/**
 * Engine benchmark: generated Flannel clusters of 10, 100 and 1,000 nodes (with
 * NetworkPolicies), under kube-proxy IPVS and iptables, each size and mode in its own child
 * process, repeated `--runs` times; the tables give min / median / max over the runs.
 *
 *   npm run bench                                   # 10,100,1000 nodes × ipvs,iptables, 3 runs
 *   npm run bench -- --nodes 100 --proxy ipvs --runs 5 --traces 500 --json
 *
 * Per run:
 * - validate: validateTopology of the document (the median of 3 calls in the run);
 * - first traces, code cold: what a fresh process pays on opening the document: compile() and the
 *   first 100 requests, with V8 compiling the engine as it turns hot (optimizing compiles counted in
 *   the process's CPU), on a dataplane of their own: a worker just started, not counted elsewhere;
 * - warm-up (bench/warm-up.ts): 6 passes of other requests, each on a dataplane of its own, which
 *   settle V8's compilers (one pass of 300 did not: 40-57 of the next 1,000 traces held an optimizing
 *   compile); not counted;
 * - compile: compile() with the code settled (namespaces are then built lazily, when a trace first
 *   needs them);
 * - cold: the measured requests on that fresh dataplane, code settled: a trace pays for building
 *   each node and pod it touches first (first-touch of state); both rows, as neither alone is
 *   what a person meets: the first traces after a page opens run cold code too;
 * - warm: the same requests again, every touched namespace built (each request's state was last
 *   touched a thousand traces earlier, so at 1,000 nodes it is mostly out of the CPU's caches);
 *   and the same once more after an untimed pass ("3rd pass"): a worker that has traced a while;
 * - repeat: each request traced twice in a row, the second timed: the same work with its state in
 *   the caches, so warm − repeat is what reaching memory costs;
 * - CPU: the process's CPU time (process.cpuUsage: the main thread's, and its GC and compiler
 *   threads' while they run), which waiting for a core on a shared machine does not inflate: cold
 *   traces over 1 ms of it and its p99, and the first warm pass's CPU per trace (its mean); with
 *   the code settled, the count of cold traces over 1 ms of it holds V8's helper threads' CPU beside
 *   the trace (39-51 at 1,000 nodes, IPVS, on a loaded machine; run single-threaded,
 *   bench/cold-jit.ts counts 7, each holding a GC or an optimizing compile, none the engine's work);
 * - cold GC: what the cold loop allocated and kept, and its minor and major GCs with their summed
 *   pause and the longest minor one (a minor GC copies what survives it, so the namespaces the loop
 *   builds make each dearer), and how many cold traces took over 1 ms (p99 ≤ 1 ms needs ≤ 10);
 * - memory: heap after building every node's full state (its namespace with every service's
 *   kube-proxy state written, as the node views do) and its pods' namespaces, for at most
 *   `--sample` nodes (default 50); more nodes than that are extrapolated from the sample (~).
 *   Which slow cold traces are the runtime's (a GC, the optimizing compiler) and which the engine's
 *   own work: `bench/cold-jit.ts`.
 * Requests are a mix of pod → pod, pod → ClusterIP (internalTrafficPolicy Cluster/Local),
 * internet → SLB and node → NodePort (externalTrafficPolicy Cluster/Local), VPC host →
 * externalIP; the per-kind table gives warm medians by kind and policy.
 * Timings are noisy on a shared machine: compare ratios within one run of the bench.
 */
import { fork } from 'node:child_process';
import { GCProfiler } from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compile, RequestError, trace, type Dataplane } from '../src/engine';
import { validateTopology, type Topology, type TraceRequest } from '../src/model';
import { installSchemaCompiler } from '../src/model/schema-compiler';
import { generateFlannelCluster, pickTraceRequests, type GeneratedDocument } from '../src/scenarios/generate';
import { WARM_TRACES, warmUp } from './warm-up';

// As the worker validates a document with long lists: with zod's compiler.
installSchemaCompiler();

type Proxy = 'ipvs' | 'iptables';

interface RunResult {
  nodes: number;
  proxy: Proxy;
  pods: number;
  services: number;
  validateMs: number;
  compileMs: number;
  /** The process's first compile() and first traces (code cold): compile's time, and each trace's CPU. */
  codeColdCompileMs: number;
  codeColdFirstCpuUs: number;
  codeColdCpuP50Us: number;
  codeColdCpuMaxUs: number;
  codeColdCpuOver1ms: number;
  traces: number;
  errors: number;
  firstError?: string;
  coldP50Us: number;
  coldP99Us: number;
  /** Heap allocated by the cold loop (what it kept plus what its GCs freed), MB. */
  coldAllocMB: number;
  /** Heap the cold loop left reachable (namespaces built, caches), MB. */
  coldKeptMB: number;
  /** Minor (scavenge) and major (mark-compact) GCs during the cold loop, and their summed pause. */
  coldMinorGCs: number;
  coldMajorGCs: number;
  coldGcMs: number;
  /** The longest minor GC pause of the cold loop: a cold trace it lands in takes at least that long. */
  coldMinorMaxMs: number;
  /** Cold traces over 1 ms (the p99 goal): at most 10 of 1,000 for p99 to be under it. */
  coldOver1ms: number;
  /** Of those: how many a GC pause fell in, and the others by how many namespaces (nodes, pods) they built first. */
  coldOver1msGc: number;
  coldOver1msByBuilt: Record<string, number>;
  /** The same by the process's CPU time: what waiting for a core on a loaded machine does not inflate. */
  coldCpuP99Us: number;
  coldCpuOver1ms: number;
  /** The first warm pass's CPU time per trace (mean). */
  warmCpuUs: number;
  warmP50Us: number;
  warmP99Us: number;
  /** Warm p50 of the third warm pass over the requests. */
  warm3P50Us: number;
  repeatP50Us: number;
  /** Heap per built node (its namespace and its pods'), MB. */
  perNodeMB: number;
  /** Heap of the dataplane with every namespace built (measured, or extrapolated when `extrapolated`). */
  allNodesMB: number;
  builtNodes: number;
  extrapolated: boolean;
  /** Warm median µs and count, by kind (and traffic policy). */
  byKind: Record<string, { count: number; warmP50Us: number; verdicts: Record<string, number> }>;
  peakRssMB: number;
}

const { values: opts } = parseArgs({
  options: {
    nodes: { type: 'string', default: '10,100,1000' },
    proxy: { type: 'string', default: 'ipvs,iptables' },
    traces: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    sample: { type: 'string', default: '50' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    child: { type: 'string' },
  },
  strict: true,
});

const MB = 1024 * 1024;
/** Traces in the "first traces, code cold" row. */
const CODE_COLD_TRACES = 100;

/** The process's CPU time so far, user and system, in µs. */
const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const quantile = (xs: number[], f: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(f * s.length))] ?? 0;
};

/** The request's kind, with the traffic policy that decides it where one does. */
function kindOf(doc: GeneratedDocument, kind: string, r: TraceRequest): string {
  const [addr, port] = [r.to.slice(0, r.to.lastIndexOf(':')), Number(r.to.slice(r.to.lastIndexOf(':') + 1))];
  if (kind === 'node-nodeport') return `${kind} ${doc.services.find((s) => s.ports[0]?.nodePort === port)?.externalTrafficPolicy ?? '?'}`;
  if (kind === 'external-lb') {
    const lb = doc.loadBalancers.find((l) => l.ip === addr)?.name;
    return `${kind} ${doc.services.find((s) => s.loadBalancer === lb)?.externalTrafficPolicy ?? '?'}`;
  }
  if (kind === 'pod-clusterip') return `${kind} ${doc.services.find((s) => s.clusterIP === addr)?.internalTrafficPolicy ?? 'Cluster'}`;
  return kind;
}

async function runOne(nodes: number, proxy: Proxy, traceCount: number, seed: number, sample: number): Promise<RunResult> {
  let peakRss = 0;
  const sampleMem = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    return m;
  };
  const doc = generateFlannelCluster({ nodes, seed, kubeProxyMode: proxy, networkPolicies: true });
  const vTimes: number[] = [];
  let parsed!: ReturnType<typeof validateTopology>;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    parsed = validateTopology(doc);
    vTimes.push(performance.now() - t0);
  }
  if (!parsed.ok) throw new Error(`generated document is invalid: ${parsed.problems[0]!.path}: ${parsed.problems[0]!.message}`);
  const topology = parsed.topology;

  const run = (dp: ReturnType<typeof compile>, r: TraceRequest): string => {
    try {
      return trace(dp, r).verdict;
    } catch (e) {
      return e instanceof RequestError ? `request error: ${e.message}` : `error: ${(e as Error).message}`;
    }
  };
  const requests = pickTraceRequests(doc, traceCount, seed).map((x) => ({ ...x, label: kindOf(doc, x.kind, x.request) }));
  const codeCold = firstTraces(topology, requests, run);
  warmUp(
    () => compile(topology),
    run,
    (pass) => pickTraceRequests(doc, WARM_TRACES, seed + 1000 + pass),
  );
  // NOTE: this forced full GC gives the cold loop's allocated and kept figures a clean baseline, and
  // undoes part of the warm-up: without it, at 1,000 nodes (IPVS, 2 pairs), 11-16 cold traces over
  // 1 ms of CPU instead of 39-40, warm CPU 69-83 µs a trace instead of 95-127. Not bytecode
  // flushing (--no-flush-bytecode: 36): no dataplane is alive here (the warm-up's are gone), so the GC
  // collects the hidden classes only their objects had, and with them the optimized code that checks
  // for them (--trace-deopt: ~60 functions marked 'weak objects', ~86 optimized again over the next
  // 2,000 traces). What a document opened after such a GC meets; a worker that keeps its dataplane
  // keeps them (bench/idle-gc.ts), and bench/engine-ab.ts gives both with and without this GC.
  gc();
  sampleMem();
  const cold: number[] = [];
  const coldCpu: number[] = [];
  const warm: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const verdicts: string[] = [];
  let t0 = performance.now();
  // The measured dataplane lives in this holder only, so it is out of reach when memory is measured.
  const measured: { dp?: ReturnType<typeof compile> } = { dp: compile(topology) };
  const compileMs = performance.now() - t0;
  const dp = () => measured.dp!;
  // What each cold trace built first (namespaces asked for the first time), and when the GCs ran: what a slow one paid for.
  const firstAsked = new Set<string>();
  let built = 0;
  const ask = measured.dp!.ns.bind(measured.dp);
  measured.dp!.ns = (id) => {
    if (!firstAsked.has(id)) {
      firstAsked.add(id);
      built++;
    }
    return ask(id);
  };
  const builtBy: number[] = [];
  const spans: number[] = [];
  const gcPauses: { start: number; end: number }[] = [];
  const gcWatch = new PerformanceObserver((l) => {
    for (const e of l.getEntries()) gcPauses.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  gcWatch.observe({ entryTypes: ['gc'] });
  const gcs = new GCProfiler();
  const heapBefore = process.memoryUsage().heapUsed;
  gcs.start();
  for (const { request } of requests) {
    built = 0;
    const c0 = cpuUs();
    t0 = performance.now();
    const v = run(dp(), request);
    const t1 = performance.now();
    const c1 = cpuUs();
    cold.push((t1 - t0) * 1000);
    coldCpu.push(c1 - c0);
    spans.push(t0, t1);
    builtBy.push(built);
    verdicts.push(v);
    if (v.includes('error')) {
      errors++;
      firstError ??= `${JSON.stringify(request)}: ${v}`;
    }
  }
  const coldGc = gcStats(gcs.stop()!, process.memoryUsage().heapUsed - heapBefore);
  // The observer hears of the GCs after the loop (its callback is queued).
  await new Promise((r) => setTimeout(r, 50));
  gcWatch.disconnect();
  let coldOver1msGc = 0;
  const coldOver1msByBuilt: Record<string, number> = {};
  cold.forEach((us, i) => {
    if (us <= 1000) return;
    const [a, b] = [spans[2 * i]!, spans[2 * i + 1]!];
    if (gcPauses.some((g) => g.start < b && g.end > a)) coldOver1msGc++;
    else {
      const k = builtBy[i]! >= 4 ? '4+' : String(builtBy[i]);
      coldOver1msByBuilt[k] = (coldOver1msByBuilt[k] ?? 0) + 1;
    }
  });
  const warmCpu0 = cpuUs();
  for (const { request } of requests) {
    t0 = performance.now();
    run(dp(), request);
    warm.push((performance.now() - t0) * 1000);
  }
  const warmCpu1 = cpuUs();
  // Two passes more, the second timed: what a worker that has been tracing for a while sees (the
  // JIT's later tiers done, the heap settled); the first warm pass ran 5-25% slower (more at 10 nodes).
  for (const { request } of requests) run(dp(), request);
  const warm3: number[] = [];
  for (const { request } of requests) {
    t0 = performance.now();
    run(dp(), request);
    warm3.push((performance.now() - t0) * 1000);
  }
  const repeat: number[] = [];
  for (const { request } of requests) {
    run(dp(), request);
    t0 = performance.now();
    run(dp(), request);
    repeat.push((performance.now() - t0) * 1000);
  }
  const byKind: RunResult['byKind'] = {};
  const warmByKind = new Map<string, number[]>();
  requests.forEach(({ label }, i) => {
    const k = (byKind[label] ??= { count: 0, warmP50Us: 0, verdicts: {} });
    k.count++;
    const v = verdicts[i]!.includes('error') ? 'error' : verdicts[i]!;
    k.verdicts[v] = (k.verdicts[v] ?? 0) + 1;
    let l = warmByKind.get(label);
    if (!l) warmByKind.set(label, (l = []));
    l.push(warm[i]!);
  });
  for (const [label, xs] of warmByKind) byKind[label]!.warmP50Us = quantile(xs, 0.5);

  delete measured.dp;
  const mem = measureMemory(topology, nodes, sample, sampleMem);
  return {
    nodes,
    proxy,
    pods: doc.pods.length,
    services: doc.services.length,
    validateMs: quantile(vTimes, 0.5),
    compileMs,
    codeColdCompileMs: codeCold.compileMs,
    codeColdFirstCpuUs: codeCold.cpu[0] ?? 0,
    codeColdCpuP50Us: quantile(codeCold.cpu, 0.5),
    codeColdCpuMaxUs: Math.max(...codeCold.cpu),
    codeColdCpuOver1ms: codeCold.cpu.filter((x) => x > 1000).length,
    traces: requests.length,
    errors,
    ...(firstError ? { firstError } : {}),
    coldP50Us: quantile(cold, 0.5),
    coldP99Us: quantile(cold, 0.99),
    coldOver1ms: cold.filter((x) => x > 1000).length,
    coldOver1msGc,
    coldOver1msByBuilt,
    coldCpuP99Us: quantile(coldCpu, 0.99),
    coldCpuOver1ms: coldCpu.filter((x) => x > 1000).length,
    warmCpuUs: (warmCpu1 - warmCpu0) / requests.length,
    ...coldGc,
    warmP50Us: quantile(warm, 0.5),
    warmP99Us: quantile(warm, 0.99),
    warm3P50Us: quantile(warm3, 0.5),
    repeatP50Us: quantile(repeat, 0.5),
    ...mem,
    byKind,
    peakRssMB: peakRss / MB,
  };
}

/**
 * A fresh process opening the document: compile() and its first traces' CPU, code cold, on a
 * dataplane of their own (unreachable once this returns, so the measured loops do not carry it).
 */
function firstTraces(topology: Topology, requests: readonly { request: TraceRequest }[], run: (dp: Dataplane, r: TraceRequest) => string) {
  const t0 = performance.now();
  const dp = compile(topology);
  const compileMs = performance.now() - t0;
  const cpu = requests.slice(0, CODE_COLD_TRACES).map(({ request }) => {
    const c0 = cpuUs();
    run(dp, request);
    return cpuUs() - c0;
  });
  return { compileMs, cpu };
}

/**
 * What the GCs during a loop say of it: its allocation is what it left on the heap plus what
 * each GC freed (the heap's used size before the GC less after).
 */
function gcStats(p: ReturnType<GCProfiler['stop']> & object, kept: number) {
  let freed = 0;
  let minor = 0;
  let major = 0;
  let pauseUs = 0;
  let minorMaxUs = 0;
  for (const s of p.statistics) {
    freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
    if (s.gcType === 'Scavenge' || s.gcType === 'MinorMarkCompact') {
      minor++;
      minorMaxUs = Math.max(minorMaxUs, s.cost);
    } else major++;
    pauseUs += s.cost;
  }
  return {
    coldAllocMB: (kept + freed) / MB,
    coldKeptMB: kept / MB,
    coldMinorGCs: minor,
    coldMajorGCs: major,
    coldGcMs: pauseUs / 1000,
    coldMinorMaxMs: minorMaxUs / 1000,
  };
}

/**
 * Heap of a fresh dataplane (compiled), then with every namespace of `sample` nodes and their pods
 * built (each node's full state: every service's kube-proxy state written, as the views do). The
 * first node built also writes what nodes share (iptables' shared service rules), so it is
 * measured on its own: per node is the difference over the other nodes built, and all nodes =
 * compiled + the first node + per node × the others.
 * Runs after the traces' dataplanes are out of reach, so their collection does not blur the figures.
 */
function measureMemory(topology: Topology, nodes: number, sample: number, sampleMem: () => NodeJS.MemoryUsage) {
  gc();
  const heap0 = sampleMem().heapUsed;
  const dp = compile(topology);
  gc();
  const heapCompiled = sampleMem().heapUsed - heap0;
  const built = Math.min(nodes, sample);
  const podNode = new Map(topology.pods.map((p) => [`pod:${p.namespace}/${p.name}`, p.node]));
  const ids = dp.nsIds();
  const build = (names: string[]) => {
    const chosen = new Set(names);
    for (const id of ids) {
      if (id.startsWith('node:') && chosen.has(id.slice(5))) dp.ns(id)?.prepareAll?.();
      else if (id.startsWith('pod:') && chosen.has(podNode.get(id) ?? '')) dp.ns(id);
    }
    gc();
    return sampleMem().heapUsed - heap0 - heapCompiled;
  };
  const first = Math.max(0, build([topology.nodes[0]!.name]));
  const rest = built > 1 ? Math.max(0, build(topology.nodes.slice(1, built).map((n) => n.name)) - first) / (built - 1) : first;
  if (dp.ns('x:y')) throw new Error('unreachable');
  return { perNodeMB: rest / MB, allNodesMB: (heapCompiled + first + rest * (nodes - 1)) / MB, builtNodes: built, extrapolated: built < nodes };
}

// ---- formatting -------------------------------------------------------------------------

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const us = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(0)} ms` : x >= 100 ? `${x.toFixed(0)} µs` : `${x.toFixed(1)} µs`);
const mb = (x: number) => (x >= 1024 ? `${(x / 1024).toFixed(1)} GB` : `${x.toFixed(x >= 10 ? 0 : 2)} MB`);
const num = (x: number) => Math.round(x).toLocaleString('en-US');

function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

/** min / median / max of a figure over the runs. */
const mmm = (runs: RunResult[], f: (r: RunResult) => number, fmt: (x: number) => string) => {
  const xs = runs.map(f).sort((a, b) => a - b);
  return `${fmt(xs[0]!)} / ${fmt(quantile(xs, 0.5))} / ${fmt(xs.at(-1)!)}`;
};

/** A table with a row per size and mode, each column a figure's min / median / max over the runs. */
function figures(groups: { nodes: number; proxy: Proxy; runs: RunResult[] }[], columns: Record<string, [(r: RunResult) => number, (x: number) => string]>) {
  const cols = Object.entries(columns);
  return table(
    ['nodes  proxy', ...cols.map(([name]) => name)],
    groups.map((g) => [`${num(g.nodes)} ${g.proxy}`, ...cols.map(([, [f, fmt]]) => mmm(g.runs, f, fmt))]),
  );
}

function report(groups: { nodes: number; proxy: Proxy; runs: RunResult[]; failed: string[] }[], traceCount: number, runs: number, seed: number): string {
  const out: string[] = [];
  out.push(
    `Hopscope engine benchmark: generated Flannel clusters with NetworkPolicies (seed ${seed}), ${num(traceCount)} traces per run, ${runs} runs per size and mode`,
  );
  out.push('each cell: min / median / max over the runs');
  out.push('');
  const rows: string[][] = [];
  for (const g of groups) {
    const r = g.runs;
    if (r.length === 0) {
      rows.push([`${num(g.nodes)} ${g.proxy}`, `FAILED: ${g.failed[0] ?? '?'}`, '', '', '', '', '', '', '', '', '']);
      continue;
    }
    const x = r[0]!.extrapolated ? '~' : '';
    rows.push([
      `${num(g.nodes)} ${g.proxy}`,
      mmm(r, (y) => y.validateMs, ms),
      mmm(r, (y) => y.compileMs, ms),
      mmm(r, (y) => y.coldP50Us, us),
      mmm(r, (y) => y.coldP99Us, us),
      mmm(r, (y) => y.warmP50Us, us),
      mmm(r, (y) => y.warmP99Us, us),
      mmm(r, (y) => y.warm3P50Us, us),
      mmm(r, (y) => y.repeatP50Us, us),
      mmm(r, (y) => y.perNodeMB, mb),
      x + mmm(r, (y) => y.allNodesMB, mb),
    ]);
  }
  out.push(
    table(
      [
        'nodes  proxy',
        'validate',
        'compile',
        'cold p50',
        'cold p99',
        'warm p50',
        'warm p99',
        'warm p50, 3rd pass',
        'repeat p50',
        'heap per node',
        'heap, all nodes built',
      ],
      rows,
    ),
  );
  out.push('cold = first touch (the trace builds the namespaces it needs first); warm = the same requests again; 3rd pass = the third time over them');
  out.push('repeat = each request again at once (its state still in the CPU caches): warm − repeat is the cost of reaching memory');
  out.push(
    'heap per node = a node with its pods, built (the first node, which also writes what nodes share, apart); all nodes: measured, or ~ extrapolated from a sample of --sample nodes',
  );
  out.push('');
  out.push(
    table(
      [
        'nodes  proxy',
        'cold: allocated',
        'kept',
        'minor GCs',
        'major GCs',
        'GC pause',
        'longest minor GC',
        'cold traces > 1 ms',
        'of which in a GC',
        'others by namespaces built (0 / 1 / 2 / 3 / 4+)',
      ],
      groups
        .filter((g) => g.runs.length > 0)
        .map((g) => [
          `${num(g.nodes)} ${g.proxy}`,
          mmm(g.runs, (y) => y.coldAllocMB, mb),
          mmm(g.runs, (y) => y.coldKeptMB, mb),
          mmm(g.runs, (y) => y.coldMinorGCs, num),
          mmm(g.runs, (y) => y.coldMajorGCs, num),
          mmm(g.runs, (y) => y.coldGcMs, ms),
          mmm(g.runs, (y) => y.coldMinorMaxMs, ms),
          mmm(g.runs, (y) => y.coldOver1ms, num),
          mmm(g.runs, (y) => y.coldOver1msGc, num),
          // The median run's split.
          ((y) => ['0', '1', '2', '3', '4+'].map((k) => num(y.coldOver1msByBuilt[k] ?? 0)).join(' / '))(
            [...g.runs].sort((a, b) => a.coldOver1ms - b.coldOver1ms)[Math.floor(g.runs.length / 2)]!,
          ),
        ]),
    ),
  );
  out.push(
    "the cold loop's heap: allocated = kept + what its GCs freed; kept = what it left reachable (the namespaces it built); a minor GC's pause grows with what survives it; p99 is the 10th slowest of 1,000, so it is under 1 ms when at most 10 cold traces are over; 'in a GC': a GC pause overlapped the trace; the others by how many namespaces the trace built (the median run's)",
  );
  const timed = groups.filter((g) => g.runs.length > 0);
  if (timed.length > 0) {
    out.push('');
    out.push(
      figures(timed, {
        'cold p99, CPU': [(y) => y.coldCpuP99Us, us],
        'cold traces > 1 ms of CPU': [(y) => y.coldCpuOver1ms, num],
        'warm CPU per trace (mean)': [(y) => y.warmCpuUs, us],
      }),
    );
    out.push(
      "the process's CPU time (its GC and compiler threads' included; not the time spent waiting for a core, which on a shared machine is most of a wall-clock figure): compare these across builds run on a loaded machine",
    );
    out.push('');
    out.push(
      figures(timed, {
        'compile, code cold': [(y) => y.codeColdCompileMs, ms],
        '1st trace, CPU': [(y) => y.codeColdFirstCpuUs, us],
        [`first ${CODE_COLD_TRACES}: CPU p50`]: [(y) => y.codeColdCpuP50Us, us],
        'CPU max': [(y) => y.codeColdCpuMaxUs, us],
        'traces > 1 ms of CPU': [(y) => y.codeColdCpuOver1ms, num],
      }),
    );
    out.push(
      `first traces, code cold: a fresh process's first compile() and first ${CODE_COLD_TRACES} requests (what a worker just started pays, V8's compiles of the engine included); the cold rows above run after the warm-up settled the compilers, so they count first touch of state`,
    );
  }
  for (const g of groups) {
    for (const f of g.failed) out.push(`! ${num(g.nodes)} ${g.proxy}: ${f}`);
    const r = g.runs;
    if (r.length === 0) continue;
    out.push('', `${num(g.nodes)} nodes, ${g.proxy}, ${num(r[0]!.pods)} pods, ${num(r[0]!.services)} services: warm p50 by request kind (min / median / max)`);
    const labels = Object.keys(r[0]!.byKind).sort();
    out.push(
      table(
        ['kind', 'traces', 'warm p50', 'verdicts'],
        labels.map((l) => [
          l,
          num(r[0]!.byKind[l]!.count),
          mmm(r, (y) => y.byKind[l]?.warmP50Us ?? 0, us),
          Object.entries(r[0]!.byKind[l]!.verdicts)
            .map(([v, c]) => `${v} ${c}`)
            .join(', '),
        ]),
      ),
    );
    if (r[0]!.firstError) out.push(`  ${r[0]!.errors} traces threw; first: ${r[0]!.firstError}`);
  }
  return out.join('\n');
}

// ---- driver -----------------------------------------------------------------------------

const traceCount = Number(opts.traces);
const seed = Number(opts.seed);
const runs = Number(opts.runs);
const sample = Number(opts.sample);

if (opts.child !== undefined) {
  const [n, proxy] = opts.child.split(',') as [string, Proxy];
  let msg: { ok: true; result: RunResult } | { ok: false; error: string };
  try {
    msg = { ok: true, result: await runOne(Number(n), proxy, traceCount, seed, sample) };
  } catch (e) {
    msg = { ok: false, error: (e as Error).message.split('\n')[0]! };
  }
  process.send!(msg, () => process.exit(0));
} else {
  const sizes = opts.nodes.split(',').map((s) => Number(s.trim()));
  const proxies = opts.proxy.split(',').map((s) => s.trim()) as Proxy[];
  if (
    sizes.some((x) => !Number.isInteger(x) || x < 1) ||
    proxies.some((p) => p !== 'ipvs' && p !== 'iptables') ||
    !(traceCount >= 1) ||
    !(runs >= 1) ||
    !(sample >= 1)
  ) {
    console.error('usage: npm run bench -- [--nodes 10,100,1000] [--proxy ipvs,iptables] [--traces 1000] [--runs 3] [--sample 100] [--seed 1] [--json]');
    process.exit(1);
  }
  const self = fileURLToPath(import.meta.url);
  const groups: { nodes: number; proxy: Proxy; runs: RunResult[]; failed: string[] }[] = [];
  for (const nodes of sizes) {
    for (const proxy of proxies) {
      const g = { nodes, proxy, runs: [] as RunResult[], failed: [] as string[] };
      groups.push(g);
      for (let i = 0; i < runs; i++) {
        if (!opts.json) process.stderr.write(`${nodes} nodes, ${proxy}, run ${i + 1}/${runs} …\n`);
        await new Promise<void>((resolve) => {
          let stderr = '';
          const child = fork(self, ['--child', `${nodes},${proxy}`, '--traces', String(traceCount), '--seed', String(seed), '--sample', String(sample)], {
            execArgv: [...process.execArgv, '--expose-gc', '--max-old-space-size=8192'],
            stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
          });
          child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
          let got = false;
          child.on('message', (m: { ok: true; result: RunResult } | { ok: false; error: string }) => {
            got = true;
            if (m.ok) g.runs.push(m.result);
            else g.failed.push(m.error);
          });
          child.on('exit', (code, signal) => {
            if (!got) g.failed.push(/heap out of memory/i.test(stderr) ? 'out of memory' : `exit ${code ?? signal}: ${stderr.trim().split('\n').at(-1) ?? ''}`);
            resolve();
          });
        });
      }
    }
  }
  console.log(opts.json ? JSON.stringify({ seed, traces: traceCount, runs, groups }, null, 2) : report(groups, traceCount, runs, seed));
}
