/**
 * Pods: name, namespace, `spec.nodeName`, `status.podIP(s)` (IPv4), labels, the `Ready`
 * condition, `metadata.deletionTimestamp` (terminating), `spec.hostNetwork`,
 * `spec.containers[].ports` (their names resolve a service's named targetPort). Pods that hold
 * no address (unscheduled, no IP yet, Succeeded, Failed) or sit on a node the input lacks are
 * left out: they take no part in any packet's path.
 */
import type { ImportContext } from './context';
import type { ImportedNode } from './nodes';
import { arr, isIPv4, isIPv6, isObj, join, labelsOf, obj, str, type Source } from './objects';

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
  /** Container port names → numbers. */
  portNames: Map<string, number>;
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
    const ips = [status.podIP, ...arr(status.podIPs).map((x) => obj(x).ip)].filter((x): x is string => typeof x === 'string');
    if (ips.some(isIPv6) && ips.some(isIPv4)) ctx.dualStack++;
    let ip = ips.find(isIPv4);
    if (ip === undefined && !hostNetwork) {
      ctx.skip(ips.length > 0 ? 'k_skipIPv6Only' : 'k_skipNoIP', ref);
      continue;
    }
    if (hostNetwork && ip !== undefined && ip !== nodeByName.get(node)!.ip) {
      ctx.warn(s.at, 'k_hostNetworkIp', { pod: ref, ip, nodeIp: nodeByName.get(node)!.ip });
      ip = undefined;
    }
    const conditions = arr(status.conditions).filter(isObj);
    const readyCond = conditions.find((c) => c.type === 'Ready');
    const portNames = new Map<string, number>();
    const ports: { containerPort: number; protocol: string; hostPort?: number; hostIP?: string }[] = [];
    const portKeys = new Set<string>();
    arr(spec.containers)
      .filter(isObj)
      .forEach((c, ci) => {
        arr(c.ports)
          .filter(isObj)
          .forEach((p, pi) => {
            const n = p.containerPort;
            if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) {
              ctx.problem(join(s.at, `spec.containers[${ci}].ports[${pi}].containerPort`), 'k_containerPort', { got: String(JSON.stringify(n)) });
              return;
            }
            const protocol = str(p.protocol) ?? 'TCP';
            if (typeof p.name === 'string') portNames.set(p.name, n);
            // A hostNetwork pod's hostPort is its containerPort (API defaulting) and no CNI runs for it: no mapping.
            const hp = hostNetwork ? undefined : p.hostPort;
            const mapping =
              typeof hp === 'number' && hp !== 0 ? { hostPort: hp, ...(typeof p.hostIP === 'string' && p.hostIP !== '' ? { hostIP: p.hostIP } : {}) } : {};
            if (!portKeys.has(`${n}/${protocol}`)) ports.push({ containerPort: n, protocol, ...mapping });
            portKeys.add(`${n}/${protocol}`);
          });
      });
    const labels = labelsOf(s.obj, ctx.problems, s.at);
    const doc: Record<string, unknown> = { name: s.name, namespace: s.namespace, node };
    if (ip !== undefined && !hostNetwork) doc.ip = ip;
    if (hostNetwork) doc.hostNetwork = true;
    doc.labels = labels;
    if (readyCond) doc.ready = readyCond.status === 'True';
    if (obj(s.obj.metadata).deletionTimestamp !== undefined && obj(s.obj.metadata).deletionTimestamp !== null) doc.terminating = true;
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
      portNames,
      from: `${s.at} (Pod ${ref})`,
    });
  }
  return pods;
}
