import type { CniPlugin, KubeProxyMode } from '../../model/topology';
import type { Wiring } from '../../model/rewire';

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

export const wiringLabel = (w: Wiring) => `${w.plugin} ${w.mode}${w.kubeProxy ? ` + ${w.kubeProxy}` : ''}`;
