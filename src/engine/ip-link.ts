/**
 * `ip -d link` and `ip addr` for one namespace, as iproute2 prints them: each device with its
 * ifindex, `NAME@ifN` for a device whose link (a veth's peer, an ipvlan slave's master) lives in
 * another namespace, and the kind details `-d` adds. The ifindexes are the modelled creation
 * order (`addDevice`): lo, eth0, the CNI's own devices, then one per pod in pod order.
 */
import { intToIp } from '../model/cidr';
import type { Dataplane, Device, Netns } from './dataplane';
import { namespaceOf } from './namespace-of';

interface Linked {
  /** What follows the name: `@if81` across namespaces, `@eth1` within one, `@NONE` for tunl0. */
  at: string;
  /** `link-netnsid N` when the link is in another namespace. */
  netnsid?: number;
}

/**
 * The kernel numbers a peer namespace per namespace that looks at it (`ip netns list-id`): the
 * first namespace a device links to gets 0, the next 1, in device order.
 */
function netnsIds(ns: Netns): Map<string, number> {
  const ids = new Map<string, number>();
  for (const d of ns.devices.values()) {
    const other = d.peer?.ns ?? d.ipvlanMaster?.ns;
    if (other && other !== ns.id && !ids.has(other)) ids.set(other, ids.size);
  }
  return ids;
}

function linkOf(dp: Dataplane, ns: Netns, d: Device, ids: Map<string, number>): Linked | undefined {
  if (d.kind === 'ipip') return { at: '@NONE' };
  const link = d.peer ?? d.ipvlanMaster;
  if (!link) return undefined;
  if (link.ns === ns.id) return { at: `@${link.dev}` };
  // The peer's ifindex is its own namespace's: read it there (compiling it if need be).
  const index = dp.ns(link.ns)?.devices.get(link.dev)?.ifindex;
  return { at: index === undefined ? '@NONE' : `@if${index}`, netnsid: ids.get(link.ns) };
}

function flags(d: Device): string {
  if (d.kind === 'loopback') return d.up ? 'LOOPBACK,UP,LOWER_UP' : 'LOOPBACK';
  // kube-ipvs0 is a dummy kube-proxy never sets up: addresses bound, no traffic through it.
  if (d.kind === 'dummy') return d.up ? 'BROADCAST,NOARP,UP,LOWER_UP' : 'BROADCAST,NOARP';
  if (d.kind === 'ipip') return d.up ? 'NOARP,UP,LOWER_UP' : 'NOARP';
  const base = d.kind === 'ipvlan' ? 'BROADCAST,MULTICAST,NOARP' : 'BROADCAST,MULTICAST';
  return d.up ? `${base},UP,LOWER_UP` : base;
}

function state(d: Device): string {
  if (!d.up) return 'DOWN';
  // Devices without a carrier of their own report UNKNOWN (iproute2's operstate).
  return d.kind === 'loopback' || d.kind === 'vxlan' || d.kind === 'ipip' || d.kind === 'ipvlan' ? 'UNKNOWN' : 'UP';
}

function qdisc(d: Device): string {
  if (!d.up) return 'noop';
  return d.kind === 'ether' ? 'mq' : 'noqueue';
}

function header(d: Device, l: Linked | undefined, withMode: boolean): string {
  const master = d.master ? ` master ${d.master}` : '';
  const qlen = d.kind === 'ether' || d.kind === 'loopback' || d.kind === 'bridge' ? ' qlen 1000' : '';
  return `${d.ifindex}: ${d.name}${l?.at ?? ''}: <${flags(d)}> mtu ${d.mtu} qdisc ${qdisc(d)}${master} state ${state(d)}${withMode ? ' mode DEFAULT' : ''} group default${qlen}`;
}

function linkLine(d: Device, l: Linked | undefined): string {
  const netns = l?.netnsid !== undefined ? ` link-netnsid ${l.netnsid}` : '';
  if (d.kind === 'loopback') return '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00';
  if (d.kind === 'ipip') return `    link/ipip 0.0.0.0 brd 0.0.0.0${netns}`;
  return `    link/ether ${d.mac} brd ff:ff:ff:ff:ff:ff${netns}`;
}

/** The kind's own attributes, the lines `ip -d` adds under the link line. */
function details(ns: Netns, d: Device): string[] {
  switch (d.kind) {
    case 'veth':
      // Flannel's bridge plugin turns hairpin on for each port (flannel's CNI passes hairpinMode: true).
      return d.master ? ['    veth', `    bridge_slave state forwarding priority 32 cost 2 hairpin on`] : ['    veth'];
    case 'bridge':
      return ['    bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0'];
    case 'vxlan': {
      const v = d.vxlan!;
      const dev = ns.local.get(v.local) ?? 'eth0';
      return [`    vxlan id ${v.vni} local ${intToIp(v.local)} dev ${dev} srcport 0 0 dstport ${v.port} nolearning ttl auto ageing 300`];
    }
    case 'ipip':
      // Calico uses the fallback tunnel tunl0, which has no fixed endpoints.
      return ['    ipip any remote any local any ttl inherit nopmtudisc'];
    case 'ipvlan':
      // Terway creates its slaves in L2 mode (plugin/driver/ipvlan/ipvlan.go: netlink.IPVLAN_MODE_L2).
      return ['    ipvlan  mode l2 bridge'];
    case 'dummy':
      return ['    dummy'];
    default:
      return [];
  }
}

/** `ip -d link show` for a namespace. */
export function ipLinkText(dp: Dataplane, ns: Netns): string {
  const ids = netnsIds(ns);
  const lines: string[] = [];
  for (const d of ns.devices.values()) {
    const l = linkOf(dp, ns, d, ids);
    lines.push(header(d, l, true), linkLine(d, l), ...details(ns, d));
  }
  return lines.join('\n');
}

/** `ip addr show` for a namespace. */
export function ipAddrText(dp: Dataplane, ns: Netns): string {
  const ids = netnsIds(ns);
  const lines: string[] = [];
  for (const d of ns.devices.values()) {
    const l = linkOf(dp, ns, d, ids);
    lines.push(header(d, l, false), linkLine(d, l));
    d.addrs.forEach((a, i) => {
      const size = 2 ** (32 - a.bits);
      const brd = a.bits < 31 && d.kind !== 'loopback' ? ` brd ${intToIp(a.ip - (a.ip % size) + size - 1)}` : '';
      const scope = d.kind === 'loopback' ? 'host' : 'global';
      // A second address in the same subnet is a secondary (the first one is the primary).
      const secondary = d.addrs.slice(0, i).some((b) => b.bits === a.bits && b.ip - (b.ip % size) === a.ip - (a.ip % size)) ? ' secondary' : '';
      lines.push(`    inet ${intToIp(a.ip)}/${a.bits}${brd} scope ${scope}${secondary} ${d.name}`, '       valid_lft forever preferred_lft forever');
    });
  }
  return lines.join('\n');
}

/** A device as the canvas's interface legend lists it: what `ip -br addr` shows, with the link `ip link` prints after the name. */
export interface Interface {
  name: string;
  ifindex: number;
  /** What follows the name in `ip link`: `if7` (a peer in another namespace), `eth1` (in this one) or `NONE`. */
  link?: string;
  /** Its addresses in CIDR form, primary first. */
  addrs: string[];
  mtu: number;
  up: boolean;
}

/** The devices of a namespace in ifindex order, from the same state `ip link` and `ip addr` print. */
export function interfacesOf(dp: Dataplane, ns: Netns): Interface[] {
  const ids = netnsIds(ns);
  return [...ns.devices.values()].map((d) => {
    const l = linkOf(dp, ns, d, ids);
    return {
      name: d.name,
      ifindex: d.ifindex,
      ...(l ? { link: l.at.slice(1) } : {}),
      addrs: d.addrs.map((a) => `${intToIp(a.ip)}/${a.bits}`),
      mtu: d.mtu,
      up: d.up,
    };
  });
}

/**
 * The devices of node `nodeName` (or of any namespace id) for the interface legend. Here, not in
 * views.ts: the worker loads this module alone, without the CNI plugins' modules views.ts imports.
 */
export const nodeInterfaces = (dp: Dataplane, nodeName: string): Interface[] => interfacesOf(dp, namespaceOf(dp, nodeName).ns);
