/**
 * `choice: {all: true}` on a generated Flannel cluster: per request kind, the time of the first
 * `all` search on a fresh dataplane (it builds every node it reaches) and of the same search again
 * (warm), the walks it made, the outcomes, the branches they stand for and the probability
 * covered. Each time is given beside the same run's replay (traceAllReplayed: every branch walked
 * from the start, the search before classes), so the ratio holds on a loaded machine. The big
 * rows run on the same cluster with three services spread over every node (one endpoint per node,
 * scenarios/big-services.ts).
 *
 * "fork could save": each walk replays the walk before its last forced choice; a true fork would
 * continue from a copy of the state there instead. The column is the time of those prefixes
 * (walkToChoice, every walk of the search) over the time of the walks themselves: the most a
 * fork could save, before the cost of copying the state. Each proxy mode runs in its own child
 * process; the table gives min / median / max over `--runs` runs.
 *
 *   npm run -s bench:all                                   # 1,000 nodes, ipvs and iptables, 3 runs
 *   npm run -s bench:all -- --nodes 100 --runs 5
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compile, type Dataplane } from '../src/engine';
import { searchAll, traceAllReplayed, walkForced } from '../src/engine/fork/search';
import { validateTopology, type Topology, type TraceRequest } from '../src/model';
import { generateFlannelCluster, type GeneratedDocument } from '../src/scenarios/generate';
import { withBigServices } from '../src/scenarios/big-services';

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
  /** Walks the search made. */
  walks: number;
  /** The walks' prefixes (up to their last forced choice) over the walks, in time: the most a fork could save. */
  prefixShare: number;
  covered: number;
  truncated: boolean;
}

interface Measured {
  kind: string;
  request: TraceRequest;
  big: boolean;
}

/** The requests measured: internet → SLB under each externalTrafficPolicy, node → NodePort (Cluster), pod → ClusterIP; then the big services'. */
function requestsOf(doc: GeneratedDocument, big: ReturnType<typeof withBigServices>): Measured[] {
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
  const bigLb = (s: typeof np) => `${big.doc.loadBalancers.find((l) => l.name === s.loadBalancer)!.ip}:${s.ports[0]!.port}`;
  const bigClient = big.doc.pods.find((p) => p.namespace === 'default' && p.labels.app !== `big-${big.clusterIP.name}`)!;
  const all = { all: true as const };
  return [
    { kind: 'internet → SLB, Cluster', request: { from: client, to: lbOf('Cluster'), choice: all }, big: false },
    { kind: 'internet → SLB, Local', request: { from: client, to: lbOf('Local'), choice: all }, big: false },
    {
      kind: 'node → NodePort, Cluster',
      request: { from: `node:${doc.nodes[0]!.name}`, to: `${doc.nodes[1]!.ip}:${np.ports[0]!.nodePort}`, choice: all },
      big: false,
    },
    { kind: 'pod → ClusterIP', request: { from: `pod:${pod.namespace}/${pod.name}`, to: `${cip.clusterIP}:${cip.ports[0]!.port}`, choice: all }, big: false },
    {
      kind: 'big: pod → ClusterIP (Cluster)',
      request: { from: `pod:${bigClient.namespace}/${bigClient.name}`, to: `${big.clusterIP.clusterIP}:80`, choice: all },
      big: true,
    },
    { kind: 'big: internet → SLB, Cluster', request: { from: client, to: bigLb(big.lbCluster), choice: all }, big: true },
    { kind: 'big: internet → SLB, Local', request: { from: client, to: bigLb(big.lbLocal), choice: all }, big: true },
  ];
}

/** Cold (a fresh dataplane: the search builds every node it reaches) and warm (the same again) ms of one search. */
function timed<T>(search: (dp: Dataplane) => T, fresh: () => Dataplane): { coldMs: number; warmMs: number; t: T } {
  const dp = fresh();
  let t0 = performance.now();
  search(dp);
  const coldMs = performance.now() - t0;
  t0 = performance.now();
  const t = search(dp);
  return { coldMs, warmMs: performance.now() - t0, t };
}

/**
 * The time of the walks' prefixes over the time of the walks (both warm, on a dataplane the search
 * already built; at most 300 of the search's walks, evenly spread): each loop repeated to at least
 * 50 ms, the two alternated three times, the fastest of each.
 */
function prefixShare(dp: Dataplane, request: TraceRequest): number {
  const every: (readonly number[])[] = [];
  searchAll(dp, request, undefined, (f) => every.push(f));
  const step = Math.max(1, Math.ceil(every.length / 300));
  const forced = every.filter((_, i) => i % step === 0);
  const perLoop = (toLastChoice: boolean) => {
    const t0 = performance.now();
    let loops = 0;
    do {
      for (const f of forced) if (f.length > 0 || !toLastChoice) walkForced(dp, request, f, toLastChoice);
      loops++;
    } while (performance.now() - t0 < 50);
    return (performance.now() - t0) / loops;
  };
  let [prefix, whole] = [Infinity, Infinity];
  for (let i = 0; i < 3; i++) {
    prefix = Math.min(prefix, perLoop(true));
    whole = Math.min(whole, perLoop(false));
  }
  return prefix / whole;
}

function validated(doc: GeneratedDocument): Topology {
  const v = validateTopology(doc);
  if (!v.ok) throw new Error(`generated document is invalid: ${v.problems[0]!.message}`);
  return v.topology;
}

function runOne(nodes: number, proxy: Proxy): Row[] {
  const doc = generateFlannelCluster({ nodes, seed: 1, kubeProxyMode: proxy });
  const big = withBigServices(doc);
  const topologies = { base: validated(doc), big: validated(big.doc) };
  const freshOf = (m: Measured) => () => compile(m.big ? topologies.big : topologies.base);
  const measured = requestsOf(doc, big);
  // JIT warm-up on dataplanes of their own, so the measured ones have built nothing yet.
  const warmUp = { base: compile(topologies.base), big: compile(topologies.big) };
  for (const { request, big: isBig } of measured) {
    const dp = isBig ? warmUp.big : warmUp.base;
    searchAll(dp, request);
    traceAllReplayed(dp, request);
  }
  return measured.map((m) => {
    const fresh = freshOf(m);
    const replay = timed((dp) => traceAllReplayed(dp, m.request), fresh);
    const { coldMs, warmMs, t: found } = timed((dp) => searchAll(dp, m.request), fresh);
    const t = found.trace;
    const outcomes = t.outcomes ?? [];
    return {
      kind: m.kind,
      coldMs,
      warmMs,
      replayColdMs: replay.coldMs,
      replayWarmMs: replay.warmMs,
      walks: found.walked,
      replayWalks: replay.t.branchesWalked ?? (replay.t.outcomes ?? []).reduce((n, o) => n + (o.branches ?? 1), 0),
      prefixShare: prefixShare(fresh(), m.request),
      outcomes: outcomes.length,
      branches: outcomes.reduce((n, o) => n + (o.branches ?? 1), 0),
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
  console.log(
    '| nodes, proxy | request | cold ms: replay → classes | warm ms: replay → classes | walks: replay → classes | outcomes | branches | covered | fork could save |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
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
          `| ${nodes.toLocaleString('en-US')} ${proxy} | ${r.kind} | ${ms((x) => x.replayColdMs)} → ${ms((x) => x.coldMs)} | ${ms((x) => x.replayWarmMs)} → ${ms((x) => x.warmMs)} | ${r.replayWalks.toLocaleString('en-US')} → ${r.walks.toLocaleString('en-US')} | ${r.outcomes} | ${r.branches.toLocaleString('en-US')}${cut} | ${r.covered.toFixed(4)} | ${col(
            (x) => x.prefixShare * 100,
            (x) => `${x.toFixed(0)}%`,
          )} |`,
        );
      });
    }
  }
}

void main();
