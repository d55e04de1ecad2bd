/**
 * Validation benchmark, pass by pass: the shape check (normalize and zod, shape-check.ts), the
 * cross-checks and the addresses (claims and IPAM), and validateTopology whole, of a generated
 * Flannel cluster with NetworkPolicies. Each run is two child processes, one calling the passes
 * and one validateTopology, so each first call is what a worker just started pays (code cold:
 * zod's compiles and V8's tiers); "warm" is the least of the later calls (what the editor's worker
 * pays on each edit).
 *
 *   npx tsx bench/validate.bench.ts                      # 1,000 nodes, 5 runs
 *   npx tsx bench/validate.bench.ts --nodes 100 --runs 3 --calls 8
 *
 * Figures are CPU time (process.cpuUsage), the children run with V8's --single-threaded so it is
 * the main thread's alone (no concurrent compiles or GC helpers), which waiting for a core on a
 * shared machine does not inflate; wall-clock figures there are not comparable across minutes.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { assignAddresses } from '../src/model/assign-addresses';
import { crossCheck } from '../src/model/cross-checks';
import { Report } from '../src/model/report';
import { installSchemaCompiler } from '../src/model/schema-compiler';
import { readShape, type Drafts } from '../src/model/shape-check';
import { validateTopology } from '../src/model/validate';
import { generateFlannelCluster } from '../src/scenarios/generate';

// As the worker validates a document with long lists: with zod's compiler.
installSchemaCompiler();

const PASSES = ['shape', 'cross-checks', 'addresses', 'validateTopology'] as const;
type Pass = (typeof PASSES)[number];
type Calls = Record<Pass, number[]>;

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** Each pass's CPU on each call (`whole`: validateTopology's alone). */
function measure(nodes: number, calls: number, whole: boolean): Partial<Calls> {
  const doc = generateFlannelCluster({ nodes, seed: 1, networkPolicies: true });
  const out: Partial<Calls> = {};
  for (let i = 0; i < calls; i++) {
    let t = cpuMs();
    const lap = (pass: Pass) => {
      const now = cpuMs();
      (out[pass] ??= []).push(now - t);
      t = now;
    };
    if (whole) {
      if (!validateTopology(doc).ok) throw new Error('the generated document is invalid');
      lap('validateTopology');
      continue;
    }
    const report = new Report();
    const drafts = readShape(report, doc) as Drafts;
    lap('shape');
    crossCheck(report, drafts);
    lap('cross-checks');
    assignAddresses(report, drafts);
    lap('addresses');
  }
  return out;
}

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
    calls: { type: 'string', default: '6' },
    child: { type: 'string' },
  },
});
const calls = Math.max(3, Number(values.calls));

if (values.child) {
  const [nodes, what] = values.child.split(':');
  process.send!(measure(Number(nodes), calls, what === 'whole'));
  process.exit(0);
} else {
  const fmt = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${s[0]!.toFixed(0)} / ${s[s.length >> 1]!.toFixed(0)} / ${s.at(-1)!.toFixed(0)}`;
  };
  for (const nodes of values.nodes.split(',').map(Number)) {
    const runs: Calls[] = [];
    const child = (what: string) =>
      new Promise<Partial<Calls>>((resolve, reject) =>
        fork(fileURLToPath(import.meta.url), ['--child', `${nodes}:${what}`, '--calls', String(calls)], {
          execArgv: [...process.execArgv, '--single-threaded'],
        })
          .on('message', (m) => resolve(m as Partial<Calls>))
          .on('exit', (c) => c && reject(new Error(`exit ${c}`))),
      );
    for (let r = 0; r < Number(values.runs); r++) runs.push({ ...(await child('passes')), ...(await child('whole')) } as Calls);
    console.log(`${nodes} nodes: CPU ms, min / median / max of ${runs.length} processes; warm: the least of calls 3-${calls}`);
    console.log('| pass | first call | warm |');
    console.log('|---|---|---|');
    for (const pass of PASSES) {
      console.log(`| ${pass} | ${fmt(runs.map((c) => c[pass][0]!))} | ${fmt(runs.map((c) => Math.min(...c[pass].slice(2))))} |`);
    }
  }
}
