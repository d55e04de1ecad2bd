import { ackFlannelYaml } from './ack-flannel';
import { calicoBgpTorYaml } from './calico-bgp-tor';
import { terwayIpvlanEbpfYaml } from './terway-ipvlan-ebpf';
import { shopCalicoYaml } from './shop-calico';

/** Built-in documents, by id. The app opens on the first. */
export const builtins: { id: string; title: string; cni: string; yaml: string }[] = [
  { id: 'ack-flannel', title: 'ACK Flannel (VPC route) with IPVS', cni: 'flannel', yaml: ackFlannelYaml },
  { id: 'calico-bgp-tor', title: 'kube-proxy iptables + Calico BGP (ToR peering)', cni: 'calico', yaml: calicoBgpTorYaml },
  { id: 'terway-ipvlan-ebpf', title: 'Terway IPVLAN + eBPF', cni: 'terway', yaml: terwayIpvlanEbpfYaml },
  { id: 'shop-calico', title: 'Ingress, NetworkPolicy and troubleshooting (Calico IPIP)', cni: 'calico', yaml: shopCalicoYaml },
];
