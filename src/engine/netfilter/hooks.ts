/**
 * Netfilter as the kernel walk meets it: a namespace's chain evaluated on the packet, in an
 * environment holding that namespace's addresses, ipsets and xt_recent lists, with the rules
 * that matched written down for the hop (what a node view highlights).
 */
import type { ChoiceOption, Reason } from '../../model';
import type { Netns } from '../dataplane';
import type { Acc, Affinity, Chooser } from '../hop';
import { l4, type Pkt } from '../packet';
import { inSet } from '../proxy/ipvs-table';
import { because } from '../said';
import { evalChain, type NfEnv, type NfPacket, type NfResult } from './eval';
import { ruleText } from './render';
import type { CompiledMatch, Rule } from './table';

/**
 * The environment chains are evaluated in, for the namespace being walked (`at`): one object per
 * walk, pointed at each namespace in turn, rather than closures made per namespace and trace.
 */
class HookEnv implements NfEnv {
  at!: Netns;

  constructor(
    private readonly chooser: Chooser,
    private readonly affinity: Affinity,
  ) {}

  isLocal(ip: number): boolean {
    return this.at.local.has(ip);
  }

  inSet(m: CompiledMatch, p: NfPacket): boolean {
    const set = this.at.ipsets?.[m.setId];
    return set ? inSet(set, m, p) : false;
  }

  choose(options: ChoiceOption[]): number {
    return this.chooser(options);
  }

  recent(op: 'rcheck' | 'set', name: string, src: number): boolean {
    const key = `${this.at.id} ${name}`;
    let list = this.affinity.recent?.get(key);
    if (op === 'rcheck') return list?.has(src) ?? false;
    if (!list) (this.affinity.recent ??= new Map()).set(key, (list = new Set()));
    list.add(src);
    return true;
  }
}

export class NetfilterHooks {
  private readonly env: HookEnv;

  /** `affinity.recent`: xt_recent lists by `${ns} ${name}`, kept across a trace's connections (session affinity). */
  constructor(choose: Chooser, affinity: Affinity) {
    this.env = new HookEnv(choose, affinity);
  }

  /** The packet as the chains see it: one object, rewritten for each evaluation (its fields always in one order, one shape). */
  private readonly p: NfPacket = {
    src: 0,
    dst: 0,
    sport: 0,
    dport: 0,
    proto: 'tcp',
    mark: 0,
    inIface: undefined,
    outIface: undefined,
    physdevIn: undefined,
    ctstate: 'NEW',
  };

  /**
   * Runs `chain` of the namespace's `table` on the packet, which came in on `inIface` (through a
   * bridge port: `physdevIn`) and leaves by `outIface`; what matched (and any choice made) goes
   * into `a`. The interfaces as arguments, not an object of them: one fewer object per chain run.
   */
  run(ns: Netns, table: 'nat' | 'filter', chain: string, pkt: Pkt, isNew: boolean, a: Acc, inIface?: string, outIface?: string, physdevIn?: boolean): NfResult {
    const p = this.p;
    p.src = pkt.src;
    p.dst = pkt.dst;
    p.sport = pkt.sport;
    p.dport = pkt.dport;
    p.proto = l4(pkt);
    p.mark = pkt.mark;
    p.inIface = inIface;
    p.outIface = outIface;
    p.physdevIn = physdevIn;
    p.ctstate = isNew ? 'NEW' : 'ESTABLISHED';
    this.env.at = ns;
    const r = evalChain(ns[table]!, chain, p, this.env);
    if (r.matched.length > 0) {
      // How a hop names a rule that matched: "NS TABLE -A …". NOTE: made afresh, not kept on the
      // rule: a rule shared by every node changed hands on most matches (16 of a warm trace's, each
      // a text and a record written into the old rule), and the join costs less than that.
      const prefix = `${ns.id} ${table} `;
      for (const m of r.matched) a.matched.push(prefix + ruleText(m));
    }
    if (r.choices) a.choices = r.choices;
    return r;
  }
}

/** The rule (or the chain's policy) that decided a verdict, as a reason. */
export function ruleWhy(r: Rule | undefined, table: string, chain: string): Reason {
  if (!r) return because('rulePolicy', { table, chain });
  return r.origin === 'user' ? because('ruleOfUser', { rule: ruleText(r), table }) : because('ruleOf', { origin: r.origin, rule: ruleText(r), table });
}
