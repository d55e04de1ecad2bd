/**
 * Test cases for rewiring (shared by the model, worker and store tests): every wiring the CNI switch
 * and the compare view offer, the documents each must carry, and a pod → service request on each.
 */
import { parse } from 'yaml';
import { builtins } from '../scenarios';
import { generateFlannelCluster } from '../scenarios/generate';
import { proxyModes, WIRINGS, type Wiring } from './rewire';
import type { Topology } from './topology';
import type { TraceRequest } from './trace';
import { validateTopology } from './validate';
import { podId, serviceDestination } from './element-id';

type Raw = Record<string, unknown>;

/** Every wiring the CNI switch (and the compare view) offers. */
export const OFFERED: Wiring[] = WIRINGS.flatMap((w) => proxyModes(w).map((kubeProxy) => ({ plugin: w.plugin, mode: w.mode, kubeProxy })));

export function valid(doc: unknown): Topology {
  const r = validateTopology(doc);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.topology;
}

/** A pod → service request that exists: the first service with a ready endpoint, from a pod it does not select. */
export function podToService(t: Topology): TraceRequest {
  for (const s of t.services) {
    const selects = (p: Topology['pods'][number]) =>
      p.namespace === s.namespace && Object.keys(s.selector).length > 0 && Object.entries(s.selector).every(([k, v]) => p.labels[k] === v);
    if (!t.pods.some((p) => p.ready && !p.hostNetwork && selects(p))) continue;
    const client = t.pods.find((p) => !p.hostNetwork && !selects(p)) ?? t.pods[0]!;
    const port = s.ports[0]!;
    return { from: podId(client), to: serviceDestination(s, port.name ?? port.port), protocol: port.protocol as TraceRequest['protocol'] };
  }
  throw new Error('no service with an endpoint');
}

/** The documents every wiring must carry: the built-ins and small generated clusters. */
export const DOCUMENTS: [string, Raw][] = [
  ...builtins.map((b): [string, Raw] => [b.id, parse(b.yaml) as Raw]),
  ['generated flannel vpc-route (4 nodes)', generateFlannelCluster({ nodes: 4, podsPerNode: 12, seed: 3 }) as unknown as Raw],
  [
    'generated flannel vxlan (3 nodes)',
    generateFlannelCluster({ nodes: 3, podsPerNode: 25, seed: 5, cniMode: 'vxlan', kubeProxyMode: 'iptables' }) as unknown as Raw,
  ],
];
