/**
 * Pods: name, namespace, `spec.nodeName`, `status.podIP(s)` (IPv4), labels, the `Ready`
 * condition, `metadata.deletionTimestamp` (terminating), `spec.hostNetwork`,
 * `spec.containers[].ports` (their names resolve a service's named targetPort). Pods that hold
 * no address (unscheduled, no IP yet, Succeeded, Failed) or sit on a node the input lacks are
 * left out: they take no part in any packet's path.
 */
import type { ImportContext } from './context';
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
  /** Its containers as the input has them: a service's named targetPort is looked up there (`namedPort`). */
  containers: readonly unknown[];
  /** The object it came from, to name in a problem. */
  from: string;
}

export function readPods(ctx: ImportContext, podsIn: readonly Source[], nodeByName: ReadonlyMap<string, ImportedNode>): ImportedPod[] {
  const pods: ImportedPod[] = [];
  for (const s of podsIn) {
    const spec = obj(s.obj.spec);
    const status = obj(s.obj.status);
    const ref = `${s.namespace}/${s.name}`;
    const phase = str(status.phase);
    if (phase === 'Succeeded' || phase === 'Failed') {
      ctx.skip('k_skipFinished', ref, { phase });
      continue;
    }
    const node = str(spec.nodeName);
    if (node === undefined || node === '') {
      ctx.skip('k_skipUnscheduled', ref);
      continue;
    }
    if (!nodeByName.has(node)) {
      ctx.skip('k_skipOnMissingNode', `${ref} (${node})`);
      continue;
    }
    const hostNetwork = spec.hostNetwork === true;
    // (Loops rather than arrays made and filtered: 30,000 pods' temporaries were much of the import's garbage.)
    let ip: string | undefined;
    let v6 = false;
    let any = false;
    const seeIp = (x: unknown) => {
      if (typeof x !== 'string') return;
      any = true;
      if (isIPv6(x)) v6 = true;
      else if (ip === undefined && isIPv4(x)) ip = x;
    };
    seeIp(status.podIP);
    for (const x of arr(status.podIPs)) seeIp(obj(x).ip);
    if (v6 && ip !== undefined) ctx.dualStack++;
    if (ip === undefined && !hostNetwork) {
      ctx.skip(any ? 'k_skipIPv6Only' : 'k_skipNoIP', ref);
      continue;
    }
    if (hostNetwork && ip !== undefined && ip !== nodeByName.get(node)!.ip) {
      ctx.warn(s.at, 'k_hostNetworkIp', { pod: ref, ip, nodeIp: nodeByName.get(node)!.ip });
      ip = undefined;
    }
    const readyCond = arr(status.conditions).find((c): c is Obj => isObj(c) && c.type === 'Ready');
    const containers = arr(spec.containers);
    const ports: { containerPort: number; protocol: string; hostPort?: number; hostIP?: string }[] = [];
    containers.forEach((c, ci) => {
      if (!isObj(c)) return;
      arr(c.ports).forEach((p, pi) => {
        if (!isObj(p)) return;
        const n = p.containerPort;
        if (!isContainerPort(n)) {
          ctx.problem(join(s.at, `spec.containers[${ci}].ports[${pi}].containerPort`), 'k_containerPort', { got: String(JSON.stringify(n)) });
          return;
        }
        const protocol = str(p.protocol) ?? 'TCP';
        if (ports.some((q) => q.containerPort === n && q.protocol === protocol)) return;
        const port: (typeof ports)[number] = { containerPort: n, protocol };
        // A hostNetwork pod's hostPort is its containerPort (API defaulting) and no CNI runs for it: no mapping.
        const hp = hostNetwork ? undefined : p.hostPort;
        if (typeof hp === 'number' && hp !== 0) {
          port.hostPort = hp;
          if (typeof p.hostIP === 'string' && p.hostIP !== '') port.hostIP = p.hostIP;
        }
        ports.push(port);
      });
    });
    const labels = labelsOf(s.obj, ctx.problems, s.at);
    const doc: Record<string, unknown> = { name: s.name, namespace: s.namespace, node };
    if (ip !== undefined && !hostNetwork) doc.ip = ip;
    if (hostNetwork) doc.hostNetwork = true;
    doc.labels = labels;
    if (readyCond) doc.ready = readyCond.status === 'True';
    const { deletionTimestamp } = obj(s.obj.metadata);
    if (deletionTimestamp !== undefined && deletionTimestamp !== null) doc.terminating = true;
    if (ports.length > 0) doc.ports = ports;
    pods.push({
      doc,
      name: s.name,
      namespace: s.namespace,
      node,
      ip: ip ?? (hostNetwork ? nodeByName.get(node)!.ip : undefined),
      labels,
      hostNetwork,
      ready: readyCond ? readyCond.status === 'True' : undefined,
      containers,
      from: `${s.at} (Pod ${ref})`,
    });
  }
  return pods;
}

const isContainerPort = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;

/** The number of `pod`'s container port called `name` (the last one, as Kubernetes lists them), if any. */
export function namedPort(pod: ImportedPod, name: string): number | undefined {
  let found: number | undefined;
  for (const c of pod.containers)
    for (const p of arr(obj(c).ports)) if (isObj(p) && p.name === name && isContainerPort(p.containerPort)) found = p.containerPort;
  return found;
}
