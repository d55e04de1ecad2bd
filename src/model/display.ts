/**
 * A document being edited, read leniently into the validated shape so the canvas can draw it
 * while it still has problems (a duplicate IP, a pod not yet addressed). Never throws; what
 * is missing shows as empty text. Names that collide get a ` (2)` suffix so every element
 * has its own canvas id; the validator reports the collision itself.
 */
import { DEFAULT_ENI_MAX_IPS, DEFAULT_KERNEL, DEFAULT_SERVICE_CIDR, defaultPodMtu } from './defaults';
import { nodeId, type ListKey } from './element-id';
import { list, str, type Doc, type Item } from './doc';
import type { Cni, Cluster, KubeProxyMode, Topology } from './topology';

const bool = (v: unknown, dflt: boolean): boolean => (typeof v === 'boolean' ? v : dflt);
const num = (v: unknown, dflt: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);
const rec = (v: unknown): Item => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Item) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** A label map with each value as text. */
function labels(v: unknown): Record<string, string> {
  // NOTE: a loop, not Object.fromEntries(Object.entries(..).map(..)): two arrays a label fewer for each of 30,000 pods
  // (displayTopology runs on the page and in the place worker before a 1,000-node cluster's first picture).
  const from = rec(v);
  const out: Record<string, string> = {};
  for (const k of Object.keys(from)) {
    // (`__proto__` assigned would set the prototype: defined, it is a label like any other, as fromEntries makes it.)
    if (k === '__proto__') Object.defineProperty(out, k, { value: str(from[k]), enumerable: true, writable: true, configurable: true });
    else out[k] = str(from[k]);
  }
  return out;
}

/** A list of the document as objects: a list that is not an array reads as empty, an item that is not an object as `{}`. */
const items = (d: Doc, k: ListKey): Item[] => list(d, k).map(rec);

/** Every list of the document is absent or an array of objects, and `metadata`/`cluster` are objects when present. */
export function isDrawable(d: unknown): d is Doc {
  if (!d || typeof d !== 'object' || Array.isArray(d)) return false;
  const o = d as Record<string, unknown>;
  const objOrAbsent = (v: unknown) => v === undefined || (!!v && typeof v === 'object' && !Array.isArray(v));
  const lists: ListKey[] = ['nodes', 'pods', 'services', 'loadBalancers', 'externals', 'routers'];
  return (
    objOrAbsent(o.metadata) &&
    objOrAbsent(o.cluster) &&
    lists.every((k) => o[k] === undefined || (Array.isArray(o[k]) && (o[k] as unknown[]).every((x) => !!x && typeof x === 'object' && !Array.isArray(x))))
  );
}

/** A document with more pods than this opens with its nodes collapsed (a summary box each): thousands of pod boxes are unreadable and slow. */
export const AUTO_COLLAPSE_PODS = 400;

/** The nodes to draw collapsed when `view` is opened: all of them on a big cluster, none otherwise. */
export const autoCollapsed = (view: Topology): string[] => (view.pods.length > AUTO_COLLAPSE_PODS ? view.nodes.map((n) => nodeId(n.name)) : []);

export function uniqueNames(list: readonly unknown[], scoped: boolean): string[] {
  // NOTE: names counted per namespace (a map each), not under a `namespace/name` key: writing and hashing a new key
  // for each of 30,000 pods was most of this function's time.
  const namespaces = new Map<string, Map<string, number>>();
  return arr(list).map((x) => {
    const it = rec(x);
    const name = str(it.name);
    const ns = scoped ? str(it.namespace) || 'default' : '';
    let seen = namespaces.get(ns);
    if (!seen) namespaces.set(ns, (seen = new Map()));
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

/** The document as a `Topology`, with defaults where the validator would put them and '' for unknown addresses. */
export function displayTopology(input: Doc): Topology {
  const d = rec(input) as unknown as Doc;
  const c = rec(d.cluster);
  const cni = rec(c.cni);
  const kp = rec(c.kubeProxy);
  const vpc = rec(c.vpc);
  // (Each list read once: its names and its elements.)
  const nodeItems = items(d, 'nodes');
  const podItems = items(d, 'pods');
  const svcItems = items(d, 'services');
  const nodeNames = uniqueNames(nodeItems, false);
  const podNames = uniqueNames(podItems, true);
  const svcNames = uniqueNames(svcItems, true);
  const plugin = (str(cni.plugin) || 'flannel') as Cni['plugin'];
  const mode = (str(cni.mode) || 'vxlan') as Cni['mode'];
  const cluster: Cluster = {
    cni: { plugin, mode, mtu: num(cni.mtu, defaultPodMtu(plugin, mode)), ipMasq: bool(cni.ipMasq, true) },
    kubeProxy: { mode: (str(kp.mode) || 'iptables') as KubeProxyMode, masqueradeAll: bool(kp.masqueradeAll, false) },
    ...(c.podCIDR !== undefined ? { podCIDR: str(c.podCIDR) } : {}),
    serviceCIDR: str(c.serviceCIDR) || DEFAULT_SERVICE_CIDR,
    vpc: { cidr: str(vpc.cidr), vswitches: arr(vpc.vswitches).map((v) => ({ name: str(rec(v).name), cidr: str(rec(v).cidr) })), deletedRoutes: [] },
  };
  return {
    apiVersion: 'hopscope/v1',
    kind: 'Topology',
    metadata: { name: str(rec(d.metadata).name) || 'untitled', ...(rec(d.metadata).title !== undefined ? { title: str(rec(d.metadata).title) } : {}) },
    cluster,
    routers: items(d, 'routers').map((r) => ({
      name: str(r.name),
      asn: num(r.asn, 0),
      nodes: arr(r.nodes).map(str),
      ...(r.ip !== undefined ? { ip: str(r.ip) } : {}),
    })),
    nodes: nodeItems.map((n, i) => ({
      name: nodeNames[i]!,
      ip: str(n.ip),
      secondaryIPs: arr(n.secondaryIPs).map(str),
      ...(n.podCIDR !== undefined ? { podCIDR: str(n.podCIDR) } : {}),
      enis: arr(n.enis).map((e) => ({ name: str(rec(e).name), mac: str(rec(e).mac), maxIPs: num(rec(e).maxIPs, DEFAULT_ENI_MAX_IPS) })),
      kernel: { ...DEFAULT_KERNEL },
      filter: [],
      interfaces: [],
      routes: [],
      deletedRoutes: [],
      linksDown: [],
      nat: [],
    })),
    pods: podItems.map((p, i) => ({
      name: podNames[i]!,
      namespace: str(p.namespace) || 'default',
      node: str(p.node),
      ip: str(p.ip),
      labels: labels(p.labels),
      ready: bool(p.ready, true),
      terminating: bool(p.terminating, false),
      hostNetwork: bool(p.hostNetwork, false),
      ports: [],
    })),
    services: svcItems.map((s, i) => ({
      name: svcNames[i]!,
      namespace: str(s.namespace) || 'default',
      type: (['ClusterIP', 'NodePort', 'LoadBalancer'].includes(str(s.type)) ? str(s.type) : 'ClusterIP') as Topology['services'][number]['type'],
      clusterIP: str(s.clusterIP),
      externalIPs: arr(s.externalIPs).map(str),
      selector: labels(s.selector),
      ports: arr(s.ports).map((p) => {
        const r = rec(p);
        return {
          port: num(r.port, 0),
          targetPort: num(r.targetPort, num(r.port, 0)),
          ...(r.nodePort !== undefined ? { nodePort: num(r.nodePort, 0) } : {}),
          protocol: (str(r.protocol) || 'TCP') as 'TCP',
        };
      }),
      externalTrafficPolicy: str(s.externalTrafficPolicy) === 'Local' ? 'Local' : 'Cluster',
      internalTrafficPolicy: str(s.internalTrafficPolicy) === 'Local' ? 'Local' : 'Cluster',
      sessionAffinity: 'None',
      loadBalancerSourceRanges: [],
      ...(s.loadBalancer !== undefined ? { loadBalancer: str(s.loadBalancer) } : {}),
    })),
    loadBalancers: items(d, 'loadBalancers').map((l) => ({
      name: str(l.name),
      ip: str(l.ip),
      backend: (str(l.backend) || 'nodeport') as 'nodeport',
      preserveClientIP: bool(l.preserveClientIP, true),
    })),
    externals: items(d, 'externals').map((x) => ({ name: str(x.name), ip: str(x.ip), network: str(x.network) === 'vpc' ? 'vpc' : 'internet' })),
    namespaces: [],
    networkPolicies: [],
    ingresses: [],
    ingressClasses: [],
    ...(d.layout && typeof d.layout === 'object' && !Array.isArray(d.layout) ? { layout: d.layout } : {}),
  };
}
