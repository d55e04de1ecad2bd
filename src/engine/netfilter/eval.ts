/**
 * Walks a packet through an iptables chain the way the kernel's xt_do_table does:
 * rules in order, jumps and returns, terminal targets, and built-in chain policies.
 * Random `statistic` rules become an explicit choice with each branch's probability.
 */
import { intToIp } from '../../model/cidr';
import type { ChoiceOption } from '../../model';
import { chainView, testOf, viewCandidates, viewRules, type ChainView, type CompiledMatch, type L4, type Rule, type StatisticRun, type Table } from './table';

export interface NfPacket {
  src: number;
  dst: number;
  sport: number;
  dport: number;
  proto: L4;
  mark: number;
  inIface?: string;
  outIface?: string;
  /** The packet entered through a bridge port (br_netfilter). */
  physdevIn?: boolean;
  ctstate: 'NEW' | 'ESTABLISHED' | 'RELATED';
}

export interface NfEnv {
  isLocal(ip: number): boolean;
  /** Whether the packet matches the rule's ipset test (`m.setId`, its dimensions), the negation aside. */
  inSet(m: CompiledMatch, p: NfPacket): boolean;
  /** Picks one option; returns its index. */
  choose(options: ChoiceOption[]): number;
  /**
   * xt_recent: `rcheck` whether `src` is on list `name` (seen within the timeout: a trace's
   * connections are seconds apart, well inside kube-proxy's 10800 s), `set` puts it there.
   * Lists live as long as the trace's connections (see TraceRequest.repeat).
   */
  recent?(op: 'rcheck' | 'set', name: string, src: number): boolean;
}

export type NatAction = { type: 'DNAT'; ip: number; port?: number; rule: Rule } | { type: 'SNAT'; ip: number; rule: Rule } | { type: 'MASQUERADE'; rule: Rule };

export interface NfResult {
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  /** The rule that decided a DROP/REJECT (undefined when a policy did). */
  decidedBy?: Rule;
  nat?: NatAction;
  mark: number;
  /** Every rule whose matches held, in order (for highlighting in node views). */
  matched: Rule[];
  choices?: ChoiceOption[];
  picked?: number;
}

function matches(m: CompiledMatch, p: NfPacket, env: NfEnv): boolean {
  if (m.proto !== null && m.proto !== p.proto) return false;
  if (m.srcFrom >= 0 && (p.src >= m.srcFrom && p.src < m.srcTo) === m.srcNot) return false;
  if (m.dstFrom >= 0 && (p.dst >= m.dstFrom && p.dst < m.dstTo) === m.dstNot) return false;
  if (m.dport >= 0 && m.dport !== p.dport) return false;
  // iptables' interface match: a trailing `+` matches any name with that prefix; no interface (OUTPUT) matches nothing.
  if (m.inIface !== null) {
    const name = p.inIface;
    const hit = name !== undefined && (m.inPrefix ? name.startsWith(m.inIface) : name === m.inIface);
    if (hit === m.inIfaceNot) return false;
  }
  if (m.outIface !== null && m.outIface !== p.outIface) return false;
  if (m.physdevIsIn && !!p.physdevIn === m.physdevIsInNot) return false;
  if (m.srcType && env.isLocal(p.src) === m.srcTypeNot) return false;
  if (m.dstType && env.isLocal(p.dst) === m.dstTypeNot) return false;
  if (m.mark && ((p.mark & m.markMask) === m.markValue) === m.markNot) return false;
  if (m.setId >= 0 && env.inSet(m, p) === m.setNot) return false;
  if (m.ctstates !== null && !m.ctstates.includes(p.ctstate)) return false;
  // Last, as xt_recent runs after the rule's other matches held (and `--set` records only then).
  if (m.recent !== null) return env.recent ? env.recent(m.recent.op, m.recent.name, p.src) : m.recent.op === 'set';
  return true;
}

/** What a branch leads to, for a choice label: the DNAT destination of a KUBE-SEP chain, else the chain. */
function branchLabel(t: Table, r: Rule): string {
  if (r.target.t !== 'jump') return r.target.t;
  const sep = viewRules(t, chainView(t, r.target.chain)) ?? [];
  const dnat = sep.find((x) => x.target.t === 'DNAT');
  if (dnat && dnat.target.t === 'DNAT') return `${intToIp(dnat.target.ip)}${dnat.target.port ? `:${dnat.target.port}` : ''}`;
  return r.target.chain;
}

/**
 * The run of statistic rules starting at `all[j]`, ending in an unconditional one (kube-proxy's
 * endpoint pick), with its options: made once and kept on its first rule, for as long as the chain
 * holds the same rules there. Each option's label reads its KUBE-SEP chain for the DNAT, so making
 * them for every packet read every endpoint's chain, rules and targets (~60 objects of a warm iptables
 * trace, each last read a thousand traces earlier at 1,000 nodes), where the packet takes one.
 * Options are shown on hops as they are (IPVS's are kept the same way: shown.ts).
 */
function statisticRun(t: Table, all: readonly Rule[], j: number): StatisticRun {
  const first = all[j]!;
  const kept = first.run;
  // Rules are only ever added: one written into the run would have moved its last rule on.
  if (kept && all[j + kept.rules.length - 1] === kept.rules[kept.rules.length - 1]) return kept;
  const rules: Rule[] = [];
  let end = j;
  while (end < all.length && testOf(all[end]!).probability >= 0) rules.push(all[end++]!);
  if (end < all.length) rules.push(all[end]!);
  let rest = 1;
  const options: ChoiceOption[] = rules.map((g) => {
    const q = g.m.probability ?? 1;
    const eff = rest * q;
    rest -= eff;
    return { to: branchLabel(t, g), p: eff, via: g.target.t === 'jump' ? g.target.chain : g.target.t };
  });
  const run = { rules, options };
  // Kept only when an unconditional rule closes it: a run open at the chain's end would take in a rule written after it.
  if (end < all.length) first.run = run;
  return run;
}

const MAX_DEPTH = 32;

/**
 * Evaluates `chain` of `table` for packet `p`.
 * @example evalChain(nat, 'PREROUTING', pkt, env) // → { verdict: 'ACCEPT', nat: { type: 'DNAT', … } }
 */
export function evalChain(table: Table, chain: string, p: NfPacket, env: NfEnv): NfResult {
  const res: NfResult = { verdict: 'ACCEPT', mark: p.mark, matched: [] };
  // NOTE: MARK targets write p.mark: the caller's packet is the chains' view of it, not the walked packet.
  const v = chainView(table, chain);
  const outcome = walk(table, v, p, env, res, 0);
  res.mark = p.mark;
  if (outcome === 'DROP' || outcome === 'REJECT') res.verdict = outcome;
  else if (outcome === 'fallthrough' && v.policy === 'DROP') res.verdict = 'DROP';
  return res;
}

type WalkOutcome = 'ACCEPT' | 'DROP' | 'REJECT' | 'RETURN' | 'fallthrough' | 'NAT';

function walk(t: Table, v: ChainView, p: NfPacket, env: NfEnv, res: NfResult, depth: number): WalkOutcome {
  if (depth > MAX_DEPTH) return 'fallthrough';
  // A long chain is walked through its index: only the rules that can match this packet.
  const cand = v.indexed ? viewCandidates(v, p.dst, p.dport) : null;
  const rules = cand ?? v.rules;
  if (!rules) return 'fallthrough';
  for (let k = 0; k < rules.length; k++) {
    let r = rules[k]!;
    if (testOf(r).probability >= 0) {
      const all = cand ? viewRules(t, v)! : rules;
      const { rules: group, options } = statisticRun(t, all, cand ? all.indexOf(r) : k);
      const pick = env.choose(options);
      res.choices = options;
      res.picked = pick;
      r = group[pick]!;
      // The statistic draw was the choice above; the rule's other matches still apply.
      if (!matches(testOf(r), p, env)) return 'fallthrough';
      res.matched.push(r);
      const o = apply(t, r, p, env, res, depth);
      return o === 'RETURN' ? 'fallthrough' : o;
    }
    if (!matches(testOf(r), p, env)) continue;
    res.matched.push(r);
    const o = apply(t, r, p, env, res, depth);
    if (o === 'RETURN') return 'RETURN';
    if (o !== 'fallthrough') return o;
  }
  return 'fallthrough';
}

function apply(t: Table, r: Rule, p: NfPacket, env: NfEnv, res: NfResult, depth: number): WalkOutcome {
  const tg = r.target;
  switch (tg.t) {
    case 'jump': {
      const o = walk(t, chainView(t, tg.chain), p, env, res, depth + 1);
      return o === 'RETURN' || o === 'fallthrough' ? 'fallthrough' : o;
    }
    case 'MARK':
      p.mark = tg.op === 'or' ? p.mark | tg.value : tg.op === 'xor' ? p.mark ^ tg.value : tg.value;
      return 'fallthrough';
    case 'RETURN':
      return 'RETURN';
    case 'ACCEPT':
      return 'ACCEPT';
    case 'DROP':
    case 'REJECT':
      res.decidedBy = r;
      return tg.t;
    case 'DNAT':
      res.nat = { type: 'DNAT', ip: tg.ip, port: tg.port, rule: r };
      return 'NAT';
    case 'SNAT':
      res.nat = { type: 'SNAT', ip: tg.ip, rule: r };
      return 'NAT';
    case 'MASQUERADE':
      res.nat = { type: 'MASQUERADE', rule: r };
      return 'NAT';
  }
}
