/**
 * The same workload under another wiring: a document with its CNI (and kube-proxy mode)
 * changed and every address the CNI decides left for IPAM to assign again. Used by the
 * compare view ("Flannel vpc-route + IPVS against Terway ipvlan-ebpf") and the CNI switch.
 * Requests should name pods and services (pod:NS/NAME, svc:NS/NAME:PORT), which survive it.
 *
 * It works on the user's document (what is saved), never on the validator's output: the
 * validated `Topology` is a normalised, engine-facing shape (defaults filled in, NetworkPolicy
 * peers renamed, …) that the document format does not accept back. So rewire touches only the
 * fields a wiring decides, and every other part of the document comes out as it went in.
 */
import { blockSize, cidrsOverlap, formatCidr, parseCidr } from './cidr';
import { DEFAULT_ENI_MAX_IPS, DEFAULT_SERVICE_CIDR, defaultPodMtu } from './defaults';
import type { Doc, Item } from './edit';
import type { CniMode, CniPlugin, KubeProxyMode } from './topology';

export interface Wiring {
  plugin: CniPlugin;
  mode: string;
  kubeProxy?: KubeProxyMode;
  /** Terway: where behaviour differs by version. */
  version?: string;
}

type Raw = Record<string, unknown>;

/** Every CNI plugin and mode the engine models, as the switch lists them. */
export const WIRINGS: { plugin: CniPlugin; mode: string; label: string }[] = [
  { plugin: 'flannel', mode: 'vpc-route', label: 'Flannel · vpc-route (ACK)' },
  { plugin: 'flannel', mode: 'host-gw', label: 'Flannel · host-gw' },
  { plugin: 'flannel', mode: 'vxlan', label: 'Flannel · vxlan' },
  { plugin: 'calico', mode: 'bgp', label: 'Calico · BGP' },
  { plugin: 'calico', mode: 'ipip', label: 'Calico · IPIP (tunl0)' },
  { plugin: 'calico', mode: 'vxlan', label: 'Calico · VXLAN' },
  { plugin: 'terway', mode: 'eniip', label: 'Terway · ENIIP (veth + policy routing)' },
  { plugin: 'terway', mode: 'ipvlan-ebpf', label: 'Terway · IPVLAN + eBPF' },
  { plugin: 'terway', mode: 'eni-exclusive', label: 'Terway · exclusive ENI' },
];

export const wiringKey = (w: { plugin: string; mode: string }) => `${w.plugin}/${w.mode}`;

/** kube-proxy modes a wiring allows (eBPF replaces kube-proxy only with Terway IPVLAN). */
export const proxyModes = (w: { plugin: string; mode: string }): KubeProxyMode[] =>
  w.plugin === 'terway' && w.mode === 'ipvlan-ebpf' ? ['iptables', 'ipvs', 'ebpf'] : ['iptables', 'ipvs'];

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const records = (v: unknown): Raw[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** What the document says the fields of a wiring decide (the parts of the document rewire may change). */
export const REWIRED_FIELDS = {
  cluster: ['cni', 'kubeProxy', 'podCIDR', 'vpc'],
  node: ['podCIDR', 'enis'],
  pod: ['ip', 'eni'],
  loadBalancer: ['backend'],
} as const;

/** Pod network MTU a mode implies when `cni.mtu` is left out. */
const impliedMtu = (plugin: string, mode: string) => defaultPodMtu(plugin as CniPlugin, mode as CniMode);

/** kube-proxy's eBPF replacement exists only with Terway IPVLAN. */
const allowsEbpf = (w: Wiring) => w.plugin === 'terway' && w.mode === 'ipvlan-ebpf';

/** Where a pod network may go when the document has none: private ranges, in order of preference. */
const POD_RANGES = ['10.244.0.0', '172.20.0.0', '10.128.0.0', '172.16.0.0', '192.168.0.0', '100.64.0.0'];

/**
 * A pod range for a document that has none (coming from Terway): big enough for a block per node
 * (/24 for Flannel, /26 for Calico, at least a /16), clear of the VPC, the service range and every
 * address the document states.
 */
function freePodCidr(doc: Doc, plugin: CniPlugin, nodes: number): string {
  const cluster = doc.cluster;
  const taken: string[] = [text(isRecord(cluster.vpc) ? cluster.vpc.cidr : ''), text(cluster.serviceCIDR) || DEFAULT_SERVICE_CIDR];
  const addresses: string[] = [];
  for (const l of ['nodes', 'pods', 'loadBalancers', 'externals', 'routers'] as const) {
    for (const x of records(doc[l])) {
      addresses.push(text(x.ip));
      for (const s of Array.isArray(x.secondaryIPs) ? x.secondaryIPs : []) addresses.push(text(s));
    }
  }
  for (const s of records(doc.services)) for (const e of Array.isArray(s.externalIPs) ? s.externalIPs : []) addresses.push(text(e));
  const block = plugin === 'flannel' ? 256 : 64;
  let bits = 16;
  while (bits > 8 && blockSize(bits) < Math.max(1, nodes) * block) bits--;
  for (const base of POD_RANGES) {
    const c = parseCidr(`${base}/${bits}`);
    if (!c) continue;
    const cidr = formatCidr(c);
    if (taken.some((t) => t && parseCidr(t) && cidrsOverlap(t, cidr))) continue;
    if (addresses.some((a) => parseCidr(`${a}/32`) && cidrsOverlap(`${a}/32`, cidr))) continue;
    return cidr;
  }
  return `10.244.0.0/${bits}`;
}

/**
 * The user's document `doc` with the wiring changed, still in the document format (to validate).
 * Changes only what the wiring decides: `cluster.cni` (plugin, mode, and what depends on them),
 * `cluster.kubeProxy.mode`, the pod range, node pod blocks and ENIs, pod addresses and ENIs, ENI
 * load-balancer backends, and ToR routers (with their layout positions) when BGP peering goes.
 * @example validateTopology(rewire(doc, { plugin: 'terway', mode: 'ipvlan-ebpf', kubeProxy: 'ipvs' }))
 */
export function rewire(doc: Doc, w: Wiring): Doc {
  const d = clone(doc);
  const cluster = isRecord(d.cluster) ? d.cluster : (d.cluster = {});
  const was = isRecord(cluster.cni) ? cluster.cni : {};
  const from = text(was.plugin);
  const fromMode = text(was.mode);
  const samePlugin = from === w.plugin;
  const routers = records(d.routers);
  const bgp = w.plugin === 'calico' && w.mode === 'bgp';

  // cluster.cni: the new plugin and mode, with what the user set that still means the same.
  const cni: Raw = { plugin: w.plugin, mode: w.mode };
  if (w.version) cni.version = w.version;
  else if (samePlugin && was.version !== undefined) cni.version = was.version;
  // A stated MTU stays where the encapsulation overhead does not change; otherwise the new mode's applies.
  if (was.mtu !== undefined && impliedMtu(from, fromMode) === impliedMtu(w.plugin, w.mode)) cni.mtu = was.mtu;
  if (was.ipMasq !== undefined) cni.ipMasq = was.ipMasq;
  if (bgp) {
    if (isRecord(was.bgp) && from === 'calico' && fromMode === 'bgp' && (was.bgp.peering !== 'tor' || routers.length > 0)) cni.bgp = was.bgp;
    else if (routers.length > 0) cni.bgp = { peering: 'tor' };
  }
  cluster.cni = cni;

  // kube-proxy: the mode asked for; eBPF gives way to IPVS where the wiring has no eBPF replacement.
  const proxy = isRecord(cluster.kubeProxy) ? cluster.kubeProxy : undefined;
  const proxyMode = w.kubeProxy ?? (proxy?.mode === 'ebpf' && !allowsEbpf(w) ? 'ipvs' : undefined);
  if (proxyMode) cluster.kubeProxy = { ...(proxy ?? {}), mode: proxyMode };

  const nodes = records(d.nodes);
  const pods = records(d.pods);
  if (w.plugin === 'terway') {
    delete cluster.podCIDR;
    const vpc = isRecord(cluster.vpc) ? cluster.vpc : (cluster.vpc = {});
    if (!Array.isArray(vpc.vswitches) || vpc.vswitches.length === 0) vpc.vswitches = [{ name: 'vsw-pods', cidr: vpc.cidr }];
  } else if (!cluster.podCIDR) {
    cluster.podCIDR = freePodCidr(d, w.plugin, nodes.length);
  }

  // Pod addresses belong to the plugin (a node block, or a vSwitch): a new plugin gets new ones.
  if (!samePlugin) {
    for (const p of pods) if (!p.hostNetwork) delete p.ip;
  }

  const exclusive = (plugin: string, mode: string) => plugin === 'terway' && mode === 'eni-exclusive';
  const range = parseCidr(text(cluster.podCIDR));
  const keepBlocks =
    w.plugin === 'flannel' && from === 'calico' && !!range && blockSize(range.bits) < nodes.length * 256 && nodes.every((n) => typeof n.podCIDR === 'string');
  const podsOn = new Map<unknown, Raw[]>();
  for (const p of pods) {
    if (p.hostNetwork) continue;
    const on = podsOn.get(p.node);
    if (on) on.push(p);
    else podsOn.set(p.node, [p]);
  }
  nodes.forEach((n) => {
    if (w.plugin !== 'terway') {
      delete n.enis;
      // Calico wants /26 blocks, Flannel a /24: a new plugin gets new blocks (unless the pod range is too
      // small for a /24 per node: then Flannel keeps Calico's /26s); flannel → flannel keeps them.
      if (!samePlugin && !keepBlocks) delete n.podCIDR;
      return;
    }
    delete n.podCIDR;
    // Terway: enough ENIs for the node's pods (one each in exclusive mode, maxIPs each otherwise).
    const mine = podsOn.get(n.name) ?? [];
    const one = exclusive(w.plugin, w.mode);
    const enis = samePlugin ? records(n.enis) : [];
    const kept = samePlugin && exclusive(from, fromMode) === one;
    const room = (e: Raw) => (one ? 1 : typeof e.maxIPs === 'number' ? e.maxIPs : DEFAULT_ENI_MAX_IPS);
    const names = new Set([...enis.map((e) => text(e.name)), ...records(n.interfaces).map((f) => text(f.name)), 'eth0']);
    let added = false;
    for (let k = 1; enis.reduce((sum, e) => sum + room(e), 0) < Math.max(1, mine.length); k++) {
      if (names.has(`eth${k}`)) continue;
      names.add(`eth${k}`);
      // The address count stated, as it is the knob a lesson turns (exclusive mode holds one pod whatever it says).
      enis.push(one ? { name: `eth${k}` } : { name: `eth${k}`, maxIPs: DEFAULT_ENI_MAX_IPS });
      added = true;
    }
    if (enis.length > 0 || Array.isArray(n.enis)) n.enis = enis;
    // IPAM puts each pod on an ENI with room again when the ENIs or how many pods each holds changed.
    if (!kept || added) for (const p of mine) delete p.eni;
  });
  if (w.plugin !== 'terway') for (const p of pods) delete p.eni;

  // ToR routers peer with Calico BGP only.
  if (!bgp && Array.isArray(d.routers)) {
    if (d.routers.length > 0 && d.layout) d.layout = Object.fromEntries(Object.entries(d.layout).filter(([k]) => !k.startsWith('router:')));
    d.routers = [];
  }
  if (w.plugin !== 'terway') for (const lb of records(d.loadBalancers)) if (lb.backend === 'eni') lb.backend = 'nodeport';
  return d;
}

/** The document's own (raw) value as an editor document, for code holding one of unknown shape. */
export const asDoc = (v: unknown): Doc | null => (isRecord(v) && isRecord(v.cluster) ? (v as unknown as Doc) : null);

export type { Item };
