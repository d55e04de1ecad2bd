/**
 * The portmap CNI plugin (containernetworking/plugins plugins/meta/portmap), chained after the
 * main plugin by Flannel's and Calico's default conflists: kubelet hands it the pod's hostPorts
 * as the `portMappings` capability, and it writes nat rules that DNAT nodeIP:hostPort to
 * podIP:containerPort. Terway's default 10-terway.conf is a single plugin, so it writes nothing.
 */
import { intToIp, ipToInt, parseCidr } from '../../model/cidr';
import type { CniPlugin, Pod } from '../../model';
import { podRef } from '../../model/topology';
import { sha256, utf8 } from '../hash';
import { addRule, type L4, type Table } from '../netfilter/table';
import { containerId } from '../names';

/** The CNI network name of each conflist that chains portmap; a plugin absent here chains none. */
export const PORTMAP_NETWORK: Partial<Record<CniPlugin, string>> = { flannel: 'cbr0', calico: 'k8s-pod-network' };

/** portmap.go: TopLevelDNATChainName, SetMarkChainName, MarkMasqChainName (never renamed upstream). */
export const HOSTPORT_DNAT = 'CNI-HOSTPORT-DNAT';
const SETMARK = 'CNI-HOSTPORT-SETMARK';
const MASQ = 'CNI-HOSTPORT-MASQ';
/** portmap's default markMasqBit is 13 (main.go), clear of kube-proxy's 0x4000. */
const MASQ_MARK = 1 << 13;

/** One mapping as kubelet passes it in runtimeConfig.portMappings. */
export interface PortMapping {
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
  hostIP?: string;
}

export function portMappings(pod: Pod): PortMapping[] {
  if (pod.hostNetwork) return [];
  return pod.ports.flatMap((c) =>
    c.hostPort === undefined
      ? []
      : [
          {
            hostPort: c.hostPort,
            containerPort: c.containerPort,
            protocol: c.protocol.toLowerCase() as PortMapping['protocol'],
            ...(c.hostIP ? { hostIP: c.hostIP } : {}),
          },
        ],
  );
}

/**
 * utils.FormatChainNameWithPrefix: "CNI-" + "DN-" + hex(hash(netName + containerID)), cut to 28.
 * Upstream hashes with SHA-512; the engine carries SHA-256 only, so the hex differs, not the shape.
 */
export function dnatChainName(netName: string, cid: string): string {
  const hex = Array.from(sha256(utf8(netName + cid)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `CNI-DN-${hex}`.slice(0, 28);
}

/** Writes what portmap's ADD leaves in the node's nat table for each of `pods` that maps a hostPort. */
export function writePortmap(nat: Table, plugin: CniPlugin, pods: Pod[]): void {
  const net = PORTMAP_NETWORK[plugin];
  if (!net) return;
  const mapped = pods.map((p) => ({ p, maps: portMappings(p) })).filter((x) => x.maps.length > 0);
  // main.go: an ADD without portMappings passes prevResult through and touches no chain.
  if (mapped.length === 0) return;
  const o = 'cni' as const;
  const local = { dstType: 'LOCAL' as const };
  // genMarkMasqChain: prependEntry, so the masquerade comes before the bridge plugin's and kube-proxy's.
  addRule(nat, 'POSTROUTING', { comment: 'CNI portfwd requiring masquerade' }, { t: 'jump', chain: MASQ }, o, -1);
  addRule(nat, MASQ, { mark: { value: MASQ_MARK, mask: MASQ_MARK } }, { t: 'MASQUERADE' }, o);
  addRule(nat, SETMARK, { comment: 'CNI portfwd masquerade mark' }, { t: 'MARK', op: 'or', value: MASQ_MARK }, o);
  // genToplevelDnatChain: appended to PREROUTING and OUTPUT, after kube-proxy's prepended KUBE-SERVICES jump.
  addRule(nat, 'PREROUTING', local, { t: 'jump', chain: HOSTPORT_DNAT }, o);
  addRule(nat, 'OUTPUT', local, { t: 'jump', chain: HOSTPORT_DNAT }, o);
  for (const { p, maps } of mapped) {
    const cid = containerId(podRef(p));
    const chain = dnatChainName(net, cid);
    const comment = `dnat name: \\"${net}\\" id: \\"${cid}\\"`;
    const podIp = ipToInt(p.ip);
    // fillDnatRules' entry rules: one per protocol (a multiport list upstream; one --dport each here).
    for (const m of maps) addRule(nat, HOSTPORT_DNAT, { proto: m.protocol as L4, comment, dport: m.hostPort }, { t: 'jump', chain }, o);
    // fillDnatRules: per mapping, mark hairpin (from the pod itself) and localhost for masquerade, then DNAT.
    for (const m of maps) {
      const base = { proto: m.protocol as L4, dport: m.hostPort, ...(m.hostIP ? { dst: parseCidr(`${m.hostIP}/32`)! } : {}) };
      addRule(nat, chain, { ...base, src: { base: podIp, bits: 32 } }, { t: 'jump', chain: SETMARK }, o);
      addRule(nat, chain, { ...base, src: parseCidr('127.0.0.1/32')! }, { t: 'jump', chain: SETMARK }, o);
      addRule(nat, chain, base, { t: 'DNAT', ip: podIp, port: m.containerPort }, o);
    }
  }
}

/** What the CNI call view says portmap did for `pod`. */
export function portmapEffects(net: string, pod: Pod): string[] {
  const chain = dnatChainName(net, containerId(podRef(pod)));
  return portMappings(pod).map(
    (m) => `${HOSTPORT_DNAT} → ${chain}: ${m.protocol} ${m.hostIP ?? '*'}:${m.hostPort} DNAT to ${intToIp(ipToInt(pod.ip))}:${m.containerPort}`,
  );
}
