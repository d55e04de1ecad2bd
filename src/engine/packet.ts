/** The packet as the walker carries it, and how a hop shows it. */
import { intToIp } from '../model/cidr';
import type { PacketView, TraceProtocol } from '../model';
import type { L4 } from './netfilter/table';

export interface Pkt {
  src: number;
  sport: number;
  dst: number;
  dport: number;
  proto: TraceProtocol | 'IPIP';
  size: number;
  df: boolean;
  mark: number;
  ttl: number;
  /** The next-hop address the sender resolved (its ARP target): which port of a bridge gets the frame. */
  l2?: number;
  /** Set on an encapsulating outer packet: the packet inside. */
  inner?: Pkt;
  /** An error sent back for a refused/unreachable packet: ICMP type, or a TCP reset. */
  err?: 'rst' | 'port-unreachable' | 'fragmentation-needed' | 'net-unreachable' | 'host-unreachable' | 'time-exceeded';
  /** ICMP errors carry the header of the packet they are about (conntrack matches them by it). */
  embedded?: Tuple;
}

/** A packet's fields, the ones a new packet may leave out optional. */
export type PktFields = Omit<Pkt, 'mark' | 'ttl'> & Partial<Pick<Pkt, 'mark' | 'ttl'>>;

/**
 * A packet with every field present, in one order (the absent ones undefined). NOTE: the walk reads
 * packets at every hook; packets made as literals and spreads came in five shapes (with or without
 * `l2`, `inner`, `err`, `embedded`), which made those reads polymorphic.
 */
export const newPkt = (f: PktFields): Pkt => ({
  src: f.src,
  sport: f.sport,
  dst: f.dst,
  dport: f.dport,
  proto: f.proto,
  size: f.size,
  df: f.df,
  mark: f.mark ?? 0,
  ttl: f.ttl ?? 64,
  l2: f.l2,
  inner: f.inner,
  err: f.err,
  embedded: f.embedded,
});

/** A copy of `p` (in the one shape). */
export const copyPkt = (p: Pkt): Pkt => newPkt(p);

export interface Tuple {
  proto: string;
  src: number;
  dst: number;
  sport: number;
  dport: number;
}

export const tupleOf = (p: Pkt): Tuple => ({ proto: p.proto, src: p.src, dst: p.dst, sport: p.sport, dport: p.dport });
export const invert = (t: Tuple): Tuple => ({ proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport });
export const sameTuple = (a: Tuple, b: Tuple) => a.proto === b.proto && a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport;

export const l4 = (p: Pkt): L4 => (p.proto === 'TCP' ? 'tcp' : p.proto === 'UDP' ? 'udp' : p.proto === 'IPIP' ? 'ipip' : 'icmp');

/** "ip:port", or just the address for ICMP. */
export function addr(ip: number, port: number, proto: string): string {
  return proto === 'ICMP' ? intToIp(ip) : `${intToIp(ip)}:${port}`;
}

/**
 * The view of the packet a hop shows, shared by consecutive hops while the fields it shows stay
 * the same (most hops forward the packet unchanged): one object and no address text per such hop.
 */
export class ViewMemo {
  private last: PacketView | undefined;
  /** Copies of the packet (and inner packet) fields `last` was made from. */
  private readonly was: Pkt = newPkt({ src: 0, sport: 0, dst: 0, dport: 0, proto: 'TCP', size: 0, df: false, ttl: 0 });
  private readonly wasInner: Pkt = copyPkt(this.was);
  private wasEncapsulated = false;

  of(p: Pkt): PacketView {
    const i = p.inner;
    if (this.last && shownSame(this.was, p) && p.err === this.was.err && (i ? this.wasEncapsulated && shownSame(this.wasInner, i) : !this.wasEncapsulated))
      return this.last;
    copyShown(this.was, p);
    this.was.err = p.err;
    this.wasEncapsulated = i !== undefined;
    if (i) copyShown(this.wasInner, i);
    return (this.last = view(p));
  }
}

const shownSame = (a: Pkt, b: Pkt) =>
  a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport && a.proto === b.proto && a.size === b.size && a.df === b.df;

function copyShown(to: Pkt, from: Pkt): void {
  to.src = from.src;
  to.dst = from.dst;
  to.sport = from.sport;
  to.dport = from.dport;
  to.proto = from.proto;
  to.size = from.size;
  to.df = from.df;
}

export function view(p: Pkt): PacketView {
  const shown = p.inner ?? p;
  const v: PacketView = {
    src: addr(shown.src, shown.sport, shown.proto),
    dst: addr(shown.dst, shown.dport, shown.proto),
    proto: shown.proto as TraceProtocol,
    size: shown.size,
    df: shown.df,
  };
  if (p.err) v.icmp = p.err === 'rst' ? 'TCP RST' : `ICMP ${p.err.replace(/-/g, ' ')}`;
  if (p.inner)
    v.outer =
      p.proto === 'IPIP'
        ? { src: intToIp(p.src), dst: intToIp(p.dst), proto: 'IPIP' }
        : { src: intToIp(p.src), dst: intToIp(p.dst), proto: `UDP ${p.sport} → ${p.dport}`, vni: p.dport === 4789 ? 4096 : 1 };
  return v;
}

export function ctText(t: Tuple): string {
  if (t.proto === 'ICMP') return `src=${intToIp(t.src)} dst=${intToIp(t.dst)} type=8 code=0 id=${t.sport}`;
  return `src=${intToIp(t.src)} dst=${intToIp(t.dst)} sport=${t.sport} dport=${t.dport}`;
}
