/**
 * iptables tables as data: chains of rules with structured matches and targets, so the
 * walker can evaluate them and the views can print them as `iptables-save` would.
 */
import type { ParsedCidr } from '../../model/cidr';
import type { ChoiceOption } from '../../model';

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
  /**
   * `m` with every field present, for the walk: one object shape for every rule, so testing a rule
   * stays a fast property read. Made when the rule is first tested (testOf).
   */
  test: CompiledMatch | undefined;
  target: Target;
  origin: Origin;
  /** Position key: rules are kept sorted by it, so rules written later (a service materialised on demand) land where kube-proxy puts them. */
  order: number;
  /** Its `iptables-save` line, written the first time it is shown (render.ts ruleText). */
  text: string | undefined;
  /** The run of `statistic` rules this rule starts, as eval.ts last found it (kept for the next packet). */
  run: StatisticRun | undefined;
}

/** A run of `statistic` rules and the unconditional rule that ends it (kube-proxy's endpoint pick), with the choice it offers. */
export interface StatisticRun {
  readonly rules: readonly Rule[];
  readonly options: ChoiceOption[];
}

const SET_IDS = new Map<string, number>();

/**
 * An ipset's name as a small number, given out the first time a rule or a namespace names it: a
 * rule's set test and a namespace's sets meet by index (proxy/ipvs-table.ts IpSets). Never shown,
 * so the order names are given out in does not reach any output.
 */
export function setId(name: string): number {
  let id = SET_IDS.get(name);
  if (id === undefined) SET_IDS.set(name, (id = SET_IDS.size));
  return id;
}

/** A Match in one shape: absent tests are null (or -1 for numbers), CIDRs as [first, end) ranges. */
export class CompiledMatch {
  readonly proto: L4 | null;
  readonly srcFrom: number;
  readonly srcTo: number;
  readonly srcNot: boolean;
  readonly dstFrom: number;
  readonly dstTo: number;
  readonly dstNot: boolean;
  readonly dport: number;
  readonly inIface: string | null;
  readonly inPrefix: boolean;
  readonly inIfaceNot: boolean;
  readonly outIface: string | null;
  readonly physdevIsIn: boolean;
  readonly physdevIsInNot: boolean;
  readonly srcType: boolean;
  readonly srcTypeNot: boolean;
  readonly dstType: boolean;
  readonly dstTypeNot: boolean;
  readonly mark: boolean;
  readonly markValue: number;
  readonly markMask: number;
  readonly markNot: boolean;
  /** The ipset matched (setId), -1 without one; which of its dimensions read the source; `!`. */
  readonly setId: number;
  readonly setSrcFirst: boolean;
  readonly setSrcThird: boolean;
  readonly setNot: boolean;
  readonly ctstates: readonly string[] | null;
  readonly recent: NonNullable<Match['recent']> | null;
  /** `statistic --mode random`'s probability, -1 without one. */
  readonly probability: number;

  constructor(m: Match) {
    // Not `[from, to] = range(c)`: destructuring an array walks its iterator, objects per rule compiled.
    this.proto = m.proto ?? null;
    this.srcFrom = m.src ? m.src.base : -1;
    this.srcTo = m.src ? m.src.base + 2 ** (32 - m.src.bits) : -1;
    this.srcNot = !!m.srcNot;
    this.dstFrom = m.dst ? m.dst.base : -1;
    this.dstTo = m.dst ? m.dst.base + 2 ** (32 - m.dst.bits) : -1;
    this.dstNot = !!m.dstNot;
    this.dport = m.dport ?? -1;
    this.inPrefix = !!m.inIface?.endsWith('+');
    this.inIface = m.inIface ? (this.inPrefix ? m.inIface.slice(0, -1) : m.inIface) : null;
    this.inIfaceNot = !!m.inIfaceNot;
    this.outIface = m.outIface || null;
    this.physdevIsIn = !!m.physdevIsIn;
    this.physdevIsInNot = !!m.physdevIsInNot;
    this.srcType = !!m.srcType;
    this.srcTypeNot = !!m.srcTypeNot;
    this.dstType = !!m.dstType;
    this.dstTypeNot = !!m.dstTypeNot;
    this.mark = !!m.mark;
    this.markValue = m.mark?.value ?? 0;
    this.markMask = m.mark?.mask ?? 0;
    this.markNot = !!m.mark?.not;
    // The set by number and its dimensions read once, here: a rule's test is then an array index, not two lookups by name.
    this.setId = m.set ? setId(m.set.name) : -1;
    const dims = m.set ? m.set.dims.split(',') : [];
    this.setSrcFirst = dims[0] === 'src';
    this.setSrcThird = dims[2] === 'src';
    this.setNot = !!m.set?.not;
    this.ctstates = m.ctstate ? m.ctstate.split(',') : null;
    this.recent = m.recent ?? null;
    this.probability = m.probability ?? -1;
  }
}

/**
 * The rule's compiled match, made the first time the rule is tested: most rules a first touch
 * writes are never tested (the KUBE-SEP chains of the endpoints not picked, the other services'
 * KUBE-SERVICES entries), and a compiled match is ~230 bytes per rule.
 */
export function testOf(r: Rule): CompiledMatch {
  return (r.test ??= new CompiledMatch(r.m));
}

/**
 * A chain as nftables verdict maps dispatch it: the rules that can only match one destination
 * address (`-d IP/32`), by that address; the rest that can only match one destination port
 * (`--dport N`, KUBE-NODEPORTS' dispatch), by that port; and every other rule. Each list keeps
 * chain order, so walking the lists merged is walking the chain with the rules that cannot match
 * left out.
 */
interface ChainIndex {
  byDst: Map<number, Rule[]>;
  byPort: Map<number, Rule[]>;
  generic: Rule[];
}

export interface Table {
  name: 'nat' | 'filter';
  /** Built-in chains with their policy. */
  builtins: { name: string; policy: 'ACCEPT' | 'DROP' }[];
  /** The table's own chain lists (a copy's: only the chains it has written to; see `template`). */
  chains: Map<string, Rule[]>;
  /** Chain declaration order (for iptables-save); a copy's: the chains declared after its template's. */
  order: string[];
  /**
   * The table this one is a copy of (copyTable): a chain the copy has not written to is read from
   * here, so a node's tables hold only what differs from the rules every node alike shares.
   */
  template?: Table;
  /** Per-chain indexes, built when a long chain is first walked and kept up to date as rules are added. */
  index: Map<string, ChainIndex>;
  /** Counter for rules written without an explicit order: they go after every ordered rule, in writing order. */
  seq: number;
  /** Its chains as the walk reads them (chainView), made on first use and dropped when the chain is written to. */
  views: Map<string, ChainView>;
  /** How many chains the table has declared: a view of a chain its base lacked is made again once the base declares more. */
  chainsMade: number;
  /**
   * kube-proxy's per-service rules written once for the cluster and shared by every node's table
   * (a node's chains are its own rules merged with these), except `hidden`: the service ports
   * whose rules differ on this node (a Local traffic policy with a local endpoint), which it writes itself.
   */
  base?: { table: Table; hidden: ReadonlySet<number> };
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
    views: new Map(),
    chainsMade: 0,
  };
  for (const b of t.builtins) t.chains.set(b.name, []);
  return t;
}

/**
 * A copy of `t` that shares its rules and chain lists (a rule is never changed once written): the
 * first rule added to a chain of the copy gives the copy its own list of that chain, so what is
 * added stays in the copy and the chains it never writes cost nothing per copy. `t` must not
 * change once copied.
 */
export function copyTable(t: Table): Table {
  return { name: t.name, builtins: t.builtins, chains: NONE, order: [], index: NONE, seq: t.seq, template: t, views: NONE, chainsMade: 0 };
}

/**
 * The chain, index and view maps a copy starts with, one empty map for every copy until its first write
 * (writable): a node's filter table never writes a chain and no node's table indexes one (of 857
 * nodes a cold loop builds, none), a copy without a base reads the views of the chains it has not
 * written from its template, and an empty Map is ~190 bytes a node keeps. Never written to.
 */
const NONE = new Map<never, never>();

/**
 * The table a namespace keeps for copy `t` once it is built: its template itself when the copy wrote
 * nothing and reads no base (a node's filter table in IPVS mode), so every such node reads the one
 * table instead of a copy of its own, last read a thousand traces earlier. The namespace must not
 * write to it after (nothing writes a built namespace's tables: kube-proxy's on-demand rules go to a
 * table with a base).
 */
export const sharedIfUnwritten = (t: Table): Table => (t.template && t.chains === NONE && !t.base ? t.template : t);

/** `t`'s own chain, index or view map, to write to. */
const writable = <K extends 'chains' | 'index' | 'views'>(t: Table, k: K): Table[K] => (t[k] === NONE ? (t[k] = new Map() as Table[K]) : t[k]);

/** The rules of `chain` as this table holds them: its own list, else its template's. */
const chainOf = (t: Table, chain: string): Rule[] | undefined => t.chains.get(chain) ?? t.template?.chains.get(chain);

/** Declares a chain (idempotent) so it prints even when empty, as kube-proxy's chains do. */
export function ensureChain(t: Table, chain: string): void {
  if (!chainOf(t, chain)) {
    writable(t, 'chains').set(chain, []);
    t.order.push(chain);
    t.chainsMade++;
    t.views.delete(chain);
  }
}

/** The table's own list of `chain`, to write to: the template's copied the first time. */
function ownRules(t: Table, chain: string): Rule[] {
  let rules = t.chains.get(chain);
  if (rules) return rules;
  const shared = t.template?.chains.get(chain);
  if (!shared) t.order.push(chain);
  rules = shared ? shared.slice() : [];
  writable(t, 'chains').set(chain, rules);
  t.chainsMade++;
  // An index of the template's list no longer holds this chain's rules.
  t.index.delete(chain);
  return rules;
}

/** Orders at or above this are "after every service" (fixed rules such as the nodeports tail). */
export const FIXED_ORDER = 1e12;
const PER_SERVICE = 10000;

/** The order of service port `index`'s `seq`th rule: a service port's rules sit together, in service order. */
export const serviceOrder = (index: number, seq: number): number => index * PER_SERVICE + seq;

/** The service port whose rules `r` is one of (-1 for rules that belong to no service). */
export const serviceOf = (r: Rule): number => (r.order < FIXED_ORDER ? Math.floor(r.order / PER_SERVICE) : -1);

/** Inserts `rule` after every rule of equal or lower order. */
function insertByOrder(rules: Rule[], rule: Rule): void {
  let lo = 0;
  let hi = rules.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rules[mid]!.order <= rule.order) lo = mid + 1;
    else hi = mid;
  }
  // Not splice, which returns a list of what it removed (an empty one here) on every call: ~1 MB of
  // what iptables mode's cold loop allocated. Appended, the rules after its place moved up one.
  rules.push(rule);
  rules.copyWithin(lo + 1, lo);
  rules[lo] = rule;
}

export function addRule(t: Table, chain: string, m: Match, target: Target, origin: Origin, order?: number): void {
  const rules = ownRules(t, chain);
  const rule: Rule = { chain, m, test: undefined, target, origin, order: order ?? FIXED_ORDER + t.seq++, text: undefined, run: undefined };
  insertByOrder(rules, rule);
  t.views.delete(chain);
  if (target.t === 'jump') ensureChain(t, target.chain);
  const idx = t.index.get(chain);
  if (idx) insertByOrder(bucketOf(idx, rule), rule);
}

function bucketOf(idx: ChainIndex, r: Rule): Rule[] {
  const m = r.m;
  let map: Map<number, Rule[]>;
  let key: number;
  if (m.dst && m.dst.bits === 32 && !m.dstNot) [map, key] = [idx.byDst, m.dst.base];
  else if (m.dport !== undefined) [map, key] = [idx.byPort, m.dport];
  else return idx.generic;
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

function indexOf(t: Table, chain: string): ChainIndex | undefined {
  let idx = t.index.get(chain);
  if (idx) return idx;
  const rules = t.chains.get(chain);
  if (!rules) return t.template ? indexOf(t.template, chain) : undefined;
  idx = { byDst: new Map(), byPort: new Map(), generic: [] };
  for (const r of rules) bucketOf(idx, r).push(r);
  writable(t, 'index').set(chain, idx);
  return idx;
}

const hiddenBy = (hidden: ReadonlySet<number>) => (r: Rule) => !hidden.has(serviceOf(r));

/** Sorted rule lists merged into one in chain order (the lists are short: what one packet can meet). */
function mergeByOrder(lists: Rule[][]): Rule[] {
  if (lists.length <= 1) return lists[0] ?? [];
  return lists.flat().sort((a, b) => a.order - b.order);
}

/**
 * The rules of `chain` in chain order: the table's own, merged with the shared base's where it
 * has one (leaving out the service ports the table writes itself).
 */
export function rulesOf(t: Table, chain: string): Rule[] | undefined {
  const own = chainOf(t, chain);
  const b = t.base;
  const shared = b?.table.chains.get(chain);
  if (!b || !shared || shared.length === 0) return own;
  const first = serviceOf(shared[0]!);
  // One service's own chain (KUBE-SVC-…, KUBE-SEP-…): the table's when it writes that service itself.
  if (first === serviceOf(shared[shared.length - 1]!)) {
    if (b.hidden.has(first)) return own;
    if (!own || own.length === 0) return shared;
  }
  const visible = b.hidden.size === 0 ? shared : shared.filter(hiddenBy(b.hidden));
  return own && own.length > 0 ? mergeByOrder([visible, own]) : visible;
}

/** Every chain declared in the table or its base (what `iptables-save` lists). */
export function chainNames(t: Table): string[] {
  const own = t.template ? [...chainNames(t.template), ...t.order] : t.order;
  return t.base ? [...new Set([...own, ...t.base.table.order])] : own;
}

const INDEX_THRESHOLD = 24;

/**
 * A chain as one table resolves it for the walk, made once: its rules (own, template's and the
 * shared base's merged), or for a long chain the indexes to dispatch through, and its policy. The
 * walk reads one of these per chain it enters instead of looking the chain up by name in the
 * table, its template, the base and their indexes (six lookups a chain, ~80 a trace).
 */
export interface ChainView {
  readonly name: string;
  /** The rules in chain order (undefined for a chain the table does not have, and for a long chain: viewRules). */
  readonly rules: Rule[] | undefined;
  /**
   * A long chain (INDEX_THRESHOLD rules or more) is dispatched through the index of its own rules and
   * that of its base's, leaving out the base's service ports it writes itself (`hidden`). As fields of
   * the view, not a list of records: a list and a record per index, made per node, were read by each
   * packet through the chain, two more objects last read a thousand traces earlier.
   */
  readonly indexed: boolean;
  readonly ownIndex: ChainIndex | undefined;
  readonly baseIndex: ChainIndex | undefined;
  readonly hidden: ReadonlySet<number> | undefined;
  /** A built-in chain's policy; undefined for a user chain. */
  readonly policy: 'ACCEPT' | 'DROP' | undefined;
  /**
   * What of the base it was made from, to tell when the base has changed under it (the tables a
   * node reads through its base are written as services are first reached): the base's list of the
   * chain and its length, or, where the base had no such chain, how many chains the base had made
   * when it last looked. A long chain's indexes are kept up to date in place, so only their existence counts.
   */
  readonly baseRules: Rule[] | undefined;
  readonly baseLength: number;
  baseChainsMade: number;
}

/** Whether view `v` of table `t` still says what the table and its base hold (the table's own writes drop its views). */
function fresh(t: Table, v: ChainView): boolean {
  const b = t.base;
  if (b === undefined) return true;
  if (v.baseRules === undefined) {
    if (v.baseChainsMade === b.table.chainsMade) return true;
    // NOTE: the base made chains since, but perhaps not this one (a service's chains, written as it is
    // first reached): the view still holds unless the base now has the chain. Made again, it was
    // 2.4 views a warm iptables trace after the first-touch pass had written the services it reached.
    if (b.table.chains.has(v.name)) return false;
    v.baseChainsMade = b.table.chainsMade;
    return true;
  }
  return v.indexed || v.baseRules.length === v.baseLength;
}

/** `chain` of `t` as the walk reads it (ChainView). */
export function chainView(t: Table, chain: string): ChainView {
  // A chain a copy has not written to and no base adds to is its template's: the template's view,
  // shared by every copy (a node's nat and filter tables in IPVS mode write one chain between them;
  // in iptables mode the built-in and fixed chains, which the shared per-service base never holds),
  // so the walk reads one view where it read a view map of each node's. Asked again once the base has rules in it.
  if (t.template && !t.chains.has(chain) && !t.base?.table.chains.get(chain)?.length) return chainView(t.template, chain);
  const v = t.views.get(chain);
  if (v !== undefined && fresh(t, v)) return v;
  return makeView(t, chain);
}

function makeView(t: Table, chain: string): ChainView {
  const b = t.base;
  const baseRules = b?.table.chains.get(chain);
  const size = (chainOf(t, chain)?.length ?? 0) + (baseRules?.length ?? 0);
  const indexed = size >= INDEX_THRESHOLD;
  const baseIndex = indexed && b ? indexOf(b.table, chain) : undefined;
  const v: ChainView = {
    name: chain,
    rules: indexed ? undefined : rulesOf(t, chain),
    indexed,
    ownIndex: indexed ? indexOf(t, chain) : undefined,
    baseIndex,
    hidden: baseIndex && b!.hidden.size > 0 ? b!.hidden : undefined,
    policy: t.builtins.find((x) => x.name === chain)?.policy,
    baseRules,
    baseLength: baseRules?.length ?? 0,
    baseChainsMade: b ? b.table.chainsMade : 0,
  };
  writable(t, 'views').set(chain, v);
  return v;
}

/** Every rule of a view's chain, in order (a long chain's merged afresh: its view keeps only the indexes, which rules join in place). */
export const viewRules = (t: Table, v: ChainView): Rule[] | undefined => v.rules ?? (v.indexed ? rulesOf(t, v.name) : undefined);

/**
 * The rules of a long chain's view that can match a packet to `dst`:`dport`, in chain order. A
 * verdict-map lookup (by address, then by port) instead of a walk over every service's rule:
 * KUBE-SERVICES holds thousands.
 */
export function viewCandidates(v: ChainView, dst: number, dport: number): Rule[] {
  const lists: Rule[][] = [];
  if (v.ownIndex) collectFrom(lists, v.ownIndex, undefined, dst, dport);
  if (v.baseIndex) collectFrom(lists, v.baseIndex, v.hidden, dst, dport);
  return mergeByOrder(lists);
}

/** An index's lists that can match a packet to `dst`:`dport`, without `hidden`'s rules. */
function collectFrom(lists: Rule[][], idx: ChainIndex, hidden: ReadonlySet<number> | undefined, dst: number, dport: number): void {
  collect(lists, idx.byDst.get(dst), hidden);
  collect(lists, idx.byPort.get(dport), hidden);
  collect(lists, idx.generic, hidden);
}

/** The rules of `chain` that can match a packet to `dst`:`dport`, in chain order, or null when the chain is short enough to walk whole. */
export function candidates(t: Table, chain: string, dst: number, dport: number): Rule[] | null {
  const v = chainView(t, chain);
  return v.indexed ? viewCandidates(v, dst, dport) : null;
}

/** An index's list, without the rules of `hidden` service ports, if any are left. */
function collect(lists: Rule[][], l: Rule[] | undefined, hidden: ReadonlySet<number> | undefined): void {
  if (!l || l.length === 0) return;
  const visible = hidden && l.some((r) => hidden.has(serviceOf(r))) ? l.filter(hiddenBy(hidden)) : l;
  if (visible.length > 0) lists.push(visible);
}
