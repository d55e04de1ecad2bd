/**
 * Netfilter connection tracking as the walker needs it: entries per namespace (orig and reply
 * tuples), lookup of a packet's direction, translation of a known connection, and the
 * `conntrack -L` lines the node views show.
 */
import { intToIp } from '../model/cidr';
import type { ConntrackView, Rewrite } from '../model';
import type { Netns } from './dataplane';
import { addr, ctText, invert, sameTuple, tupleOf, type Pkt, type Tuple } from './packet';

export interface CtEntry {
  ns: string;
  orig: Tuple;
  reply: Tuple;
  /** eBPF service loopback (a pod that is its own backend): reversed on the pod's egress. */
  loopback?: boolean;
}

export interface CtMatch {
  e: CtEntry;
  dir: 'orig' | 'reply' | 'related';
}

export class Conntrack {
  /** In the order they were made; a trace makes a handful, so a scan by namespace beats a map of lists. */
  private readonly entries: CtEntry[] = [];
  /** Every entry made during the trace, netfilter's and the eBPF and SLB session tables', in order. */
  readonly views: ConntrackView[] = [];

  find(ns: Netns, t: Tuple, embedded?: Tuple): CtMatch | undefined {
    for (const e of this.entries) {
      if (e.ns !== ns.id) continue;
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

  confirm(ns: Netns, orig: Tuple, final: Pkt): void {
    if (!ns.conntrack) return;
    const e: CtEntry = { ns: ns.id, orig, reply: invert(tupleOf(final)) };
    this.entries.push(e);
    this.show(ns.id, final.proto, orig, e.reply);
  }

  /** Adds a line to what `conntrack -L` (or a session table) shows. */
  show(ns: string, proto: string, orig: Tuple, reply: Tuple): void {
    this.views.push({ ns, proto: proto.toLowerCase(), orig: ctText(orig), reply: ctText(reply) });
  }
}

/** Applies a known connection's translation, writing the rewrites it made to `out`. */
export function ctTranslate(pkt: Pkt, m: CtMatch, out: { readonly rewrites: Rewrite[] }): void {
  if (m.dir === 'related') {
    const to = m.e.orig.src;
    if (pkt.dst !== to) out.rewrites.push({ type: 'un-SNAT', from: intToIp(pkt.dst), to: intToIp(to), by: `conntrack (RELATED to ${ctText(m.e.orig)})` });
    pkt.dst = to;
    pkt.embedded = m.e.orig;
    return;
  }
  const want: Tuple = m.dir === 'reply' ? invert(m.e.orig) : invert(m.e.reply);
  // Written only for a rewrite: most packets an entry matches (a reply through its own node) it leaves as they are.
  let by: string | undefined;
  if (pkt.dst !== want.dst || pkt.dport !== want.dport) {
    by = `conntrack ${ctText(m.e.orig)}`;
    out.rewrites.push({
      type: m.dir === 'reply' ? 'un-SNAT' : 'DNAT',
      from: addr(pkt.dst, pkt.dport, pkt.proto),
      to: addr(want.dst, want.dport, pkt.proto),
      by,
    });
    pkt.dst = want.dst;
    pkt.dport = want.dport;
  }
  if (pkt.src !== want.src || pkt.sport !== want.sport) {
    by ??= `conntrack ${ctText(m.e.orig)}`;
    out.rewrites.push({
      type: m.dir === 'reply' ? 'un-DNAT' : 'SNAT',
      from: addr(pkt.src, pkt.sport, pkt.proto),
      to: addr(want.src, want.sport, pkt.proto),
      by,
    });
    pkt.src = want.src;
    pkt.sport = want.sport;
  }
}
