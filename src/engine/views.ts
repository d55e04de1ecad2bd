/**
 * What a node's own tools would print: `ip route`, `iptables-save`, `ipvsadm -Ln`,
 * `conntrack -L`, rendered from the compiled state (and, for conntrack, a trace's entries).
 */
import { intToIp } from '../model/cidr';
import type { Trace } from '../model';
import type { Dataplane, Netns, Route } from './dataplane';
import { tableText } from './netfilter/render';

export const VIEW_KINDS = ['routes', 'iptables', 'ipvs', 'conntrack', 'bpf', 'ipset'] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

const cidr = (r: Route) => (r.dst.bits === 0 ? 'default' : r.dst.bits === 32 ? intToIp(r.dst.base) : `${intToIp(r.dst.base)}/${r.dst.bits}`);

/** `ip route` (main table) for a namespace. */
export function routesText(ns: Netns): string {
  const lines = ns.routes.map((r) => {
    const parts = [r.type === 'blackhole' ? `blackhole ${cidr(r)}` : cidr(r)];
    if (r.via !== undefined) parts.push(`via ${intToIp(r.via)}`);
    if (r.type !== 'blackhole') parts.push(`dev ${r.dev}`);
    if (r.proto) parts.push(`proto ${r.proto}`);
    if (r.scope) parts.push(`scope ${r.scope}`);
    if (r.src !== undefined) parts.push(`src ${intToIp(r.src)}`);
    if (r.onlink) parts.push('onlink');
    return parts.join(' ');
  });
  const dummy = ns.devices.get('kube-ipvs0');
  if (dummy && dummy.addrs.length > 0) {
    lines.push(`# ip route show table local | grep kube-ipvs0  (${dummy.addrs.length} service addresses bound on kube-ipvs0)`);
    for (const a of dummy.addrs.slice(0, 50)) lines.push(`local ${intToIp(a.ip)} dev kube-ipvs0 proto kernel scope host src ${intToIp(a.ip)}`);
    if (dummy.addrs.length > 50) lines.push(`# … ${dummy.addrs.length - 50} more`);
  }
  return lines.join('\n');
}

/** `ipvsadm -Ln`. */
export function ipvsText(ns: Netns): string {
  const lines = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn'];
  const vss = [...(ns.ipvs?.vs.values() ?? [])].sort((a, b) => a.ip - b.ip || a.port - b.port);
  for (const vs of vss) {
    lines.push(`${vs.proto.padEnd(4)} ${intToIp(vs.ip)}:${vs.port} ${vs.scheduler}`);
    for (const r of vs.reals) lines.push(`  -> ${`${intToIp(r.ip)}:${r.port}`.padEnd(28)} ${'Masq'.padEnd(7)} ${String(r.weight).padEnd(6)} ${'0'.padEnd(10)} 0`);
  }
  return lines.join('\n');
}

function ipsetText(ns: Netns): string {
  const out: string[] = [];
  const show = (k: string) => k.replace(/(^|,)(\d{5,10})(?=,|$)/g, (_m, pre: string, n: string) => `${pre}${intToIp(Number(n))}`);
  for (const s of ns.ipsets?.values() ?? []) {
    out.push(`Name: ${s.name}`, `Type: ${s.type}`, `Header: family inet comment "${s.comment}"`, 'Members:');
    for (const e of s.entries) out.push(s.type === 'bitmap:port' ? e : show(e));
    out.push('');
  }
  return out.join('\n');
}

function conntrackText(t: Trace | undefined, nsId: string): string {
  if (!t) return '# conntrack -L shows entries after a trace: pass --from/--to to trace a connection first';
  const entries = t.conntrack.filter((c) => c.ns === nsId);
  const lines = entries.map((c) => `${c.proto.padEnd(6)} ${c.proto === 'tcp' ? '6 118 SYN_SENT ' : c.proto === 'udp' ? '17 29 ' : '1 29 '}${c.orig} [UNREPLIED] ${c.reply} mark=0 use=1`);
  lines.push(`conntrack v1.4.7 (conntrack-tools): ${entries.length} flow entries have been shown.`);
  return lines.join('\n');
}

/**
 * Renders one view of node `nodeName` (or any namespace id, e.g. "pod:default/x").
 * @example renderView(dp, 'ap-southeast-1.10.0.0.180', 'ipvs')
 */
export function renderView(dp: Dataplane, nodeName: string, what: ViewKind, trace?: Trace): string {
  const id = nodeName.includes(':') ? nodeName : `node:${nodeName}`;
  const ns = dp.ns(id);
  if (!ns) throw new Error(`no node ${nodeName} in the topology (nodes: ${dp.topology.nodes.map((n) => n.name).join(', ')})`);
  ns.prepareAll?.();
  switch (what) {
    case 'routes':
      return routesText(ns);
    case 'iptables':
      return [ns.filter ? tableText(ns.filter) : '', ns.nat ? tableText(ns.nat) : ''].filter(Boolean).join('\n') || '# no iptables rules in this namespace';
    case 'ipvs':
      return ns.ipvs ? ipvsText(ns) : `# kube-proxy runs in ${dp.topology.cluster.kubeProxy.mode} mode: no IPVS table on ${nodeName}`;
    case 'ipset':
      return ns.ipsets ? ipsetText(ns) : '# no ipsets (kube-proxy is not in IPVS mode)';
    case 'conntrack':
      return conntrackText(trace, id);
    case 'bpf':
      return `# no eBPF service map on ${nodeName}: ${dp.topology.cluster.cni.plugin} ${dp.topology.cluster.cni.mode} with kube-proxy ${dp.topology.cluster.kubeProxy.mode} resolves services in the kernel's netfilter/IPVS`;
  }
}
