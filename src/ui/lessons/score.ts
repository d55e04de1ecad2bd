/**
 * Scoring a prediction and offering choices, from the engine's trace and the document alone: no
 * lesson carries its answer, so a lesson stays right when the engine or the document changes.
 */
import type { Topology } from '../../model/topology';
import type { Trace, Verdict } from '../../model/trace';
import type { Prediction } from '../../store';
import { listRef } from '../../model/element-id';

export const VERDICTS: readonly Verdict[] = ['delivered', 'refused', 'unreachable', 'dropped'];

export type ScoreItem =
  | { kind: 'verdict'; predicted: Verdict; actual: Verdict; right: boolean }
  | { kind: 'source'; predicted: string | null; actual: string | null; right: boolean }
  | { kind: 'stacks'; predicted: number; actual: number; right: boolean };

export interface Score {
  items: ScoreItem[];
  right: number;
  total: number;
}

/** Each answer against what the trace says. */
export function scorePrediction(p: Prediction, trace: Trace): Score {
  const items: ScoreItem[] = [
    { kind: 'verdict', predicted: p.verdict, actual: trace.verdict, right: p.verdict === trace.verdict },
    { kind: 'source', predicted: p.source, actual: trace.sourceSeenByServer, right: p.source === trace.sourceSeenByServer },
    { kind: 'stacks', predicted: p.stacks, actual: trace.kernelStacks, right: p.stacks === trace.kernelStacks },
  ];
  return { items, right: items.filter((i) => i.right).length, total: items.length };
}

export interface AddressOption {
  ip: string;
  /** What holds the address: "pod default/nginx", "node worker-a", … */
  label: string;
}

/**
 * Every address a server could see as the source, the request's own first: the client, then nodes
 * (masquerade), then pods (proxies), external clients and load balancers. Not filtered by the answer.
 */
export function sourceOptions(t: Topology, from: string): AddressOption[] {
  const all: AddressOption[] = [
    ...t.nodes.flatMap((n) => [n.ip, ...n.secondaryIPs, ...n.interfaces.map((i) => i.ip)].map((ip) => ({ ip, label: `node ${n.name}` }))),
    ...t.pods.map((p) => ({ ip: p.ip, label: `pod ${p.namespace}/${p.name}` })),
    ...t.externals.map((x) => ({ ip: x.ip, label: `external ${x.name}` })),
    ...t.loadBalancers.map((lb) => ({ ip: lb.ip, label: `SLB ${lb.name}` })),
  ];
  const ref = (o: AddressOption) => o.label.replace(' ', ':');
  const mine = all.filter((o) => ref(o) === from || o.ip === from);
  const seen = new Set<string>();
  return [...mine, ...all].filter((o) => (o.ip && !seen.has(o.ip) ? (seen.add(o.ip), true) : false));
}

/** Kernel stack counts to choose from: 0 to 8 in halves (a stack the packet dies in counts half). */
export const STACK_OPTIONS: readonly number[] = Array.from({ length: 17 }, (_, i) => i / 2);

export interface CulpritElement {
  /** Prefix of the fields' paths: "cluster" or "nodes[1]". */
  path: string;
  label: string;
  fields: { path: string; value: unknown }[];
}

const CLUSTER_FIELDS = ['cni.mtu', 'cni.ipMasq', 'kubeProxy.mode', 'kubeProxy.masqueradeAll', 'kubeProxy.version', 'vpc.deletedRoutes'];
const NODE_FIELDS = [
  'kernel.ipForward',
  'kernel.rpFilter',
  'kernel.mtu',
  'kernel.bridgeNfCallIptables',
  'interfaces',
  'routes',
  'deletedRoutes',
  'linksDown',
  'nat',
  'filter',
];

const valueAt = (root: unknown, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root);

/**
 * What a learner may point at in a find-the-fault lesson: the cluster and each node, each with the
 * fields where faults live and their values in the (validated) document, as paths in the validator's notation.
 */
export function culpritElements(t: Topology): CulpritElement[] {
  return [
    { path: 'cluster', label: 'cluster', fields: CLUSTER_FIELDS.map((f) => ({ path: `cluster.${f}`, value: valueAt(t.cluster, f) })) },
    ...t.nodes.map((n, i) => ({
      path: listRef('nodes', i),
      label: `node ${n.name} (${n.ip})`,
      fields: NODE_FIELDS.map((f) => ({ path: `${listRef('nodes', i)}.${f}`, value: valueAt(n, f) })),
    })),
  ];
}

/** A field's value in a line: JSON, shortened. */
export function formatValue(v: unknown, max = 80): string {
  const s = v === undefined ? '—' : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
