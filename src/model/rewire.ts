/**
 * The same workload under another wiring: a document with its CNI (and kube-proxy mode)
 * changed and every address the CNI decides left for IPAM to assign again. Used by the
 * compare view ("Flannel vpc-route + IPVS against Terway ipvlan-ebpf") and the CNI switch.
 * Requests should name pods and services (pod:NS/NAME, svc:NS/NAME:PORT), which survive it.
 */
import type { CniPlugin, KubeProxyMode, Topology } from './topology';

export interface Wiring {
  plugin: CniPlugin;
  mode: string;
  kubeProxy?: KubeProxyMode;
  /** Terway: where behaviour differs by version. */
  version?: string;
}

type Raw = Record<string, unknown>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * A raw document (to validate) with the wiring changed.
 * @example validateTopology(rewire(topology, { plugin: 'terway', mode: 'ipvlan-ebpf', kubeProxy: 'ipvs' }))
 */
export function rewire(t: Topology, w: Wiring): Raw {
  const d = clone(t) as unknown as Raw & Topology;
  const from = t.cluster.cni.plugin;
  const cni: Raw = { plugin: w.plugin, mode: w.mode, ipMasq: t.cluster.cni.ipMasq };
  if (w.version) cni.version = w.version;
  if (w.plugin === 'calico' && w.mode === 'bgp') cni.bgp = { peering: t.routers.length > 0 ? 'tor' : 'mesh' };
  const cluster = d.cluster as unknown as Raw;
  cluster.cni = cni;
  if (w.kubeProxy) (cluster.kubeProxy as Raw).mode = w.kubeProxy;
  if (w.plugin === 'terway') {
    delete cluster.podCIDR;
    const vpc = cluster.vpc as Raw;
    if (!Array.isArray(vpc.vswitches) || vpc.vswitches.length === 0) vpc.vswitches = [{ name: 'vsw-pods', cidr: vpc.cidr }];
  } else if (!cluster.podCIDR) {
    cluster.podCIDR = '10.244.0.0/16';
  }
  const addressesChange = from !== w.plugin;
  const nodes = d.nodes as unknown as Raw[];
  nodes.forEach((n, i) => {
    if (w.plugin === 'terway') {
      delete n.podCIDR;
      if (!Array.isArray(n.enis) || n.enis.length === 0) n.enis = [{ name: 'eth1', mac: `00:16:3e:${(0x10 + i).toString(16).padStart(2, '0')}:00:01`, maxIPs: 10 }];
    } else {
      n.enis = [];
      // Calico wants /26 blocks; keep flannel's when going flannel → flannel.
      if (addressesChange) delete n.podCIDR;
    }
  });
  for (const p of d.pods as unknown as Raw[]) {
    if (p.hostNetwork) continue;
    if (addressesChange) delete p.ip;
    delete p.eni;
  }
  if (w.plugin !== 'calico' || w.mode !== 'bgp') d.routers = [];
  for (const lb of d.loadBalancers as unknown as Raw[]) if (lb.backend === 'eni' && w.plugin !== 'terway') lb.backend = 'nodeport';
  delete (d as Raw).layout;
  return d as unknown as Raw;
}
