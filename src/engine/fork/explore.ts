/**
 * The search of `choice: {all: true}`: every branch of the walk's choice tree, depth-first, each
 * walked once, and one representative per class of equivalent options (classes.ts) walked for
 * its class: each other member's branches are the representative's with the member put in its
 * place (the choice in the path, and the source the server saw when it was the representative's
 * address). A representative stands for its class only when none of its branches' outcomes
 * names a node of the class anywhere else (a reason, the endpoint, another address): then every
 * member is walked. Walks beyond `max` are cut (the caller says so); members whose
 * representative was walked are still listed.
 */
import type { ChoiceOption } from '../../model';
import type { OptionClasses } from '../hop';
import type { Branch } from '../outcomes';

/** A choice a branch met: its options, and their classes where the choice point knows them. */
export interface Met {
  options: readonly ChoiceOption[];
  classes?: OptionClasses;
}

/** One walked branch: how it ended, the choices it met and the option it took at each. */
export interface Walked {
  branch: Branch;
  met: Met[];
  taken: number[];
}

/** Walks the branch that takes `forced[i]` at its i-th choice and the first option at every later one. */
export type WalkBranch = (forced: readonly number[]) => Walked;

export interface Exploration {
  /** Every branch, depth-first; a class member's are its representative's, renamed. */
  branches: Branch[];
  /** Branches walked (representatives and branches of classes that could not be merged). */
  walked: number;
  /** The search stopped at `max` walks with branches left. */
  cut: boolean;
}

export function explore(walk: WalkBranch, max: number): Exploration {
  let walked = 0;
  let cut = false;
  const subtree = (forced: readonly number[]): Branch[] => {
    if (walked >= max) {
      cut = true;
      return [];
    }
    walked++;
    return below(forced.length, walk(forced));
  };
  // The branches under the choice at depth `d` of `leaf`, whose option there was the first (0).
  const below = (d: number, leaf: Walked): Branch[] => {
    if (d >= leaf.taken.length) return [leaf.branch];
    const { options, classes } = leaf.met[d]!;
    // A representative's branches, where they stand for its class's other members.
    const standing = new Map<number, Branch[]>();
    const out: Branch[] = [];
    for (let k = 0; k < options.length; k++) {
      const rep = classes ? classes.repOf[k]! : k;
      const stands = rep === k ? undefined : standing.get(rep);
      if (stands) {
        for (const b of stands) out.push(renamed(b, classes!, rep, k, d, options));
        continue;
      }
      if (cut) continue;
      const sub = k === 0 ? below(d + 1, leaf) : subtree([...leaf.taken.slice(0, d), k]);
      if (classes && rep === k && !sub.some(namesClassOf(classes, k))) standing.set(k, sub);
      for (const b of sub) out.push(b); // not push(...sub): a subtree can outgrow the argument limit
    }
    return out;
  };
  const branches = subtree([]);
  return { branches, walked, cut };
}

/** The representative's branch `b` as member `m`'s: the choice at depth `d`, its probability and the source the server saw renamed. */
function renamed(b: Branch, c: OptionClasses, rep: number, m: number, d: number, options: readonly ChoiceOption[]): Branch {
  const path = [...b.outcome.path];
  path[d] = options[m]!.to;
  const seen = b.outcome.sourceSeenByServer;
  const p = options[m]!.p === options[rep]!.p ? b.outcome.p : (b.outcome.p / options[rep]!.p) * options[m]!.p;
  return { ...b, outcome: { ...b.outcome, p, path, sourceSeenByServer: seen === c.identity[rep]!.ip ? c.identity[m]!.ip : seen } };
}

const namesClassMemo = new WeakMap<OptionClasses, Map<number, (b: Branch) => boolean>>();

/**
 * Whether a branch's outcome names a node of representative `k`'s class anywhere the renaming
 * does not map: the only place it maps is the source the server saw, the representative's
 * address there standing for each member's own. Node names are DNS names and addresses dotted
 * quads, so the outcome's text is cut into words at anything else (a trailing dot ends a sentence).
 */
function namesClassOf(c: OptionClasses, k: number): (b: Branch) => boolean {
  const memo = namesClassMemo.get(c) ?? namesClassMemo.set(c, new Map()).get(c)!;
  let f = memo.get(k);
  if (f) return f;
  const me = c.identity[k]!;
  const words = new Set(c.identity.filter((_, m) => c.repOf[m] === k).flatMap((n) => [n.name, n.ip, ...n.others]));
  words.delete('');
  f = ({ outcome: o }) =>
    (o.sourceSeenByServer !== me.ip && words.has(o.sourceSeenByServer ?? '')) ||
    JSON.stringify([o.verdict, o.why ?? o.reason, o.deliveredTo, o.httpStatus])
      .split(/[^\w.-]+/)
      .some((w) => words.has(w.replace(/\.+$/, '')));
  memo.set(k, f);
  return f;
}
