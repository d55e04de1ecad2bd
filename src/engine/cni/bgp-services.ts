/**
 * Service addresses Calico advertises over BGP (BGPConfiguration serviceClusterIPs,
 * serviceExternalIPs, serviceLoadBalancerIPs), as confd's route generator decides them
 * (projectcalico/calico confd/pkg/backends/calico/routes.go): every node advertises the configured
 * CIDRs; a service with externalTrafficPolicy Local is also advertised as /32s (its cluster IP,
 * its external and LB IPs inside the configured ranges) by the nodes holding one of its endpoints
 * (advertiseThisService: "For Local services, only advertise if we have local endpoints").
 * A peer (the ToR) that hears one prefix from several nodes installs an ECMP route.
 */
import { cidrContains, parseCidr, type ParsedCidr } from '../../model/cidr';
import type { Dataplane } from '../dataplane';

export interface AdvertisedPrefix {
  dst: ParsedCidr;
  /** The nodes advertising it, in document order. */
  nodes: string[];
}

/** What the given nodes advertise, most specific last (as BIRD would export them). */
export function advertisedServicePrefixes(dp: Dataplane, nodes: readonly string[]): AdvertisedPrefix[] {
  const { cni } = dp.topology.cluster;
  const bgp = cni.plugin === 'calico' && cni.mode === 'bgp' ? cni.bgp : undefined;
  if (!bgp || nodes.length === 0) return [];
  const ranges = (l?: { cidr: string }[]) => (l ?? []).map((x) => parseCidr(x.cidr)).filter((c): c is ParsedCidr => c !== undefined);
  const clusterIPs = ranges(bgp.serviceClusterIPs);
  const externalIPs = ranges(bgp.serviceExternalIPs);
  const lbIPs = ranges(bgp.serviceLoadBalancerIPs);
  const out = new Map<string, AdvertisedPrefix>();
  const advertise = (dst: ParsedCidr, by: readonly string[]) => {
    const key = `${dst.base}/${dst.bits}`;
    const p = out.get(key) ?? { dst, nodes: [] };
    for (const n of by) if (!p.nodes.includes(n)) p.nodes.push(n);
    out.set(key, p);
  };
  for (const c of [...clusterIPs, ...externalIPs, ...lbIPs]) advertise(c, nodes);
  const inAny = (cs: ParsedCidr[], ip: number) => cs.some((c) => cidrContains(c, ip));
  for (const sp of dp.servicePorts) {
    if (sp.svc.externalTrafficPolicy !== 'Local') continue;
    const withEndpoints = nodes.filter((n) => sp.endpoints.some((e) => e.node === n));
    if (withEndpoints.length === 0) continue;
    const ips = [
      ...(clusterIPs.length > 0 ? [sp.clusterIP] : []),
      ...sp.externalIPs.filter((ip) => inAny(externalIPs, ip)),
      ...sp.lbIPs.filter((ip) => inAny(lbIPs, ip)),
    ];
    for (const ip of ips) advertise({ base: ip, bits: 32 }, withEndpoints);
  }
  return [...out.values()].sort((a, b) => a.dst.bits - b.dst.bits);
}
