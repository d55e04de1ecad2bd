/**
 * The packet walker: moves one connection's first packet through the compiled namespaces
 * hook by hook (PREROUTING, routing, INPUT/FORWARD, IPVS, POSTROUTING), across veths,
 * bridges, VXLAN, the VPC and SLBs, then walks the server's reply back the same way.
 * Every outcome follows from the dataplane's state; nothing here knows a scenario.
 */
import { cidrContains, intToIp, isPrivate } from '../model/cidr';
import type { ChoiceOption, ConntrackView, Hop, Reason, Rewrite, Verdict } from '../model';
import type { Dataplane, Device, Netns, Route, Slb, SlbListener } from './dataplane';
import { lookupRoute, lpm, masqueradeSource } from './netns';
import { evalChain, type NfEnv, type NfPacket, type NfResult } from './netfilter/eval';
import { ruleText } from './netfilter/render';
import type { Rule } from './netfilter/table';
import { inSet, vsKey } from './proxy/ipvs-table';
import { addr, ctText, invert, l4, sameTuple, tupleOf, view, type Pkt, type Tuple } from './packet';
import { gatewayFor, subnetFor } from './cloud/vpc';
import { buildHost } from './compile';
import { decide, enforcer, podBehind } from './policy';
import { allOf, because, wordReason } from './said';
import { podRef } from '../model/topology';
import type { Pod } from '../model';
import { externalId, nodeId, slbId } from '../model/element-id';

export type End =
  | { kind: 'delivered'; ns: Netns; pkt: Pkt }
  | { kind: Exclude<Verdict, 'delivered'>; reason: string; why: Reason; ns: string; error?: { ns: string; pkt: Pkt } };

/** Decides load-balancing choices; returns the index taken. */
export type Chooser = (options: ChoiceOption[]) => number;

interface CtEntry {
  ns: string;
  orig: Tuple;
  reply: Tuple;
  /** eBPF service loopback (a pod that is its own backend): reversed on the pod's egress. */
  loopback?: boolean;
}

/** Writes `why` as the hop's note (after the note it has, with `append`), in words and as data. */
export function note(h: Hop, why: Reason, append = false): void {
  h.noteWhy = append && h.noteWhy ? because('both', { a: h.noteWhy, b: why }) : why;
  h.note = wordReason(h.noteWhy);
}

/** What happened to the packet in one namespace before its next hop is written down. */
interface Acc {
  rewrites: Rewrite[];
  choices?: ChoiceOption[];
  matched: string[];
  notes: Reason[];
}

interface Visit {
  orig: Tuple;
  isNew: boolean;
}

export interface Client {
  ns: string;
  tuple: Tuple;
}

/**
 * Session-affinity state that outlives one connection: xt_recent lists (iptables ClientIP
 * affinity) and IPVS persistence templates, per namespace. The earlier connections of a trace
 * (TraceRequest.repeat) fill it; the traced one reads it.
 */
export interface Affinity {
  recent: Map<string, Set<number>>;
  /** key: `${ns} ${vsKey} ${clientIP}` → the real server's index */
  persist: Map<string, number>;
}

export const newAffinity = (): Affinity => ({ recent: new Map(), persist: new Map() });

const MAX_STEPS = 256;
const matchedText = new WeakMap<Rule, string>();
/** Choice lists of SLB listeners and IPVS virtual servers: immutable, so built once. */
const optionCache = new WeakMap<object, ChoiceOption[]>();
/** An SLB listener's health-check results as the note words them (one entry per node: built once, not per trace). */
const healthText = new WeakMap<object, string>();
const healthResults = (l: SlbListener): string => {
  let t = healthText.get(l);
  if (t === undefined) healthText.set(l, (t = l.health!.map((h) => `${h.node} ${h.status} (localEndpoints ${h.localEndpoints})`).join(', ')));
  return t;
};

export class Walker {
  hops: Hop[] = [];
  readonly ct = new Map<string, CtEntry[]>();
  readonly ctViews: ConntrackView[] = [];
  readonly slbSessions: { slb: Slb; orig: Tuple; reply: Tuple }[] = [];
  /** Faults the packet met (a deleted route it would have taken), for the reason. */
  readonly faults: Reason[] = [];
  /** eBPF connection tracking of pods' service translations (cilium-style CT map). */
  private readonly bpfCt: CtEntry[] = [];
  phase: 'request' | 'reply' | 'error' = 'request';
  /** Kernel protocol stacks the request was processed by, in order (pods and nodes). */
  readonly stacks: string[] = [];
  client!: Client;
  private steps = 0;
  private hosts = new Map<string, Netns>();

  constructor(
    private readonly dp: Dataplane,
    private readonly choose: Chooser,
    private readonly affinity: Affinity = newAffinity(),
  ) {}

  /** A namespace by id, including anonymous internet hosts made on the fly. */
  ns(id: string): Netns | undefined {
    return this.dp.ns(id) ?? this.hosts.get(id);
  }

  anonymousHost(ip: number): Netns {
    const id = externalId(intToIp(ip));
    let h = this.hosts.get(id);
    if (!h) {
      h = buildHost(id, ip, 'internet');
      this.hosts.set(id, h);
    }
    return h;
  }

  // ---- hops -------------------------------------------------------------------------

  private acc(): Acc {
    return { rewrites: [], matched: [], notes: [] };
  }

  hop(ns: string, device: string | null, dir: Hop['dir'], pkt: Pkt, a?: Acc, node?: string): Hop {
    const h: Hop = { seq: this.hops.length + 1, ns, device, dir, packet: view(pkt) };
    if (node) h.node = node;
    if (a) {
      if (a.rewrites.length > 0) {
        h.rewrite = a.rewrites[0];
        if (a.rewrites.length > 1) h.rewrites = [...a.rewrites];
      }
      if (a.choices) h.choices = a.choices;
      if (a.matched.length > 0) h.matched = [...a.matched];
      if (a.notes.length > 0) note(h, allOf(a.notes));
      a.rewrites = [];
      a.choices = undefined;
      a.matched = [];
      a.notes = [];
    }
    this.hops.push(h);
    return h;
  }

  private end(kind: Exclude<Verdict, 'delivered'>, why: Reason, at: Hop, error?: { ns: string; pkt: Pkt }): End {
    const reason = wordReason(why);
    at.drop = { verdict: kind, reason, why };
    // Errors about errors are never sent (RFC 1122), and only the request's failure is answered.
    const answer = error && this.phase === 'request' ? error : undefined;
    return answer ? { kind, reason, why, ns: at.ns, error: answer } : { kind, reason, why, ns: at.ns };
  }

  /** The ICMP error (or TCP reset) a namespace sends back about `orig`. */
  private errorFor(ns: Netns, orig: Pkt, err: NonNullable<Pkt['err']>): { ns: string; pkt: Pkt } {
    if (err === 'rst') return { ns: ns.id, pkt: { src: orig.dst, sport: orig.dport, dst: orig.src, dport: orig.sport, proto: 'TCP', size: 40, df: true, mark: 0, ttl: 64, err } };
    // icmp_send: the original destination when it is local, else the address facing the sender.
    const back = lookupRoute(ns, orig.src, orig.dst);
    const src = ns.local.has(orig.dst) ? orig.dst : ((back && masqueradeSource(ns, back.dev, back.via ?? orig.src)) ?? orig.dst);
    return { ns: ns.id, pkt: { src, sport: 0, dst: orig.src, dport: 0, proto: 'ICMP', size: 56, df: false, mark: 0, ttl: 64, err, embedded: tupleOf(orig) } };
  }

  private stepGuard(nsId: string, pkt: Pkt): End | undefined {
    if (++this.steps <= MAX_STEPS) return undefined;
    const h = this.hop(nsId, null, null, pkt);
    return this.end('dropped', because('routingLoop', { max: MAX_STEPS }), h);
  }

  // ---- netfilter glue -----------------------------------------------------------------

  private envs = new Map<Netns, NfEnv>();

  private env(ns: Netns): NfEnv {
    let e = this.envs.get(ns);
    if (!e) this.envs.set(ns, (e = this.makeEnv(ns)));
    return e;
  }

  private makeEnv(ns: Netns): NfEnv {
    return {
      isLocal: (ip) => ns.local.has(ip),
      inSet: (name, dims, p) => {
        const set = ns.ipsets?.get(name);
        if (!set) return false;
        return inSet(set, dims, p);
      },
      choose: (options) => this.choose(options),
      recent: (op, name, src) => {
        const key = `${ns.id} ${name}`;
        let list = this.affinity.recent.get(key);
        if (op === 'rcheck') return list?.has(src) ?? false;
        if (!list) this.affinity.recent.set(key, (list = new Set()));
        list.add(src);
        return true;
      },
    };
  }

  private nf(pkt: Pkt, isNew: boolean, extra: Partial<NfPacket> = {}): NfPacket {
    return { src: pkt.src, dst: pkt.dst, sport: pkt.sport, dport: pkt.dport, proto: l4(pkt), mark: pkt.mark, ctstate: isNew ? 'NEW' : 'ESTABLISHED', ...extra };
  }

  private record(ns: Netns, table: string, r: NfResult, a: Acc): void {
    for (const m of r.matched) {
      // Rules belong to one namespace and never change: their labelled text is built once.
      let text = matchedText.get(m);
      if (text === undefined) matchedText.set(m, (text = `${ns.id} ${table} ${ruleText(m)}`));
      a.matched.push(text);
    }
    if (r.choices) a.choices = r.choices;
  }

  private ruleWhy(r: Rule | undefined, table: string, chain: string): Reason {
    if (!r) return because('rulePolicy', { table, chain });
    return r.origin === 'user' ? because('ruleOfUser', { rule: ruleText(r), table }) : because('ruleOf', { origin: r.origin, rule: ruleText(r), table });
  }

  // ---- conntrack ----------------------------------------------------------------------

  private ctFind(ns: Netns, t: Tuple, embedded?: Tuple): { e: CtEntry; dir: 'orig' | 'reply' | 'related' } | undefined {
    for (const e of this.ct.get(ns.id) ?? []) {
      if (embedded) {
        // An ICMP error is RELATED to the connection whose (translated) header it carries.
        if (sameTuple(invert(e.reply), embedded)) return { e, dir: 'related' };
        continue;
      }
      if (sameTuple(e.orig, t)) return { e, dir: 'orig' };
      if (sameTuple(e.reply, t)) return { e, dir: 'reply' };
    }
    return undefined;
  }

  private ctConfirm(ns: Netns, orig: Tuple, final: Pkt): void {
    if (!ns.conntrack) return;
    const e: CtEntry = { ns: ns.id, orig, reply: invert(tupleOf(final)) };
    const list = this.ct.get(ns.id) ?? [];
    list.push(e);
    this.ct.set(ns.id, list);
    this.ctViews.push({ ns: ns.id, proto: final.proto.toLowerCase(), orig: ctText(orig), reply: ctText(e.reply) });
  }

  /** Applies a known connection's translation; returns the rewrites it made. */
  private ctTranslate(pkt: Pkt, m: { e: CtEntry; dir: 'orig' | 'reply' | 'related' }): Rewrite[] {
    const out: Rewrite[] = [];
    if (m.dir === 'related') {
      const to = m.e.orig.src;
      if (pkt.dst !== to) out.push({ type: 'un-SNAT', from: intToIp(pkt.dst), to: intToIp(to), by: `conntrack (RELATED to ${ctText(m.e.orig)})` });
      pkt.dst = to;
      pkt.embedded = m.e.orig;
      return out;
    }
    const want: Tuple = m.dir === 'reply' ? invert(m.e.orig) : invert(m.e.reply);
    const by = `conntrack ${ctText(m.e.orig)}`;
    if (pkt.dst !== want.dst || pkt.dport !== want.dport) {
      out.push({ type: m.dir === 'reply' ? 'un-SNAT' : 'DNAT', from: addr(pkt.dst, pkt.dport, pkt.proto), to: addr(want.dst, want.dport, pkt.proto), by });
      pkt.dst = want.dst;
      pkt.dport = want.dport;
    }
    if (pkt.src !== want.src || pkt.sport !== want.sport) {
      out.push({ type: m.dir === 'reply' ? 'un-DNAT' : 'SNAT', from: addr(pkt.src, pkt.sport, pkt.proto), to: addr(want.src, want.sport, pkt.proto), by });
      pkt.src = want.src;
      pkt.sport = want.sport;
    }
    return out;
  }

  /**
   * The first hook a packet meets in a namespace: conntrack (a known connection is translated
   * as recorded), then, for a new connection, the nat chain (`PREROUTING` or `OUTPUT`).
   */
  private conntrackThenNat(ns: Netns, pkt: Pkt, a: Acc, chain: 'PREROUTING' | 'OUTPUT', extra: Partial<NfPacket> = {}): Visit {
    const orig = tupleOf(pkt);
    let isNew = !pkt.err;
    if (ns.conntrack) {
      const m = this.ctFind(ns, orig, pkt.embedded);
      if (m) {
        isNew = false;
        a.rewrites.push(...this.ctTranslate(pkt, m));
      }
    }
    if (isNew && ns.nat) {
      const r = evalChain(ns.nat, chain, this.nf(pkt, true, extra), this.env(ns));
      this.record(ns, 'nat', r, a);
      pkt.mark = r.mark;
      if (r.nat?.type === 'DNAT') this.dnat(pkt, r.nat.ip, r.nat.port, ruleText(r.nat.rule), a);
    }
    return { orig, isNew };
  }

  // ---- entry points -------------------------------------------------------------------

  /** A load-balancing choice made outside the kernel (an L7 proxy's upstream pick). */
  pick(options: ChoiceOption[]): number {
    return this.choose(options);
  }

  private enterStack(ns: Netns): void {
    if (this.phase !== 'request' || (ns.kind !== 'pod' && ns.kind !== 'node')) return;
    if (this.stacks[this.stacks.length - 1] !== ns.id) this.stacks.push(ns.id);
  }

  /** A packet generated by a socket in `nsId` (OUTPUT path). */
  originate(nsId: string, pkt: Pkt): End {
    const ns = this.ns(nsId)!;
    prep(ns, pkt);
    this.enterStack(ns);
    const a = this.acc();
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
      const r = evalChain(ns.filter, 'OUTPUT', this.nf(pkt, isNew, { outIface: route.dev }), this.env(ns));
      this.record(ns, 'filter', r, a);
      if (r.verdict !== 'ACCEPT') {
        const h = this.hop(ns.id, null, null, pkt, a, ns.node);
        return this.end(r.verdict === 'REJECT' ? 'refused' : 'dropped', because(r.verdict === 'REJECT' ? 'filterRejected' : 'filterDropped', { ns: ns.id, chain: 'OUTPUT', rule: this.ruleWhy(r.decidedBy, 'filter', 'OUTPUT') }), h);
      }
    }
    return this.egress(ns, pkt, route, { orig, isNew }, a);
  }

  /** A frame arriving on `devName` of namespace `nsId`. */
  ingress(nsId: string, devName: string, pkt: Pkt): End {
    const stop = this.stepGuard(nsId, pkt);
    if (stop) return stop;
    const ns = this.ns(nsId)!;
    const dev = ns.devices.get(devName)!;
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
    const a = this.acc();
    const orig = tupleOf(pkt);
    if (ns.sysctl.bridgeNfCallIptables) {
      const { isNew } = this.conntrackThenNat(ns, pkt, a, 'PREROUTING', { inIface: br.name, physdevIn: true });
      if (pkt.dst !== target && this.bridgePortFor(ns, br, pkt.dst) === undefined) {
        // br_netfilter re-routes a frame whose destination DNAT moved off this bridge.
        a.notes.push(because('brnfRouted'));
        return this.routeIn(ns, br.name, pkt, { orig, isNew }, a);
      }
      if (ns.filter) {
        const r = evalChain(ns.filter, 'FORWARD', this.nf(pkt, isNew, { inIface: br.name, outIface: br.name, physdevIn: true }), this.env(ns));
        this.record(ns, 'filter', r, a);
        if (r.verdict !== 'ACCEPT') {
          const h = this.hop(ns.id, br.name, null, pkt, a, ns.node);
          return this.end(r.verdict === 'REJECT' ? 'refused' : 'dropped', because(r.verdict === 'REJECT' ? 'bridgedRejected' : 'bridgedDropped', { ns: ns.id, rule: this.ruleWhy(r.decidedBy, 'filter', 'FORWARD') }), h);
        }
      }
      if (isNew) this.postrouting(ns, br, pkt, target, a);
      if (isNew) this.ctConfirm(ns, orig, pkt);
    }
    const final = pkt.dst !== orig.dst ? (this.bridgePortFor(ns, br, pkt.dst) ?? out) : out;
    a.notes.push(because('bridgeForwards', { bridge: br.name, port: final.name }));
    this.hop(ns.id, br.name, null, pkt, a, ns.node);
    this.hop(ns.id, final.name, 'out', pkt, undefined, ns.node);
    return this.transmit(ns, final, pkt, pkt.dst);
  }

  /** The bridge port whose far end holds `ip`. */
  private bridgePortFor(ns: Netns, br: Device, ip: number): Device | undefined {
    const known = ns.bridgeFdb?.get(ip);
    if (known) {
      const d = ns.devices.get(known);
      if (d?.master === br.name) return d;
    }
    for (const d of ns.devices.values()) {
      if (d.master !== br.name || !d.peer) continue;
      const peer = this.ns(d.peer.ns);
      if (peer?.devices.get(d.peer.dev)?.addrs.some((x) => x.ip === ip)) return d;
    }
    return undefined;
  }

  // ---- L3 ---------------------------------------------------------------------------

  private ipIn(ns: Netns, inDev: string, pkt: Pkt, fromBridge: boolean): End {
    prep(ns, pkt);
    this.enterStack(ns);
    const a = this.acc();
    if (ns.ebpf) {
      this.ebpfIngress(ns, pkt, a);
      const denied = this.policy(ns, podBehind(this.dp, ns.id), 'ingress', pkt, enforcer(this.dp).who);
      if (denied) return denied;
    }
    const visit = this.conntrackThenNat(ns, pkt, a, 'PREROUTING', { inIface: inDev, physdevIn: fromBridge });
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
    const route = lookupRoute(ns, pkt.dst, pkt.src);
    this.noteMissed(ns, pkt, route);
    if (!route || route.type === 'blackhole') {
      const h = this.hop(ns.id, inDev, 'in', pkt, a, ns.node);
      return this.end('unreachable', because('netUnreachable', { ns: ns.id, dst: intToIp(pkt.dst), src: intToIp(pkt.src) }), h, this.errorFor(ns, pkt, 'net-unreachable'));
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
      const r = evalChain(ns.filter, 'FORWARD', this.nf(pkt, visit.isNew, { inIface: inDev, outIface: route.dev }), this.env(ns));
      this.record(ns, 'filter', r, a);
      if (r.verdict !== 'ACCEPT') {
        const h = this.hop(ns.id, inDev, 'in', pkt, a, ns.node);
        return this.end(r.verdict === 'REJECT' ? 'refused' : 'dropped', because(r.verdict === 'REJECT' ? 'filterRejectedIcmp' : 'filterDropped', { ns: ns.id, chain: 'FORWARD', rule: this.ruleWhy(r.decidedBy, 'filter', 'FORWARD') }), h, r.verdict === 'REJECT' ? this.errorFor(ns, pkt, 'port-unreachable') : undefined);
      }
    }
    a.notes.unshift(because('route', { route: fmtRoute(route) }));
    this.hop(ns.id, inDev, 'in', pkt, a, ns.node);
    if (visit.isNew && enforcer(this.dp).where === 'host-veth') {
      const denied = this.policy(ns, podBehind(this.dp, ns.devices.get(inDev)?.peer?.ns), 'egress', pkt, `${enforcer(this.dp).who}, on ${inDev}`);
      if (denied) return denied;
    }
    return this.egress(ns, pkt, route, visit, this.acc());
  }

  /** INPUT: filter, then IPVS (LOCAL_IN), then the socket. */
  private localIn(ns: Netns, inDev: string, pkt: Pkt, visit: Visit, a: Acc, emitted?: Hop): End {
    const hopHere = () => emitted ?? this.hop(ns.id, inDev, 'in', pkt, a, ns.node);
    if (ns.filter) {
      const r = evalChain(ns.filter, 'INPUT', this.nf(pkt, visit.isNew, { inIface: inDev }), this.env(ns));
      this.record(ns, 'filter', r, a);
      if (r.verdict !== 'ACCEPT') {
        return this.end(r.verdict === 'REJECT' ? 'refused' : 'dropped', because(r.verdict === 'REJECT' ? 'filterRejectedIcmp' : 'filterDropped', { ns: ns.id, chain: 'INPUT', rule: this.ruleWhy(r.decidedBy, 'filter', 'INPUT') }), hopHere(), r.verdict === 'REJECT' ? this.errorFor(ns, pkt, 'port-unreachable') : undefined);
      }
    }
    const vs = visit.isNew && pkt.proto !== 'ICMP' ? ns.ipvs?.vs.get(vsKey(pkt.proto, pkt.dst, pkt.dport)) : undefined;
    if (vs) {
      const where = `IPVS ${addr(vs.ip, vs.port, pkt.proto)} ${vs.scheduler}`;
      if (vs.reals.length === 0) {
        a.notes.push(because('ipvsNoRealServers', { where, kind: vs.kind, service: vs.service, policy: vs.policy }));
        const h = hopHere();
        return this.end('refused', because('ipvsNoRealServer', { vs: addr(vs.ip, vs.port, pkt.proto), kind: vs.kind, service: vs.service, ns: ns.id, policy: vs.policy }), h, this.errorFor(ns, pkt, 'port-unreachable'));
      }
      let options = optionCache.get(vs);
      if (!options) {
        options = vs.reals.map((r) => ({ to: addr(r.ip, r.port, pkt.proto), p: 1 / vs.reals.length, via: r.pod }));
        optionCache.set(vs, options);
      }
      // `persistent`: a client seen within the timeout goes back to the real server its template names.
      const tpl = `${ns.id} ${vsKey(pkt.proto, vs.ip, vs.port)} ${pkt.src}`;
      const kept = vs.persistent ? this.affinity.persist.get(tpl) : undefined;
      let k: number;
      if (kept !== undefined && kept < vs.reals.length) {
        k = kept;
        a.notes.push(because('ipvsPersistent', { vs: addr(vs.ip, vs.port, pkt.proto), client: intToIp(pkt.src), rs: options[k]!.to, timeout: vs.persistent! }));
      } else {
        k = this.choose(options);
        a.choices = options;
        if (vs.persistent) this.affinity.persist.set(tpl, k);
      }
      const rs = vs.reals[k]!;
      this.dnat(pkt, rs.ip, rs.port, `${where} (${vs.kind} of ${vs.service}; ${wordReason(vs.policy)})`, a);
      const route = lookupRoute(ns, pkt.dst, pkt.src);
      if (!route) return this.end('unreachable', because('noRouteToRealServer', { ns: ns.id, dst: intToIp(pkt.dst) }), hopHere());
      a.notes.push(because('route', { route: fmtRoute(route) }));
      if (!emitted) this.hop(ns.id, inDev, 'in', pkt, a, ns.node);
      else if (a.rewrites.length > 0 || a.choices) {
        this.hop(ns.id, null, null, pkt, a, ns.node);
      }
      return this.egress(ns, pkt, route, visit, this.acc());
    }
    const h = hopHere();
    return this.deliver(ns, pkt, visit, h);
  }

  private dnat(pkt: Pkt, ip: number, port: number | undefined, by: string, a: Acc): void {
    const from = addr(pkt.dst, pkt.dport, pkt.proto);
    pkt.dst = ip;
    if (port !== undefined) pkt.dport = port;
    a.rewrites.push({ type: 'DNAT', from, to: addr(pkt.dst, pkt.dport, pkt.proto), by });
  }

  private postrouting(ns: Netns, out: Device, pkt: Pkt, nextHop: number, a: Acc): void {
    if (!ns.nat) return;
    const r = evalChain(ns.nat, 'POSTROUTING', this.nf(pkt, true, { outIface: out.name }), this.env(ns));
    this.record(ns, 'nat', r, a);
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
        return this.end('unreachable', because('fragmentationNeeded', { size: pkt.size, mtu: out.mtu, dev: out.name, ns: ns.id, src: intToIp(pkt.src) }), h, this.errorFor(ns, pkt, 'fragmentation-needed'));
      }
      a.notes.push(because('fragmented', { size: pkt.size, mtu: out.mtu, dev: out.name }));
    }
    if (visit.isNew && ns.kind === 'node' && out.kind === 'veth' && enforcer(this.dp).where === 'host-veth') {
      const denied = this.policy(ns, podBehind(this.dp, out.peer?.ns), 'ingress', pkt, `${enforcer(this.dp).who}, on ${out.name}`);
      if (denied) return denied;
    }
    if (visit.isNew) this.postrouting(ns, out, pkt, nextHop, a);
    if (visit.isNew) this.ctConfirm(ns, visit.orig, pkt);
    if (out.kind === 'vxlan' || out.kind === 'ipip') return this.tunnelOut(ns, out, pkt, nextHop, a);
    if (ns.ebpf && out.name === 'eth0') {
      const redirected = this.ebpfEgress(ns, out, pkt, a);
      if (redirected) return redirected;
      const denied = this.policy(ns, podBehind(this.dp, ns.id), 'egress', pkt, enforcer(this.dp).who);
      if (denied) return denied;
      if (a.rewrites.length > 0) {
        const r = lookupRoute(ns, pkt.dst, pkt.src);
        this.hop(ns.id, out.name, 'out', pkt, a, ns.node);
        return this.transmit(ns, out, pkt, r?.via ?? pkt.dst);
      }
    }
    this.hop(ns.id, out.name, 'out', pkt, a, ns.node);
    return this.transmit(ns, out, pkt, nextHop);
  }

  /**
   * eBPF on tc egress of a pod's eth0 (Terway ipvlan-ebpf): a service frontend is rewritten to
   * a backend right here, so the service IP never leaves the pod; traffic for the node itself,
   * or for frontends the eBPF program does not handle, is redirected to the host's ipvlan slave.
   */
  private ebpfEgress(ns: Netns, out: Device, pkt: Pkt, a: Acc): End | undefined {
    const cfg = ns.ebpf!;
    const back = this.bpfCt.find((x) => x.loopback && x.ns === ns.id && sameTuple(x.reply, tupleOf(pkt)));
    if (back) {
      // The pod answers its own hairpin (to the service loopback): the eBPF CT entry reverses both
      // translations on egress and the packet goes back to the ingress of the same eth0.
      const want = invert(back.orig);
      const by = `eBPF reverse NAT (service loopback) on tc egress of ${out.name} in ${ns.id}`;
      a.rewrites.push({ type: 'un-DNAT', from: addr(pkt.src, pkt.sport, pkt.proto), to: addr(want.src, want.sport, pkt.proto), by });
      a.rewrites.push({ type: 'un-SNAT', from: addr(pkt.dst, pkt.dport, pkt.proto), to: addr(want.dst, want.dport, pkt.proto), by });
      Object.assign(pkt, { src: want.src, sport: want.sport, dst: want.dst, dport: want.dport });
      a.notes.push(because('ebpfHairpinBack', { dev: out.name }));
      this.hop(ns.id, out.name, 'out', pkt, a, ns.node);
      return this.ingress(ns.id, out.name, pkt);
    }
    const frontend = this.dp.spsByAddr.get(pkt.dst)?.map((i) => this.dp.servicePorts[i]!).find((sp) => sp.port.port === pkt.dport && sp.port.protocol === pkt.proto);
    const isCluster = frontend && frontend.clusterIP === pkt.dst;
    if (frontend && pkt.proto !== 'ICMP' && (isCluster || cfg.externalIPs)) {
      const eps = frontend.endpoints.filter((e) => e.ready);
      const use = eps.length > 0 ? eps : frontend.endpoints.filter((e) => e.serving);
      const where = `eBPF service map on tc egress of ${out.name} (${frontend.spn}, ${isCluster ? 'ClusterIP' : 'external/LB IP'})`;
      if (use.length === 0) {
        const h = this.hop(ns.id, out.name, 'out', pkt, a, ns.node);
        return this.end('refused', because('ebpfNoBackend', { dev: out.name, service: frontend.spn, frontend: isCluster ? 'ClusterIP' : 'external/LB IP', dst: addr(pkt.dst, pkt.dport, pkt.proto) }), h);
      }
      let options = optionCache.get(frontend);
      if (!options) {
        options = use.map((e) => ({ to: addr(e.ip, e.port, pkt.proto), p: 1 / use.length, via: `${e.pod.namespace}/${e.pod.name}` }));
        optionCache.set(frontend, options);
      }
      const k = this.choose(options);
      a.choices = options;
      const orig = tupleOf(pkt);
      this.dnat(pkt, use[k]!.ip, use[k]!.port, where, a);
      // Cilium's lb4_local: a backend that is the sender itself gets the source rewritten to the
      // service loopback address, and Terway (1.2.0+) hands the packet back to this eth0's ingress.
      const hairpin = pkt.dst === pkt.src && cfg.hairpinLoopback !== undefined;
      if (hairpin) {
        const from = addr(pkt.src, pkt.sport, pkt.proto);
        pkt.src = cfg.hairpinLoopback!;
        a.rewrites.push({ type: 'SNAT', from, to: addr(pkt.src, pkt.sport, pkt.proto), by: `${where}: service loopback` });
      }
      this.bpfCt.push({ ns: ns.id, orig, reply: invert(tupleOf(pkt)), ...(hairpin ? { loopback: true } : {}) });
      this.ctViews.push({ ns: ns.id, proto: pkt.proto.toLowerCase(), orig: ctText(orig), reply: ctText(invert(tupleOf(pkt))) });
      if (!hairpin) return undefined;
      a.notes.push(because('ebpfHairpin', { lo: intToIp(cfg.hairpinLoopback!), dev: out.name }));
      if (this.phase === 'request') {
        const denied = this.policy(ns, podBehind(this.dp, ns.id), 'egress', pkt, enforcer(this.dp).who);
        if (denied) return denied;
      }
      this.hop(ns.id, out.name, 'out', pkt, a, ns.node);
      return this.ingress(ns.id, out.name, pkt);
    }
    const host = this.ns(cfg.hostNs);
    const onHost = host?.local.get(pkt.dst);
    const hostAddr = onHost !== undefined && host!.devices.get(onHost)?.kind !== 'dummy';
    if (host && (hostAddr || frontend)) {
      const master = out.ipvlanMaster ? host.devices.get(out.ipvlanMaster.dev) : undefined;
      if (master) {
        const slave = `ipvl_${master.ifindex}`;
        a.notes.push(because(frontend ? 'ebpfToHostExternal' : 'ebpfToHost', { dst: intToIp(pkt.dst), slave }));
        this.hop(ns.id, out.name, 'out', pkt, a, ns.node);
        return this.ipIn(host, slave, pkt, false);
      }
    }
    return undefined;
  }

  /** The reverse translation eBPF does on tc ingress of a pod's eth0. */
  private ebpfIngress(ns: Netns, pkt: Pkt, a: Acc): void {
    const t = tupleOf(pkt);
    const e = this.bpfCt.find((x) => x.ns === ns.id && sameTuple(x.reply, t));
    if (!e) return;
    const want = invert(e.orig);
    a.rewrites.push({ type: 'un-DNAT', from: addr(pkt.src, pkt.sport, pkt.proto), to: addr(want.src, want.sport, pkt.proto), by: `eBPF reverse NAT on tc ingress of eth0 in ${ns.id}` });
    pkt.src = want.src;
    pkt.sport = want.sport;
  }

  /** Encapsulation on a tunnel device (flannel.1 / vxlan.calico VXLAN, Calico's tunl0 IPIP), then the outer packet is routed by the host. */
  private tunnelOut(ns: Netns, dev: Device, inner: Pkt, nextHop: number, a: Acc): End {
    // NOTE: the outer packet a tunnel made, routed out of that tunnel again (a default route via tunl0, say):
    // the kernel finds the route's device is the tunnel itself and drops it (ip_tunnel_xmit and vxlan_xmit_one:
    // "rt->dst.dev == dev", counted as a collision), instead of encapsulating without end.
    if (inner.inner && inner.src === (dev.ipip?.local ?? dev.vxlan?.local)) {
      const h = this.hop(ns.id, dev.name, 'out', inner, a, ns.node);
      return this.end('dropped', because('tunnelLoop', { dev: dev.name, ip: intToIp(inner.dst) }), h);
    }
    let remote: number | undefined;
    let outer: Pkt;
    if (dev.kind === 'ipip') {
      remote = nextHop;
      outer = { src: dev.ipip!.local, dst: remote, sport: 0, dport: 0, proto: 'IPIP', size: inner.size + 20, df: inner.df, mark: 0, ttl: 64, inner };
      a.rewrites.push({ type: 'ENCAP', from: `${addr(inner.src, inner.sport, inner.proto)} → ${addr(inner.dst, inner.dport, inner.proto)}`, to: `outer ${intToIp(outer.src)} → ${intToIp(remote)} IPIP (protocol 4)`, by: `${dev.name} (IP-in-IP to the peer node, route via ${intToIp(nextHop)} onlink)` });
    } else {
      remote = ns.vxlanFdb?.get(nextHop);
      if (remote === undefined || !dev.vxlan) {
        const h = this.hop(ns.id, dev.name, 'out', inner, a, ns.node);
        return this.end('dropped', because('noFdbEntry', { dev: dev.name, ip: intToIp(nextHop) }), h);
      }
      outer = {
        src: dev.vxlan.local, dst: remote, sport: 40000 + (inner.sport % 20000), dport: dev.vxlan.port, proto: 'UDP',
        size: inner.size + 50, df: false, mark: 0, ttl: 64, inner,
      };
      a.rewrites.push({ type: 'ENCAP', from: `${addr(inner.src, inner.sport, inner.proto)} → ${addr(inner.dst, inner.dport, inner.proto)}`, to: `outer ${intToIp(outer.src)} → ${intToIp(remote)} UDP ${dev.vxlan.port} VNI ${dev.vxlan.vni}`, by: `${dev.name} (VXLAN, fdb ${intToIp(nextHop)} → ${intToIp(remote)})` });
    }
    this.hop(ns.id, dev.name, 'out', outer, a, ns.node);
    return this.originate(ns.id, outer);
  }

  /** Puts the packet on the wire of `dev`. */
  private transmit(ns: Netns, dev: Device, pkt: Pkt, nextHop: number): End {
    switch (dev.kind) {
      case 'veth': {
        const peer = dev.peer!;
        return this.ingress(peer.ns, peer.dev, { ...pkt, l2: nextHop });
      }
      case 'bridge': {
        const port = this.bridgePortFor(ns, dev, nextHop);
        if (!port) {
          const h = this.hop(ns.id, dev.name, null, pkt, undefined, ns.node);
          return this.end('unreachable', because('noNeighbour', { ip: intToIp(nextHop), dev: dev.name, ns: ns.id }), h, this.errorFor(ns, pkt, 'host-unreachable'));
        }
        this.hop(ns.id, port.name, 'out', pkt, undefined, ns.node);
        return this.transmit(ns, port, pkt, nextHop);
      }
      case 'ether':
        if (dev.link === 'internet') return this.internetIn(pkt);
        return this.vpcIn(pkt, nextHop);
      case 'ipvlan': {
        // An ipvlan slave: a neighbour on the same master is reached inside the kernel;
        // anything else leaves by the master (the ENI) onto the VPC.
        const m = dev.ipvlanMaster!;
        const hostNs = this.ns(m.ns)!;
        const master = hostNs.devices.get(m.dev)!;
        const slave = master.ipvlanSlaves?.get(nextHop);
        if (slave && !(slave.ns === ns.id && slave.dev === dev.name)) return this.ingress(slave.ns, slave.dev, pkt);
        note(this.hop(hostNs.id, master.name, 'out', pkt, undefined, hostNs.node), because('ipvlanOutOfEni', { eni: master.name, mac: master.mac }));
        return this.vpcIn(pkt, nextHop);
      }
      default: {
        const h = this.hop(ns.id, dev.name, null, pkt, undefined, ns.node);
        return this.end('dropped', because('cannotCarry', { dev: dev.name, kind: dev.kind, ns: ns.id }), h);
      }
    }
  }

  // ---- delivery -----------------------------------------------------------------------

  private deliver(ns: Netns, pkt: Pkt, visit: Visit, h: Hop): End {
    // VXLAN: the outer UDP packet reaches the VTEP's port and is decapsulated onto flannel.1.
    if (pkt.inner && pkt.proto === 'IPIP') {
      const tun = [...ns.devices.values()].find((d) => d.kind === 'ipip');
      if (tun) {
        if (visit.isNew) this.ctConfirm(ns, visit.orig, pkt);
        const inner = pkt.inner;
        const a = this.acc();
        a.rewrites.push({ type: 'DECAP', from: `outer ${intToIp(pkt.src)} → ${intToIp(pkt.dst)} IPIP`, to: `${addr(inner.src, inner.sport, inner.proto)} → ${addr(inner.dst, inner.dport, inner.proto)}`, by: `${tun.name} (IP-in-IP)` });
        this.hop(ns.id, tun.name, 'in', inner, a, ns.node);
        return this.ipIn(ns, tun.name, inner, false);
      }
    }
    if (pkt.inner && pkt.proto === 'UDP') {
      const vtep = [...ns.devices.values()].find((d) => d.kind === 'vxlan' && d.vxlan?.port === pkt.dport);
      if (vtep) {
        if (visit.isNew) this.ctConfirm(ns, visit.orig, pkt);
        const inner = pkt.inner;
        const a = this.acc();
        a.rewrites.push({ type: 'DECAP', from: `outer ${intToIp(pkt.src)} → ${intToIp(pkt.dst)} UDP ${pkt.dport}`, to: `${addr(inner.src, inner.sport, inner.proto)} → ${addr(inner.dst, inner.dport, inner.proto)}`, by: `${vtep.name} (VXLAN VNI ${vtep.vxlan!.vni})` });
        this.hop(ns.id, vtep.name, 'in', inner, a, ns.node);
        return this.ipIn(ns, vtep.name, inner, false);
      }
    }
    if (visit.isNew) this.ctConfirm(ns, visit.orig, pkt);
    if (this.phase === 'error') {
      const c = this.client.tuple;
      const mine = ns.id === this.client.ns && pkt.dst === c.src && (pkt.err !== 'rst' || (pkt.dport === c.sport && pkt.src === c.dst && pkt.sport === c.dport));
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
    if (ns.kind === 'pod' && enforcer(this.dp).where === 'none') {
      const d = decide(this.dp, podBehind(this.dp, ns.id)!, 'ingress', pkt.src, pkt.dport, pkt.proto);
      if (d.selecting.length > 0) note(h, because(d.allowed ? 'policyNotEnforced' : 'policyNotEnforcedDeny', { policies: d.selecting.join(', '), who: enforcer(this.dp).who }), true);
    }
    if (pkt.proto === 'ICMP') return { kind: 'delivered', ns, pkt };
    const listening = ns.listeners === undefined || ns.listeners.some((l) => l.port === pkt.dport && l.proto === pkt.proto);
    if (listening) return { kind: 'delivered', ns, pkt };
    if (pkt.proto === 'TCP') return this.end('refused', because('tcpNoListener', { addr: addr(pkt.dst, pkt.dport, 'TCP'), ns: ns.id }), h, this.errorFor(ns, pkt, 'rst'));
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

  /**
   * Applies NetworkPolicy where the CNI enforces it. Writes a hop naming the policy when one
   * selects the pod; returns an End when the connection is denied.
   */
  private policy(ns: Netns, pod: Pod | undefined, direction: 'ingress' | 'egress', pkt: Pkt, where: string): End | undefined {
    if (!pod || this.phase !== 'request' || pkt.inner) return undefined;
    const peer = direction === 'ingress' ? pkt.src : pkt.dst;
    const d = decide(this.dp, pod, direction, peer, pkt.dport, pkt.proto);
    if (d.selecting.length === 0) return undefined;
    const of = because(direction === 'ingress' ? 'policyIngressOf' : 'policyEgressOf', { pod: podRef(pod), peer: addr(peer, direction === 'ingress' ? pkt.sport : pkt.dport, pkt.proto) });
    const h = this.hop(ns.id, null, null, pkt, undefined, ns.node);
    h.hook = 'NetworkPolicy';
    if (d.allowed) {
      note(h, because('policyAllows', { policy: d.allowedBy ?? '', subject: of, where }));
      return undefined;
    }
    const denied = { pod: podRef(pod), direction, policies: d.selecting.join(', '), subject: of, where };
    return this.end('dropped', pkt.proto === 'ICMP' ? because('policyDeniedIcmp', denied) : because('policyDenied', { ...denied, proto: pkt.proto, port: pkt.dport }), h);
  }

  // ---- the cloud ----------------------------------------------------------------------

  private vpcIn(pkt: Pkt, nextHop: number): End {
    const stop = this.stepGuard('vpc', pkt);
    if (stop) return stop;
    const dp = this.dp;
    const t = tupleOf(pkt);
    const session = this.slbSessions.find((s) => sameTuple(s.reply, t));
    if (session) {
      note(this.hop('vpc', null, null, pkt), because('slbReplyReturned', { slb: session.slb.lb.name }));
      return this.slbReply(session, pkt);
    }
    const subnet = subnetFor(dp, nextHop);
    const sameSwitch = cidrContains(dp.vpcCidr, nextHop) && nextHop !== gatewayFor(subnet);
    let targetIp = pkt.dst;
    let why: Reason;
    if (sameSwitch) {
      targetIp = nextHop;
      why = because('vpcInSwitch', { ip: intToIp(nextHop) });
    } else {
      const best = lpm(dp.vpcRoutes, pkt.dst);
      const h0 = () => this.hop('vpc', null, null, pkt);
      const removed = dp.topology.cluster.vpc.deletedRoutes.find((d) => cidrContains(d, pkt.dst));
      if (removed && (!best || best.dst.bits < Number(removed.split('/')[1]))) {
        return this.end('dropped', because('vpcRouteDeleted', { cidr: removed, dst: intToIp(pkt.dst) }), h0());
      }
      if (!best) return this.end('dropped', because('vpcNoRoute', { dst: intToIp(pkt.dst) }), h0());
      if (best.target.type === 'internet') {
        if (isPrivate(pkt.src)) return this.end('dropped', because('vpcNoNat', { dst: intToIp(pkt.dst), src: intToIp(pkt.src) }), h0());
        note(this.hop('vpc', null, null, pkt), because('vpcToInternet'));
        return this.internetIn(pkt);
      }
      if (best.target.type === 'instance') {
        targetIp = best.target.ip;
        why = because('vpcToInstance', { cidr: `${intToIp(best.dst.base)}/${best.dst.bits}`, node: best.target.node });
      } else {
        why = because('vpcToLocal', { cidr: `${intToIp(best.dst.base)}/${best.dst.bits}` });
      }
    }
    const owner = dp.owners.get(targetIp);
    const h = this.hop('vpc', null, null, pkt);
    note(h, why);
    if (owner?.startsWith('pod:') && dp.topology.cluster.cni.plugin === 'terway') {
      // Terway pod IPs are ENI secondary addresses: the VPC delivers them to the ENI.
      const pod = dp.podsByRef.get(owner.slice(4))!;
      note(h, because('eniSecondary', { why, ip: intToIp(targetIp), eni: pod.eni ?? '?', node: pod.node }));
      if (dp.topology.cluster.cni.mode === 'eni-exclusive') return this.ingress(owner, 'eth0', pkt);
      return this.ingress(nodeId(pod.node), pod.eni ?? 'eth1', pkt);
    }
    if (!owner || owner.startsWith('pod:')) {
      return this.end('dropped', because('vpcNoInstance', { why, ip: intToIp(targetIp) }), h);
    }
    if (owner.startsWith('external:') && dp.externalsByName.get(owner.slice(9))?.network !== 'vpc') {
      return this.end('dropped', because('internetHost', { ip: intToIp(targetIp) }), h);
    }
    return this.ingress(owner, this.deviceHolding(owner, targetIp), pkt);
  }

  /** The interface of a namespace that holds `ip` (a node's second interface), else eth0. */
  private deviceHolding(nsId: string, ip: number): string {
    const ns = this.ns(nsId);
    const dev = ns?.local.get(ip);
    return dev && ns!.devices.get(dev)?.kind === 'ether' ? dev : 'eth0';
  }

  private internetIn(pkt: Pkt, fromSlb = false): End {
    const stop = this.stepGuard('internet', pkt);
    if (stop) return stop;
    const t = tupleOf(pkt);
    const session = fromSlb ? undefined : this.slbSessions.find((s) => sameTuple(s.reply, t));
    if (session) return this.slbReply(session, pkt);
    const slb = this.dp.slbs.get(pkt.dst);
    if (slb) return this.slbIn(slb, pkt);
    const owner = this.dp.owners.get(pkt.dst);
    if (owner?.startsWith('external:') && this.dp.externalsByName.get(owner.slice(9))?.network === 'internet') return this.ingress(owner, 'eth0', pkt);
    if (isPrivate(pkt.dst) || owner) {
      const h = this.hop('internet', null, null, pkt);
      return this.end('dropped', because('notFromInternet', { ip: intToIp(pkt.dst) }), h);
    }
    return this.ingress(this.anonymousHost(pkt.dst).id, 'eth0', pkt);
  }

  private slbIn(slb: Slb, pkt: Pkt): End {
    const ns = slbId(slb.lb.name);
    const a = this.acc();
    const l = slb.listeners.find((x) => x.port === pkt.dport && x.proto === pkt.proto);
    if (!l) return this.end('dropped', because('slbNoListener', { slb: slb.lb.name, proto: pkt.proto, port: pkt.dport }), this.hop(ns, null, null, pkt));
    const ranges = l.sp.svc.loadBalancerSourceRanges;
    if (ranges.length > 0 && slb.lb.backend !== 'vip' && !ranges.some((r) => cidrContains(r, pkt.src))) {
      return this.end('dropped', because('slbSourceDenied', { slb: slb.lb.name, src: intToIp(pkt.src), ranges: ranges.join(', ') }), this.hop(ns, null, null, pkt));
    }
    if (l.backends.length === 0) {
      if (l.health) a.notes.push(because('slbHealth', { slb: slb.lb.name, port: l.sp.svc.healthCheckNodePort!, results: healthResults(l) }));
      return this.end('dropped', because('slbNoBackends', { slb: slb.lb.name, proto: pkt.proto, port: l.port, etp: l.sp.svc.externalTrafficPolicy, service: l.sp.spn }), this.hop(ns, null, null, pkt, a));
    }
    let options = optionCache.get(l);
    if (!options) {
      const total = l.backends.reduce((s, b) => s + b.weight, 0);
      options = l.backends.map((b) => ({ to: addr(b.ip, b.port, pkt.proto), p: b.weight / total, via: b.node }));
      optionCache.set(l, options);
    }
    const k = this.choose(options);
    a.choices = options;
    if (l.health) {
      const hc = l.sp.svc.healthCheckNodePort!;
      a.notes.push(because('slbHealth', { slb: slb.lb.name, port: hc, results: healthResults(l) }));
    }
    const b = l.backends[k]!;
    const before = tupleOf(pkt);
    const group = slb.lb.backend === 'nodeport' ? 'nodeIP:nodePort' : slb.lb.backend === 'eni' ? 'pod IPs (ENI)' : 'nodes, LB IP kept';
    if (slb.lb.backend !== 'vip') this.dnat(pkt, b.ip, b.port, `SLB ${slb.lb.name} listener ${pkt.proto}:${l.port} → backend group (${group}, externalTrafficPolicy=${l.sp.svc.externalTrafficPolicy})`, a);
    else a.notes.push(because('slbForwards', { slb: slb.lb.name, node: String(b.node) }));
    if (!slb.lb.preserveClientIP) {
      const from = addr(pkt.src, pkt.sport, pkt.proto);
      pkt.src = 0x64400000 + (slb.ip % 65536);
      a.rewrites.push({ type: 'SNAT', from, to: addr(pkt.src, pkt.sport, pkt.proto), by: `SLB ${slb.lb.name} (client IP not preserved)` });
    }
    const reply = invert(tupleOf(pkt));
    this.slbSessions.push({ slb, orig: before, reply });
    this.ctViews.push({ ns, proto: pkt.proto.toLowerCase(), orig: ctText(before), reply: ctText(reply) });
    this.hop(ns, null, null, pkt, a);
    if (slb.lb.backend === 'eni') return this.vpcIn(pkt, pkt.dst);
    // NOTE: only ENI backends have no node, and they went to the VPC above.
    return this.ingress(nodeId(b.node!), 'eth0', pkt);
  }

  private slbReply(s: { slb: Slb; orig: Tuple; reply: Tuple }, pkt: Pkt): End {
    const a = this.acc();
    const want = invert(s.orig);
    if (pkt.src !== want.src || pkt.sport !== want.sport) {
      a.rewrites.push({ type: 'un-DNAT', from: addr(pkt.src, pkt.sport, pkt.proto), to: addr(want.src, want.sport, pkt.proto), by: `SLB ${s.slb.lb.name} session` });
    }
    if (pkt.dst !== want.dst) a.rewrites.push({ type: 'un-SNAT', from: addr(pkt.dst, pkt.dport, pkt.proto), to: addr(want.dst, want.dport, pkt.proto), by: `SLB ${s.slb.lb.name} session` });
    Object.assign(pkt, { src: want.src, sport: want.sport, dst: want.dst, dport: want.dport });
    this.hop(slbId(s.slb.lb.name), null, null, pkt, a);
    const owner = this.dp.owners.get(pkt.dst);
    if (owner?.startsWith('external:') && this.dp.externalsByName.get(owner.slice(9))?.network === 'vpc') return this.ingress(owner, 'eth0', pkt);
    return this.internetIn(pkt, true);
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

function fmtRoute(r: Route): string {
  const dst = r.dst.bits === 0 ? 'default' : `${intToIp(r.dst.base)}/${r.dst.bits}`;
  return `${dst}${r.via !== undefined ? ` via ${intToIp(r.via)}` : ''} dev ${r.dev}`;
}

