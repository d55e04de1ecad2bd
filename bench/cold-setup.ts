/**
 * The first-touch benches' setup (cold-alloc.ts, cold-parts.ts), as `npm run bench`'s cold loop
 * makes it: a generated Flannel cluster with NetworkPolicies, the JIT settled by other requests on
 * other dataplanes (bench/warm-up.ts; `--warm-passes`, so the measured one has built nothing yet),
 * and the measured requests.
 */
import { compile, trace, type Dataplane } from '../src/engine';
import { validateTopology, type TraceRequest } from '../src/model';
import { installSchemaCompiler } from '../src/model/schema-compiler';
import { generateFlannelCluster, pickTraceRequests } from '../src/scenarios/generate';
import { WARM_PASSES, WARM_TRACES, warmUp } from './warm-up';

// As the worker validates a document with long lists: with zod's compiler.
installSchemaCompiler();

/** The cluster and requests as command-line options (node:util parseArgs), what coldSetup reads. */
export const COLD_OPTIONS = {
  nodes: { type: 'string', default: '1000' },
  proxy: { type: 'string', default: 'ipvs' },
  traces: { type: 'string', default: '1000' },
  seed: { type: 'string', default: '1' },
  'warm-passes': { type: 'string', default: String(WARM_PASSES) },
} as const;

export function coldSetup(opts: { nodes: string; proxy: string; traces: string; seed: string; 'warm-passes': string }) {
  const o = {
    nodes: Number(opts.nodes),
    proxy: opts.proxy as 'ipvs' | 'iptables',
    traces: Number(opts.traces),
    seed: Number(opts.seed),
    warmPasses: Number(opts['warm-passes']),
  };
  const doc = generateFlannelCluster({ nodes: o.nodes, seed: o.seed, kubeProxyMode: o.proxy, networkPolicies: true });
  const parsed = validateTopology(doc);
  if (!parsed.ok) throw new Error(`generated document is invalid: ${parsed.problems[0]!.message}`);
  const run = (dp: Dataplane, r: TraceRequest) => {
    try {
      trace(dp, r);
    } catch {
      // A request error is work too: counted as the engine bench counts it.
    }
  };
  warmUp(
    () => compile(parsed.topology),
    run,
    (pass) => pickTraceRequests(doc, WARM_TRACES, o.seed + 1000 + pass),
    o.warmPasses,
  );
  return { topology: parsed.topology, run, requests: pickTraceRequests(doc, o.traces, o.seed) };
}
