/**
 * kube-proxy iptables mode: the nat and filter chains it writes on one node
 * (pkg/proxy/iptables/proxier.go syncProxyRules, v1.28+), see docs/kube-proxy-reference.md.
 */
import { cidrContains, intToIp, parseCidr, type ParsedCidr } from '../../model/cidr';
import type { EndpointInfo, ServicePortInfo } from '../dataplane';
import { endpointChain, serviceChains } from '../names';
import { addRule, ensureChain, serviceOrder, type L4, type Table } from '../netfilter/table';
import { categorize } from './endpoints';
import { ifLocal, ifNotLocal, type LocalDetector } from './local-detector';
import { isLoopback, type NodePortAddresses } from './nodeport-addresses';

const MASQ = 0x4000;
const host = (ip: number): ParsedCidr => ({ base: ip, bits: 32 });

export interface ProxyOpts {
  node: string;
  /** kube-proxy's --bind-address / node IP: a source range holding it lets the node reach its own LB IPs. */
  nodeIP?: number;
  /** --detect-local-mode's detector; undefined when it detects nothing. */
  local?: LocalDetector;
  masqueradeAll: boolean;
}

/** Where KUBE-SERVICES hands over to KUBE-NODEPORTS (nodePortAddresses, localhostNodePorts). */
export interface NodePortTail {
  npa: NodePortAddresses;
  /** GetNodeIPs, for a filtered npa. */
  nodeIPs: number[];
  localhostNodePorts: boolean;
}

export function writeIptablesJumps(nat: Table, filter: Table): void {
  const kp = 'kube-proxy' as const;
  addRule(nat, 'PREROUTING', { comment: 'kubernetes service portals' }, { t: 'jump', chain: 'KUBE-SERVICES' }, kp);
  addRule(nat, 'OUTPUT', { comment: 'kubernetes service portals' }, { t: 'jump', chain: 'KUBE-SERVICES' }, kp);
  addRule(nat, 'POSTROUTING', { comment: 'kubernetes postrouting rules' }, { t: 'jump', chain: 'KUBE-POSTROUTING' }, kp);
  addRule(filter, 'INPUT', { ctstate: 'NEW', comment: 'kubernetes load balancer firewall' }, { t: 'jump', chain: 'KUBE-PROXY-FIREWALL' }, kp);
  addRule(filter, 'INPUT', { comment: 'kubernetes health check service ports' }, { t: 'jump', chain: 'KUBE-NODEPORTS' }, kp);
  addRule(filter, 'INPUT', { ctstate: 'NEW', comment: 'kubernetes externally-visible service portals' }, { t: 'jump', chain: 'KUBE-EXTERNAL-SERVICES' }, kp);
  addRule(filter, 'FORWARD', { ctstate: 'NEW', comment: 'kubernetes load balancer firewall' }, { t: 'jump', chain: 'KUBE-PROXY-FIREWALL' }, kp);
  addRule(filter, 'FORWARD', { comment: 'kubernetes forwarding rules' }, { t: 'jump', chain: 'KUBE-FORWARD' }, kp);
  addRule(filter, 'FORWARD', { ctstate: 'NEW', comment: 'kubernetes service portals' }, { t: 'jump', chain: 'KUBE-SERVICES' }, kp);
  addRule(filter, 'FORWARD', { ctstate: 'NEW', comment: 'kubernetes externally-visible service portals' }, { t: 'jump', chain: 'KUBE-EXTERNAL-SERVICES' }, kp);
  addRule(filter, 'OUTPUT', { ctstate: 'NEW', comment: 'kubernetes load balancer firewall' }, { t: 'jump', chain: 'KUBE-PROXY-FIREWALL' }, kp);
  addRule(filter, 'OUTPUT', { ctstate: 'NEW', comment: 'kubernetes service portals' }, { t: 'jump', chain: 'KUBE-SERVICES' }, kp);
}

export function writeMasqChains(nat: Table): void {
  const kp = 'kube-proxy' as const;
  addRule(nat, 'KUBE-POSTROUTING', { mark: { value: MASQ, mask: MASQ, not: true } }, { t: 'RETURN' }, kp);
  addRule(nat, 'KUBE-POSTROUTING', {}, { t: 'MARK', op: 'xor', value: MASQ }, kp);
  addRule(nat, 'KUBE-POSTROUTING', { comment: 'kubernetes service traffic requiring SNAT' }, { t: 'MASQUERADE', randomFully: true }, kp);
  addRule(nat, 'KUBE-MARK-MASQ', {}, { t: 'MARK', op: 'or', value: MASQ }, kp);
}

/** What writeIptablesFixed reads of `tail`: nodes alike here have the same fixed rules. */
export function iptablesFixedVariant(tail: NodePortTail): unknown {
  return { matchAll: tail.npa.matchAll, nodeIPs: tail.npa.matchAll ? [] : tail.nodeIPs, localhostNodePorts: tail.localhostNodePorts };
}

/** Rules that do not depend on any service: the jumps, the masquerade chains, the nodeports tail, KUBE-FORWARD. */
export function writeIptablesFixed(nat: Table, filter: Table, tail: NodePortTail): void {
  const kp = 'kube-proxy' as const;
  writeIptablesJumps(nat, filter);
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) ensureChain(nat, c);
  for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']) ensureChain(filter, c);
  writeMasqChains(nat);
  // syncProxyRules' tail call: `--dst-type LOCAL` (with `! -d 127.0.0.0/8` when localhost NodePorts
  // are off) when every address is a NodePort address, else one `-d IP` rule per matching node IP.
  const comment = 'kubernetes service nodeports; NOTE: this must be the last rule in this chain';
  if (tail.npa.matchAll) {
    const noLocalhost = tail.localhostNodePorts ? {} : { dst: { base: 0x7f000000, bits: 8 }, dstNot: true };
    addRule(nat, 'KUBE-SERVICES', { ...noLocalhost, comment, dstType: 'LOCAL' }, { t: 'jump', chain: 'KUBE-NODEPORTS' }, kp);
  } else {
    for (const ip of tail.nodeIPs) {
      if (isLoopback(ip) && !tail.localhostNodePorts) continue;
      addRule(nat, 'KUBE-SERVICES', { dst: host(ip), comment }, { t: 'jump', chain: 'KUBE-NODEPORTS' }, kp);
    }
  }
  addRule(filter, 'KUBE-FORWARD', { ctstate: 'INVALID' }, { t: 'DROP' }, kp);
  addRule(filter, 'KUBE-FORWARD', { comment: 'kubernetes forwarding rules', mark: { value: MASQ, mask: MASQ } }, { t: 'ACCEPT' }, kp);
  addRule(filter, 'KUBE-FORWARD', { comment: 'kubernetes forwarding conntrack rule', ctstate: 'RELATED,ESTABLISHED' }, { t: 'ACCEPT' }, kp);
}

/**
 * One service port's rules on node `o.node`. `index` is the service port's position in the
 * cluster: rules in shared chains are ordered by it, as kube-proxy writes services in order.
 */
export function writeIptablesService(nat: Table, filter: Table, sp: ServicePortInfo, index: number, o: ProxyOpts): void {
  const kp = 'kube-proxy' as const;
  const affinity = sp.svc.sessionAffinity === 'ClientIP';
  let seq = 0;
  const ord = () => serviceOrder(index, seq++);
  const proto = sp.port.protocol.toLowerCase() as L4;
  const spn = sp.spn;
  const cat = categorize(sp, o.node);
  const { svc, svl, ext, fw } = serviceChains(spn, proto);
  const hasEndpoints = cat.hasAny;
  const hasInternal = hasEndpoints && (!cat.internalLocal || cat.local.length > 0);
  const hasExternal = hasEndpoints && (!cat.externalLocal || cat.local.length > 0);
  const internalChain = cat.internalLocal ? svl : svc;
  const usesExt = hasEndpoints && cat.externallyAccessible;
  const usesFw = hasEndpoints && sp.lbIPs.length > 0 && sp.svc.loadBalancerSourceRanges.length > 0;
  const noEp = (extra: { dst?: ParsedCidr; dport: number; dstType?: 'LOCAL' }, chain: string) => {
    const missingAll = !hasEndpoints;
    const comment = `${spn} has ${missingAll ? 'no' : 'no local'} endpoints`;
    const target = missingAll ? ({ t: 'REJECT', with: 'icmp-port-unreachable' } as const) : ({ t: 'DROP' } as const);
    addRule(filter, chain, { dst: extra.dst, proto, comment, dstType: extra.dstType, dport: extra.dport }, target, kp, ord());
  };

  // ClusterIP
  if (hasInternal) {
    addRule(
      nat,
      'KUBE-SERVICES',
      { dst: host(sp.clusterIP), proto, comment: `${spn} cluster IP`, dport: sp.port.port },
      { t: 'jump', chain: internalChain },
      kp,
      ord(),
    );
  } else {
    noEp({ dst: host(sp.clusterIP), dport: sp.port.port }, 'KUBE-SERVICES');
  }
  // External IPs and LB IPs
  for (const eip of sp.externalIPs) {
    if (hasEndpoints)
      addRule(nat, 'KUBE-SERVICES', { dst: host(eip), proto, comment: `${spn} external IP`, dport: sp.port.port }, { t: 'jump', chain: ext }, kp, ord());
    if (!hasExternal) noEp({ dst: host(eip), dport: sp.port.port }, 'KUBE-EXTERNAL-SERVICES');
  }
  // Every status.loadBalancer.ingress[] IP (proxier.go: `for _, lbip := range svcInfo.LoadBalancerVIPs()`).
  for (const lbip of sp.lbIPs) {
    if (hasEndpoints)
      addRule(
        nat,
        'KUBE-SERVICES',
        { dst: host(lbip), proto, comment: `${spn} loadbalancer IP`, dport: sp.port.port },
        { t: 'jump', chain: usesFw ? fw : ext },
        kp,
        ord(),
      );
  }
  if (!hasExternal) for (const lbip of sp.lbIPs) noEp({ dst: host(lbip), dport: sp.port.port }, 'KUBE-EXTERNAL-SERVICES');
  if (sp.port.nodePort !== undefined) {
    if (hasEndpoints) addRule(nat, 'KUBE-NODEPORTS', { proto, comment: spn, dport: sp.port.nodePort }, { t: 'jump', chain: ext }, kp, ord());
    if (!hasExternal) noEp({ dstType: 'LOCAL', dport: sp.port.nodePort }, 'KUBE-EXTERNAL-SERVICES');
  }
  // The health check node port (once per service, with its first port): kube-proxy's
  // `-A KUBE-NODEPORTS -m comment --comment "NS/NAME health check node port" -m tcp -p tcp --dport HC -j ACCEPT`.
  if (sp.svc.healthCheckNodePort !== undefined && sp.port === sp.svc.ports[0]) {
    addRule(
      filter,
      'KUBE-NODEPORTS',
      { proto: 'tcp', comment: `${sp.svc.namespace}/${sp.svc.name} health check node port`, dport: sp.svc.healthCheckNodePort },
      { t: 'ACCEPT' },
      kp,
      ord(),
    );
  }
  if (!hasEndpoints) return;

  // KUBE-FW: loadBalancerSourceRanges
  if (usesFw) {
    let allowFromNode = false;
    for (const r of sp.svc.loadBalancerSourceRanges) {
      const c = parseCidr(r);
      if (!c) continue;
      addRule(nat, fw, { src: c, comment: `${spn} loadbalancer IP` }, { t: 'jump', chain: ext }, kp, ord());
      if (o.nodeIP !== undefined && cidrContains(c, o.nodeIP)) allowFromNode = true;
    }
    // A VIP-like LB's address is often local on the node, so the node's own request loops back with
    // the VIP as its source: a range holding the node IP lets every LB IP in as a source too.
    if (allowFromNode)
      for (const lbip of sp.lbIPs) addRule(nat, fw, { src: host(lbip), comment: `${spn} loadbalancer IP` }, { t: 'jump', chain: ext }, kp, ord());
    for (const lbip of sp.lbIPs)
      addRule(
        filter,
        'KUBE-PROXY-FIREWALL',
        { dst: host(lbip), proto, comment: `${spn} traffic not accepted by ${fw}`, dport: sp.port.port },
        { t: 'DROP' },
        kp,
        ord(),
      );
  }
  // KUBE-EXT
  if (usesExt) {
    if (!cat.externalLocal) {
      addRule(nat, ext, { comment: `masquerade traffic for ${spn} external destinations` }, { t: 'jump', chain: 'KUBE-MARK-MASQ' }, kp, ord());
      addRule(nat, ext, {}, { t: 'jump', chain: svc }, kp, ord());
    } else {
      if (o.local)
        addRule(
          nat,
          ext,
          Object.assign({}, ifLocal(o.local), { comment: `pod traffic for ${spn} external destinations` }),
          { t: 'jump', chain: svc },
          kp,
          ord(),
        );
      addRule(
        nat,
        ext,
        { comment: `masquerade LOCAL traffic for ${spn} external destinations`, srcType: 'LOCAL' },
        { t: 'jump', chain: 'KUBE-MARK-MASQ' },
        kp,
        ord(),
      );
      addRule(nat, ext, { comment: `route LOCAL traffic for ${spn} external destinations`, srcType: 'LOCAL' }, { t: 'jump', chain: svc }, kp, ord());
      if (hasExternal) addRule(nat, ext, {}, { t: 'jump', chain: svl }, kp, ord());
    }
  }
  // KUBE-SVC / KUBE-SVL with the clusterIP masquerade rule first in the internal chain
  const masqRule = () => {
    const m = { dst: host(sp.clusterIP), proto, comment: `${spn} cluster IP`, dport: sp.port.port };
    // Object.assign, not spreads: V8 gives a spread with more properties a hidden class per object.
    if (o.masqueradeAll) return m;
    if (o.local) return Object.assign(m, ifNotLocal(o.local));
    return undefined;
  };
  // Each endpoint's "ip:port", written once and shared by SVC, SVL and the SEP chains; its KUBE-SEP name, hashed once (sha256).
  const texts = new Map<EndpointInfo, string>();
  const textOf = (e: EndpointInfo) => {
    let s = texts.get(e);
    if (s === undefined) texts.set(e, (s = `${intToIp(e.ip)}:${e.port}`));
    return s;
  };
  const seps = new Map<string, string>();
  const sepOf = (s: string) => {
    let sep = seps.get(s);
    if (!sep) seps.set(s, (sep = endpointChain(spn, proto, s)));
    return sep;
  };
  const writeBalance = (chain: string, eps: typeof cat.cluster) => {
    ensureChain(nat, chain);
    if (chain === internalChain) {
      const mr = masqRule();
      if (mr) addRule(nat, chain, mr, { t: 'jump', chain: 'KUBE-MARK-MASQ' }, kp, ord());
    }
    const sorted = eps.map(textOf).sort();
    if (affinity) {
      // ClientIP affinity: a client seen recently goes back to its endpoint (first, per endpoint).
      for (const s of sorted)
        addRule(nat, chain, { comment: `${spn} -> ${s}`, recent: { op: 'rcheck', name: sepOf(s), seconds: 10800 } }, { t: 'jump', chain: sepOf(s) }, kp, ord());
    }
    sorted.forEach((s, i) => {
      const n = sorted.length;
      const m = i < n - 1 ? { comment: `${spn} -> ${s}`, probability: probabilityOf(n - i) } : { comment: `${spn} -> ${s}` };
      addRule(nat, chain, m, { t: 'jump', chain: sepOf(s) }, kp, ord());
    });
  };
  if (cat.cluster.length > 0) writeBalance(svc, cat.cluster);
  if (cat.local.length > 0) writeBalance(svl, cat.local);
  const all = new Map<string, EndpointInfo>();
  for (const e of cat.cluster) all.set(textOf(e), e);
  for (const e of cat.local) all.set(textOf(e), e);
  for (const s of [...all.keys()].sort()) {
    const e = all.get(s)!;
    const sep = sepOf(s);
    addRule(nat, sep, { src: host(e.ip), comment: spn }, { t: 'jump', chain: 'KUBE-MARK-MASQ' }, kp, ord());
    addRule(
      nat,
      sep,
      { proto, comment: spn, ...(affinity ? { recent: { op: 'set' as const, name: sep } } : {}) },
      { t: 'DNAT', ip: e.ip, port: e.port },
      kp,
      ord(),
    );
  }
}

const probabilities: number[] = [];

/** `statistic --probability` of the endpoint with `left` endpoints from it to the chain's end: 1/left as kube-proxy prints it (10 decimals). */
function probabilityOf(left: number): number {
  return (probabilities[left] ??= Number((1 / left).toFixed(10)));
}

/** Every service port's rules for node `o.node` (what `iptables-save` shows). */
export function writeIptablesProxy(nat: Table, filter: Table, sps: ServicePortInfo[], o: ProxyOpts, tail: NodePortTail): void {
  writeIptablesFixed(nat, filter, tail);
  sps.forEach((sp, i) => writeIptablesService(nat, filter, sp, i, o));
}
