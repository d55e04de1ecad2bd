/**
 * The eBPF service load balancer on a pod's eth0 (Terway ipvlan-ebpf, Cilium-style): service
 * frontends are translated on tc egress with their own connection tracking (the CT map), and
 * reversed on tc ingress. The kernel walk (walk.ts) calls in where a namespace runs it.
 */
import { intToIp } from '../../model/cidr';
import type { ChoiceOption } from '../../model';
import type { Device, Netns } from '../dataplane';
import { dnat, type Acc, type End } from '../hop';
import type { CtEntry } from '../conntrack';
import { addr, invert, sameTuple, tupleOf, type Pkt } from '../packet';
import { enforcer, podBehind } from '../policy';
import { because } from '../said';
import type { Walker } from '../walk';
import { forkModule } from '../fork/lazy';

/** A frontend's backends as choices: immutable, so built once. */
const optionCache = new WeakMap<object, ChoiceOption[]>();

export class EbpfServiceLb {
  /** The CT map of pods' service translations. */
  private readonly ct: CtEntry[] = [];

  constructor(private readonly w: Walker) {}

  /**
   * tc egress of a pod's eth0: a service frontend is rewritten to a backend right here, so the
   * service IP never leaves the pod; traffic for the node itself, or for frontends the eBPF
   * program does not handle, is redirected to the host's ipvlan slave. Undefined when the
   * packet carries on out of eth0 as the kernel routed it.
   */
  egress(ns: Netns, out: Device, pkt: Pkt, a: Acc): End | undefined {
    const w = this.w;
    const cfg = ns.ebpf!;
    const back = this.ct.find((x) => x.loopback && x.ns === ns.id && sameTuple(x.reply, tupleOf(pkt)));
    if (back) {
      // The pod answers its own hairpin (to the service loopback): the eBPF CT entry reverses both
      // translations on egress and the packet goes back to the ingress of the same eth0.
      const want = invert(back.orig);
      const by = `eBPF reverse NAT (service loopback) on tc egress of ${out.name} in ${ns.id}`;
      a.rewrites.push({ type: 'un-DNAT', from: addr(pkt.src, pkt.sport, pkt.proto), to: addr(want.src, want.sport, pkt.proto), by });
      a.rewrites.push({ type: 'un-SNAT', from: addr(pkt.dst, pkt.dport, pkt.proto), to: addr(want.dst, want.dport, pkt.proto), by });
      Object.assign(pkt, { src: want.src, sport: want.sport, dst: want.dst, dport: want.dport });
      a.notes.push(because('ebpfHairpinBack', { dev: out.name }));
      w.hop(ns.id, out.name, 'out', pkt, a, ns.node);
      return w.ingress(ns.id, out.name, pkt);
    }
    const frontend = w.dp.spsByAddr
      .get(pkt.dst)
      ?.map((i) => w.dp.servicePorts[i]!)
      .find((sp) => sp.port.port === pkt.dport && sp.port.protocol === pkt.proto);
    const isCluster = frontend && frontend.clusterIP === pkt.dst;
    if (frontend && pkt.proto !== 'ICMP' && (isCluster || cfg.externalIPs)) {
      const eps = frontend.endpoints.filter((e) => e.ready);
      const use = eps.length > 0 ? eps : frontend.endpoints.filter((e) => e.serving);
      const where = `eBPF service map on tc egress of ${out.name} (${frontend.spn}, ${isCluster ? 'ClusterIP' : 'external/LB IP'})`;
      if (use.length === 0) {
        const h = w.hop(ns.id, out.name, 'out', pkt, a, ns.node);
        return w.end(
          'refused',
          because('ebpfNoBackend', {
            dev: out.name,
            service: frontend.spn,
            frontend: isCluster ? 'ClusterIP' : 'external/LB IP',
            dst: addr(pkt.dst, pkt.dport, pkt.proto),
          }),
          h,
        );
      }
      let options = optionCache.get(frontend);
      if (!options) {
        options = use.map((e) => ({ to: addr(e.ip, e.port, pkt.proto), p: 1 / use.length, via: `${e.pod.namespace}/${e.pod.name}` }));
        optionCache.set(frontend, options);
      }
      const k = w.pick(options, () => forkModule().endpointClassesAt(w, options));
      a.choices = options;
      const orig = tupleOf(pkt);
      dnat(pkt, use[k]!.ip, use[k]!.port, where, a);
      // Cilium's lb4_local: a backend that is the sender itself gets the source rewritten to the
      // service loopback address, and Terway (1.2.0+) hands the packet back to this eth0's ingress.
      const hairpin = pkt.dst === pkt.src && cfg.hairpinLoopback !== undefined;
      if (hairpin) {
        const from = addr(pkt.src, pkt.sport, pkt.proto);
        pkt.src = cfg.hairpinLoopback!;
        a.rewrites.push({ type: 'SNAT', from, to: addr(pkt.src, pkt.sport, pkt.proto), by: `${where}: service loopback` });
      }
      this.ct.push({ ns: ns.id, orig, reply: invert(tupleOf(pkt)), ...(hairpin ? { loopback: true } : {}) });
      w.ct.show(ns.id, pkt.proto, orig, invert(tupleOf(pkt)));
      if (!hairpin) return undefined;
      a.notes.push(because('ebpfHairpin', { lo: intToIp(cfg.hairpinLoopback!), dev: out.name }));
      if (w.phase === 'request') {
        const denied = w.policy(ns, podBehind(w.dp, ns), 'egress', pkt, enforcer(w.dp).who);
        if (denied) return denied;
      }
      w.hop(ns.id, out.name, 'out', pkt, a, ns.node);
      return w.ingress(ns.id, out.name, pkt);
    }
    const host = w.ns(cfg.hostNs);
    const onHost = host?.local.get(pkt.dst);
    const hostAddr = onHost !== undefined && host!.devices.get(onHost)?.kind !== 'dummy';
    if (host && (hostAddr || frontend)) {
      const master = out.ipvlanMaster ? host.devices.get(out.ipvlanMaster.dev) : undefined;
      if (master) {
        const slave = `ipvl_${master.ifindex}`;
        a.notes.push(because(frontend ? 'ebpfToHostExternal' : 'ebpfToHost', { dst: intToIp(pkt.dst), slave }));
        w.hop(ns.id, out.name, 'out', pkt, a, ns.node);
        return w.ipIn(host, slave, pkt, false);
      }
    }
    return undefined;
  }

  /** The reverse translation eBPF does on tc ingress of a pod's eth0. */
  ingress(ns: Netns, pkt: Pkt, a: Acc): void {
    const t = tupleOf(pkt);
    const e = this.ct.find((x) => x.ns === ns.id && sameTuple(x.reply, t));
    if (!e) return;
    const want = invert(e.orig);
    a.rewrites.push({
      type: 'un-DNAT',
      from: addr(pkt.src, pkt.sport, pkt.proto),
      to: addr(want.src, want.sport, pkt.proto),
      by: `eBPF reverse NAT on tc ingress of eth0 in ${ns.id}`,
    });
    pkt.src = want.src;
    pkt.sport = want.sport;
  }
}
