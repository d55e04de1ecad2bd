/**
 * The packet's hops outside the nodes: the VPC's route table (a vSwitch, an instance, an ENI
 * secondary address, the internet gateway), the internet, and SLB listeners with their sessions.
 * The kernel walk (walk.ts) hands a frame here when it leaves by an ether device.
 */
import { cidrContains, intToIp, isPrivate } from '../../model/cidr';
import type { Reason } from '../../model';
import type { Device, Netns, Slb, VpcRoute } from '../dataplane';
import { healthResults } from './backends';
import { dnat, newAcc, note, type End } from '../hop';
import { lpm } from '../netns';
import { addr, invert, newPkt, sameTuple, tupleOf, type Pkt, type Tuple } from '../packet';
import { because } from '../said';
import type { Walker } from '../walk';
import { DEFAULT_VPC_MTU, gatewayFor, subnetFor } from './vpc';
import { forkModule } from '../fork/lazy';
import { nodeId, slbId } from '../../model/element-id';

interface SlbSession {
  slb: Slb;
  orig: Tuple;
  reply: Tuple;
}

export class CloudHops {
  /** Connections an SLB forwarded, so their replies are translated back. */
  private readonly slbSessions: SlbSession[] = [];
  /** Set when the VPC fragmented the packet (no DF): the MTU, for the VPC hop's note. */
  private fragmentedAt: number | undefined;

  constructor(private readonly w: Walker) {}

  /** A frame put on the VPC for `nextHop` (the route's gateway, or the destination itself). */
  vpcIn(pkt: Pkt, nextHop: number): End {
    const w = this.w;
    const stop = w.stepGuard('vpc', pkt);
    if (stop) return stop;
    const dp = w.dp;
    const tooBig = this.overMtu(pkt);
    if (tooBig) return tooBig;
    const t = tupleOf(pkt);
    const session = this.slbSessions.find((s) => sameTuple(s.reply, t));
    if (session) {
      note(w.hop('vpc', null, null, pkt), because('slbReplyReturned', { slb: session.slb.lb.name }));
      return this.slbReply(session, pkt);
    }
    const subnet = subnetFor(dp, nextHop);
    const sameSwitch = cidrContains(dp.vpcCidr, nextHop) && nextHop !== gatewayFor(subnet);
    let targetIp = pkt.dst;
    let why: Reason;
    // The entry to a next-hop instance, which keeps its holder (VpcRoute).
    let via: VpcRoute | undefined;
    if (sameSwitch) {
      targetIp = nextHop;
      why = because('vpcInSwitch', { ip: intToIp(nextHop) });
    } else {
      const best = lpm(dp.vpcRoutes, pkt.dst);
      const removed = dp.topology.cluster.vpc.deletedRoutes.find((d) => cidrContains(d, pkt.dst));
      if (removed && (!best || best.dst.bits < Number(removed.split('/')[1]))) {
        return w.end('dropped', because('vpcRouteDeleted', { cidr: removed, dst: intToIp(pkt.dst) }), w.hop('vpc', null, null, pkt));
      }
      if (!best) return w.end('dropped', because('vpcNoRoute', { dst: intToIp(pkt.dst) }), w.hop('vpc', null, null, pkt));
      if (best.target === 'internet') {
        if (isPrivate(pkt.src)) return w.end('dropped', because('vpcNoNat', { dst: intToIp(pkt.dst), src: intToIp(pkt.src) }), w.hop('vpc', null, null, pkt));
        note(w.hop('vpc', null, null, pkt), because('vpcToInternet'));
        return this.internetIn(pkt);
      }
      if (best.target === 'instance') {
        targetIp = best.ip;
        via = best;
        if (best.owner === undefined) best.owner = dp.owners.get(best.ip) ?? null;
        why = because('vpcToInstance', { cidr: `${intToIp(best.dst.base)}/${best.dst.bits}`, node: best.node });
      } else {
        why = because('vpcToLocal', { cidr: `${intToIp(best.dst.base)}/${best.dst.bits}` });
      }
    }
    const owner = via ? (via.owner ?? undefined) : dp.owners.get(targetIp);
    const h = w.hop('vpc', null, null, pkt);
    note(h, why);
    if (this.fragmentedAt !== undefined) note(h, because('fragmented', { size: pkt.size, mtu: this.fragmentedAt, dev: 'the VPC' }), true);
    this.fragmentedAt = undefined;
    if (owner?.startsWith('pod:') && dp.topology.cluster.cni.plugin === 'terway') {
      // Terway pod IPs are ENI secondary addresses: the VPC delivers them to the ENI.
      const pod = dp.podsByRef.get(owner.slice(4))!;
      note(h, because('eniSecondary', { why, ip: intToIp(targetIp), eni: pod.eni ?? '?', node: pod.node }));
      if (dp.topology.cluster.cni.mode === 'eni-exclusive') return w.ingress(owner, 'eth0', pkt);
      return w.ingress(nodeId(pod.node), pod.eni ?? 'eth1', pkt);
    }
    if (!owner || owner.startsWith('pod:')) {
      return w.end('dropped', because('vpcNoInstance', { why, ip: intToIp(targetIp) }), h);
    }
    if (owner.startsWith('external:') && dp.externalsByName.get(owner.slice(9))?.network !== 'vpc') {
      return w.end('dropped', because('internetHost', { ip: intToIp(targetIp) }), h);
    }
    if (via?.ns) return w.enter(via.ns, via.dev!, pkt);
    const at = w.ns(owner)!;
    const dev = this.deviceHolding(at, targetIp);
    if (via) {
      via.ns = at;
      via.dev = dev;
    }
    return w.enter(at, dev, pkt);
  }

  /**
   * The VPC's MTU: an oversize packet with DF set is dropped, and the VPC gateway of the sender's
   * vSwitch answers ICMP type 3 code 4 with the MTU (Alibaba Cloud's, AWS's and GCP's documented
   * PMTUD behaviour) unless `icmpFragNeeded` is false; without DF the VPC fragments it.
   */
  private overMtu(pkt: Pkt): End | undefined {
    const { vpc } = this.w.dp.topology.cluster;
    const mtu = vpc.mtu ?? DEFAULT_VPC_MTU;
    if (pkt.size <= mtu || pkt.err) return undefined;
    if (!pkt.df) {
      this.fragmentedAt = mtu;
      return undefined;
    }
    const w = this.w;
    const h = w.hop('vpc', null, null, pkt);
    const gw = gatewayFor(subnetFor(w.dp, pkt.src));
    const params = { mtu, size: pkt.size, src: intToIp(pkt.src), dst: intToIp(pkt.dst), gw: intToIp(gw) };
    if (vpc.icmpFragNeeded === false) return w.end('dropped', because('vpcMtuSilentDrop', params), h);
    const error = newPkt({
      src: gw,
      sport: 0,
      dst: pkt.src,
      dport: 0,
      proto: 'ICMP',
      size: 56,
      df: false,
      err: 'fragmentation-needed',
      embedded: tupleOf(pkt),
    });
    return w.end('unreachable', because('vpcFragmentationNeeded', params), h, { ns: 'vpc', pkt: error });
  }

  /** The interface of a namespace that holds `ip` (a node's second interface), else eth0. */
  private deviceHolding(ns: Netns, ip: number): Device {
    const name = ns.local.get(ip);
    const dev = name === undefined ? undefined : ns.devices.get(name);
    return dev?.kind === 'ether' ? dev : ns.devices.get('eth0')!;
  }

  /** A packet on the internet: an SLB's address, an internet host, or an anonymous one. */
  internetIn(pkt: Pkt, fromSlb = false): End {
    const w = this.w;
    const stop = w.stepGuard('internet', pkt);
    if (stop) return stop;
    const t = tupleOf(pkt);
    const session = fromSlb ? undefined : this.slbSessions.find((s) => sameTuple(s.reply, t));
    if (session) return this.slbReply(session, pkt);
    const slb = w.dp.slbs.get(pkt.dst);
    if (slb) return this.slbIn(slb, pkt);
    const owner = w.dp.owners.get(pkt.dst);
    if (owner?.startsWith('external:') && w.dp.externalsByName.get(owner.slice(9))?.network === 'internet') return w.ingress(owner, 'eth0', pkt);
    if (isPrivate(pkt.dst) || owner) {
      const h = w.hop('internet', null, null, pkt);
      return w.end('dropped', because('notFromInternet', { ip: intToIp(pkt.dst) }), h);
    }
    return w.ingress(w.anonymousHost(pkt.dst).id, 'eth0', pkt);
  }

  private slbIn(slb: Slb, pkt: Pkt): End {
    const w = this.w;
    const ns = slbId(slb.lb.name);
    const a = newAcc();
    const l = slb.listeners.find((x) => x.port === pkt.dport && x.proto === pkt.proto);
    if (!l) return w.end('dropped', because('slbNoListener', { slb: slb.lb.name, proto: pkt.proto, port: pkt.dport }), w.hop(ns, null, null, pkt));
    const ranges = l.sp.svc.loadBalancerSourceRanges;
    if (ranges.length > 0 && slb.lb.backend !== 'vip' && !ranges.some((r) => cidrContains(r, pkt.src))) {
      return w.end('dropped', because('slbSourceDenied', { slb: slb.lb.name, src: intToIp(pkt.src), ranges: ranges.join(', ') }), w.hop(ns, null, null, pkt));
    }
    const group = l.group;
    if (group.length === 0) {
      if (group.health) a.notes.push(because('slbHealth', { slb: slb.lb.name, port: l.sp.svc.healthCheckNodePort!, results: healthResults(group.health) }));
      return w.end(
        'dropped',
        because('slbNoBackends', { slb: slb.lb.name, proto: pkt.proto, port: l.port, etp: l.sp.svc.externalTrafficPolicy, service: l.sp.spn }),
        w.hop(ns, null, null, pkt, a),
      );
    }
    const k = w.pick(group, () => forkModule().slbBackendClasses(w.dp, l));
    a.choices = group;
    if (group.health) {
      const hc = l.sp.svc.healthCheckNodePort!;
      a.notes.push(because('slbHealth', { slb: slb.lb.name, port: hc, results: healthResults(group.health) }));
    }
    const before = tupleOf(pkt);
    const kind = slb.lb.backend === 'nodeport' ? 'nodeIP:nodePort' : slb.lb.backend === 'eni' ? 'pod IPs (ENI)' : 'nodes, LB IP kept';
    if (slb.lb.backend !== 'vip')
      dnat(
        pkt,
        group.ip(k),
        group.port(k),
        `SLB ${slb.lb.name} listener ${pkt.proto}:${l.port} → backend group (${kind}, externalTrafficPolicy=${l.sp.svc.externalTrafficPolicy})`,
        a,
      );
    else a.notes.push(because('slbForwards', { slb: slb.lb.name, node: group.node(k) }));
    if (!slb.lb.preserveClientIP) {
      const from = addr(pkt.src, pkt.sport, pkt.proto);
      pkt.src = 0x64400000 + (slb.ip % 65536);
      a.rewrites.push({ type: 'SNAT', from, to: addr(pkt.src, pkt.sport, pkt.proto), by: `SLB ${slb.lb.name} (client IP not preserved)` });
    }
    const reply = invert(tupleOf(pkt));
    this.slbSessions.push({ slb, orig: before, reply });
    w.ct.show(ns, pkt.proto, before, reply);
    w.hop(ns, null, null, pkt, a);
    if (slb.lb.backend === 'eni') return this.vpcIn(pkt, pkt.dst);
    return w.ingress(nodeId(group.node(k)), 'eth0', pkt);
  }

  private slbReply(s: SlbSession, pkt: Pkt): End {
    const w = this.w;
    const a = newAcc();
    const want = invert(s.orig);
    if (pkt.src !== want.src || pkt.sport !== want.sport) {
      a.rewrites.push({
        type: 'un-DNAT',
        from: addr(pkt.src, pkt.sport, pkt.proto),
        to: addr(want.src, want.sport, pkt.proto),
        by: `SLB ${s.slb.lb.name} session`,
      });
    }
    if (pkt.dst !== want.dst)
      a.rewrites.push({
        type: 'un-SNAT',
        from: addr(pkt.dst, pkt.dport, pkt.proto),
        to: addr(want.dst, want.dport, pkt.proto),
        by: `SLB ${s.slb.lb.name} session`,
      });
    Object.assign(pkt, { src: want.src, sport: want.sport, dst: want.dst, dport: want.dport });
    w.hop(slbId(s.slb.lb.name), null, null, pkt, a);
    const owner = w.dp.owners.get(pkt.dst);
    if (owner?.startsWith('external:') && w.dp.externalsByName.get(owner.slice(9))?.network === 'vpc') return w.ingress(owner, 'eth0', pkt);
    return this.internetIn(pkt, true);
  }
}
