/**
 * `choice: {all: true}` on a generated Flannel cluster: per request kind, the time of the first
 * `all` search on a fresh dataplane (it builds every node it reaches) and of the same search again
 * (warm), the walks it needed (the smallest budget that does not cut it), the outcomes, the
 * branches they stand for and the probability covered. Each time is given beside the same run's
 * replay (traceAllReplayed: every branch walked from the start, the search before classes), so
 * the ratio holds on a loaded machine. Each proxy mode runs in its own child process; the table
 * gives min / median / max over `--runs` runs.
 *
 *   npm run -s bench:all                                   # 1,000 nodes, ipvs and iptables, 3 runs
 *   npm run -s bench:all -- --nodes 100 --runs 5
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compile, type Dataplane } from '../src/engine';
import { traceAll, traceAllReplayed } from '../src/engine/trace';
import { validateTopology, type Trace, type TraceRequest } from '../src/model';
import { generateFlannelCluster, type GeneratedDocument } from '../src/scenarios/generate';

type Proxy = 'ipvs' | 'iptables';

interface Row {
  kind: string;
  coldMs: number;
  warmMs: number;
  /** The same search walking every branch from the start (traceAllReplayed, the search before classes). */
  replayColdMs: number;
  replayWarmMs: number;
  replayWalks: number;
  outcomes: number;
  branches: number;
  /** Walks the search needed: the smallest budget that does not cut it. */
  walks: number;
  covered: number;
  truncated: boolean;
}

/** The requests measured: internet → SLB under each externalTrafficPolicy, node → NodePort (Cluster), pod → ClusterIP. */
function requestsOf(doc: GeneratedDocument): { kind: string; request: TraceRequest }[] {
  const client = `external:${doc.externals.find((e) => e.network !== 'vpc')!.name}`;
  const lbOf = (policy: string) => {
    const svc = doc.services.find(
      (s) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === policy && !s.loadBalancerSourceRanges && s.ports[0]!.protocol !== 'UDP',
    )!;
    return `${doc.loadBalancers.find((l) => l.name === svc.loadBalancer)!.ip}:${svc.ports[0]!.port}`;
  };
  const np = doc.services.find((s) => s.type === 'NodePort' && s.externalTrafficPolicy === 'Cluster' && s.ports[0]!.protocol !== 'UDP')!;
  const cip = doc.services.find((s) => s.type === 'ClusterIP' && !s.internalTrafficPolicy && s.ports[0]!.protocol !== 'UDP')!;
  const pod = doc.pods.find((p) => p.namespace === 'default')!;
  const all = { all: true as const };
  return [
    { kind: 'internet → SLB, Cluster', request: { from: client, to: lbOf('Cluster'), choice: all } },
    { kind: 'internet → SLB, Local', request: { from: client, to: lbOf('Local'), choice: all } },
    { kind: 'node → NodePort, Cluster', request: { from: `node:${doc.nodes[0]!.name}`, to: `${doc.nodes[1]!.ip}:${np.ports[0]!.nodePort}`, choice: all } },
    { kind: 'pod → ClusterIP', request: { from: `pod:${pod.namespace}/${pod.name}`, to: `${cip.clusterIP}:${cip.ports[0]!.port}`, choice: all } },
  ];
}

/** Cold (a fresh dataplane: the search builds every node it reaches) and warm (the same again) ms of one search. */
function timed(search: (dp: Dataplane) => Trace, fresh: () => Dataplane): { coldMs: number; warmMs: number; t: Trace } {
  const dp = fresh();
  let t0 = performance.now();
  search(dp);
  const coldMs = performance.now() - t0;
  t0 = performance.now();
  const t = search(dp);
  return { coldMs, warmMs: performance.now() - t0, t };
}

function runOne(nodes: number, proxy: Proxy): Row[] {
  const doc = generateFlannelCluster({ nodes, seed: 1, kubeProxyMode: proxy });
  const v = validateTopology(doc);
  if (!v.ok) throw new Error(`generated document is invalid: ${v.problems[0]!.message}`);
  const fresh = () => compile(v.topology);
  // JIT warm-up on a dataplane of its own, so the measured ones have built nothing yet.
  const warmUp = fresh();
  for (const { request } of requestsOf(doc)) {
    traceAll(warmUp, request);
    traceAllReplayed(warmUp, request);
  }
  return requestsOf(doc).map(({ kind, request }) => {
    const replay = timed((dp) => traceAllReplayed(dp, request), fresh);
    const { coldMs, warmMs, t } = timed((dp) => traceAll(dp, request), fresh);
    const dp = fresh();
    const outcomes = t.outcomes ?? [];
    let [lo, hi] = [1, t.truncated ? 0 : 1 << 14];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (traceAll(dp, request, mid).truncated) lo = mid + 1;
      else hi = mid;
    }
    return {
      kind,
      coldMs,
      warmMs,
      replayColdMs: replay.coldMs,
      replayWarmMs: replay.warmMs,
      walks: hi,
      replayWalks: replay.t.branchesWalked ?? (replay.t.outcomes ?? []).reduce((n, o) => n + (o.branches ?? 1), 0),
      outcomes: outcomes.length,
      branches: t.branchesWalked ?? outcomes.reduce((n, o) => n + (o.branches ?? 1), 0),
      covered: t.covered ?? outcomes.reduce((s, o) => s + o.p, 0),
      truncated: t.truncated === true,
    };
  });
}

const mmm = (xs: number[], f: (x: number) => string) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${f(s[0]!)} / ${f(s[Math.floor(s.length / 2)]!)} / ${f(s[s.length - 1]!)}`;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string', default: '1000' },
      proxy: { type: 'string', default: 'ipvs,iptables' },
      runs: { type: 'string', default: '3' },
      child: { type: 'boolean', default: false },
    },
  });
  if (values.child) {
    process.send!(runOne(Number(values.nodes), values.proxy as Proxy));
    return;
  }
  const me = fileURLToPath(import.meta.url);
  console.log('| nodes, proxy | request | cold ms: replay → classes | warm ms: replay → classes | walks: replay → classes | outcomes | branches | covered |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const nodes of values.nodes.split(',').map(Number)) {
    for (const proxy of values.proxy.split(',') as Proxy[]) {
      const runs: Row[][] = [];
      for (let i = 0; i < Number(values.runs); i++) {
        runs.push(
          await new Promise<Row[]>((done, fail) => {
            const child = fork(me, ['--child', '--nodes', String(nodes), '--proxy', proxy], { execArgv: process.execArgv });
            child.once('message', (m) => done(m as Row[]));
            child.once('exit', (code) => code !== 0 && fail(new Error(`child exited ${code}`)));
          }),
        );
      }
      runs[0]!.forEach((r, k) => {
        const col = (f: (x: Row) => number, fmt: (x: number) => string) =>
          mmm(
            runs.map((x) => f(x[k]!)),
            fmt,
          );
        const cut = r.truncated ? ' (truncated)' : '';
        const ms = (f: (x: Row) => number) => col(f, (x) => x.toFixed(0));
        console.log(
          `| ${nodes.toLocaleString('en-US')} ${proxy} | ${r.kind} | ${ms((x) => x.replayColdMs)} → ${ms((x) => x.coldMs)} | ${ms((x) => x.replayWarmMs)} → ${ms((x) => x.warmMs)} | ${r.replayWalks.toLocaleString('en-US')} → ${r.walks.toLocaleString('en-US')} | ${r.outcomes} | ${r.branches.toLocaleString('en-US')}${cut} | ${r.covered.toFixed(4)} |`,
        );
      });
    }
  }
}

void main();
