/**
 * Which local addresses accept NodePorts (--nodeport-addresses), as pkg/proxy/util/nodeport_addresses.go
 * reads it: no entries is 0.0.0.0/0 ("match all"); otherwise every address of the node's interfaces
 * inside one of the CIDRs (GetNodeIPs). "primary" alone is the node's IP/32
 * (cmd/kube-proxy/app/server.go). route_localnet is set when localhostNodePorts is on and the
 * CIDRs hold 127.0.0.1 (iptables NewProxier: ContainsIPv4Loopback).
 */
import { cidrContains, parseCidr, type ParsedCidr } from '../../model/cidr';
import { kubeProxyFlags, NODE_PORT_ADDRESSES_PRIMARY } from '../../model/defaults';
import type { Cluster, Node } from '../../model';
import type { Netns } from '../dataplane';
import { addressedDevices } from '../netns';

export interface NodePortAddresses {
  /** No filter: the `--dst-type LOCAL` rule (iptables) and every node address (IPVS). */
  matchAll: boolean;
  cidrs: ParsedCidr[];
  containsLoopback: boolean;
}

/** 127.0.0.0, which kube-proxy tests a CIDR against (ipv4LoopbackStart). */
const LOOPBACK_START = 0x7f000000;

export function nodePortAddressesOf(cluster: Cluster, node: Node): NodePortAddresses {
  const list = kubeProxyFlags(cluster.kubeProxy, cluster.podCIDR).nodePortAddresses;
  const strings = list.length === 1 && list[0] === NODE_PORT_ADDRESSES_PRIMARY ? [`${node.ip}/32`] : list.length === 0 ? ['0.0.0.0/0'] : list;
  const cidrs = strings.map((s) => parseCidr(s)!);
  const zero = cidrs.find((c) => c.bits === 0);
  return {
    matchAll: zero !== undefined,
    cidrs: zero ? [zero] : cidrs,
    containsLoopback: cidrs.some((c) => isLoopback(c.base) || cidrContains(c, LOOPBACK_START)),
  };
}

/** GetNodeIPs: the node's interface addresses (loopback and kube-ipvs0's included) inside the CIDRs, in address order. */
export function matchingNodeIPs(ns: Netns, npa: NodePortAddresses): number[] {
  const all = [...addressedDevices(ns)].flatMap((d) => d.addrs.map((a) => a.ip));
  return [...new Set(all.filter((ip) => npa.cidrs.some((c) => cidrContains(c, ip))))].sort((a, b) => a - b);
}

export const isLoopback = (ip: number) => ip >>> 24 === 127;

/** Whether kube-proxy (iptables) sets net.ipv4.conf.all.route_localnet=1. */
export function routeLocalnet(cluster: Cluster, npa: NodePortAddresses): boolean {
  return cluster.kubeProxy.mode === 'iptables' && kubeProxyFlags(cluster.kubeProxy, cluster.podCIDR).localhostNodePorts && npa.containsLoopback;
}
