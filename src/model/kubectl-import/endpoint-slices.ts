/**
 * EndpointSlices (`discovery.k8s.io/v1`), by the service they belong to (the
 * `kubernetes.io/service-name` label): each endpoint's IPv4 address, node, `conditions.ready` /
 * `terminating` and the Pod it names (`targetRef`), and the slice's ports. A pod a slice names
 * that the input does not hold is made from the slice, with its service's selector as labels, so
 * the service still selects it. A pod the input holds keeps its own Ready condition; the slice
 * fills in readiness only when the pod has no conditions.
 */
import type { ImportContext } from './context';
import { importPart } from './import-text';
import type { ImportedNode } from './nodes';
import { arr, isIPv4, isObj, obj, str, type Source } from './objects';
import type { ImportedPod } from './pods';

export interface SliceEndpoint {
  ip: string;
  node?: string;
  ready: boolean;
  terminating: boolean;
  /** The Pod it targets: its namespace and name apart (a "ns/name" joined for each of 30,000 endpoints was hashed to look the pod up). */
  pod?: PodName;
}

export interface PodName {
  namespace: string;
  name: string;
}

/** The input's pods by namespace and name. */
export type PodsByName = ReadonlyMap<string, ReadonlyMap<string, ImportedPod>>;

export function podsByName(pods: readonly ImportedPod[]): PodsByName {
  const index = new Map<string, Map<string, ImportedPod>>();
  for (const p of pods) {
    let inNs = index.get(p.namespace);
    if (!inNs) index.set(p.namespace, (inNs = new Map()));
    inNs.set(p.name, p);
  }
  return index;
}

/** A service's endpoints and ports, over all its IPv4 slices. */
export interface ServiceSlices {
  endpoints: SliceEndpoint[];
  ports: { name?: string; port: number; protocol: string }[];
}

/** An EndpointSlice as it reads alone: its service, and its endpoints and ports when IPv4. */
export interface SliceReading {
  service?: string;
  addressType: string;
  endpoints?: SliceEndpoint[];
  ports?: ServiceSlices['ports'];
}

export function readSlice(s: Source): SliceReading {
  const service = str(obj(obj(s.obj.metadata).labels)['kubernetes.io/service-name']);
  const addressType = str(s.obj.addressType) ?? 'IPv4';
  if (service === undefined || addressType !== 'IPv4') return { service, addressType };
  const endpoints: SliceEndpoint[] = [];
  for (const e of arr(s.obj.endpoints)) {
    if (!isObj(e)) continue;
    const ip = arr(e.addresses).find(isIPv4);
    if (ip === undefined) continue;
    const cond = obj(e.conditions);
    const target = obj(e.targetRef);
    endpoints.push({
      ip,
      node: str(e.nodeName),
      // ready: nil means ready (EndpointConditions); terminating: nil means not
      ready: cond.ready !== false,
      terminating: cond.terminating === true,
      pod: target.kind === 'Pod' && typeof target.name === 'string' ? { namespace: str(target.namespace) ?? s.namespace, name: target.name } : undefined,
    });
  }
  const ports: ServiceSlices['ports'] = [];
  for (const p of arr(s.obj.ports).filter(isObj)) {
    if (typeof p.port === 'number') ports.push({ name: str(p.name), port: p.port, protocol: str(p.protocol) ?? 'TCP' });
  }
  return { service, addressType, endpoints, ports };
}

/** The IPv4 slices of the input by service (namespace/name), each read alone (`readSlice`). */
export function readEndpointSlices(ctx: ImportContext, slicesIn: readonly Source[]): Map<string, ServiceSlices> {
  const slicesBySvc = new Map<string, ServiceSlices>();
  for (const s of slicesIn) {
    const { service, addressType, endpoints, ports } = readSlice(s);
    if (service === undefined) continue;
    if (addressType !== 'IPv4') {
      if (addressType === 'IPv6') ctx.dualStack++;
      continue;
    }
    const ref = `${s.namespace}/${service}`;
    const entry = slicesBySvc.get(ref) ?? { endpoints: [], ports: [] };
    for (const e of endpoints!) entry.endpoints.push(e);
    for (const p of ports!) entry.ports.push(p);
    slicesBySvc.set(ref, entry);
  }
  return slicesBySvc;
}

/**
 * The endpoint pods of service `ref` (at `s.at`): readiness (and terminating) from its slice for those the input holds
 * without conditions; those the input does not hold made from the slice and labelled with `selector`, into `madePods`
 * (a pod made for another service gains this selector's labels too).
 */
export function podsFromSlice(
  ctx: ImportContext,
  s: Source,
  ref: string,
  selector: Record<string, string>,
  slice: ServiceSlices | undefined,
  pods: PodsByName,
  nodeByName: ReadonlyMap<string, ImportedNode>,
  madePods: Map<string, ImportedPod>,
): void {
  for (const e of slice?.endpoints ?? []) {
    if (e.pod === undefined) continue;
    const held = pods.get(e.pod.namespace)?.get(e.pod.name);
    if (held) {
      // A pod the input holds without conditions: the slice says whether it is ready.
      if (held.ready === undefined) {
        held.doc.ready = e.ready;
        if (e.terminating) held.doc.terminating = true;
      }
      continue;
    }
    // Endpoint pods the input does not hold: made from the slice, labelled with the selector.
    const { namespace: ns, name } = e.pod;
    const podRef = `${ns}/${name}`;
    const made = madePods.get(podRef);
    if (made) {
      Object.assign(made.labels, selector);
      continue;
    }
    if (e.node === undefined || !nodeByName.has(e.node)) {
      const on = e.node === undefined ? importPart('k_noNamedNode') : importPart('k_missingNode', { node: e.node });
      ctx.warn(s.at, 'k_endpointOffNode', { ip: e.ip, service: ref, pod: podRef, node: on });
      continue;
    }
    const hostNetwork = e.ip === nodeByName.get(e.node)!.ip;
    const labels = { ...selector };
    const doc: Record<string, unknown> = { name, namespace: ns, node: e.node, ...(hostNetwork ? { hostNetwork: true } : { ip: e.ip }), labels, ready: e.ready };
    if (e.terminating) doc.terminating = true;
    const ports = [...new Map((slice?.ports ?? []).map((p) => [`${p.port}/${p.protocol}`, { containerPort: p.port, protocol: p.protocol }])).values()];
    if (ports.length > 0) doc.ports = ports;
    const draft: ImportedPod = {
      doc,
      name,
      namespace: ns,
      node: e.node,
      ip: e.ip,
      labels,
      hostNetwork,
      ready: e.ready,
      namedPorts: [],
      from: `${s.at} (an endpoint of Service ${ref} in its EndpointSlice)`,
    };
    madePods.set(podRef, draft);
    ctx.warn('', 'k_endpointPodMade', { pod: podRef, service: ref });
  }
}
