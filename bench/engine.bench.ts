/**
 * Engine benchmark: for generated Flannel clusters of 10, 100 and 1,000 nodes, times
 * generate → validate → compile, then a mix of traces, and samples memory.
 *
 *   npm run bench                          # 10,100,1000 nodes, 2,000 traces each
 *   npm run bench -- --nodes 50,500 --traces 500 --budget 20 --seed 3 --json
 *
 * Each size runs in its own child process, so peak memory is that size's own and a crash
 * (e.g. out of memory) is reported in the table instead of ending the run.
 * Targets printed beside the figures: one trace < 0.1 ms; compile of 1,000 nodes < 1 s.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compile, RequestError, trace } from '../src/engine';
import { validateTopology, type TraceRequest } from '../src/model';
import { generateFlannelCluster, pickTraceRequests, type RequestKind } from '../src/scenarios/generate';

const TRACE_TARGET_US = 100;
const COMPILE_TARGET_MS = 1000;

interface KindStats { count: number; totalUs: number; verdicts: Record<string, number> }

interface SizeResult {
  nodes: number;
  pods: number;
  services: number;
  generateMs: number;
  validateMs: number;
  compileMs: number;
  /** Heap the compiled dataplane holds (after GC when --expose-gc is on). */
  dataplaneHeapMB: number;
  traces: number;
  requested: number;
  /** Set when the time budget ran out before `requested` traces. */
  budgetHit: boolean;
  errors: number;
  firstError?: string;
  meanUs: number;
  /** Mean of the same requests traced again: every node's kernel state already built (compile is lazy). */
  warmMeanUs: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
  tracesPerSec: number;
  byKind: Record<string, KindStats>;
  peakRssMB: number;
  peakHeapMB: number;
  /** Heap growth over the trace phase: a sign of state kept between traces. */
  heapGrowthMB: number;
}

type ChildMessage = { ok: true; result: SizeResult } | { ok: false; error: string };
/** A size that did not finish: why, and the figures it had reached. */
interface Failed { error: string; partial?: SizeResult }

const { values: opts } = parseArgs({
  options: {
    nodes: { type: 'string', default: '10,100,1000' },
    traces: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    budget: { type: 'string', default: '60' },
    json: { type: 'boolean', default: false },
    child: { type: 'string' },
    checkpoint: { type: 'string' },
  },
  strict: true,
});

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Runs one size. `checkpoint` gets the figures so far after compile and every 50 traces,
 * so a child that dies (out of memory) still reports how far it got.
 */
function runSize(nodes: number, traceCount: number, seed: number, budgetMs: number, checkpoint: (r: SizeResult) => void = () => {}): SizeResult {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    return m;
  };
  const timed = <T>(f: () => T): [T, number] => {
    const t0 = performance.now();
    const v = f();
    const ms = performance.now() - t0;
    sample();
    return [v, ms];
  };

  const [doc, generateMs] = timed(() => generateFlannelCluster({ nodes, seed }));
  const [parsed, validateMs] = timed(() => validateTopology(doc));
  if (!parsed.ok) {
    const p = parsed.problems[0]!;
    throw new Error(`generated document is invalid (${parsed.problems.length} problems), first: ${p.path}: ${p.message}`);
  }
  gc?.();
  const heapBefore = sample().heapUsed;
  const [dp, compileMs] = timed(() => compile(parsed.topology));
  gc?.();
  const heapAfterCompile = sample().heapUsed;

  const requests = pickTraceRequests(doc, traceCount, seed);
  checkpoint({
    nodes, pods: doc.pods.length, services: doc.services.length, generateMs, validateMs, compileMs,
    dataplaneHeapMB: (heapAfterCompile - heapBefore) / MB, traces: 0, requested: requests.length, budgetHit: true, errors: 0,
    meanUs: 0, warmMeanUs: 0, p50Us: 0, p99Us: 0, maxUs: 0, tracesPerSec: 0, byKind: {}, peakRssMB: peakRss / MB, peakHeapMB: peakHeap / MB, heapGrowthMB: 0,
  });
  const run = (r: TraceRequest): string => {
    try {
      return trace(dp, r).verdict;
    } catch (e) {
      return e instanceof RequestError ? `request error: ${e.message}` : `error: ${(e as Error).message}`;
    }
  };
  // Warm up the JIT on a few requests of every kind; not counted.
  const warmupDeadline = performance.now() + budgetMs / 10;
  for (const { request } of requests.slice(0, Math.min(50, requests.length))) {
    run(request);
    if (performance.now() > warmupDeadline) break;
  }

  const heapBeforeTraces = sample().heapUsed;
  const times: number[] = [];
  let warmTotalUs = 0;
  let warmCount = 0;
  const byKind: Record<string, KindStats> = {};
  let errors = 0;
  let firstError: string | undefined;
  const deadline = performance.now() + budgetMs;
  const phaseStart = performance.now();
  const summarize = (): SizeResult => {
    const phaseMs = performance.now() - phaseStart;
    const heapNow = sample().heapUsed;
    const sorted = [...times].sort((a, b) => a - b);
    const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))] ?? 0;
    const total = times.reduce((acc, x) => acc + x, 0);
    return {
      nodes,
      pods: doc.pods.length,
      services: doc.services.length,
      generateMs,
      validateMs,
      compileMs,
      dataplaneHeapMB: (heapAfterCompile - heapBefore) / MB,
      traces: times.length,
      requested: requests.length,
      budgetHit: times.length < requests.length,
      errors,
      ...(firstError !== undefined ? { firstError } : {}),
      meanUs: times.length ? total / times.length : 0,
      warmMeanUs: warmCount ? warmTotalUs / warmCount : 0,
      p50Us: q(0.5),
      p99Us: q(0.99),
      maxUs: sorted.at(-1) ?? 0,
      tracesPerSec: times.length ? (times.length / phaseMs) * 1000 : 0,
      byKind,
      peakRssMB: peakRss / MB,
      peakHeapMB: peakHeap / MB,
      heapGrowthMB: (heapNow - heapBeforeTraces) / MB,
    };
  };
  checkpoint(summarize());
  for (let i = 0; i < requests.length; i++) {
    const { kind, request } = requests[i]!;
    const t0 = performance.now();
    const verdict = run(request);
    const us = (performance.now() - t0) * 1000;
    times.push(us);
    const k = (byKind[kind as RequestKind] ??= { count: 0, totalUs: 0, verdicts: {} });
    k.count++;
    k.totalUs += us;
    const v = verdict.includes('error') ? 'error' : verdict;
    k.verdicts[v] = (k.verdicts[v] ?? 0) + 1;
    if (v === 'error') {
      errors++;
      firstError ??= `${JSON.stringify(request)}: ${verdict}`;
    }
    if (i % 50 === 49) checkpoint(summarize());
    if (performance.now() > deadline) break;
  }
  // The same requests again: the nodes they touch have their netfilter, IPVS and route state built now.
  for (const { request } of requests.slice(0, times.length)) {
    const t0 = performance.now();
    run(request);
    warmTotalUs += (performance.now() - t0) * 1000;
    warmCount++;
    if (performance.now() > deadline + budgetMs / 2) break;
  }
  return summarize();
}

// ---- formatting -------------------------------------------------------------------------

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const us = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(0)} ms` : x >= 100 ? `${x.toFixed(0)} µs` : `${x.toFixed(1)} µs`);
const num = (x: number) => Math.round(x).toLocaleString('en-US');
const mark = (ok: boolean) => (ok ? '✓' : '✗');

function table(header: string[], rows: string[][], right: boolean[]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (right[i] ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  ').trimEnd();
  return [line(header), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

function report(results: { nodes: number; r: SizeResult | Failed }[], traceCount: number, seed: number, budgetS: number): string {
  const out: string[] = [];
  out.push(`Hopscope engine benchmark: generated Flannel clusters (seed ${seed}), up to ${num(traceCount)} mixed traces per size (budget ${budgetS} s)`);
  out.push(`targets: one trace < ${TRACE_TARGET_US / 1000} ms (${TRACE_TARGET_US} µs); compile of 1,000 nodes < ${COMPILE_TARGET_MS / 1000} s`);
  out.push('');
  const rows: string[][] = [];
  const failures: string[] = [];
  for (const { nodes, r: got } of results) {
    if ('error' in got && !got.partial) {
      rows.push([num(nodes), '', '', '', '', '', '', '', '', '', '', '', '', '', `FAILED: ${got.error}`]);
      continue;
    }
    const r = 'error' in got ? got.partial! : got;
    if ('error' in got) failures.push(`${num(nodes)} nodes: ${got.error} (figures above are up to that point)`);
    const none = r.traces === 0;
    const compileOk = r.nodes <= 1000 ? r.compileMs < COMPILE_TARGET_MS : r.compileMs < (COMPILE_TARGET_MS * r.nodes) / 1000;
    rows.push([
      num(r.nodes),
      num(r.pods),
      num(r.services),
      ms(r.generateMs),
      ms(r.validateMs),
      `${ms(r.compileMs)} ${mark(compileOk)}`,
      `${num(r.traces)}${'error' in got ? '!' : r.budgetHit ? '*' : ''}`,
      none ? '-' : `${us(r.meanUs)} ${mark(r.meanUs < TRACE_TARGET_US)}`,
      none || !r.warmMeanUs ? '-' : `${us(r.warmMeanUs)} ${mark(r.warmMeanUs < TRACE_TARGET_US)}`,
      none ? '-' : us(r.p50Us),
      none ? '-' : us(r.p99Us),
      none ? '-' : num(r.tracesPerSec),
      `${r.peakRssMB.toFixed(0)} MB`,
      `${r.peakHeapMB.toFixed(0)} MB`,
      `${r.dataplaneHeapMB.toFixed(0)} MB / +${Math.max(0, r.heapGrowthMB).toFixed(0)} MB`,
    ]);
  }
  out.push(table(
    ['nodes', 'pods', 'services', 'generate', 'validate', 'compile', 'traces', 'mean/trace', 'warm mean', 'p50', 'p99', 'traces/s', 'peak rss', 'peak heap', 'dataplane / growth'],
    rows,
    [true, true, true, true, true, true, true, true, true, true, true, true, true, true, false],
  ));
  for (const f of failures) out.push(`! ${f}`);
  if (results.some(({ r }) => !('error' in r) && r.budgetHit)) out.push(`* stopped at the time budget (--budget ${budgetS}) before all ${num(traceCount)} traces`);
  out.push('mean/trace: first pass, which also builds the kernel state of each node a trace touches first (compile is lazy per node);');
  out.push('warm mean: the same requests again, every touched node built; p50/p99 are of the first pass');
  out.push('dataplane = heap held by the compiled dataplane; growth = heap added over the trace phase (state kept between traces)');

  for (const { nodes, r: got } of results) {
    const r = 'error' in got ? got.partial : got;
    if (!r || r.traces === 0) continue;
    out.push('', `${num(nodes)} nodes, by request kind:`);
    const kinds = Object.entries(r.byKind);
    out.push(table(
      ['kind', 'traces', 'mean/trace', 'verdicts'],
      kinds.map(([k, s]) => [k, num(s.count), us(s.totalUs / s.count), Object.entries(s.verdicts).map(([v, c]) => `${v} ${c}`).join(', ')]),
      [false, true, true, false],
    ));
    if (r.firstError) out.push(`  ${r.errors} traces threw; first: ${r.firstError}`);
  }
  return out.join('\n');
}

// ---- driver -----------------------------------------------------------------------------

const traceCount = Number(opts.traces);
const seed = Number(opts.seed);
const budgetS = Number(opts.budget);

if (opts.child !== undefined) {
  let msg: ChildMessage;
  try {
    const file = opts.checkpoint;
    const save = file ? (r: SizeResult) => writeFileSync(file, JSON.stringify(r)) : undefined;
    msg = { ok: true, result: runSize(Number(opts.child), traceCount, seed, budgetS * 1000, save) };
  } catch (e) {
    msg = { ok: false, error: (e as Error).message.split('\n')[0]! };
  }
  process.send!(msg, () => process.exit(0));
} else {
  const sizes = opts.nodes.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(traceCount) || traceCount < 1 || !Number.isFinite(seed) || !(budgetS > 0)) {
    console.error('usage: npm run bench -- [--nodes 10,100,1000] [--traces 2000] [--seed 1] [--budget SECONDS] [--json]');
    process.exit(1);
  }
  const self = fileURLToPath(import.meta.url);
  const results: { nodes: number; r: SizeResult | Failed }[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'hopscope-bench-'));
  for (const nodes of sizes) {
    if (!opts.json) process.stderr.write(`${nodes} nodes …\n`);
    const checkpointFile = join(dir, `${nodes}.json`);
    const partial = (): SizeResult | undefined => {
      try {
        return JSON.parse(readFileSync(checkpointFile, 'utf8')) as SizeResult;
      } catch {
        return undefined;
      }
    };
    const r = await new Promise<SizeResult | Failed>((resolve) => {
      let got: ChildMessage | undefined;
      let stderr = '';
      const child = fork(self, ['--child', String(nodes), '--checkpoint', checkpointFile, '--traces', String(traceCount), '--seed', String(seed), '--budget', String(budgetS)], {
        execArgv: [...process.execArgv, '--expose-gc'],
        stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      });
      child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
      child.on('message', (m: ChildMessage) => (got = m));
      child.on('exit', (code, signal) => {
        if (got?.ok) resolve(got.result);
        else if (got) resolve({ error: got.error, partial: partial() });
        else {
          const oom = /heap out of memory/i.test(stderr);
          const p = partial();
          const where = p ? (p.traces > 0 ? ` after ${p.traces} traces` : ' before the first trace') : '';
          resolve({ error: `died${where}: ${oom ? 'out of memory' : `exit ${code ?? signal}${stderr ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`}`, partial: p });
        }
      });
    });
    results.push({ nodes, r });
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(opts.json ? JSON.stringify({ seed, traces: traceCount, budgetS, results }, null, 2) : report(results, traceCount, seed, budgetS));
}
