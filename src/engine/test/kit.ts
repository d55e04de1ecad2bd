/**
 * A small harness for engine tests: build a cluster from a compact description, compile it,
 * and trace. Tests state what a real cluster does and check the engine gets there.
 */
import { rewritesOf, validateTopology, type Trace, type TraceRequest } from '../../model';
import { compile } from '../compile';
import { trace } from '../trace';
import type { Dataplane } from '../dataplane';

type Obj = Record<string, unknown>;

export interface MiniCluster {
  mode?: 'vpc-route' | 'host-gw' | 'vxlan';
  proxy?: 'ipvs' | 'iptables';
  version?: string;
  masqueradeAll?: boolean;
  ipMasq?: boolean;
  nodes?: Obj[];
  pods?: Obj[];
  services?: Obj[];
  loadBalancers?: Obj[];
  externals?: Obj[];
}

/** Two nodes in one VPC, a client pod on node-a, two web pods on node-b and one on node-a. */
export function doc(c: MiniCluster = {}): Obj {
  return {
    apiVersion: 'hopscope/v1',
    kind: 'Topology',
    metadata: { name: 'test' },
    cluster: {
      cni: { plugin: 'flannel', mode: c.mode ?? 'vpc-route', ...(c.ipMasq === undefined ? {} : { ipMasq: c.ipMasq }) },
      kubeProxy: { mode: c.proxy ?? 'iptables', masqueradeAll: c.masqueradeAll ?? false, ...(c.version ? { version: c.version } : {}) },
      podCIDR: '10.244.0.0/16',
      serviceCIDR: '10.96.0.0/16',
      vpc: { cidr: '10.0.0.0/16' },
    },
    nodes: c.nodes ?? [
      { name: 'node-a', ip: '10.0.0.10', podCIDR: '10.244.1.0/24' },
      { name: 'node-b', ip: '10.0.0.11', podCIDR: '10.244.2.0/24' },
    ],
    pods: c.pods ?? [
      { name: 'client', node: 'node-a', ip: '10.244.1.5', labels: { app: 'client' } },
      { name: 'web-a', node: 'node-a', ip: '10.244.1.10', labels: { app: 'web' } },
      { name: 'web-b1', node: 'node-b', ip: '10.244.2.10', labels: { app: 'web' } },
      { name: 'web-b2', node: 'node-b', ip: '10.244.2.11', labels: { app: 'web' } },
    ],
    services: c.services ?? [],
    loadBalancers: c.loadBalancers ?? [],
    externals: c.externals ?? [{ name: 'office', ip: '10.0.5.5', network: 'vpc' }],
  };
}

export function build(c: MiniCluster | Obj = {}): Dataplane {
  const raw = 'apiVersion' in c ? c : doc(c as MiniCluster);
  const r = validateTopology(raw);
  if (!r.ok) throw new Error(`test document invalid:\n${r.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  return compile(r.topology);
}

export function run(dp: Dataplane, from: string, to: string, extra: Partial<TraceRequest> = {}): Trace {
  return trace(dp, { from, to, ...extra });
}

/** The namespaces/devices a trace passed, as "ns/device" strings. */
export const path = (t: Trace) => t.hops.map((h) => `${h.ns}/${h.device ?? '-'}`);
export const rewrites = (t: Trace) => t.hops.flatMap(rewritesOf);
