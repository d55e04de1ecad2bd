/**
 * Pods: name, namespace, `spec.nodeName`, `status.podIP(s)` (IPv4), labels, the `Ready`
 * condition, `metadata.deletionTimestamp` (terminating), `spec.hostNetwork`,
 * `spec.containers[].ports` (their names resolve a service's named targetPort). Pods that hold
 * no address (unscheduled, no IP yet, Succeeded, Failed) or sit on a node the input lacks are
 * left out: they take no part in any packet's path. Each pod is read alone (`readPod`), then resolved against the
 * nodes (`resolvePods`).
 */
import type { Params } from '../problem-text';
import type { Problem } from '../topology';
import type { ImportContext } from './context';
import { importSaid, type ImportKey } from './import-text';
import type { ImportedNode } from './nodes';
import { arr, isIPv4, isIPv6, isObj, join, labelsOf, obj, str, type Obj, type Source } from './objects';

export interface ImportedPod {
  /** The pod as the document will hold it. */
  doc: Record<string, unknown>;
  name: string;
  namespace: string;
  node: string;
  /** Its address (a hostNetwork pod's is its node's). */
  ip?: string;
  labels: Record<string, string>;
  hostNetwork: boolean;
  /** Its Ready condition; undefined when it has none (an EndpointSlice may say). */
  ready?: boolean;
  /** Its containers' named ports in the input's order: a service's named targetPort is looked up there (`namedPort`). */
  namedPorts: readonly { name: string; port: number }[];
  /** The object it came from, to name in a problem. */
  from: string;
}

/** Why a pod is left out: `ImportContext.skip`'s arguments. */
interface LeftOut {
  key: ImportKey;
  what: string;
  params?: Params;
}

/**
 * A pod as it reads alone (no other object: a half of the input can be read apart), for `resolvePods`, which looks up
 * its node, and says what it found in the order the pods came.
 */
export interface PodReading {
  /** Left out before its node is looked up (finished, not scheduled). */
  early?: LeftOut;
  /** Its spec.nodeName ('' when it has none). */
  node: string;
  ref: string;
  /** It holds IPv6 addresses beside its IPv4 one. */
  dualStack: boolean;
  /** Left out once its node is found (no IPv4 address). */
  late?: LeftOut;
  at: string;
  /** A hostNetwork pod's own IPv4 address, checked against its node's. */
  hostIp?: string;
  /** Its record, without a hostNetwork pod's address (its node's). */
  pod?: ImportedPod;
  problems?: Problem[];
}

/** The pods the document holds, their readings resolved against the nodes in input order. */
export function resolvePods(ctx: ImportContext, readings: readonly PodReading[], nodeByName: ReadonlyMap<string, ImportedNode>): ImportedPod[] {
  const pods: ImportedPod[] = [];
  for (const r of readings) {
    if (r.early) {
      ctx.skip(r.early.key, r.early.what, r.early.params);
      continue;
    }
    const node = nodeByName.get(r.node);
    if (!node) {
      ctx.skip('k_skipOnMissingNode', `${r.ref} (${r.node})`);
      continue;
    }
    if (r.dualStack) ctx.dualStack++;
    if (r.late) {
      ctx.skip(r.late.key, r.late.what);
      continue;
    }
    if (r.hostIp !== undefined && r.hostIp !== node.ip) ctx.warn(r.at, 'k_hostNetworkIp', { pod: r.ref, ip: r.hostIp, nodeIp: node.ip });
    if (r.problems) ctx.problems.push(...r.problems);
    const pod = r.pod!;
    if (pod.hostNetwork) pod.ip = node.ip;
    pods.push(pod);
  }
  return pods;
}

/** `s` read alone: everything but what its node says. */
export function readPod(s: Source): PodReading {
  const spec = obj(s.obj.spec);
  const status = obj(s.obj.status);
  const ref = `${s.namespace}/${s.name}`;
  const phase = str(status.phase);
  const node = str(spec.nodeName) ?? '';
  if (phase === 'Succeeded' || phase === 'Failed')
    return { early: { key: 'k_skipFinished', what: ref, params: { phase } }, node, ref, dualStack: false, at: s.at };
  if (node === '') return { early: { key: 'k_skipUnscheduled', what: ref }, node, ref, dualStack: false, at: s.at };
  const hostNetwork = spec.hostNetwork === true;
  // (Loops rather than arrays made and filtered, or closures made per pod: 30,000 pods' temporaries were much of the
  // import's garbage.)
  let ip: string | undefined;
  let v6 = false;
  let any = false;
  const podIPs = arr(status.podIPs);
  // (status.podIP, then each of status.podIPs.)
  for (let i = -1; i < podIPs.length; i++) {
    const x = i < 0 ? status.podIP : obj(podIPs[i]).ip;
    if (typeof x !== 'string') continue;
    any = true;
    if (isIPv6(x)) v6 = true;
    else if (ip === undefined && isIPv4(x)) ip = x;
  }
  const dualStack = v6 && ip !== undefined;
  if (ip === undefined && !hostNetwork) return { late: { key: any ? 'k_skipIPv6Only' : 'k_skipNoIP', what: ref }, node, ref, dualStack, at: s.at };
  const problems: Problem[] = [];
  let readyCond: Obj | undefined;
  for (const c of arr(status.conditions)) {
    if (isObj(c) && c.type === 'Ready') {
      readyCond = c;
      break;
    }
  }
  const containers = arr(spec.containers);
  const ports: { containerPort: number; protocol: string; hostPort?: number; hostIP?: string }[] = [];
  const namedPorts: ImportedPod['namedPorts'][number][] = [];
  for (let ci = 0; ci < containers.length; ci++) {
    const c = containers[ci];
    if (!isObj(c)) continue;
    const cPorts = arr(c.ports);
    for (let pi = 0; pi < cPorts.length; pi++) {
      const p = cPorts[pi];
      if (!isObj(p)) continue;
      const n = p.containerPort;
      if (typeof p.name === 'string' && isContainerPort(n)) namedPorts.push({ name: p.name, port: n });
      if (!isContainerPort(n)) {
        problems.push(importSaid(join(s.at, `spec.containers[${ci}].ports[${pi}].containerPort`), 'k_containerPort', { got: String(JSON.stringify(n)) }));
        continue;
      }
      const protocol = str(p.protocol) ?? 'TCP';
      if (hasPort(ports, n, protocol)) continue;
      const port: (typeof ports)[number] = { containerPort: n, protocol };
      // A hostNetwork pod's hostPort is its containerPort (API defaulting) and no CNI runs for it: no mapping.
      const hp = hostNetwork ? undefined : p.hostPort;
      if (typeof hp === 'number' && hp !== 0) {
        port.hostPort = hp;
        if (typeof p.hostIP === 'string' && p.hostIP !== '') port.hostIP = p.hostIP;
      }
      ports.push(port);
    }
  }
  const labels = labelsOf(s.obj, problems, s.at);
  const doc: Record<string, unknown> = { name: s.name, namespace: s.namespace, node };
  if (ip !== undefined && !hostNetwork) doc.ip = ip;
  if (hostNetwork) doc.hostNetwork = true;
  doc.labels = labels;
  if (readyCond) doc.ready = readyCond.status === 'True';
  const { deletionTimestamp } = obj(s.obj.metadata);
  if (deletionTimestamp !== undefined && deletionTimestamp !== null) doc.terminating = true;
  if (ports.length > 0) doc.ports = ports;
  const pod: ImportedPod = {
    doc,
    name: s.name,
    namespace: s.namespace,
    node,
    ip: hostNetwork ? undefined : ip,
    labels,
    hostNetwork,
    ready: readyCond ? readyCond.status === 'True' : undefined,
    namedPorts,
    from: `${s.at} (Pod ${ref})`,
  };
  // (Every field set, in one order: one shape for 30,000 readings.)
  return {
    early: undefined,
    node,
    ref,
    dualStack,
    late: undefined,
    at: s.at,
    hostIp: hostNetwork ? ip : undefined,
    pod,
    problems: problems.length > 0 ? problems : undefined,
  };
}

const hasPort = (ports: readonly { containerPort: number; protocol: string }[], n: number, protocol: string): boolean => {
  for (const q of ports) if (q.containerPort === n && q.protocol === protocol) return true;
  return false;
};

const isContainerPort = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;

/** The number of `pod`'s container port called `name` (the last one, as Kubernetes lists them), if any. */
export function namedPort(pod: ImportedPod, name: string): number | undefined {
  let found: number | undefined;
  for (const p of pod.namedPorts) if (p.name === name) found = p.port;
  return found;
}
