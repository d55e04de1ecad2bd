/**
 * The first-touch benches' setup (cold-alloc.ts, cold-parts.ts), as `npm run bench`'s cold loop
 * makes it: a generated Flannel cluster with NetworkPolicies, the JIT warmed by other requests on
 * another dataplane (so the measured one has built nothing yet), and the measured requests.
 */
import { compile, trace, type Dataplane } from '../src/engine';
import { validateTopology, type TraceRequest } from '../src/model';
import { generateFlannelCluster, pickTraceRequests } from '../src/scenarios/generate';

/** The cluster and requests as command-line options (node:util parseArgs), what coldSetup reads. */
export const COLD_OPTIONS = {
  nodes: { type: 'string', default: '1000' },
  proxy: { type: 'string', default: 'ipvs' },
  traces: { type: 'string', default: '1000' },
  seed: { type: 'string', default: '1' },
} as const;

export function coldSetup(opts: { nodes: string; proxy: string; traces: string; seed: string }) {
  const o = { nodes: Number(opts.nodes), proxy: opts.proxy as 'ipvs' | 'iptables', traces: Number(opts.traces), seed: Number(opts.seed) };
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
  const warmUp = compile(parsed.topology);
  for (const { request } of pickTraceRequests(doc, Math.min(300, o.traces), o.seed + 1000)) run(warmUp, request);
  return { topology: parsed.topology, run, requests: pickTraceRequests(doc, o.traces, o.seed) };
}
