/**
 * iptables tables as data: chains of rules with structured matches and targets, so the
 * walker can evaluate them and the views can print them as `iptables-save` would.
 */
import type { ParsedCidr } from '../../model/cidr';

export type L4 = 'tcp' | 'udp' | 'icmp' | 'sctp' | 'ipip';

export interface Match {
  src?: ParsedCidr;
  srcNot?: boolean;
  dst?: ParsedCidr;
  dstNot?: boolean;
  /** `-i NAME`, or `-i PREFIX+` for every interface whose name starts with PREFIX. */
  inIface?: string;
  inIfaceNot?: boolean;
  outIface?: string;
  proto?: L4;
  comment?: string;
  dport?: number;
  srcType?: 'LOCAL';
  srcTypeNot?: boolean;
  dstType?: 'LOCAL';
  dstTypeNot?: boolean;
  mark?: { value: number; mask: number; not?: boolean };
  /** ipset match, e.g. { name: 'KUBE-CLUSTER-IP', dims: 'dst,dst' }. */
  set?: { name: string; dims: string; not?: boolean };
  /**
   * `-m recent` (session affinity): rcheck matches a source seen within `seconds`; set records it.
   * A trace starts with empty recent lists, so rcheck never matches its first packet.
   */
  recent?: { op: 'rcheck' | 'set'; name: string; seconds?: number };
  /** statistic --mode random --probability p, as kube-proxy writes it (10 decimals). */
  probability?: number;
  ctstate?: string;
  /** physdev: packet came in through a bridge port. */
  physdevIsIn?: boolean;
  physdevIsInNot?: boolean;
}

export type Target =
  | { t: 'jump'; chain: string }
  | { t: 'DNAT'; ip: number; port?: number }
  | { t: 'SNAT'; ip: number }
  | { t: 'MASQUERADE'; randomFully?: boolean }
  | { t: 'MARK'; op: 'or' | 'xor' | 'set'; value: number }
  | { t: 'ACCEPT' }
  | { t: 'DROP' }
  | { t: 'RETURN' }
  | { t: 'REJECT'; with?: string };

/** Who wrote the rule: shown in reasons ("kube-proxy", "flanneld", "user rule"). */
export type Origin = 'kube-proxy' | 'flanneld' | 'user' | 'kubelet' | 'calico' | 'cni';

export interface Rule {
  chain: string;
  m: Match;
  target: Target;
  origin: Origin;
  /** Position key: rules are kept sorted by it, so rules written later (a service materialised on demand) land where kube-proxy puts them. */
  order: number;
}

interface ChainIndex {
  byDst: Map<number, number[]>;
  generic: number[];
}

export interface Table {
  name: 'nat' | 'filter';
  /** Built-in chains with their policy. */
  builtins: { name: string; policy: 'ACCEPT' | 'DROP' }[];
  chains: Map<string, Rule[]>;
  /** Chain declaration order (for iptables-save). */
  order: string[];
  /** Lazily built per-chain indexes for chains with many rules. */
  index: Map<string, ChainIndex | null>;
  /** Counter for rules written without an explicit order: they go after every ordered rule, in writing order. */
  seq: number;
}

const BUILTINS: Record<Table['name'], string[]> = {
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export function newTable(name: Table['name']): Table {
  const t: Table = {
    name,
    builtins: BUILTINS[name].map((n) => ({ name: n, policy: 'ACCEPT' as const })),
    chains: new Map(),
    order: [],
    index: new Map(),
    seq: 0,
  };
  for (const b of t.builtins) t.chains.set(b.name, []);
  return t;
}

/** Declares a chain (idempotent) so it prints even when empty, as kube-proxy's chains do. */
export function ensureChain(t: Table, chain: string): Rule[] {
  let rules = t.chains.get(chain);
  if (!rules) {
    rules = [];
    t.chains.set(chain, rules);
    t.order.push(chain);
  }
  return rules;
}

/** Orders at or above this are "after every service" (fixed rules such as the nodeports tail). */
export const FIXED_ORDER = 1e12;

export function addRule(t: Table, chain: string, m: Match, target: Target, origin: Origin, order?: number): void {
  const rules = ensureChain(t, chain);
  const rule: Rule = { chain, m, target, origin, order: order ?? FIXED_ORDER + t.seq++ };
  // Binary insert after every rule of equal or lower order.
  let lo = 0;
  let hi = rules.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rules[mid]!.order <= rule.order) lo = mid + 1;
    else hi = mid;
  }
  rules.splice(lo, 0, rule);
  if (target.t === 'jump') ensureChain(t, target.chain);
  t.index.delete(chain);
}

const INDEX_THRESHOLD = 24;

/** Rule positions of `chain` that can match a packet to `dst`, in chain order. */
export function candidates(t: Table, chain: string, dst: number): number[] | null {
  const rules = t.chains.get(chain);
  if (!rules || rules.length < INDEX_THRESHOLD) return null;
  let idx = t.index.get(chain);
  if (idx === undefined) {
    idx = { byDst: new Map(), generic: [] };
    rules.forEach((r, i) => {
      if (r.m.dst && r.m.dst.bits === 32 && !r.m.dstNot) {
        const list = idx!.byDst.get(r.m.dst.base);
        if (list) list.push(i);
        else idx!.byDst.set(r.m.dst.base, [i]);
      } else idx!.generic.push(i);
    });
    t.index.set(chain, idx);
  }
  if (!idx) return null;
  const a = idx.byDst.get(dst) ?? [];
  const b = idx.generic;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}
