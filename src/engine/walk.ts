/**
 * The kernel walk: moves one connection's first packet through the compiled namespaces hook
 * by hook (PREROUTING, routing, INPUT/FORWARD, IPVS, POSTROUTING), across veths, bridges and
 * tunnels, then walks the server's reply back the same way. Conntrack (conntrack.ts), the eBPF
 * service LB (proxy/ebpf.ts) and the hops outside the nodes (cloud/hops.ts) are their own modules.
 * Every outcome follows from the dataplane's state; nothing here knows a scenario.
 */
import { intToIp } from '../model/cidr';
import type { Hop, Pod, Reason, Verdict } from '../model';
import type { Dataplane, Device, Netns, Route } from './dataplane';
import { lookupRoute, lpm, masqueradeSource, peerAt } from './netns';
import { pickNexthop } from './ecmp';
import { NetfilterHooks, ruleWhy } from './netfilter/hooks';
import { ruleText } from './netfilter/render';
import { vsKey } from './proxy/ipvs-table';
import { fmtRoute, shownOf } from './shown';
import { EbpfServiceLb } from './proxy/ebpf';
import { CloudHops } from './cloud/hops';
import { forkModule } from './fork/lazy';
import { showChoices, type Offer } from './choices';
import { Conntrack, ctTranslate } from './conntrack';
import { encapsulate, decapsulate } from './tunnel';
import { dnat, newAcc, newAffinity, note, type Acc, type Affinity, type Chooser, type OptionClasses, type Client, type End, type Visit } from './hop';
import { addr, copyPkt, invert, newPkt, sameTuple, tupleOf, ViewMemo, type Pkt } from './packet';
import { buildHost } from './compile';
import { enforcer, podBehind } from './policy';
import { enforcePolicy, noteUnenforced } from './policy-walk';
import { allOf, because, wordReason } from './said';
import { externalId } from '../model/element-id';

const MAX_STEPS = 256;
/**
 * One trace's walk. The members the other walk modules call back into (hop, end, ingress, ipIn,
 * policy, stepGuard, ct, dp) are public; the engine's API (index.ts) does not export the class.
 */
export class Walker {
  hops: Hop[] = [];
  readonly ct = new Conntrack();
  private readonly netfilter: NetfilterHooks;
  // Made when a namespace with eBPF first needs it (Terway's ipvlan mode): most traces meet none.
  private ebpfLb: EbpfServiceLb | undefined;
  readonly cloud = new CloudHops(this);
  /** Faults the packet met (a deleted route it would have taken), for the reason. */
  readonly faults: Reason[] = [];
  phase: 'request' | 'reply' | 'error' = 'request';
  /** Kernel protocol stacks the request was processed by, in order (pods and nodes). */
  readonly stacks: string[] = [];
  client!: Client;
  private steps = 0;
  /** Anonymous internet hosts, made when a trace first meets one. */
  private hosts: Map<string, Netns> | undefined;
  private readonly views = new ViewMemo();

  constructor(
    readonly dp: Dataplane,
    private readonly choose: Chooser,
    private readonly affinity: Affinity = newAffinity(),
  ) {
    this.netfilter = new NetfilterHooks((o, c) => choose(o, c ?? (() => forkModule().endpointClassesAt(this, o))), affinity);
  }

  /** A namespace by id, including anonymous internet hosts made on the fly. */
  ns(id: string): Netns | undefined {
    return this.dp.ns(id) ?? this.hosts?.get(id);
  }

  anonymousHost(ip: number): Netns {
    const id = externalId(intToIp(ip));
    this.hosts ??= new Map();
    let h = this.hosts.get(id);
    if (!h) {
      h = buildHost(id, ip, 'internet');
      this.hosts.set(id, h);
    }
    return h;
  }

  // ---- hops -------------------------------------------------------------------------

  hop(ns: string, device: string | null, dir: Hop['dir'], pkt: Pkt, a?: Acc, node?: string): Hop {
    const h: Hop = { seq: this.hops.length + 1, ns, device, dir, packet: this.views.of(pkt) };
    if (node) h.node = node;
    if (a) {
      // What the namespace did goes to the hop, and `a` starts again empty.
      if (a.r) h.rewrites = a.r;
      if (a.choices) showChoices(h, a.choices);
      if (a.m) h.matched = a.m;
      if (a.n) note(h, allOf(a.n));
      a.r = a.m = a.n = a.choices = undefined;
    }
    this.hops.push(h);
    return h;
  }

  end(kind: Exclude<Verdict, 'delivered'>, why: Reason, at: Hop, error?: { ns: string; pkt: Pkt }): End {
    const reason = wordReason(why);
    at.drop = { verdict: kind, reason, why };
    // Errors about errors are never sent (RFC 1122), and only the request's failure is answered.
    const answer = error && this.phase === 'request' ? error : undefined;
    return answer ? { kind, reason, why, ns: at.ns, error: answer } : { kind, reason, why, ns: at.ns };
  }

  /** The ICMP error (or TCP reset) a namespace sends back about `orig`. */
  private errorFor(ns: Netns, orig: Pkt, err: NonNullable<Pkt['err']>): { ns: string; pkt: Pkt } {
    if (err === 'rst')
      return {
        ns: ns.id,
        pkt: newPkt({ src: orig.dst, sport: orig.dport, dst: orig.src, dport: orig.sport, proto: 'TCP', size: 40, df: true, err }),
      };
    // icmp_send: the original destination when it is local, else the address facing the sender.
    const back = lookupRoute(ns, orig.src, orig.dst);
    const src = ns.local.has(orig.dst) ? orig.dst : ((back && masqueradeSource(ns, back.dev, back.via ?? orig.src)) ?? orig.dst);
    return { ns: ns.id, pkt: newPkt({ src, sport: 0, dst: orig.src, dport: 0, proto: 'ICMP', size: 56, df: false, err, embedded: tupleOf(orig) }) };
  }

  stepGuard(nsId: string, pkt: Pkt): End | undefined {
    if (++this.steps <= MAX_STEPS) return undefined;
    const h = this.hop(nsId, null, null, pkt);
    return this.end('dropped', because('routingLoop', { max: MAX_STEPS }), h);
  }

  /**
   * The first hook a packet meets in a namespace: conntrack (a known connection is translated
   * as recorded), then, for a new connection, the nat chain (`PREROUTING` or `OUTPUT`).
   */
  private conntrackThenNat(ns: Netns, pkt: Pkt, a: Acc, chain: 'PREROUTING' | 'OUTPUT', inIface?: string, physdevIn?: boolean): Visit {
    const orig = tupleOf(pkt);
    let isNew = !pkt.err;
    if (ns.conntrack) {
      const m = this.ct.find(ns, orig, pkt.embedded);
      if (m) {
        isNew = false;
        ctTranslate(pkt, m, a);
      }
    }
    if (isNew && ns.nat) {
      const r = this.netfilter.run(ns, 'nat', chain, pkt, true, a, inIface, undefined, physdevIn);
      pkt.mark = r.mark;
      if (r.nat?.type === 'DNAT') dnat(pkt, r.nat.ip, r.nat.port, ruleText(r.nat.rule), a);
    }
    return { orig, isNew };
  }

  // ---- entry points -------------------------------------------------------------------

  /** A load-balancing choice made outside the kernel (an L7 proxy's upstream pick). */
  pick(options: Offer, classes?: () => OptionClasses): number {
    return this.choose(options, classes);
  }

  private enterStack(ns: Netns): void {
    if (this.phase !== 'request' || (ns.kind !== 'pod' && ns.kind !== 'node')) return;
    if (this.stacks[this.stacks.length - 1] !== ns.id) this.stacks.push(ns.id);
  }

  /** A packet generated by a socket in namespace `at` (a handle, or its id) (OUTPUT path). */
  originate(at: Netns | string, pkt: Pkt): End {
    const ns = typeof at === 'string' ? this.ns(at)! : at;
    prep(ns, pkt);
    this.enterStack(ns);
    const a = newAcc();
    const { orig, isNew } = this.conntrackThenNat(ns, pkt, a, 'OUTPUT');
    if (ns.local.has(pkt.dst)) {
      // Loopback: the packet re-enters this namespace's input path (e.g. a service IP on kube-ipvs0).
      a.notes.push(because('localDelivery', { dst: intToIp(pkt.dst), dev: ns.local.get(pkt.dst) ?? '' }));
      return this.localIn(ns, 'lo', pkt, { orig, isNew }, a, this.hop(ns.id, null, null, pkt, a, ns.node));
    }
    const route = lookupRoute(ns, pkt.dst, pkt.src);
    this.noteMissed(ns, pkt, route);
    if (!route || route.type === 'blackhole') {
      const h = this.hop(ns.id, null, null, pkt, a, ns.node);
      return this.end('unreachable', because('noRoute', { dst: intToIp(pkt.dst), ns: ns.id }), h);
    }
    const outDev = ns.devices.get(route.dev);
    if (pkt.proto === 'TCP' && !pkt.inner && outDev && pkt.size > outDev.mtu && this.phase === 'request' && isNew) {
      // A TCP socket sizes its segments from the route's MTU (the MSS): it never sends more.
      a.notes.push(because('tcpMss', { mtu: outDev.mtu, dev: outDev.name, mss: outDev.mtu - 40, size: pkt.size }));
      pkt.size = outDev.mtu;
    }
    if (ns.filter) {
      const r = this.netfilter.run(ns, 'filter', 'OUTPUT', pkt, isNew, a, undefined, route.dev);
      if (r.verdict !== 'ACCEPT') {
        const h = this.hop(ns.id, null, null, pkt, a, ns.node);
        return this.end(
          r.verdict === 'REJECT' ? 'refused' : 'dropped',
          because(r.verdict === 'REJECT' ? 'filterRejected' : 'filterDropped', { ns: ns.id, chain: 'OUTPUT', rule: ruleWhy(r.decidedBy, 'filter', 'OUTPUT') }),
          h,
        );
      }
    }
    return this.egress(ns, pkt, route, { orig, isNew }, a);
  }

  /** A frame arriving on `devName` of namespace `nsId`. */
  ingress(nsId: string, devName: string, pkt: Pkt): End {
    const stop = this.stepGuard(nsId, pkt);
    if (stop) return stop;
    const ns = this.ns(nsId)!;
    return this.arrive(ns, ns.devices.get(devName)!, pkt);
  }

  /** A frame arriving on device `dev` of namespace `ns`, both as handles (no lookup by name). */
  enter(ns: Netns, dev: Device, pkt: Pkt): End {
    return this.stepGuard(ns.id, pkt) ?? this.arrive(ns, dev, pkt);
  }

  private arrive(ns: Netns, dev: Device, pkt: Pkt): End {
    const devName = dev.name;
    if (!dev.up) {
      const h = this.hop(ns.id, devName, 'in', pkt, undefined, ns.node);
      return this.end('dropped', because('linkDownFix', { dev: devName, ns: ns.id }), h);
    }
    if (dev.master) return this.bridgeIn(ns, dev, pkt);
    if (dev.ipvlanSlaves) {
      // An ENI acting as ipvlan master: the frame goes straight to the slave holding the address.
      const slave = dev.ipvlanSlaves.get(pkt.dst);
      const h = this.hop(ns.id, devName, 'in', pkt, undefined, ns.node);
      if (!slave) return this.end('dropped', because('noIpvlanSlave', { dev: devName, ns: ns.id, dst: intToIp(pkt.dst) }), h);
      note(h, because('ipvlanToSlave', { dev: devName, dst: intToIp(pkt.dst) }));
      return this.ingress(slave.ns, slave.dev, pkt);
    }
    return this.ipIn(ns, devName, pkt, false);
  }

  // ---- L2: the bridge -------------------------------------------------------------------

  private bridgeIn(ns: Netns, port: Device, pkt: Pkt): End {
    prep(ns, pkt);
    this.enterStack(ns);
    this.hop(ns.id, port.name, 'in', pkt, undefined, ns.node);
    const br = ns.devices.get(port.master!)!;
    const target = pkt.l2 ?? pkt.dst;
    if (ns.local.get(target) === br.name) return this.ipIn(ns, br.name, pkt, true);
    const out = this.bridgePortFor(ns, br, target);
    if (!out) {
      const h = this.hop(ns.id, br.name, null, pkt, undefined, ns.node);
      return this.end('dropped', because('noArpOnBridge', { bridge: br.name, ip: intToIp(target) }), h);
    }
    // Bridged traffic: with br_netfilter (bridge-nf-call-iptables=1) it still meets iptables.
    const a = newAcc();
    const orig = tupleOf(pkt);
    if (ns.sysctl.bridgeNfCallIptables) {
      const { isNew } = this.conntrackThenNat(ns, pkt, a, 'PREROUTING', br.name, true);
      if (pkt.dst !== target && this.bridgePortFor(ns, br, pkt.dst) === undefined) {
        // br_netfilter re-routes a frame whose destination DNAT moved off this bridge.
        a.notes.push(because('brnfRouted'));
        return this.routeIn(ns, br.name, pkt, { orig, isNew }, a);
      }
      if (ns.filter) {
        const r = this.netfilter.run(ns, 'filter', 'FORWARD', pkt, isNew, a, br.name, br.name, true);
        if (r.verdict !== 'ACCEPT') {
          const h = this.hop(ns.id, br.name, null, pkt, a, ns.node);
          return this.end(
            r.verdict === 'REJECT' ? 'refused' : 'dropped',
            because(r.verdict === 'REJECT' ? 'bridgedRejected' : 'bridgedDropped', { ns: ns.id, rule: ruleWhy(r.decidedBy, 'filter', 'FORWARD') }),
            h,
          );
        }
      }
      if (isNew) this.postrouting(ns, br, pkt, target, a);
      if (isNew) this.ct.confirm(ns, orig, pkt);
    }
    const final = pkt.dst !== orig.dst ? (this.bridgePortFor(ns, br, pkt.dst) ?? out) : out;
    a.notes.push(because('bridgeForwards', { bridge: br.name, port: final.name }));
    this.hop(ns.id, br.name, null, pkt, a, ns.node);
    this.hop(ns.id, final.name, 'out', pkt, undefined, ns.node);
    return this.transmit(ns, final, pkt, pkt.dst);
  }

  /** The bridge port whose far end holds `ip`. */
  private bridgePortFor(ns: Netns, br: Device, ip: number): Device | undefined {
    const known = ns.bridgeFdb?.port(ip);
    if (known?.master === br.name) return known;
    for (const d of ns.devices.values()) {
      if (d.master !== br.name || !d.peer) continue;
      if (peerAt(this.dp, d)?.farDev.addrs.some((x) => x.ip === ip)) return d;
    }
    return undefined;
  }

  // ---- L3 ---------------------------------------------------------------------------

  ipIn(ns: Netns, inDev: string, pkt: Pkt, fromBridge: boolean): End {
    prep(ns, pkt);
    this.enterStack(ns);
    const a = newAcc();
    if (ns.ebpf) {
      (this.ebpfLb ??= new EbpfServiceLb(this)).ingress(ns, pkt, a);
      const denied = this.policy(ns, podBehind(this.dp, ns), 'ingress', pkt, enforcer(this.dp).who);
      if (denied) return denied;
    }
    const visit = this.conntrackThenNat(ns, pkt, a, 'PREROUTING', inDev, fromBridge);
    return this.routeIn(ns, inDev, pkt, visit, a);
  }

  /** The routing decision for an arriving packet, then INPUT or FORWARD. */
  private routeIn(ns: Netns, inDev: string, pkt: Pkt, visit: Visit, a: Acc): End {
    const local = ns.local.has(pkt.dst);
    // Reverse-path filter: the kernel checks the route back to the source.
    if (ns.sysctl.rpFilter !== 'off' && !ns.local.has(pkt.src)) {
      const back = lookupRoute(ns, pkt.src, pkt.dst);
      if (!back) {
        const h = this.hop(ns.id, inDev, 'in', pkt, a, ns.node);
        return this.end('dropped', because('rpFilterNoRoute', { ns: ns.id, src: intToIp(pkt.src), dev: inDev }), h);
      }
      if (ns.sysctl.rpFilter === 'strict' && back.dev !== inDev) {
        const h = this.hop(ns.id, inDev, 'in', pkt, a, ns.node);
        return this.end('dropped', because('rpFilterStrict', { ns: ns.id, src: intToIp(pkt.src), dev: inDev, back: back.dev }), h);
      }
    }
    if (local) return this.localIn(ns, inDev, pkt, visit, a);
    const found = lookupRoute(ns, pkt.dst, pkt.src);
    // The choice's closure only for a multipath route: one object fewer per forwarding hop.
    const route = found?.nexthops ? pickNexthop(found, this.choose, a, (o) => forkModule().nexthopClassesAt(this, o, pkt.dst)) : found;
    this.noteMissed(ns, pkt, route);
    if (!route || route.type === 'blackhole') {
      const h = this.hop(ns.id, inDev, 'in', pkt, a, ns.node);
      return this.end(
        'unreachable',
        because('netUnreachable', { ns: ns.id, dst: intToIp(pkt.dst), src: intToIp(pkt.src) }),
        h,
        this.errorFor(ns, pkt, 'net-unreachable'),
      );
    }
    if (!ns.sysctl.ipForward) {
      const h = this.hop(ns.id, inDev, 'in', pkt, a, ns.node);
      return this.end('dropped', because('ipForwardOff', { ns: ns.id, src: intToIp(pkt.src), dst: intToIp(pkt.dst) }), h);
    }
    if (--pkt.ttl <= 0) {
      const h = this.hop(ns.id, inDev, 'in', pkt, a, ns.node);
      return this.end('unreachable', because('ttlExpired', { ns: ns.id }), h, this.errorFor(ns, pkt, 'time-exceeded'));
    }
    if (ns.filter) {
      const r = this.netfilter.run(ns, 'filter', 'FORWARD', pkt, visit.isNew, a, inDev, route.dev);
      if (r.verdict !== 'ACCEPT') {
        const h = this.hop(ns.id, inDev, 'in', pkt, a, ns.node);
        return this.end(
          r.verdict === 'REJECT' ? 'refused' : 'dropped',
          because(r.verdict === 'REJECT' ? 'filterRejectedIcmp' : 'filterDropped', {
            ns: ns.id,
            chain: 'FORWARD',
            rule: ruleWhy(r.decidedBy, 'filter', 'FORWARD'),
          }),
          h,
          r.verdict === 'REJECT' ? this.errorFor(ns, pkt, 'port-unreachable') : undefined,
        );
      }
    }
    a.notes.unshift(because('route', { route: fmtRoute(route) }));
    this.hop(ns.id, inDev, 'in', pkt, a, ns.node);
    if (visit.isNew && enforcer(this.dp).where === 'host-veth') {
      const denied = this.policy(ns, podBehind(this.dp, peerOfName(this.dp, ns, inDev)), 'egress', pkt, `${enforcer(this.dp).who}, on ${inDev}`);
      if (denied) return denied;
    }
    return this.egress(ns, pkt, route, visit, newAcc());
  }

  /** The hop of an INPUT pass: the one already written (a loopback delivery's), else a new one. */
  private inputHop(emitted: Hop | undefined, ns: Netns, inDev: string, pkt: Pkt, a: Acc): Hop {
    return emitted ?? this.hop(ns.id, inDev, 'in', pkt, a, ns.node);
  }

  /** INPUT: filter, then IPVS (LOCAL_IN), then the socket. */
  private localIn(ns: Netns, inDev: string, pkt: Pkt, visit: Visit, a: Acc, emitted?: Hop): End {
    if (ns.filter) {
      const r = this.netfilter.run(ns, 'filter', 'INPUT', pkt, visit.isNew, a, inDev);
      if (r.verdict !== 'ACCEPT') {
        return this.end(
          r.verdict === 'REJECT' ? 'refused' : 'dropped',
          because(r.verdict === 'REJECT' ? 'filterRejectedIcmp' : 'filterDropped', {
            ns: ns.id,
            chain: 'INPUT',
            rule: ruleWhy(r.decidedBy, 'filter', 'INPUT'),
          }),
          this.inputHop(emitted, ns, inDev, pkt, a),
          r.verdict === 'REJECT' ? this.errorFor(ns, pkt, 'port-unreachable') : undefined,
        );
      }
    }
    const vs = visit.isNew && pkt.proto !== 'ICMP' ? ns.ipvs?.get(pkt.proto, pkt.dst, pkt.dport) : undefined;
    if (vs) {
      const { options, where, by } = shownOf(vs);
      if (vs.reals.length === 0) {
        a.notes.push(because('ipvsNoRealServers', { where, kind: vs.kind, service: vs.service, policy: vs.policy }));
        const h = this.inputHop(emitted, ns, inDev, pkt, a);
        return this.end(
          'refused',
          because('ipvsNoRealServer', { vs: addr(vs.ip, vs.port, pkt.proto), kind: vs.kind, service: vs.service, ns: ns.id, policy: vs.policy }),
          h,
          this.errorFor(ns, pkt, 'port-unreachable'),
        );
      }
      // `persistent`: a client seen within the timeout goes back to the real server its template names.
      const tpl = vs.persistent ? `${ns.id} ${vsKey(pkt.proto, vs.ip, vs.port)} ${pkt.src}` : '';
      const kept = vs.persistent ? this.affinity.persist?.get(tpl) : undefined;
      let k: number;
      if (kept !== undefined && kept < vs.reals.length) {
        k = kept;
        a.notes.push(because('ipvsPersistent', { vs: addr(vs.ip, vs.port, pkt.proto), client: intToIp(pkt.src), rs: options[k]!.to, timeout: vs.persistent! }));
      } else {
        k = this.choose(options, () => forkModule().endpointClassesAt(this, options));
        a.choices = options;
        if (vs.persistent) (this.affinity.persist ??= new Map()).set(tpl, k);
      }
      const rs = vs.reals[k]!;
      dnat(pkt, rs.ip, rs.port, by, a);
      const route = lookupRoute(ns, pkt.dst, pkt.src);
      if (!route)
        return this.end('unreachable', because('noRouteToRealServer', { ns: ns.id, dst: intToIp(pkt.dst) }), this.inputHop(emitted, ns, inDev, pkt, a));
      a.notes.push(because('route', { route: fmtRoute(route) }));
      if (!emitted) this.hop(ns.id, inDev, 'in', pkt, a, ns.node);
      else if (a.r || a.choices) {
        this.hop(ns.id, null, null, pkt, a, ns.node);
      }
      return this.egress(ns, pkt, route, visit, newAcc());
    }
    const h = this.inputHop(emitted, ns, inDev, pkt, a);
    return this.deliver(ns, pkt, visit, h);
  }

  private postrouting(ns: Netns, out: Device, pkt: Pkt, nextHop: number, a: Acc): void {
    if (!ns.nat) return;
    const r = this.netfilter.run(ns, 'nat', 'POSTROUTING', pkt, true, a, undefined, out.name);
    pkt.mark = r.mark;
    if (r.nat?.type === 'MASQUERADE' || r.nat?.type === 'SNAT') {
      const ip = r.nat.type === 'SNAT' ? r.nat.ip : (masqueradeSource(ns, out.name, nextHop) ?? pkt.src);
      const from = addr(pkt.src, pkt.sport, pkt.proto);
      pkt.src = ip;
      a.rewrites.push({ type: r.nat.type, from, to: addr(pkt.src, pkt.sport, pkt.proto), by: ruleText(r.nat.rule) });
    }
  }

  /** Leaving by `route`: MTU, POSTROUTING, conntrack confirmation, then the wire. */
  private egress(ns: Netns, pkt: Pkt, route: Route, visit: Visit, a: Acc): End {
    const out = ns.devices.get(route.dev)!;
    const nextHop = route.via ?? pkt.dst;
    if (!out.up) {
      const h = this.hop(ns.id, out.name, 'out', pkt, a, ns.node);
      return this.end('dropped', because('linkDown', { dev: out.name, ns: ns.id }), h);
    }
    if (pkt.size > out.mtu) {
      if (pkt.df) {
        const h = this.hop(ns.id, out.name, 'out', pkt, a, ns.node);
        return this.end(
          'unreachable',
          because('fragmentationNeeded', { size: pkt.size, mtu: out.mtu, dev: out.name, ns: ns.id, src: intToIp(pkt.src) }),
          h,
          this.errorFor(ns, pkt, 'fragmentation-needed'),
        );
      }
      a.notes.push(because('fragmented', { size: pkt.size, mtu: out.mtu, dev: out.name }));
    }
    if (visit.isNew && ns.kind === 'node' && out.kind === 'veth' && enforcer(this.dp).where === 'host-veth') {
      const denied = this.policy(ns, podBehind(this.dp, peerAt(this.dp, out)?.farNs), 'ingress', pkt, `${enforcer(this.dp).who}, on ${out.name}`);
      if (denied) return denied;
    }
    if (visit.isNew) this.postrouting(ns, out, pkt, nextHop, a);
    if (visit.isNew) this.ct.confirm(ns, visit.orig, pkt);
    if (out.kind === 'vxlan' || out.kind === 'ipip') return encapsulate(this, ns, out, pkt, nextHop, a);
    if (ns.ebpf && out.name === 'eth0') {
      const redirected = (this.ebpfLb ??= new EbpfServiceLb(this)).egress(ns, out, pkt, a);
      if (redirected) return redirected;
      const denied = this.policy(ns, podBehind(this.dp, ns), 'egress', pkt, enforcer(this.dp).who);
      if (denied) return denied;
      if (a.r) {
        const r = lookupRoute(ns, pkt.dst, pkt.src);
        this.hop(ns.id, out.name, 'out', pkt, a, ns.node);
        return this.transmit(ns, out, pkt, r?.via ?? pkt.dst);
      }
    }
    this.hop(ns.id, out.name, 'out', pkt, a, ns.node);
    return this.transmit(ns, out, pkt, nextHop);
  }

  /** Puts the packet on the wire of `dev`. */
  private transmit(ns: Netns, dev: Device, pkt: Pkt, nextHop: number): End {
    switch (dev.kind) {
      case 'veth': {
        const far = peerAt(this.dp, dev)!;
        const sent = copyPkt(pkt);
        sent.l2 = nextHop;
        return this.enter(far.farNs, far.farDev, sent);
      }
      case 'bridge': {
        const port = this.bridgePortFor(ns, dev, nextHop);
        if (!port) {
          const h = this.hop(ns.id, dev.name, null, pkt, undefined, ns.node);
          return this.end(
            'unreachable',
            because('noNeighbour', { ip: intToIp(nextHop), dev: dev.name, ns: ns.id }),
            h,
            this.errorFor(ns, pkt, 'host-unreachable'),
          );
        }
        this.hop(ns.id, port.name, 'out', pkt, undefined, ns.node);
        return this.transmit(ns, port, pkt, nextHop);
      }
      case 'ether':
        if (dev.link === 'internet') return this.cloud.internetIn(pkt);
        return this.cloud.vpcIn(pkt, nextHop);
      case 'ipvlan': {
        // An ipvlan slave: a neighbour on the same master is reached inside the kernel;
        // anything else leaves by the master (the ENI) onto the VPC.
        const m = dev.ipvlanMaster!;
        const hostNs = this.ns(m.ns)!;
        const master = hostNs.devices.get(m.dev)!;
        const slave = master.ipvlanSlaves?.get(nextHop);
        if (slave && !(slave.ns === ns.id && slave.dev === dev.name)) return this.ingress(slave.ns, slave.dev, pkt);
        note(this.hop(hostNs.id, master.name, 'out', pkt, undefined, hostNs.node), because('ipvlanOutOfEni', { eni: master.name, mac: master.mac }));
        return this.cloud.vpcIn(pkt, nextHop);
      }
      default: {
        const h = this.hop(ns.id, dev.name, null, pkt, undefined, ns.node);
        return this.end('dropped', because('cannotCarry', { dev: dev.name, kind: dev.kind, ns: ns.id }), h);
      }
    }
  }

  // ---- delivery -----------------------------------------------------------------------

  private deliver(ns: Netns, pkt: Pkt, visit: Visit, h: Hop): End {
    const decapsulated = decapsulate(this, ns, pkt, visit);
    if (decapsulated) return decapsulated;
    if (visit.isNew) this.ct.confirm(ns, visit.orig, pkt);
    if (this.phase === 'error') {
      const c = this.client.tuple;
      const mine =
        ns.id === this.client.ns && pkt.dst === c.src && (pkt.err !== 'rst' || (pkt.dport === c.sport && pkt.src === c.dst && pkt.sport === c.dport));
      if (mine) return { kind: 'delivered', ns, pkt };
      return this.end('dropped', because(pkt.err === 'rst' ? 'strayReset' : 'strayIcmp', { ns: ns.id }), h);
    }
    if (this.phase === 'reply') {
      const want = invert(this.client.tuple);
      if (ns.id === this.client.ns && sameTuple(tupleOf(pkt), want)) return { kind: 'delivered', ns, pkt };
      if (ns.id === this.client.ns) {
        return this.end('dropped', because('replyNoSocket', { from: addr(pkt.src, pkt.sport, pkt.proto), sent: addr(want.src, want.sport, pkt.proto) }), h);
      }
      return this.end('dropped', because('replyElsewhere', { ns: ns.id }), h);
    }
    if (ns.kind === 'pod' && enforcer(this.dp).where === 'none') noteUnenforced(this.dp, ns, pkt, h);
    if (pkt.proto === 'ICMP') return { kind: 'delivered', ns, pkt };
    const listening = ns.listeners === undefined || ns.listeners.some((l) => l.port === pkt.dport && l.proto === pkt.proto);
    if (listening) return { kind: 'delivered', ns, pkt };
    if (pkt.proto === 'TCP')
      return this.end('refused', because('tcpNoListener', { addr: addr(pkt.dst, pkt.dport, 'TCP'), ns: ns.id }), h, this.errorFor(ns, pkt, 'rst'));
    return this.end('refused', because('udpNoListener', { addr: addr(pkt.dst, pkt.dport, 'UDP'), ns: ns.id }), h, this.errorFor(ns, pkt, 'port-unreachable'));
  }

  private noteMissed(ns: Netns, pkt: Pkt, route: Route | undefined): void {
    const m = missedRoute(ns, pkt.dst, route);
    if (!m) return;
    const fault = route
      ? because('routeDeletedInstead', { ns: ns.id, route: fmtRoute(m), dst: intToIp(pkt.dst), instead: fmtRoute(route) })
      : because('routeDeletedNone', { ns: ns.id, route: fmtRoute(m), dst: intToIp(pkt.dst) });
    if (!this.faults.some((f) => wordReason(f) === wordReason(fault))) this.faults.push(fault);
  }

  // ---- NetworkPolicy -----------------------------------------------------------------

  /** NetworkPolicy where the CNI enforces it (policy-walk.ts): an End when the connection is denied. */
  policy(ns: Netns, pod: Pod | undefined, direction: 'ingress' | 'egress', pkt: Pkt, where: string): End | undefined {
    return enforcePolicy(this, ns, pod, direction, pkt, where);
  }
}

/** A deleted route that would have matched `dst` more specifically than what is left. */
function missedRoute(ns: Netns, dst: number, chosen: Route | undefined): Route | undefined {
  const hit = ns.deletedRoutes ? lpm(ns.deletedRoutes, dst) : undefined;
  return hit && (!chosen || hit.dst.bits > chosen.dst.bits) ? hit : undefined;
}

/** Materialises the kube-proxy state a packet can meet in `ns` (see Netns.prepare). */
function prep(ns: Netns, pkt: Pkt): void {
  if (!ns.prepare) return;
  ns.prepare(pkt.dst, pkt.dport);
  ns.prepare(pkt.src, pkt.sport);
}

/** The namespace at the far end of `ns`'s device named `devName`, when it is a veth. */
function peerOfName(dp: Dataplane, ns: Netns, devName: string): Netns | undefined {
  const d = ns.devices.get(devName);
  return d && peerAt(dp, d)?.farNs;
}
