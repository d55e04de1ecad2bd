/**
 * Import from a live cluster: the output of
 *   kubectl get nodes,pods,services,endpointslices -A -o yaml      (or -o json)
 * becomes a topology document (a plain object, ready for YAML). A `v1 List`, a bare object,
 * or a multi-document YAML stream of objects or Lists are all accepted.
 *
 * What is read (Kubernetes API field → document field):
 * - Node: `metadata.name`; `status.addresses[type=InternalIP]` (IPv4) → `ip`; `spec.podCIDR(s)`
 *   (IPv4) → `podCIDR` for Flannel. Calico's IPAM ignores `spec.podCIDR`: a Calico node's
 *   block is the /26 (or the smallest aligned block, /26 or wider) holding its pods' IPs.
 *   Terway nodes get ENIs (`eth1`, `eth2`, …) enough for their pods.
 * - Pod: name, namespace, `spec.nodeName`, `status.podIP(s)` (IPv4), labels, the `Ready`
 *   condition, `metadata.deletionTimestamp` (terminating), `spec.hostNetwork`,
 *   `spec.containers[].ports`. Pods that hold no address (unscheduled, no IP yet, Succeeded,
 *   Failed) are left out with a warning: they take no part in any packet's path.
 * - Service: type, `clusterIP(s)` (the IPv4 one), `externalIPs`, selector, ports (a named
 *   `targetPort` is resolved through the selected pods' container port names, then through
 *   the EndpointSlices' ports), both traffic policies, session affinity,
 *   `loadBalancerSourceRanges`; `status.loadBalancer.ingress[].ip` becomes a `loadBalancers`
 *   entry (backend `nodeport`, one per address, shared by services that share it) named by
 *   `service.loadBalancer`. Headless, ExternalName and selector-less services (such as
 *   `default/kubernetes`) are left out with a warning: the document's services select pods.
 * - EndpointSlice: a pod a slice names (`targetRef`) that the input does not hold is made from
 *   the slice — its address, node, `conditions.ready`/`terminating`, the slice's ports — with
 *   its service's selector as labels, so the service still selects it. A pod the input holds
 *   keeps its own Ready condition; the slice fills in readiness only when the pod has no
 *   conditions.
 * - Namespace (when present): labels, for NetworkPolicy namespace selectors.
 * - ConfigMap `kube-system/kube-proxy` (when present): kube-proxy's mode.
 *
 * What is inferred: the CNI (annotations, DaemonSet pods, address ranges; else a problem at
 * `cluster.cni` asking for `--cni`), kube-proxy's mode (its ConfigMap or `--proxy-mode` in
 * its pods, else iptables with a warning) and version (the nodes' `kubeProxyVersion`),
 * `podCIDR` (the smallest CIDR holding every node block), `serviceCIDR` (a /16 or /12
 * holding every cluster IP), the VPC CIDR (a /16 or wider holding every node).
 * IPv6 addresses (dual-stack pods and services) are dropped with a warning: the document is
 * IPv4.
 *
 * The result is checked with `validateTopology`: either the whole cluster imports as a valid
 * document, or nothing does and every problem is returned. Never throws.
 */
import { MAX_DEPTH } from './limits';
import { readYaml } from './yaml-read';
import { cidrContains, cidrsOverlap, formatCidr, ipToInt, parseCidr, type ParsedCidr } from './cidr';
import type { CniMode, CniPlugin, KubeProxyMode, Problem } from './topology';
import { DEFAULT_ENI_MAX_IPS, DEFAULT_SERVICE_CIDR } from './defaults';
import { CNI_MODES } from './topology';
import { validateTopology } from './validate';

export interface KubectlImportOptions {
  /** "flannel", "flannel:vxlan", "calico:ipip", "terway:ipvlan-ebpf": overrides what is inferred. */
  cni?: string;
  /** The document's metadata.name (default "imported"). */
  name?: string;
}

export interface KubectlImportInferred {
  cni: { plugin: CniPlugin; mode: CniMode; from: string };
  kubeProxy: { mode: KubeProxyMode; version?: string; from: string };
  podCIDR?: string;
  serviceCIDR: string;
  vpcCIDR: string;
  vswitches?: string[];
  counts: { nodes: number; pods: number; services: number; loadBalancers: number; skipped: number };
}

export type KubectlImportResult =
  | { ok: true; document: Record<string, unknown>; warnings: string[]; inferred: KubectlImportInferred }
  | { ok: false; problems: Problem[] };

/** Parses `--cni` text: "flannel", "calico:ipip". Returns a message when it is not one. */
export function parseCniOption(text: string): { plugin: CniPlugin; mode?: CniMode } | { error: string } {
  const [plugin, mode, extra] = text.trim().split(':');
  const plugins = Object.keys(CNI_MODES) as CniPlugin[];
  if (!plugins.includes(plugin as CniPlugin) || extra !== undefined) {
    return { error: `--cni takes PLUGIN[:MODE] with PLUGIN one of ${plugins.join(', ')}; got "${text}"` };
  }
  const modes = CNI_MODES[plugin as CniPlugin];
  if (mode === undefined || mode === '') return { plugin: plugin as CniPlugin };
  if (!modes.includes(mode as CniMode)) return { error: `--cni ${plugin}: the mode is one of ${modes.join(', ')}; got "${mode}"` };
  return { plugin: plugin as CniPlugin, mode: mode as CniMode };
}

// ---- reading the objects ------------------------------------------------------------------

type Obj = Record<string, unknown>;

interface Source {
  obj: Obj;
  /** Where the object is in the input, e.g. "items[4]" or "document 2". */
  at: string;
  kind: string;
  name: string;
  namespace: string;
}

class ImportError extends Error {}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const isIPv4 = (s: unknown): s is string => typeof s === 'string' && !Number.isNaN(ipToInt(s));
const isIPv6 = (s: unknown): s is string => typeof s === 'string' && s.includes(':');

function readObjects(text: string, problems: Problem[]): Source[] {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new ImportError('the input is empty: paste the output of `kubectl get nodes,pods,services,endpointslices -A -o yaml`');
  }
  const read = readYaml(text);
  if (!read.ok) {
    problems.push(...read.problems);
    return [];
  }
  const list = read.documents;
  const out: Source[] = [];
  list.forEach((doc, d) => {
    const docAt = list.length > 1 ? `document ${d + 1}` : '';
    if (!doc.ok) {
      for (const p of doc.problems) problems.push({ ...p, path: docAt });
      return;
    }
    const value = doc.value;
    if (value === null || value === undefined) return; // an empty document in a stream (a trailing ---)
    collect(value, docAt, out, problems);
  });
  return out;
}

function collect(value: unknown, at: string, out: Source[], problems: Problem[], depth = 0): void {
  // Lists inside Lists: kubectl never nests them deeper than one; JSON input can, to any depth.
  if (depth > MAX_DEPTH) {
    problems.push({ path: at.slice(0, 200), message: `Lists nested more than ${MAX_DEPTH} deep: is this the output of kubectl get -o yaml?` });
    return;
  }
  const where = at === '' ? '(input)' : at;
  if (!isObj(value)) {
    problems.push({ path: at, message: `expected a Kubernetes object or List, got ${Array.isArray(value) ? 'a sequence' : JSON.stringify(value)?.slice(0, 40) ?? String(value)}` });
    return;
  }
  const kind = str(value.kind);
  if (kind === undefined) {
    problems.push({ path: join(at, 'kind'), message: `${where} has no kind: is this the output of kubectl get -o yaml?` });
    return;
  }
  if (kind === 'List' || (kind.endsWith('List') && Array.isArray(value.items))) {
    if (!Array.isArray(value.items)) {
      problems.push({ path: join(at, 'items'), message: 'a List needs items (a sequence of objects)' });
      return;
    }
    value.items.forEach((item, i) => {
      const itemAt = join(at, `items[${i}]`);
      if (isObj(item) && item.kind === undefined && kind !== 'List') item = { ...item, kind: kind.slice(0, -4) };
      collect(item, itemAt, out, problems, depth + 1);
    });
    return;
  }
  const md = value.metadata;
  if (!isObj(md) || typeof md.name !== 'string' || md.name === '') {
    problems.push({ path: join(at, 'metadata.name'), message: `a ${kind} without metadata.name` });
    return;
  }
  if (md.namespace !== undefined && typeof md.namespace !== 'string') {
    problems.push({ path: join(at, 'metadata.namespace'), message: 'metadata.namespace must be a string' });
    return;
  }
  out.push({ obj: value, at, kind, name: md.name, namespace: str(md.namespace) ?? 'default' });
}

function join(at: string, key: string): string {
  if (at === '') return key;
  return key.startsWith('[') ? `${at}${key}` : `${at}.${key}`;
}

const labelsOf = (o: Obj, problems: Problem[], at: string): Record<string, string> => {
  const raw = obj(obj(o.metadata).labels);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else problems.push({ path: join(at, `metadata.labels["${k}"]`), message: 'a label value must be a string' });
  }
  return out;
};
const annotationsOf = (o: Obj): Record<string, unknown> => obj(obj(o.metadata).annotations);

// ---- CIDR helpers ---------------------------------------------------------------------

/** The smallest aligned block holding every address (as [first, last] pairs). */
function covering(ranges: readonly [number, number][], maxBits = 32): ParsedCidr | undefined {
  if (ranges.length === 0) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const [a, b] of ranges) {
    if (a < lo) lo = a;
    if (b > hi) hi = b;
  }
  let bits = maxBits;
  while (bits > 0) {
    const size = 2 ** (32 - bits);
    const base = Math.floor(lo / size) * size;
    if (hi < base + size) return { base, bits };
    bits--;
  }
  return { base: 0, bits: 0 };
}
const rangeOf = (c: ParsedCidr): [number, number] => [c.base, c.base + 2 ** (32 - c.bits) - 1];
const ipRange = (ip: string): [number, number] => [ipToInt(ip), ipToInt(ip)];
/** The block of `bits` holding `c` (or `c` itself when it is already wider). */
const widen = (c: ParsedCidr, bits: number): ParsedCidr => (c.bits <= bits ? c : { base: Math.floor(c.base / 2 ** (32 - bits)) * 2 ** (32 - bits), bits });

// ---- the import ---------------------------------------------------------------------

interface PodDraft {
  doc: Record<string, unknown>;
  name: string;
  namespace: string;
  node: string;
  ip?: string;
  labels: Record<string, string>;
  hostNetwork: boolean;
  ready?: boolean;
  portNames: Map<string, number>;
  from: string;
}

/**
 * Imports `kubectl get nodes,pods,services,endpointslices -A -o yaml|json` output.
 * @example importKubectl(readFileSync('cluster.yaml', 'utf8'), { cni: 'flannel:vxlan' })
 */
export function importKubectl(text: string, options: KubectlImportOptions = {}): KubectlImportResult {
  try {
    return run(text, options);
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, problems: [{ path: '', message: e.message }] };
    return { ok: false, problems: [{ path: '', message: `the importer failed on this input (${e instanceof Error ? e.message : String(e)}): please report it with the input attached` }] };
  }
}

function run(text: string, options: KubectlImportOptions): KubectlImportResult {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const sources = readObjects(text, problems);
  if (problems.length > 0) return { ok: false, problems };

  // Deduplicate (the same object twice, e.g. two outputs concatenated) and sort by kind.
  const seen = new Set<string>();
  const byKind = new Map<string, Source[]>();
  const ignoredKinds = new Map<string, number>();
  const USED = new Set(['Node', 'Pod', 'Service', 'EndpointSlice', 'Namespace', 'ConfigMap', 'Endpoints']);
  for (const s of sources) {
    const key = `${s.kind}/${s.namespace}/${s.name}`;
    if (seen.has(key)) {
      warnings.push(`${s.at}: ${s.kind} ${s.namespace}/${s.name} appears twice; the first one is used`);
      continue;
    }
    seen.add(key);
    if (!USED.has(s.kind)) ignoredKinds.set(s.kind, (ignoredKinds.get(s.kind) ?? 0) + 1);
    byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  }
  if (ignoredKinds.size > 0) {
    warnings.push(`ignored ${[...ignoredKinds].map(([k, n]) => `${n} ${k}${n > 1 ? 's' : ''}`).join(', ')} (only Nodes, Pods, Services, EndpointSlices, Namespaces and the kube-proxy ConfigMap are read)`);
  }
  const nodesIn = byKind.get('Node') ?? [];
  const podsIn = byKind.get('Pod') ?? [];
  const servicesIn = byKind.get('Service') ?? [];
  const slicesIn = byKind.get('EndpointSlice') ?? [];
  if (nodesIn.length === 0) {
    return {
      ok: false,
      problems: [{ path: '', message: `no Node objects in the input (${sources.length === 0 ? 'it holds no objects' : `it holds ${[...byKind.keys()].join(', ')}`}): run kubectl get nodes,pods,services,endpointslices -A -o yaml` }],
    };
  }
  let dualStack = 0;

  // -- nodes ---------------------------------------------------------------------------------
  interface NodeDraft { name: string; ip: string; specPodCIDR?: string; annotations: Record<string, unknown>; kubeProxyVersion?: string; from: string }
  const nodes: NodeDraft[] = [];
  for (const s of nodesIn) {
    const addresses = arr(obj(s.obj.status).addresses).filter(isObj);
    const internal = addresses.filter((a) => a.type === 'InternalIP').map((a) => a.address);
    const ip = internal.find(isIPv4);
    if (internal.some(isIPv6)) dualStack++;
    if (ip === undefined) {
      problems.push({ path: join(s.at, 'status.addresses'), message: `node ${s.name} has no IPv4 InternalIP address` });
      continue;
    }
    const spec = obj(s.obj.spec);
    const cidrs = [spec.podCIDR, ...arr(spec.podCIDRs)].filter((c): c is string => typeof c === 'string');
    const v4 = cidrs.find((c) => parseCidr(c) !== undefined && !c.includes(':'));
    const kpv = str(obj(obj(s.obj.status).nodeInfo).kubeProxyVersion);
    nodes.push({ name: s.name, ip, specPodCIDR: v4, annotations: annotationsOf(s.obj), kubeProxyVersion: kpv, from: `${s.at} (Node ${s.name})` });
  }
  const nodeByName = new Map(nodes.map((n) => [n.name, n]));

  // -- pods ------------------------------------------------------------------------------------
  const pods: PodDraft[] = [];
  let skipped = 0;
  const skippedWhy = new Map<string, string[]>();
  const skip = (why: string, what: string): void => {
    skipped++;
    skippedWhy.set(why, [...(skippedWhy.get(why) ?? []), what]);
  };
  for (const s of podsIn) {
    const spec = obj(s.obj.spec);
    const status = obj(s.obj.status);
    const ref = `${s.namespace}/${s.name}`;
    const phase = str(status.phase);
    if (phase === 'Succeeded' || phase === 'Failed') {
      skip(`finished (${phase})`, ref);
      continue;
    }
    const node = str(spec.nodeName);
    if (node === undefined || node === '') {
      skip('not scheduled to a node', ref);
      continue;
    }
    if (!nodeByName.has(node)) {
      skip('on a node the input does not hold', `${ref} (${node})`);
      continue;
    }
    const hostNetwork = spec.hostNetwork === true;
    const ips = [status.podIP, ...arr(status.podIPs).map((x) => obj(x).ip)].filter((x): x is string => typeof x === 'string');
    if (ips.some(isIPv6) && ips.some(isIPv4)) dualStack++;
    let ip = ips.find(isIPv4);
    if (ip === undefined && !hostNetwork) {
      skip(ips.length > 0 ? 'IPv6 only' : 'no IP yet', ref);
      continue;
    }
    if (hostNetwork && ip !== undefined && ip !== nodeByName.get(node)!.ip) {
      warnings.push(`${s.at}: hostNetwork pod ${ref} reports ${ip}, not its node's InternalIP ${nodeByName.get(node)!.ip}; the node's IP is used`);
      ip = undefined;
    }
    const conditions = arr(status.conditions).filter(isObj);
    const readyCond = conditions.find((c) => c.type === 'Ready');
    const portNames = new Map<string, number>();
    const ports: { containerPort: number; protocol: string }[] = [];
    const portKeys = new Set<string>();
    arr(spec.containers).filter(isObj).forEach((c, ci) => {
      arr(c.ports).filter(isObj).forEach((p, pi) => {
        const n = p.containerPort;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) {
          problems.push({ path: join(s.at, `spec.containers[${ci}].ports[${pi}].containerPort`), message: `a port number 1–65535, got ${JSON.stringify(n)}` });
          return;
        }
        const protocol = str(p.protocol) ?? 'TCP';
        if (typeof p.name === 'string') portNames.set(p.name, n);
        if (!portKeys.has(`${n}/${protocol}`)) ports.push({ containerPort: n, protocol });
        portKeys.add(`${n}/${protocol}`);
      });
    });
    const labels = labelsOf(s.obj, problems, s.at);
    const doc: Record<string, unknown> = { name: s.name, namespace: s.namespace, node };
    if (ip !== undefined && !hostNetwork) doc.ip = ip;
    if (hostNetwork) doc.hostNetwork = true;
    doc.labels = labels;
    if (readyCond) doc.ready = readyCond.status === 'True';
    if (obj(s.obj.metadata).deletionTimestamp !== undefined && obj(s.obj.metadata).deletionTimestamp !== null) doc.terminating = true;
    if (ports.length > 0) doc.ports = ports;
    pods.push({ doc, name: s.name, namespace: s.namespace, node, ip: ip ?? (hostNetwork ? nodeByName.get(node)!.ip : undefined), labels, hostNetwork, ready: readyCond ? readyCond.status === 'True' : undefined, portNames, from: `${s.at} (Pod ${ref})` });
  }
  const podByRef = new Map(pods.map((p) => [`${p.namespace}/${p.name}`, p]));

  // -- EndpointSlices: readiness, and pods the input lacks ------------------------------------
  interface SliceEndpoint { ip: string; node?: string; ready: boolean; terminating: boolean; pod?: string }
  const slicesBySvc = new Map<string, { endpoints: SliceEndpoint[]; ports: { name?: string; port: number; protocol: string }[] }>();
  for (const s of slicesIn) {
    const svc = str(obj(obj(s.obj.metadata).labels)['kubernetes.io/service-name']);
    if (svc === undefined) continue;
    const addressType = str(s.obj.addressType) ?? 'IPv4';
    if (addressType !== 'IPv4') {
      if (addressType === 'IPv6') dualStack++;
      continue;
    }
    const entry = slicesBySvc.get(`${s.namespace}/${svc}`) ?? { endpoints: [], ports: [] };
    for (const e of arr(s.obj.endpoints).filter(isObj)) {
      const ip = arr(e.addresses).find(isIPv4);
      if (ip === undefined) continue;
      const cond = obj(e.conditions);
      const target = obj(e.targetRef);
      entry.endpoints.push({
        ip,
        node: str(e.nodeName),
        // ready: nil means ready (EndpointConditions); terminating: nil means not
        ready: cond.ready !== false,
        terminating: cond.terminating === true,
        pod: target.kind === 'Pod' && typeof target.name === 'string' ? `${str(target.namespace) ?? s.namespace}/${target.name}` : undefined,
      });
    }
    for (const p of arr(s.obj.ports).filter(isObj)) {
      if (typeof p.port === 'number') entry.ports.push({ name: str(p.name), port: p.port, protocol: str(p.protocol) ?? 'TCP' });
    }
    slicesBySvc.set(`${s.namespace}/${svc}`, entry);
  }

  // -- services ------------------------------------------------------------------------------
  const services: Record<string, unknown>[] = [];
  const serviceFrom: string[] = [];
  const lbByIp = new Map<string, { name: string; ip: string }>();
  const allClusterIPs: string[] = [];
  const madePods = new Map<string, PodDraft>();
  for (const s of servicesIn) {
    const spec = obj(s.obj.spec);
    const ref = `${s.namespace}/${s.name}`;
    const type = str(spec.type) ?? 'ClusterIP';
    const clusterIPs = [spec.clusterIP, ...arr(spec.clusterIPs)].filter((x): x is string => typeof x === 'string');
    const clusterIP = clusterIPs.find(isIPv4);
    if (clusterIP !== undefined) allClusterIPs.push(clusterIP);
    if (type === 'ExternalName') {
      skip('ExternalName services (DNS only)', ref);
      continue;
    }
    if (clusterIPs.includes('None')) {
      skip('headless services (no cluster IP)', ref);
      continue;
    }
    if (clusterIP === undefined) {
      skip(clusterIPs.length > 0 ? 'IPv6-only services' : 'services without a cluster IP', ref);
      continue;
    }
    if (clusterIPs.some(isIPv6) || arr(spec.ipFamilies).includes('IPv6')) dualStack++;
    if (!['ClusterIP', 'NodePort', 'LoadBalancer'].includes(type)) {
      problems.push({ path: join(s.at, 'spec.type'), message: `unknown service type "${type}" (ClusterIP, NodePort, LoadBalancer or ExternalName)` });
      continue;
    }
    const selectorRaw = spec.selector;
    if (!isObj(selectorRaw) || Object.keys(selectorRaw).length === 0) {
      skip('services without a selector (endpoints managed by hand)', ref);
      continue;
    }
    const selector: Record<string, string> = {};
    for (const [k, v] of Object.entries(selectorRaw)) selector[k] = typeof v === 'string' ? v : String(v);
    const selects = (labels: Record<string, string>): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);
    const slice = slicesBySvc.get(ref);

    // Endpoint pods the input does not hold: made from the slice, labelled with the selector.
    for (const e of slice?.endpoints ?? []) {
      if (e.pod === undefined || podByRef.has(e.pod)) continue;
      const made = madePods.get(e.pod);
      if (made) {
        Object.assign(made.labels, selector);
        continue;
      }
      if (e.node === undefined || !nodeByName.has(e.node)) {
        warnings.push(`${s.at}: endpoint ${e.ip} of ${ref} (pod ${e.pod}) is on ${e.node === undefined ? 'no named node' : `node ${e.node}, which the input does not hold`}; left out`);
        continue;
      }
      const [ns, name] = e.pod.split('/') as [string, string];
      const hostNetwork = e.ip === nodeByName.get(e.node)!.ip;
      const labels = { ...selector };
      const doc: Record<string, unknown> = { name, namespace: ns, node: e.node, ...(hostNetwork ? { hostNetwork: true } : { ip: e.ip }), labels, ready: e.ready };
      if (e.terminating) doc.terminating = true;
      const ports = [...new Map((slice?.ports ?? []).map((p) => [`${p.port}/${p.protocol}`, { containerPort: p.port, protocol: p.protocol }])).values()];
      if (ports.length > 0) doc.ports = ports;
      const draft: PodDraft = { doc, name, namespace: ns, node: e.node, ip: e.ip, labels, hostNetwork, ready: e.ready, portNames: new Map(), from: `${s.at} (an endpoint of Service ${ref} in its EndpointSlice)` };
      madePods.set(e.pod, draft);
      warnings.push(`pod ${e.pod} (an endpoint of ${ref}) is not in the input: made from the EndpointSlice, with the service's selector as its labels`);
    }
    // A pod the input holds without conditions: the slice says whether it is ready.
    for (const e of slice?.endpoints ?? []) {
      const p = e.pod !== undefined ? podByRef.get(e.pod) : undefined;
      if (p && p.ready === undefined) {
        p.doc.ready = e.ready;
        if (e.terminating) p.doc.terminating = true;
      }
    }

    const selected = [...pods, ...madePods.values()].filter((p) => p.namespace === s.namespace && selects(p.labels));
    const ports: Record<string, unknown>[] = [];
    arr(spec.ports).forEach((raw, i) => {
      const p = obj(raw);
      const at = join(s.at, `spec.ports[${i}]`);
      if (typeof p.port !== 'number') {
        problems.push({ path: `${at}.port`, message: `a port number, got ${JSON.stringify(p.port)}` });
        return;
      }
      const out: Record<string, unknown> = {};
      if (typeof p.name === 'string' && p.name !== '') out.name = p.name;
      out.port = p.port;
      let target: number | undefined;
      if (typeof p.targetPort === 'number') target = p.targetPort;
      else if (typeof p.targetPort === 'string' && /^\d+$/.test(p.targetPort)) target = Number(p.targetPort);
      else if (typeof p.targetPort === 'string') {
        const named = p.targetPort;
        const found = [...new Set(selected.map((x) => x.portNames.get(named)).filter((x): x is number => x !== undefined))];
        if (found.length > 1) warnings.push(`${at}.targetPort: "${named}" is port ${found.join(' or ')} in different pods of ${ref}; ${found[0]} is used`);
        target = found[0] ?? slice?.ports.find((sp) => sp.name === (out.name ?? '') || (sp.name === undefined && out.name === undefined))?.port;
        if (target === undefined) {
          warnings.push(`${at}.targetPort: no selected pod of ${ref} names a port "${named}" (nor does its EndpointSlice); the service port ${p.port} is used`);
          target = p.port;
        }
      } else target = p.port;
      out.targetPort = target;
      if (typeof p.nodePort === 'number' && type !== 'ClusterIP') out.nodePort = p.nodePort;
      out.protocol = str(p.protocol) ?? 'TCP';
      ports.push(out);
    });
    if (ports.length === 0) {
      if (arr(spec.ports).length === 0) skip('services without ports', ref);
      continue;
    }
    const svc: Record<string, unknown> = { name: s.name, namespace: s.namespace, type, clusterIP };
    const externalIPs = arr(spec.externalIPs).filter(isIPv4);
    if (externalIPs.length > 0) svc.externalIPs = externalIPs;
    svc.selector = selector;
    svc.ports = ports;
    if (type !== 'ClusterIP' || externalIPs.length > 0) {
      if (spec.externalTrafficPolicy === 'Local' || spec.externalTrafficPolicy === 'Cluster') svc.externalTrafficPolicy = spec.externalTrafficPolicy;
    }
    if (spec.internalTrafficPolicy === 'Local') svc.internalTrafficPolicy = 'Local';
    if (spec.sessionAffinity === 'ClientIP') svc.sessionAffinity = 'ClientIP';
    const hc = spec.healthCheckNodePort;
    if (type === 'LoadBalancer' && svc.externalTrafficPolicy === 'Local' && typeof hc === 'number' && Number.isInteger(hc) && hc >= 30000 && hc <= 32767) svc.healthCheckNodePort = hc;
    // false: Kubernetes allocates no nodePorts (the load balancer reaches pods directly); explicit ones stay.
    if (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === false) svc.allocateLoadBalancerNodePorts = false;
    const ranges = arr(spec.loadBalancerSourceRanges).filter((r): r is string => typeof r === 'string' && !r.includes(':'));
    if (ranges.length > 0 && type === 'LoadBalancer') svc.loadBalancerSourceRanges = ranges.map((r) => (parseCidr(r) ? formatCidr(parseCidr(r)!) : r));
    if (type === 'LoadBalancer') {
      const ingress = arr(obj(obj(s.obj.status).loadBalancer).ingress).filter(isObj);
      const ips = ingress.map((x) => x.ip).filter(isIPv4);
      if (ips.length > 1) warnings.push(`${ref}: the load balancer has ${ips.length} addresses; the first, ${ips[0]}, is used`);
      if (ips.length === 0 && ingress.some((x) => typeof x.hostname === 'string')) {
        warnings.push(`${ref}: the load balancer has a hostname (${String(ingress.find((x) => typeof x.hostname === 'string')!.hostname)}), not an IP; no load balancer is made`);
      }
      const lbIp = ips[0];
      if (lbIp !== undefined) {
        let lb = lbByIp.get(lbIp);
        if (!lb) {
          lb = { name: lbName(s.name, s.namespace, new Set([...lbByIp.values()].map((x) => x.name))), ip: lbIp };
          lbByIp.set(lbIp, lb);
        }
        svc.loadBalancer = lb.name;
      }
    }
    services.push(svc);
    serviceFrom.push(`${s.at} (Service ${ref})`);
  }
  const allPods = [...pods, ...madePods.values()];

  // -- namespaces ------------------------------------------------------------------------------
  const namespaces = (byKind.get('Namespace') ?? []).map((s) => {
    const labels = labelsOf(s.obj, problems, s.at);
    delete labels['kubernetes.io/metadata.name']; // every namespace has it implicitly
    return { name: s.name, ...(Object.keys(labels).length > 0 ? { labels } : {}) };
  });

  if (problems.length > 0) return { ok: false, problems };

  // -- the CNI ---------------------------------------------------------------------------------
  const cni = inferCni(options, nodes, podsIn, allPods, warnings);
  if ('problem' in cni) return { ok: false, problems: [cni.problem] };

  // -- kube-proxy ------------------------------------------------------------------------------
  const kubeProxy = inferKubeProxy(byKind.get('ConfigMap') ?? [], podsIn, nodes, cni, warnings);

  // -- node blocks, cluster ranges -----------------------------------------------------------
  const nodeDocs: Record<string, unknown>[] = [];
  const blocks: ParsedCidr[] = [];
  for (const n of nodes) {
    const d: Record<string, unknown> = { name: n.name, ip: n.ip };
    const mine = allPods.filter((p) => p.node === n.name && !p.hostNetwork && p.ip !== undefined);
    if (cni.plugin === 'flannel') {
      let block = n.specPodCIDR ? parseCidr(n.specPodCIDR) : undefined;
      if (!block && mine.length > 0) {
        block = widen(covering(mine.map((p) => ipRange(p.ip!)))!, 24);
        warnings.push(`node ${n.name} has no spec.podCIDR; its pods' addresses give ${formatCidr(block)}`);
      }
      if (block) {
        d.podCIDR = formatCidr(block);
        blocks.push(block);
      }
    } else if (cni.plugin === 'calico') {
      const tunnel = [n.annotations['projectcalico.org/IPv4IPIPTunnelAddr'], n.annotations['projectcalico.org/IPv4VXLANTunnelAddr']].filter(isIPv4);
      const addrs = [...mine.map((p) => p.ip!), ...tunnel];
      if (addrs.length > 0) {
        const block = widen(covering(addrs.map(ipRange))!, 26);
        d.podCIDR = formatCidr(block);
        blocks.push(block);
      }
    } else {
      const perEni = cni.mode === 'eni-exclusive' ? 1 : DEFAULT_ENI_MAX_IPS;
      const count = Math.max(1, Math.ceil(mine.length / perEni));
      d.enis = Array.from({ length: count }, (_, i) => ({ name: `eth${i + 1}`, maxIPs: perEni }));
    }
    nodeDocs.push(d);
  }

  const nodeRanges = nodes.map((n) => ipRange(n.ip));
  let podCIDR: ParsedCidr | undefined;
  if (cni.plugin === 'flannel' || cni.plugin === 'calico') {
    const specBlocks = nodes.map((n) => (n.specPodCIDR ? parseCidr(n.specPodCIDR) : undefined)).filter((c): c is ParsedCidr => c !== undefined);
    const source = blocks.length > 0 ? blocks : specBlocks;
    podCIDR = source.length > 0 ? covering(source.map(rangeOf)) : parseCidr(cni.plugin === 'calico' ? '192.168.0.0/16' : '10.244.0.0/16');
    // The cluster's own pod range when a ConfigMap in the input states it (kube-proxy's
    // clusterCIDR, flannel's net-conf.json Network, Calico's CALICO_IPV4POOL_CIDR is not in a
    // ConfigMap); else a cluster pod range is rarely narrower than /16: widen when that overlaps nothing.
    const stated = statedPodCidr(byKind.get('ConfigMap') ?? []);
    const fits = (c: ParsedCidr): boolean =>
      source.every((b) => cidrContains(c, b.base) && cidrContains(c, rangeOf(b)[1])) &&
      !nodeRanges.some((r) => cidrContains(c, r[0])) &&
      !allClusterIPs.some((ip) => cidrContains(c, ip));
    const wide = widen(podCIDR!, 16);
    if (stated && fits(stated)) podCIDR = stated;
    else if (fits(wide)) podCIDR = wide;
  }
  const terwayPodRanges = cni.plugin === 'terway' ? allPods.filter((p) => !p.hostNetwork && p.ip !== undefined).map((p) => ipRange(p.ip!)) : [];
  const vpc = pickRange([...nodeRanges, ...terwayPodRanges], [16, 8], (c) => !podCIDR || !cidrsOverlap(c, podCIDR));
  if (!vpc) {
    return { ok: false, problems: [{ path: 'cluster.vpc.cidr', message: `no CIDR holds every node IP without overlapping the pod range ${podCIDR ? formatCidr(podCIDR) : ''}: the node and pod addresses overlap` }] };
  }
  const others = (c: ParsedCidr): boolean => (!podCIDR || !cidrsOverlap(c, podCIDR)) && !cidrsOverlap(c, vpc);
  let serviceCIDR: ParsedCidr | undefined;
  if (allClusterIPs.length > 0) {
    serviceCIDR = pickRange(allClusterIPs.map(ipRange), [16, 12], others);
    if (!serviceCIDR) {
      return { ok: false, problems: [{ path: 'cluster.serviceCIDR', message: `no CIDR holds every cluster IP (${allClusterIPs.slice(0, 4).join(', ')}…) without overlapping the node or pod ranges` }] };
    }
  } else {
    const dflt = parseCidr(DEFAULT_SERVICE_CIDR)!;
    serviceCIDR = others(dflt) ? dflt : parseCidr('172.30.0.0/16')!;
    warnings.push(`no service has a cluster IP: serviceCIDR ${formatCidr(serviceCIDR)} is assumed`);
  }

  let vswitches: string[] | undefined;
  if (cni.plugin === 'terway') {
    const vsw = covering([...nodeRanges, ...terwayPodRanges], 24);
    vswitches = [formatCidr(widen(vsw!, 24))];
    warnings.push(`kubectl does not show vSwitch CIDRs: one vSwitch, ${vswitches[0]}, holding every node and pod address, is assumed`);
  }

  // -- warnings about what was left out ------------------------------------------------------
  for (const [why, what] of skippedWhy) {
    const shown = what.slice(0, 5).join(', ') + (what.length > 5 ? `, … (${what.length} in all)` : '');
    warnings.push(`left out, ${why}: ${shown}`);
  }
  if (dualStack > 0) warnings.push(`dual-stack: ${dualStack} object${dualStack > 1 ? 's have' : ' has'} IPv6 addresses too; only the IPv4 ones are kept (the document is IPv4)`);

  // -- the document ----------------------------------------------------------------------------
  const cluster: Record<string, unknown> = {
    cni: { plugin: cni.plugin, mode: cni.mode },
    kubeProxy: { mode: kubeProxy.mode, ...(kubeProxy.version ? { version: kubeProxy.version } : {}) },
    ...(podCIDR ? { podCIDR: formatCidr(podCIDR) } : {}),
    serviceCIDR: formatCidr(serviceCIDR),
    vpc: { cidr: formatCidr(vpc), ...(vswitches ? { vswitches: vswitches.map((c, i) => ({ name: `vsw-imported-${i + 1}`, cidr: c })) } : {}) },
  };
  const loadBalancers = [...lbByIp.values()].map((lb) => ({ name: lb.name, ip: lb.ip, backend: 'nodeport' }));
  const podDocs = allPods.map((p) => p.doc);
  const name = options.name && /^[a-z0-9-]+$/.test(options.name) ? options.name : 'imported';
  const document: Record<string, unknown> = {
    apiVersion: 'hopscope/v1',
    kind: 'Topology',
    metadata: { name, title: `Imported from kubectl (${plural(nodeDocs.length, 'node')}, ${plural(podDocs.length, 'pod')}, ${plural(services.length, 'service')})` },
    cluster,
    nodes: nodeDocs,
    pods: podDocs,
    services,
    ...(loadBalancers.length > 0 ? { loadBalancers } : {}),
    ...(namespaces.length > 0 ? { namespaces } : {}),
  };

  // the validator fills defaults into what it is given: hand it a copy so `document` stays as imported
  const checked = validateTopology(JSON.parse(JSON.stringify(document)) as unknown);
  if (!checked.ok) {
    // Name the Kubernetes object each problem came from.
    const origin = (path: string): string => {
      const m = /^(nodes|pods|services)\[(\d+)\]/.exec(path);
      if (!m) return '';
      const i = Number(m[2]);
      const from = m[1] === 'nodes' ? nodes[i]?.from : m[1] === 'pods' ? allPods[i]?.from : serviceFrom[i];
      return from ? ` (from ${from})` : '';
    };
    return { ok: false, problems: checked.problems.map((p) => ({ path: p.path, message: `${p.message}${origin(p.path)}` })) };
  }
  for (const w of checked.warnings) warnings.push(`${w.path}: ${w.message}`);

  return {
    ok: true,
    document,
    warnings,
    inferred: {
      cni,
      kubeProxy,
      ...(podCIDR ? { podCIDR: formatCidr(podCIDR) } : {}),
      serviceCIDR: formatCidr(serviceCIDR),
      vpcCIDR: formatCidr(vpc),
      ...(vswitches ? { vswitches } : {}),
      counts: { nodes: nodeDocs.length, pods: podDocs.length, services: services.length, loadBalancers: loadBalancers.length, skipped },
    },
  };
}

/** The first of: the block of each preferred prefix holding every range, then the smallest covering one, that `ok` accepts. */
function pickRange(ranges: readonly [number, number][], prefer: readonly number[], ok: (c: ParsedCidr) => boolean): ParsedCidr | undefined {
  const tight = covering(ranges);
  if (!tight) return undefined;
  const candidates = [...prefer.map((bits) => widen(tight, bits)), tight];
  return candidates.find((c) => ranges.every((r) => cidrContains(c, r[0]) && cidrContains(c, r[1])) && ok(c));
}

/** kube-proxy's `clusterCIDR` or flannel's net-conf.json `Network`, when a ConfigMap in the input states one. */
function statedPodCidr(configMaps: Source[]): ParsedCidr | undefined {
  for (const cm of configMaps.filter((s) => s.namespace === 'kube-system')) {
    for (const v of Object.values(obj(cm.obj.data))) {
      if (typeof v !== 'string') continue;
      const m = /^\s*clusterCIDR:\s*["']?([\d.]+\/\d+)/m.exec(v) ?? /"Network"\s*:\s*"([\d.]+\/\d+)"/.exec(v);
      const c = m ? parseCidr(m[1]!) : undefined;
      if (c) return c;
    }
  }
  return undefined;
}

function lbName(svc: string, ns: string, taken: Set<string>): string {
  const base = `lb-${svc}${ns === 'default' ? '' : `-${ns}`}`.slice(0, 240).replace(/-+$/, '');
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

// ---- inference ---------------------------------------------------------------------------

type CniGuess = { plugin: CniPlugin; mode: CniMode; from: string };

function inferCni(
  options: KubectlImportOptions,
  nodes: { name: string; ip: string; annotations: Record<string, unknown> }[],
  podsIn: Source[],
  pods: PodDraft[],
  warnings: string[],
): CniGuess | { problem: Problem } {
  const podNames = podsIn.filter((s) => s.namespace === 'kube-system' || s.namespace.includes('flannel') || s.namespace.includes('calico')).map((s) => s.name);
  const anyPodNamed = (re: RegExp): string | undefined => podNames.find((n) => re.test(n));
  const nodeAnn = (key: string): string | undefined => nodes.map((n) => n.annotations[key]).find((v): v is string => typeof v === 'string');

  // the evidence, plugin by plugin
  const flannelBackend = nodeAnn('flannel.alpha.coreos.com/backend-type');
  const flannelPod = anyPodNamed(/^kube-flannel(-ds)?-/);
  const calicoAnn = podsIn.find((s) => Object.keys(annotationsOf(s.obj)).some((k) => k.startsWith('cni.projectcalico.org/')));
  const calicoPod = anyPodNamed(/^calico-node-/);
  const calicoNode = nodes.find((n) => Object.keys(n.annotations).some((k) => k.startsWith('projectcalico.org/')));
  const terwayPod = anyPodNamed(/^terway(-eniip|-eni)?-/);
  const terwayAnn = podsIn.find((s) => Object.keys(annotationsOf(s.obj)).some((k) => k.startsWith('k8s.aliyun.com/')));
  const vpcRange = covering(nodes.map((n) => ipRange(n.ip)), 24);
  const podsInNodeSubnet = pods.filter((p) => !p.hostNetwork && p.ip !== undefined);
  const inSubnet = vpcRange !== undefined && podsInNodeSubnet.length > 0 && podsInNodeSubnet.every((p) => cidrContains(widen(vpcRange, 16), p.ip!));

  const flannelMode = (): { mode: CniMode; why: string } | { problem: Problem } => {
    if (flannelBackend === undefined) {
      warnings.push('flannel backend not stated (no flannel.alpha.coreos.com/backend-type annotation): vxlan, flannel\'s default, is assumed; pass --cni flannel:MODE to choose');
      return { mode: 'vxlan', why: 'default backend' };
    }
    const map: Record<string, CniMode> = { vxlan: 'vxlan', 'host-gw': 'host-gw', 'ali-vpc': 'vpc-route', alloc: 'vpc-route', 'aws-vpc': 'vpc-route', gce: 'vpc-route' };
    const mode = map[flannelBackend];
    if (!mode) return { problem: { path: 'cluster.cni', message: `flannel's backend "${flannelBackend}" is not modelled (vxlan, host-gw, or a cloud VPC route backend): pass --cni flannel:vxlan|host-gw|vpc-route` } };
    return { mode, why: `node annotation flannel.alpha.coreos.com/backend-type: ${flannelBackend}` };
  };

  if (options.cni !== undefined) {
    const parsed = parseCniOption(options.cni);
    if ('error' in parsed) return { problem: { path: 'cluster.cni', message: parsed.error } };
    if (parsed.mode) return { plugin: parsed.plugin, mode: parsed.mode, from: '--cni' };
    if (parsed.plugin === 'flannel') {
      const m = flannelMode();
      return 'problem' in m ? m : { plugin: 'flannel', mode: m.mode, from: `--cni flannel; mode from ${m.why}` };
    }
    if (parsed.plugin === 'calico') return { plugin: 'calico', mode: calicoMode(nodes), from: '--cni calico; mode from node annotations' };
    return { plugin: 'terway', mode: terwayMode(podNames), from: '--cni terway; mode from its DaemonSet pods' };
  }

  if (flannelBackend !== undefined || flannelPod !== undefined) {
    if (calicoPod !== undefined) warnings.push('calico-node runs alongside flannel (Canal): flannel carries the packets; Calico\'s policy enforcement is not modelled for flannel');
    const m = flannelMode();
    if ('problem' in m) return m;
    return { plugin: 'flannel', mode: m.mode, from: flannelBackend !== undefined ? m.why : `pod ${flannelPod}; ${m.why}` };
  }
  if (terwayPod !== undefined || terwayAnn !== undefined) {
    const mode = terwayMode(podNames);
    return { plugin: 'terway', mode, from: terwayPod !== undefined ? `pod kube-system/${terwayPod}` : `annotation k8s.aliyun.com/… on pod ${terwayAnn!.namespace}/${terwayAnn!.name}` };
  }
  if (calicoAnn !== undefined || calicoPod !== undefined || calicoNode !== undefined) {
    const mode = calicoMode(nodes);
    const from = calicoAnn ? `annotation cni.projectcalico.org/… on pod ${calicoAnn.namespace}/${calicoAnn.name}` : calicoPod ? `pod kube-system/${calicoPod}` : `projectcalico.org annotations on node ${calicoNode!.name}`;
    if (mode === 'bgp') warnings.push('calico: no IPIP or VXLAN tunnel address on the nodes, so BGP without encapsulation (node-to-node mesh) is assumed');
    return { plugin: 'calico', mode, from };
  }
  if (inSubnet) {
    warnings.push('no CNI DaemonSet or annotation in the input, but the pods take addresses of the nodes\' network: Terway (eniip) is assumed; pass --cni to choose');
    return { plugin: 'terway', mode: 'eniip', from: 'pod IPs in the node network' };
  }
  return {
    problem: {
      path: 'cluster.cni',
      message: 'the CNI plugin could not be inferred (no flannel, calico or terway pods or annotations in the input): pass --cni PLUGIN[:MODE], e.g. --cni flannel:vxlan, --cni calico:ipip or --cni terway:eniip',
    },
  };
}

function calicoMode(nodes: { annotations: Record<string, unknown> }[]): CniMode {
  if (nodes.some((n) => n.annotations['projectcalico.org/IPv4VXLANTunnelAddr'] !== undefined)) return 'vxlan';
  if (nodes.some((n) => n.annotations['projectcalico.org/IPv4IPIPTunnelAddr'] !== undefined)) return 'ipip';
  return 'bgp';
}

function terwayMode(podNames: readonly string[]): CniMode {
  if (podNames.some((n) => /^terway-eniip-/.test(n))) return 'eniip';
  if (podNames.some((n) => /^terway-eni-/.test(n))) return 'eni-exclusive';
  return 'eniip';
}

function inferKubeProxy(
  configMaps: Source[],
  podsIn: Source[],
  nodes: { kubeProxyVersion?: string }[],
  cni: CniGuess,
  warnings: string[],
): { mode: KubeProxyMode; version?: string; from: string } {
  const versions = [...new Set(nodes.map((n) => /^v?(\d+\.\d+)/.exec(n.kubeProxyVersion ?? '')?.[1]).filter((v): v is string => v !== undefined))];
  const version = versions.sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))[0];
  if (versions.length > 1) warnings.push(`the nodes run kube-proxy ${versions.join(', ')}; the oldest, ${version}, is used`);
  const withVersion = (mode: KubeProxyMode, from: string) => {
    const known: KubeProxyMode = mode === 'ebpf' && !(cni.plugin === 'terway' && cni.mode === 'ipvlan-ebpf') ? 'iptables' : mode;
    return { mode: known, ...(version ? { version } : {}), from };
  };
  const cm = configMaps.find((s) => s.namespace === 'kube-system' && /^kube-proxy/.test(s.name));
  if (cm) {
    const data = obj(cm.obj.data);
    for (const v of Object.values(data)) {
      if (typeof v !== 'string') continue;
      const m = /^\s*mode:\s*["']?([A-Za-z]*)["']?\s*$/m.exec(v);
      if (m) {
        const mode = m[1] === '' ? 'iptables' : m[1]!.toLowerCase();
        if (mode === 'iptables' || mode === 'ipvs') return withVersion(mode, `ConfigMap kube-system/${cm.name}`);
        warnings.push(`kube-proxy mode "${mode}" (ConfigMap kube-system/${cm.name}) is not modelled: iptables is used`);
        return withVersion('iptables', `ConfigMap kube-system/${cm.name} (${mode} not modelled)`);
      }
    }
  }
  for (const s of podsIn.filter((p) => /^kube-proxy/.test(p.name))) {
    for (const c of arr(obj(s.obj.spec).containers).filter(isObj)) {
      const words = [...arr(c.command), ...arr(c.args)].filter((x): x is string => typeof x === 'string');
      const flag = words.map((w) => /--proxy-mode[= ](\w+)/.exec(w)?.[1]).find((x) => x !== undefined);
      if (flag === 'ipvs' || flag === 'iptables') return withVersion(flag, `--proxy-mode in pod ${s.namespace}/${s.name}`);
    }
  }
  warnings.push('kube-proxy\'s mode is not in the input (add configmaps to kubectl get to read it): iptables, its default, is assumed');
  return withVersion('iptables', 'default');
}
