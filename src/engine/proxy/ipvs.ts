/**
 * kube-proxy IPVS mode on one node: addresses bound on kube-ipvs0, virtual servers with
 * their real servers, the ipsets and the few iptables rules around them
 * (pkg/proxy/ipvs/proxier.go), see docs/kube-proxy-reference.md §2.
 */
import type { Netns, ServicePortInfo } from '../dataplane';
import { addDevice, addressedDevices } from '../netns';
import { macFor } from '../names';
import { addRule, ensureChain, type L4, type Table } from '../netfilter/table';
import { minorOf } from './endpoints';
import { writeMasqChains } from './iptables';
import { ifNotLocal, type LocalDetector } from './local-detector';
import { cidrContains, parseCidr, type ParsedCidr } from '../../model/cidr';
import type { NodePortAddresses } from './nodeport-addresses';
import type { IpSet } from './ipvs-table';

export interface IpvsOpts {
  node: string;
  local?: LocalDetector;
  masqueradeAll: boolean;
  version?: string;
  /** The node IP: a loadBalancerSourceRange holding it fills KUBE-LOAD-BALANCER-SOURCE-IP. */
  nodeIP?: number;
}

export const SETS: [string, IpSet['type'], string][] = [
  ['KUBE-LOOP-BACK', 'hash:ip,port,ip', 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose'],
  ['KUBE-CLUSTER-IP', 'hash:ip,port', 'Kubernetes service cluster ip + port for masquerade purpose'],
  ['KUBE-EXTERNAL-IP', 'hash:ip,port', 'Kubernetes service external ip + port for masquerade and filter purpose'],
  ['KUBE-EXTERNAL-IP-LOCAL', 'hash:ip,port', 'Kubernetes service external ip + port with externalTrafficPolicy=local'],
  ['KUBE-LOAD-BALANCER', 'hash:ip,port', 'Kubernetes service lb portal'],
  ['KUBE-LOAD-BALANCER-LOCAL', 'hash:ip,port', 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local'],
  ['KUBE-LOAD-BALANCER-FW', 'hash:ip,port', 'Kubernetes service load balancer ip + port for load balancer with sourceRange'],
  ['KUBE-LOAD-BALANCER-SOURCE-IP', 'hash:ip,port,ip', 'Kubernetes service load balancer ip + port + source IP for packet filter purpose'],
  ['KUBE-LOAD-BALANCER-SOURCE-CIDR', 'hash:ip,port,net', 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose'],
  ['KUBE-NODE-PORT-TCP', 'bitmap:port', 'Kubernetes nodeport TCP port for masquerade purpose'],
  ['KUBE-NODE-PORT-LOCAL-TCP', 'bitmap:port', 'Kubernetes nodeport TCP port with externalTrafficPolicy=local'],
  ['KUBE-NODE-PORT-UDP', 'bitmap:port', 'Kubernetes nodeport UDP port for masquerade purpose'],
  ['KUBE-NODE-PORT-LOCAL-UDP', 'bitmap:port', 'Kubernetes nodeport UDP port with externalTrafficPolicy=local'],
  ['KUBE-IPVS-IPS', 'hash:ip', 'Addresses on the ipvs interface'],
  ['KUBE-HEALTH-CHECK-NODE-PORT', 'bitmap:port', 'Kubernetes health check node port'],
];

/** Which ipset-based rules kube-proxy writes: a rule is written only when its set is non-empty. */
export interface IpvsFlags {
  clusterIP: boolean;
  lb: boolean;
  lbLocal: boolean;
  lbFw: boolean;
  /** Every loadBalancerSourceRange of a firewalled LB: a node inside one has KUBE-LOAD-BALANCER-SOURCE-IP entries. */
  lbSourceRanges: ParsedCidr[];
  externalIP: boolean;
  externalIPLocal: boolean;
  nodePort: { TCP: boolean; UDP: boolean };
  nodePortLocal: { TCP: boolean; UDP: boolean };
}

/** Cluster-wide flags from every service port (the same on every node). */
export function ipvsFlags(sps: ServicePortInfo[]): IpvsFlags {
  const f: IpvsFlags = {
    clusterIP: false,
    lb: false,
    lbLocal: false,
    lbFw: false,
    lbSourceRanges: [],
    externalIP: false,
    externalIPLocal: false,
    nodePort: { TCP: false, UDP: false },
    nodePortLocal: { TCP: false, UDP: false },
  };
  for (const sp of sps) {
    const local = sp.svc.externalTrafficPolicy === 'Local';
    f.clusterIP = true;
    if (sp.lbIP !== undefined) {
      f.lb = true;
      if (local) f.lbLocal = true;
      if (sp.svc.loadBalancerSourceRanges.length > 0) f.lbFw = true;
      for (const r of sp.svc.loadBalancerSourceRanges) {
        const c = parseCidr(r);
        if (c) f.lbSourceRanges.push(c);
      }
    }
    if (sp.externalIPs.length > 0) {
      if (local) f.externalIPLocal = true;
      else f.externalIP = true;
    }
    const proto = sp.port.protocol;
    if (sp.port.nodePort !== undefined && (proto === 'TCP' || proto === 'UDP')) {
      f.nodePort[proto] = true;
      if (local) f.nodePortLocal[proto] = true;
    }
  }
  return f;
}

/**
 * The node addresses nodePort virtual servers listen on: every address except kube-ipvs0's and
 * loopback, and of those only the ones nodePortAddresses names (ipvs syncProxyRules: GetNodeIPs,
 * loopback skipped).
 */
export function ipvsNodePortIPs(ns: Netns, npa: NodePortAddresses): number[] {
  // One loop, no intermediate lists: every IPVS node's first touch asks.
  const ips: number[] = [];
  for (const d of addressedDevices(ns)) {
    if (d.kind === 'loopback' || d.kind === 'dummy') continue;
    for (const a of d.addrs) if (npa.matchAll || npa.cidrs.some((c) => cidrContains(c, a.ip))) ips.push(a.ip);
  }
  return ips;
}

/**
 * KUBE-IPVS-FILTER (kubernetes#108460, for #72236 "In IPVS mode, host services become available
 * on ClusterIPs") was merged on 2022-09-02 (the issue's thread: "And there was much rejoicing"),
 * after v1.25.0 was released on 2022-08-23: kube-proxy 1.26 and later have it. Before, an address
 * on kube-ipvs0 is an ordinary local address: it answers ping, and a port with no virtual server
 * reaches whatever listens on the host. Unset means the articles' clusters (before 1.21).
 */
export function hasIpvsFilter(version: string | undefined): boolean {
  return minorOf(version, 20) >= 26;
}

/** kube-ipvs0: the dummy device kube-proxy binds service addresses on (ipvs-state.ts binds them). */
export function addKubeIpvs0(ns: Netns, node: string): void {
  addDevice(ns, { name: 'kube-ipvs0', kind: 'dummy', mtu: 1500, mac: macFor(`${node}/kube-ipvs0`), addrs: [], up: false });
}

/** What the rules around IPVS depend on besides the cluster's flags: nodes alike here have the same rules. */
export interface IpvsFixedVariant {
  local: LocalDetector | undefined;
  masqueradeAll: boolean;
  version: string | undefined;
  hasLocalEndpoints: boolean;
  /** A loadBalancerSourceRange holds the node's IP (KUBE-LOAD-BALANCER-SOURCE-IP is then matched). */
  inSourceRange: boolean;
}

export function ipvsFixedVariant(o: IpvsOpts, f: IpvsFlags, hasLocalEndpoints: boolean): IpvsFixedVariant {
  return {
    local: o.local,
    masqueradeAll: o.masqueradeAll,
    version: o.version,
    hasLocalEndpoints,
    inSourceRange: o.nodeIP !== undefined && f.lbSourceRanges.some((c) => cidrContains(c, o.nodeIP!)),
  };
}

/** The iptables rules around IPVS (in kube-proxy's order); the tables and sets are ipvs-state.ts's. */
export function writeIpvsFixed(nat: Table, filter: Table, o: IpvsFixedVariant, f: IpvsFlags): void {
  const kp = 'kube-proxy' as const;
  const hasLocalEndpoints = o.hasLocalEndpoints;
  const c = (s: string) => SETS.find((x) => x[0] === s)![2];
  addRule(nat, 'PREROUTING', { comment: 'kubernetes service portals' }, { t: 'jump', chain: 'KUBE-SERVICES' }, kp);
  addRule(nat, 'OUTPUT', { comment: 'kubernetes service portals' }, { t: 'jump', chain: 'KUBE-SERVICES' }, kp);
  addRule(nat, 'POSTROUTING', { comment: 'kubernetes postrouting rules' }, { t: 'jump', chain: 'KUBE-POSTROUTING' }, kp);
  for (const ch of ['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-NODE-PORT', 'KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ']) ensureChain(nat, ch);
  addRule(nat, 'KUBE-SERVICES', { src: { base: 0x7f000000, bits: 8 } }, { t: 'RETURN' }, kp);
  if (hasLocalEndpoints)
    addRule(nat, 'KUBE-POSTROUTING', { comment: c('KUBE-LOOP-BACK'), set: { name: 'KUBE-LOOP-BACK', dims: 'dst,dst,src' } }, { t: 'MASQUERADE' }, kp);
  if (f.lb)
    addRule(
      nat,
      'KUBE-SERVICES',
      { comment: c('KUBE-LOAD-BALANCER'), set: { name: 'KUBE-LOAD-BALANCER', dims: 'dst,dst' } },
      { t: 'jump', chain: 'KUBE-LOAD-BALANCER' },
      kp,
    );
  if (f.lbLocal)
    addRule(
      nat,
      'KUBE-LOAD-BALANCER',
      { comment: c('KUBE-LOAD-BALANCER-LOCAL'), set: { name: 'KUBE-LOAD-BALANCER-LOCAL', dims: 'dst,dst' } },
      { t: 'RETURN' },
      kp,
    );
  for (const proto of ['TCP', 'UDP'] as const) {
    const l4 = proto.toLowerCase() as L4;
    if (f.nodePortLocal[proto])
      addRule(
        nat,
        'KUBE-NODE-PORT',
        { proto: l4, comment: c(`KUBE-NODE-PORT-LOCAL-${proto}`), set: { name: `KUBE-NODE-PORT-LOCAL-${proto}`, dims: 'dst' } },
        { t: 'RETURN' },
        kp,
      );
    if (f.nodePort[proto])
      addRule(
        nat,
        'KUBE-NODE-PORT',
        { proto: l4, comment: c(`KUBE-NODE-PORT-${proto}`), set: { name: `KUBE-NODE-PORT-${proto}`, dims: 'dst' } },
        { t: 'jump', chain: 'KUBE-MARK-MASQ' },
        kp,
      );
  }
  if (f.clusterIP) {
    // masqueradeAll: every packet; a detector: what it calls not local; none: `src,dst` (a VIP talking to itself).
    const m = { comment: c('KUBE-CLUSTER-IP'), set: { name: 'KUBE-CLUSTER-IP', dims: o.local || o.masqueradeAll ? 'dst,dst' : 'src,dst' } };
    addRule(nat, 'KUBE-SERVICES', o.masqueradeAll || !o.local ? m : { ...m, ...ifNotLocal(o.local) }, { t: 'jump', chain: 'KUBE-MARK-MASQ' }, kp);
  }
  if (f.externalIP) {
    const m = { comment: c('KUBE-EXTERNAL-IP'), set: { name: 'KUBE-EXTERNAL-IP', dims: 'dst,dst' } };
    addRule(nat, 'KUBE-SERVICES', m, { t: 'jump', chain: 'KUBE-MARK-MASQ' }, kp);
    addRule(nat, 'KUBE-SERVICES', { ...m, physdevIsIn: true, physdevIsInNot: true, srcType: 'LOCAL', srcTypeNot: true }, { t: 'ACCEPT' }, kp);
    addRule(nat, 'KUBE-SERVICES', { ...m, dstType: 'LOCAL' }, { t: 'ACCEPT' }, kp);
  }
  if (f.externalIPLocal) {
    const m = { comment: c('KUBE-EXTERNAL-IP-LOCAL'), set: { name: 'KUBE-EXTERNAL-IP-LOCAL', dims: 'dst,dst' } };
    addRule(nat, 'KUBE-SERVICES', { ...m, physdevIsIn: true, physdevIsInNot: true, srcType: 'LOCAL', srcTypeNot: true }, { t: 'ACCEPT' }, kp);
    addRule(nat, 'KUBE-SERVICES', { ...m, dstType: 'LOCAL' }, { t: 'ACCEPT' }, kp);
  }
  addRule(nat, 'KUBE-SERVICES', { dstType: 'LOCAL' }, { t: 'jump', chain: 'KUBE-NODE-PORT' }, kp);
  addRule(nat, 'KUBE-LOAD-BALANCER', {}, { t: 'jump', chain: 'KUBE-MARK-MASQ' }, kp);
  if (f.clusterIP) addRule(nat, 'KUBE-SERVICES', { set: { name: 'KUBE-CLUSTER-IP', dims: 'dst,dst' } }, { t: 'ACCEPT' }, kp);
  if (f.lb) addRule(nat, 'KUBE-SERVICES', { set: { name: 'KUBE-LOAD-BALANCER', dims: 'dst,dst' } }, { t: 'ACCEPT' }, kp);
  writeMasqChains(nat);

  const ipvsFilter = hasIpvsFilter(o.version);
  addRule(filter, 'INPUT', { comment: 'kubernetes health check rules' }, { t: 'jump', chain: 'KUBE-NODE-PORT' }, kp);
  addRule(filter, 'INPUT', { comment: 'kube-proxy firewall rules' }, { t: 'jump', chain: 'KUBE-PROXY-FIREWALL' }, kp);
  if (ipvsFilter) addRule(filter, 'INPUT', { comment: 'kubernetes ipvs access filter' }, { t: 'jump', chain: 'KUBE-IPVS-FILTER' }, kp);
  addRule(filter, 'FORWARD', { comment: 'kube-proxy firewall rules' }, { t: 'jump', chain: 'KUBE-PROXY-FIREWALL' }, kp);
  addRule(filter, 'FORWARD', { comment: 'kubernetes forwarding rules' }, { t: 'jump', chain: 'KUBE-FORWARD' }, kp);
  for (const ch of ['KUBE-FORWARD', 'KUBE-NODE-PORT', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', ...(ipvsFilter ? ['KUBE-IPVS-FILTER'] : [])])
    ensureChain(filter, ch);
  addRule(
    filter,
    'KUBE-NODE-PORT',
    { comment: c('KUBE-HEALTH-CHECK-NODE-PORT'), set: { name: 'KUBE-HEALTH-CHECK-NODE-PORT', dims: 'dst' } },
    { t: 'ACCEPT' },
    kp,
  );
  if (f.lbFw) {
    addRule(
      filter,
      'KUBE-PROXY-FIREWALL',
      { comment: c('KUBE-LOAD-BALANCER-FW'), set: { name: 'KUBE-LOAD-BALANCER-FW', dims: 'dst,dst' } },
      { t: 'jump', chain: 'KUBE-SOURCE-RANGES-FIREWALL' },
      kp,
    );
    addRule(
      filter,
      'KUBE-SOURCE-RANGES-FIREWALL',
      { comment: c('KUBE-LOAD-BALANCER-SOURCE-CIDR'), set: { name: 'KUBE-LOAD-BALANCER-SOURCE-CIDR', dims: 'dst,dst,src' } },
      { t: 'RETURN' },
      kp,
    );
    if (o.inSourceRange)
      addRule(
        filter,
        'KUBE-SOURCE-RANGES-FIREWALL',
        { comment: c('KUBE-LOAD-BALANCER-SOURCE-IP'), set: { name: 'KUBE-LOAD-BALANCER-SOURCE-IP', dims: 'dst,dst,src' } },
        { t: 'RETURN' },
        kp,
      );
  }
  addRule(filter, 'KUBE-SOURCE-RANGES-FIREWALL', {}, { t: 'DROP' }, kp);
  addRule(filter, 'KUBE-FORWARD', { comment: 'kubernetes forwarding rules', mark: { value: 0x4000, mask: 0x4000 } }, { t: 'ACCEPT' }, kp);
  addRule(filter, 'KUBE-FORWARD', { comment: 'kubernetes forwarding conntrack rule', ctstate: 'RELATED,ESTABLISHED' }, { t: 'ACCEPT' }, kp);
  if (!ipvsFilter) return;
  for (const s2 of ['KUBE-LOAD-BALANCER', 'KUBE-CLUSTER-IP', 'KUBE-EXTERNAL-IP', 'KUBE-EXTERNAL-IP-LOCAL']) {
    addRule(filter, 'KUBE-IPVS-FILTER', { set: { name: s2, dims: 'dst,dst' } }, { t: 'RETURN' }, kp);
  }
  addRule(filter, 'KUBE-IPVS-FILTER', { set: { name: 'KUBE-HEALTH-CHECK-NODE-PORT', dims: 'dst' } }, { t: 'RETURN' }, kp);
  addRule(filter, 'KUBE-IPVS-FILTER', { ctstate: 'NEW', set: { name: 'KUBE-IPVS-IPS', dims: 'dst' } }, { t: 'REJECT', with: 'icmp-port-unreachable' }, kp);
}
