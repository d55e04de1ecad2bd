/**
 * Netfilter as the kernel walk meets it: a namespace's chain evaluated on the packet, in an
 * environment holding that namespace's addresses, ipsets and xt_recent lists, with the rules
 * that matched written down for the hop (what a node view highlights).
 */
import type { Reason } from '../../model';
import type { Netns } from '../dataplane';
import type { Acc, Chooser } from '../hop';
import { l4, type Pkt } from '../packet';
import { inSet } from '../proxy/ipvs-table';
import { because } from '../said';
import { evalChain, type NfEnv, type NfPacket, type NfResult } from './eval';
import { ruleText } from './render';
import type { Rule } from './table';

/** Rules never change: their text is built once (a shared kube-proxy rule serves every node). */
const savedText = new WeakMap<Rule, string>();

export class NetfilterHooks {
  private readonly envs = new Map<Netns, NfEnv>();

  /** `recent`: xt_recent lists by `${ns} ${name}`, kept across a trace's connections (session affinity). */
  constructor(
    private readonly choose: Chooser,
    private readonly recent: Map<string, Set<number>>,
  ) {}

  /** Runs `chain` of the namespace's `table` on the packet; what matched (and any choice made) goes into `a`. */
  run(ns: Netns, table: 'nat' | 'filter', chain: string, pkt: Pkt, isNew: boolean, a: Acc, extra: Partial<NfPacket> = {}): NfResult {
    // Every field written, in one order: one object shape for every evaluation.
    const p: NfPacket = {
      src: pkt.src,
      dst: pkt.dst,
      sport: pkt.sport,
      dport: pkt.dport,
      proto: l4(pkt),
      mark: pkt.mark,
      inIface: extra.inIface,
      outIface: extra.outIface,
      physdevIn: extra.physdevIn,
      ctstate: isNew ? 'NEW' : 'ESTABLISHED',
    };
    const r = evalChain(ns[table]!, chain, p, this.env(ns));
    for (const m of r.matched) {
      let text = savedText.get(m);
      if (text === undefined) savedText.set(m, (text = ruleText(m)));
      a.matched.push(`${ns.id} ${table} ${text}`);
    }
    if (r.choices) a.choices = r.choices;
    return r;
  }

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
        let list = this.recent.get(key);
        if (op === 'rcheck') return list?.has(src) ?? false;
        if (!list) this.recent.set(key, (list = new Set()));
        list.add(src);
        return true;
      },
    };
  }
}

/** The rule (or the chain's policy) that decided a verdict, as a reason. */
export function ruleWhy(r: Rule | undefined, table: string, chain: string): Reason {
  if (!r) return because('rulePolicy', { table, chain });
  return r.origin === 'user' ? because('ruleOfUser', { rule: ruleText(r), table }) : because('ruleOf', { origin: r.origin, rule: ruleText(r), table });
}
