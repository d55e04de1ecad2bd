/**
 * Tunnels: encapsulation on a tunnel device (flannel.1 / vxlan.calico VXLAN, Calico's tunl0
 * IP-in-IP), after which the host routes the outer packet, and decapsulation where the outer
 * packet is delivered to the tunnel's endpoint.
 */
import { intToIp } from '../model/cidr';
import type { Device, Netns } from './dataplane';
import { newAcc, type Acc, type End, type Visit } from './hop';
import { addr, newPkt, type Pkt } from './packet';
import { because } from './said';
import type { Walker } from './walk';

/** Wraps `inner` for the peer behind `nextHop` and sends the outer packet out of this host as a new one. */
export function encapsulate(w: Walker, ns: Netns, dev: Device, inner: Pkt, nextHop: number, a: Acc): End {
  // NOTE: the outer packet a tunnel made, routed out of that tunnel again (a default route via tunl0, say):
  // the kernel finds the route's device is the tunnel itself and drops it (ip_tunnel_xmit and vxlan_xmit_one:
  // "rt->dst.dev == dev", counted as a collision), instead of encapsulating without end.
  if (inner.inner && inner.src === (dev.ipip?.local ?? dev.vxlan?.local)) {
    const h = w.hop(ns.id, dev.name, 'out', inner, a, ns.node);
    return w.end('dropped', because('tunnelLoop', { dev: dev.name, ip: intToIp(inner.dst) }), h);
  }
  let remote: number | undefined;
  let outer: Pkt;
  if (dev.kind === 'ipip') {
    remote = nextHop;
    outer = newPkt({ src: dev.ipip!.local, dst: remote, sport: 0, dport: 0, proto: 'IPIP', size: inner.size + 20, df: inner.df, inner });
    a.rewrites.push({
      type: 'ENCAP',
      from: `${addr(inner.src, inner.sport, inner.proto)} → ${addr(inner.dst, inner.dport, inner.proto)}`,
      to: `outer ${intToIp(outer.src)} → ${intToIp(remote)} IPIP (protocol 4)`,
      by: `${dev.name} (IP-in-IP to the peer node, route via ${intToIp(nextHop)} onlink)`,
    });
  } else {
    remote = ns.vxlanFdb?.get(nextHop);
    if (remote === undefined || !dev.vxlan) {
      const h = w.hop(ns.id, dev.name, 'out', inner, a, ns.node);
      return w.end('dropped', because('noFdbEntry', { dev: dev.name, ip: intToIp(nextHop) }), h);
    }
    outer = newPkt({
      src: dev.vxlan.local,
      dst: remote,
      sport: 40000 + (inner.sport % 20000),
      dport: dev.vxlan.port,
      proto: 'UDP',
      size: inner.size + 50,
      df: false,
      inner,
    });
    a.rewrites.push({
      type: 'ENCAP',
      from: `${addr(inner.src, inner.sport, inner.proto)} → ${addr(inner.dst, inner.dport, inner.proto)}`,
      to: `outer ${intToIp(outer.src)} → ${intToIp(remote)} UDP ${dev.vxlan.port} VNI ${dev.vxlan.vni}`,
      by: `${dev.name} (VXLAN, fdb ${intToIp(nextHop)} → ${intToIp(remote)})`,
    });
  }
  w.hop(ns.id, dev.name, 'out', outer, a, ns.node);
  return w.originate(ns, outer);
}

/** Unwraps an outer packet that reached its tunnel's endpoint and walks the inner one on; undefined when `pkt` is no tunnel's. */
export function decapsulate(w: Walker, ns: Netns, pkt: Pkt, visit: Visit): End | undefined {
  // IP-in-IP: protocol 4 reaching a host with a tunl0 is decapsulated onto it.
  if (pkt.inner && pkt.proto === 'IPIP') {
    const tun = [...ns.devices.values()].find((d) => d.kind === 'ipip');
    if (tun) {
      if (visit.isNew) w.ct.confirm(ns, visit.orig, pkt);
      const inner = pkt.inner;
      const a = newAcc();
      a.rewrites.push({
        type: 'DECAP',
        from: `outer ${intToIp(pkt.src)} → ${intToIp(pkt.dst)} IPIP`,
        to: `${addr(inner.src, inner.sport, inner.proto)} → ${addr(inner.dst, inner.dport, inner.proto)}`,
        by: `${tun.name} (IP-in-IP)`,
      });
      w.hop(ns.id, tun.name, 'in', inner, a, ns.node);
      return w.ipIn(ns, tun.name, inner, false);
    }
  }
  // VXLAN: the outer UDP packet reaches the VTEP's port and is decapsulated onto flannel.1.
  if (pkt.inner && pkt.proto === 'UDP') {
    const vtep = [...ns.devices.values()].find((d) => d.kind === 'vxlan' && d.vxlan?.port === pkt.dport);
    if (vtep) {
      if (visit.isNew) w.ct.confirm(ns, visit.orig, pkt);
      const inner = pkt.inner;
      const a = newAcc();
      a.rewrites.push({
        type: 'DECAP',
        from: `outer ${intToIp(pkt.src)} → ${intToIp(pkt.dst)} UDP ${pkt.dport}`,
        to: `${addr(inner.src, inner.sport, inner.proto)} → ${addr(inner.dst, inner.dport, inner.proto)}`,
        by: `${vtep.name} (VXLAN VNI ${vtep.vxlan!.vni})`,
      });
      w.hop(ns.id, vtep.name, 'in', inner, a, ns.node);
      return w.ipIn(ns, vtep.name, inner, false);
    }
  }
  return undefined;
}
