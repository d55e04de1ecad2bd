/**
 * What the walker writes down as a packet moves: how a path ends, what one namespace did to
 * the packet before its hop is recorded, and the hop's note. Shared by the kernel walk
 * (walk.ts), conntrack, the eBPF service LB and the cloud hops.
 */
import type { Hop, Reason, Rewrite, Verdict } from '../model';
import type { Offer } from './choices';
import type { Netns } from './dataplane';
import { addr, type Pkt, type Tuple } from './packet';
import { because, wordReason } from './said';

export type End =
  | { kind: 'delivered'; ns: Netns; pkt: Pkt }
  | { kind: Exclude<Verdict, 'delivered'>; reason: string; why: Reason; ns: string; error?: { ns: string; pkt: Pkt } };

/**
 * Decides load-balancing choices; returns the index taken. `classes`, where the choice point
 * knows them, says which options continue equivalently (fork/classes.ts); only `all` asks.
 */
export type Chooser = (options: Offer, classes?: () => OptionClasses) => number;

/** Options that continue the same way up to renaming one node for another: `all` walks one of each. */
export interface OptionClasses {
  /** Per option, the index of its class's representative (the class's first option). */
  repOf: readonly number[];
  /**
   * Per option, what the renaming maps: `words` position by position (the representative's i-th
   * to the member's i-th) where an outcome shows them (the path, the source seen, the endpoint);
   * `others`, the option's other names and addresses, which no branch that stands for the class
   * may show (fork/explore.ts).
   */
  identity: readonly { words: readonly string[]; others: readonly string[] }[];
}

/** Writes `why` as the hop's note (after the note it has, with `append`), in words and as data. */
export function note(h: Hop, why: Reason, append = false): void {
  h.noteWhy = append && h.noteWhy ? because('both', { a: h.noteWhy, b: why }) : why;
  h.note = wordReason(h.noteWhy);
}

/**
 * What happened to the packet in one namespace before its next hop is written down. NOTE: each
 * list is made when first written: most namespaces a packet passes write one or none, and three
 * empty lists per namespace (and again after each hop) were ~1.5 KB of a warm trace's ~27 KB.
 */
export class Acc {
  /** The lists as written (each made by its getter, when first written), undefined for none. */
  r?: Rewrite[];
  m?: string[];
  n?: Reason[];
  choices?: Offer;

  get rewrites(): Rewrite[] {
    return (this.r ??= []);
  }

  get matched(): string[] {
    return (this.m ??= []);
  }

  get notes(): Reason[] {
    return (this.n ??= []);
  }
}

/** The last Acc made, kept reachable so that its hidden class outlives a major GC between traces (see Dataplane.lastWalk). */
export const kept: { acc?: Acc } = {};

export const newAcc = (): Acc => (kept.acc = new Acc());

/** A connection as a namespace first saw it, and whether this packet opened it. */
export interface Visit {
  orig: Tuple;
  isNew: boolean;
}

/** Rewrites the destination (DNAT) and records it. */
export function dnat(pkt: Pkt, ip: number, port: number | undefined, by: string, a: Acc): void {
  const from = addr(pkt.dst, pkt.dport, pkt.proto);
  pkt.dst = ip;
  if (port !== undefined) pkt.dport = port;
  a.rewrites.push({ type: 'DNAT', from, to: addr(pkt.dst, pkt.dport, pkt.proto), by });
}

/** Where a connection starts: the client's namespace and its tuple. */
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
  /** Made when a rule first sets a list: most traces meet no session affinity (two Maps per trace otherwise). */
  recent: Map<string, Set<number>> | undefined;
  /** key: `${ns} ${vsKey} ${clientIP}` → the real server's index; made when first written. */
  persist: Map<string, number> | undefined;
}

export const newAffinity = (): Affinity => ({ recent: undefined, persist: undefined });
