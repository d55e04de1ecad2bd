/**
 * What a node's own tools would print: `ip route`, `ip -d link`, `ip addr`, `iptables-save`, `ipvsadm -Ln`,
 * `conntrack -L`, `sysctl`, rendered from the compiled state (and, for conntrack, a trace's entries).
 */
import { intToIp } from '../model/cidr';
import type { Trace } from '../model';
import type { Dataplane, Netns, Route } from './dataplane';
import { tableText } from './netfilter/render';
import { ebpfHandlesExternal } from './cni/terway';
import { ipAddrText, ipLinkText } from './ip-link';
import { namespaceOf } from './namespace-of';
import { routerId } from '../model/element-id';
import { SETS } from './proxy/ipvs';
import { setId } from './netfilter/table';

export const VIEW_KINDS = ['routes', 'rules', 'iptables', 'ipvs', 'ipset', 'conntrack', 'bpf', 'eni', 'bgp', 'link', 'addr', 'sysctl'] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

const cidr = (r: Route) => (r.dst.bits === 0 ? 'default' : r.dst.bits === 32 ? intToIp(r.dst.base) : `${intToIp(r.dst.base)}/${r.dst.bits}`);

const routeLine = (r: Route) => {
  // ECMP, as `ip route` prints a multipath route: the prefix, then one nexthop line per path.
  if (r.nexthops)
    return [[cidr(r), ...(r.proto ? [`proto ${r.proto}`] : [])].join(' '), ...r.nexthops.map((h) => `\tnexthop via ${intToIp(h)} dev ${r.dev} weight 1`)].join(
      '\n',
    );
  const parts = [r.type === 'blackhole' ? `blackhole ${cidr(r)}` : cidr(r)];
  if (r.via !== undefined) parts.push(`via ${intToIp(r.via)}`);
  if (r.type !== 'blackhole') parts.push(`dev ${r.dev}`);
  if (r.proto) parts.push(`proto ${r.proto}`);
  if (r.scope) parts.push(`scope ${r.scope}`);
  if (r.src !== undefined) parts.push(`src ${intToIp(r.src)}`);
  if (r.onlink) parts.push('onlink');
  return parts.join(' ');
};

/** `sysctl -a`, the settings the walk reads (and route_localnet, which kube-proxy sets for localhost NodePorts). */
export function sysctlText(ns: Netns): string {
  const s = ns.sysctl;
  const rp = { off: 0, strict: 1, loose: 2 }[s.rpFilter];
  return [
    `net.ipv4.ip_forward = ${s.ipForward ? 1 : 0}`,
    `net.ipv4.conf.all.rp_filter = ${rp}`,
    `net.ipv4.conf.all.route_localnet = ${s.routeLocalnet ? 1 : 0}`,
    `net.bridge.bridge-nf-call-iptables = ${s.bridgeNfCallIptables ? 1 : 0}`,
  ].join('\n');
}

/** `ip rule` and every policy table (`ip route show table N`). */
export function rulesText(ns: Netns): string {
  const lines = ['0:\tfrom all lookup local'];
  const sel = (c?: { base: number; bits: number }) => (c ? (c.bits === 32 ? intToIp(c.base) : `${intToIp(c.base)}/${c.bits}`) : 'all');
  for (const r of ns.rules ?? [])
    lines.push(`${r.priority}:\tfrom ${sel(r.from)}${r.to ? ` to ${sel(r.to)}` : ''} lookup ${r.table === 254 ? 'main' : r.table}`);
  lines.push('32766:\tfrom all lookup main', '32767:\tfrom all lookup default');
  for (const [id, routes] of ns.tables ?? []) {
    lines.push('', `# ip route show table ${id}`, ...routes.map(routeLine));
  }
  return lines.join('\n');
}

/** `ip route` (main table) for a namespace. */
export function routesText(ns: Netns): string {
  const lines = ns.routes.map(routeLine);
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
  const lines = [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  ];
  const vss = [...(ns.ipvs?.all() ?? [])].sort((a, b) => a.ip - b.ip || a.port - b.port);
  for (const vs of vss) {
    lines.push(`${vs.proto.padEnd(4)} ${intToIp(vs.ip)}:${vs.port} ${vs.scheduler}${vs.persistent ? ` persistent ${vs.persistent}` : ''}`);
    for (const r of vs.reals)
      lines.push(`  -> ${`${intToIp(r.ip)}:${r.port}`.padEnd(28)} ${'Masq'.padEnd(7)} ${String(r.weight).padEnd(6)} ${'0'.padEnd(10)} 0`);
  }
  return lines.join('\n');
}

function ipsetText(ns: Netns): string {
  const out: string[] = [];
  const show = (k: string) => k.replace(/(^|,)(\d{5,10})(?=,|$)/g, (_m, pre: string, n: string) => `${pre}${intToIp(Number(n))}`);
  for (const [name] of SETS) {
    const s = ns.ipsets?.[setId(name)];
    if (!s) continue;
    out.push(`Name: ${s.name}`, `Type: ${s.type}`, `Header: family inet comment "${s.comment}"`, 'Members:');
    for (const e of s.entries) out.push(s.type === 'bitmap:port' ? e : show(e));
    out.push('');
  }
  return out.join('\n');
}

function conntrackText(t: Trace | undefined, nsId: string): string {
  if (!t) return '# conntrack -L shows entries after a trace: pass --from/--to to trace a connection first';
  const entries = t.conntrack.filter((c) => c.ns === nsId);
  const lines = entries.map(
    (c) =>
      `${c.proto.padEnd(6)} ${c.proto === 'tcp' ? '6 118 SYN_SENT ' : c.proto === 'udp' ? '17 29 ' : '1 29 '}${c.orig} [UNREPLIED] ${c.reply} mark=0 use=1`,
  );
  lines.push(`conntrack v1.4.7 (conntrack-tools): ${entries.length} flow entries have been shown.`);
  return lines.join('\n');
}

/** `cilium bpf lb list`: the eBPF service map Terway ipvlan-ebpf attaches to pods. */
function bpfText(dp: Dataplane, ns: Netns): string {
  const { cni } = dp.topology.cluster;
  if (!(cni.plugin === 'terway' && cni.mode === 'ipvlan-ebpf')) {
    return `# no eBPF service map: ${cni.plugin} ${cni.mode} with kube-proxy ${dp.topology.cluster.kubeProxy.mode} resolves services in netfilter/IPVS on the host`;
  }
  const external = ebpfHandlesExternal(cni.version);
  const lines = [`# cilium bpf lb list (on ${ns.id}; attached to tc of each pod's eth0)`, 'SERVICE ADDRESS          BACKEND ADDRESS'];
  for (const sp of dp.servicePorts) {
    const fronts = [
      { ip: sp.clusterIP, kind: 'ClusterIP' },
      ...(external ? [...sp.externalIPs.map((ip) => ({ ip, kind: 'ExternalIP' })), ...sp.lbIPs.map((ip) => ({ ip, kind: 'LoadBalancer' }))] : []),
    ];
    const eps = sp.endpoints.filter((e) => e.ready);
    for (const f of fronts) {
      const head = `${intToIp(f.ip)}:${sp.port.port}`.padEnd(25);
      if (eps.length === 0) lines.push(`${head}0.0.0.0:0 (no backends) [${f.kind}]`);
      eps.forEach((e, i) => lines.push(`${i === 0 ? head : ' '.repeat(25)}${intToIp(e.ip)}:${e.port} (${i + 1})${i === 0 ? ` [${f.kind}]` : ''}`));
    }
  }
  if (!external) lines.push('', `# Terway ${cni.version}: LoadBalancer and external IPs are not in the map; the host's IPVS resolves them`);
  return lines.join('\n');
}

/** `terway-cli show factory`: the node's ENIs, their MACs and the pod IPs they hold. */
function eniText(dp: Dataplane, ns: Netns): string {
  const node = ns.node ? dp.nodesByName.get(ns.node) : undefined;
  if (dp.topology.cluster.cni.plugin !== 'terway' || !node) return '# no ENIs: only Terway gives pods ENI addresses';
  const lines = [`# terway-cli show factory (${node.name}, mode ${dp.topology.cluster.cni.mode})`, `eni eth0 (primary) ip ${node.ip}`];
  for (const e of node.enis) {
    const pods = dp.topology.pods.filter((p) => p.node === node.name && p.eni === e.name && !p.hostNetwork);
    lines.push(`eni ${e.name} mac ${e.mac} ips ${pods.length}/${e.maxIPs}`);
    for (const p of pods) lines.push(`  ${p.ip.padEnd(15)} ${p.namespace}/${p.name}`);
  }
  return lines.join('\n');
}

/** `birdcl show route`: what BGP taught this node or router. */
function bgpText(dp: Dataplane, ns: Netns): string {
  const bird = ns.routes.filter((r) => r.proto === 'bird');
  if (bird.length === 0) return `# no BGP routes on ${ns.id}: ${dp.topology.cluster.cni.plugin} ${dp.topology.cluster.cni.mode} does not run BIRD here`;
  const asn = dp.topology.routers.find((r) => ns.id === routerId(r.name) || r.nodes.includes(ns.node ?? ''))?.asn;
  const lines = ['BIRD 1.6.8 ready.'];
  for (const r of bird) {
    // One line per path; BIRD marks the best with `*` and lists the other equal ones under it.
    (r.nexthops ?? [r.via]).forEach((via, i) => {
      const peer = via !== undefined ? (dp.owners.get(via)?.replace(/^(node|router):/, '') ?? intToIp(via)) : 'static';
      const proto = r.type === 'blackhole' ? 'static1' : peer.replace(/[^A-Za-z0-9]/g, '_');
      lines.push(
        `${(i === 0 ? cidr(r) : '').padEnd(19)}${r.type === 'blackhole' ? 'blackhole' : `via ${intToIp(via!)} on ${r.dev}`} [${proto}] ${i === 0 ? '*' : ' '} (100/0) [${asn ? `AS${asn}i` : 'i'}]`,
      );
    });
  }
  return lines.join('\n');
}

/**
 * Renders one view of node `nodeName` (or any namespace id, e.g. "pod:default/x").
 * @example renderView(dp, 'ap-southeast-1.10.0.0.180', 'ipvs')
 */
export function renderView(dp: Dataplane, nodeName: string, what: ViewKind, trace?: Trace): string {
  const { id, ns } = namespaceOf(dp, nodeName);
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
    case 'rules':
      return rulesText(ns);
    case 'bpf':
      return bpfText(dp, ns);
    case 'eni':
      return eniText(dp, ns);
    case 'bgp':
      return bgpText(dp, ns);
    case 'link':
      return ipLinkText(dp, ns);
    case 'addr':
      return ipAddrText(dp, ns);
    case 'sysctl':
      return sysctlText(ns);
  }
}
