/**
 * The search of `choice: {all: true}`: every branch of the walk's choice tree, depth-first, each
 * walked once, and one representative per class of equivalent options (classes.ts,
 * endpoint-classes.ts) walked for its class: each other member's branches are the
 * representative's with the member put in its place (the choice in the path, and the
 * representative's words — its addresses and names — where the outcome shows them: the later
 * path, the source the server saw, the endpoint). A representative stands for its class only when
 * none of its branches' outcomes names a member anywhere else (a reason, another member's word):
 * then every member is walked. Walks beyond `max` are cut (the caller says so); members whose
 * representative was walked are still listed.
 *
 * Branches are handed to `emit` in depth-first order as they are found, so a search that stands
 * for a million branches keeps only the subtrees of representatives, not the million.
 *
 * The search is a generator that pauses after each walk and after each member's renamed branches,
 * so whoever drives it can report progress, let other work in, or stop it (search.ts `Search`).
 */
import type { ChoiceOption, Outcome } from '../../model';
import type { OptionClasses } from '../hop';
import type { Branch } from '../outcomes';

/** A choice a branch met: its options, and their classes where the choice point knows them. */
export interface Met {
  options: readonly ChoiceOption[];
  classes?: OptionClasses;
}

/** One walked branch: how it ended, the choices it met, the option it took at each and that option's probability. */
export interface Walked {
  branch: Branch;
  met: Met[];
  taken: number[];
  /** The probabilities multiplied, in order, into the branch's `p`. */
  factors: number[];
}

/** Walks the branch that takes `forced[i]` at its i-th choice and the first option at every later one. */
export type WalkBranch = (forced: readonly number[]) => Walked;

export interface Exploration {
  /** Branches walked (representatives and branches of classes that could not be merged). */
  walked: number;
  /** The search stopped at `max` walks with branches left. */
  cut: boolean;
}

/** A branch with the probabilities its `p` is the product of (a renamed member's is made again from them, as the walk would). */
interface Leaf {
  branch: Branch;
  factors: readonly number[];
}

/** Renamed branches between two pauses of the search (a few hundred microseconds of work). */
const RENAMED_PER_PAUSE = 256;

/**
 * Every branch, depth-first, to `emit`; a class member's are its representative's, renamed.
 * Yields after each walk and each member's renamed branches; returns what it walked.
 */
export function* explore(walk: WalkBranch, max: number, emit: (b: Branch) => void): Generator<void, Exploration> {
  let walked = 0;
  let cut = false;
  let renamedSincePause = 0;
  function* subtree(forced: readonly number[], out: (l: Leaf) => void): Generator<void> {
    if (walked >= max) {
      cut = true;
      return;
    }
    // A pause before each walk but the first, so a pause comes after the branches found so far are out.
    if (walked > 0) yield;
    walked++;
    yield* below(forced.length, walk(forced), out);
  }
  // The branches under the choice at depth `d` of `leaf`, whose option there was the first (0).
  function* below(d: number, leaf: Walked, out: (l: Leaf) => void): Generator<void> {
    if (d >= leaf.taken.length) {
      out({ branch: leaf.branch, factors: leaf.factors });
      return;
    }
    const { options, classes } = leaf.met[d]!;
    const sizes = classes && classSizes(classes);
    // A representative's branches, where they stand for its class's other members.
    const standing = new Map<number, Leaf[]>();
    for (let k = 0; k < options.length; k++) {
      const rep = classes ? classes.repOf[k]! : k;
      const stands = rep === k ? undefined : standing.get(rep);
      if (stands) {
        const map = { from: classes!.identity[rep]!.words, to: classes!.identity[k]!.words };
        for (const l of stands) out(renamed(l, map, k, d, options));
        // A pause per few hundred renamed branches, not per member: a class's members often hold one each.
        if ((renamedSincePause += stands.length) >= RENAMED_PER_PAUSE) {
          renamedSincePause = 0;
          yield;
        }
        continue;
      }
      if (cut) continue;
      const kept: Leaf[] | undefined = sizes && sizes[k]! > 1 ? [] : undefined;
      const to = kept
        ? (l: Leaf) => {
            kept.push(l);
            out(l);
          }
        : out;
      if (k === 0) yield* below(d + 1, leaf, to);
      else yield* subtree([...leaf.taken.slice(0, d), k], to);
      if (kept && !kept.some((l) => namesClass(classes!, k, d, l.branch.outcome))) standing.set(k, kept);
    }
  }
  yield* subtree([], (l) => emit(l.branch));
  return { walked, cut };
}

const sizesMemo = new WeakMap<OptionClasses, number[]>();

/** How many options each representative stands for. */
function classSizes(c: OptionClasses): number[] {
  let s = sizesMemo.get(c);
  if (!s) {
    s = c.repOf.map(() => 0);
    for (const r of c.repOf) s[r]!++;
    sizesMemo.set(c, s);
  }
  return s;
}

/** The representative's words (`from`) and a member's (`to`), position by position. */
interface WordMap {
  from: readonly string[];
  to: readonly string[];
}

/** A word renamed: the member's at the representative's position, else itself. */
function renameWord(w: string, map: WordMap): string {
  const i = map.from.indexOf(w);
  return i < 0 ? w : map.to[i]!;
}

/** An address or an IP:PORT with its address renamed. */
function renameAddress(s: string, map: WordMap): string {
  const i = s.indexOf(':');
  return i < 0 ? renameWord(s, map) : renameWord(s.slice(0, i), map) + s.slice(i);
}

/** The representative's leaf `l` as member `m`'s: the choice at depth `d`, its probability and the representative's words (`map`) renamed. */
function renamed(l: Leaf, map: WordMap, m: number, d: number, options: readonly ChoiceOption[]): Leaf {
  const o = l.branch.outcome;
  const factors = [...l.factors];
  factors[d] = options[m]!.p;
  // The product in the walk's order, so the member's p is the one walking it would give.
  let p = 1;
  for (const f of factors) p *= f;
  const path = o.path.map((x, j) => (j === d ? options[m]!.to : j > d ? renameAddress(x, map) : x));
  const seen = o.sourceSeenByServer === null ? null : renameWord(o.sourceSeenByServer, map);
  const to = o.deliveredTo;
  const deliveredTo =
    to && (map.from.includes(to.name) || map.from.includes(to.ip)) ? { ...to, name: renameWord(to.name, map), ip: renameWord(to.ip, map) } : to;
  return { branch: { ...l.branch, outcome: { ...o, p, path, sourceSeenByServer: seen, deliveredTo } }, factors };
}

const ownersMemo = new WeakMap<OptionClasses['identity'], Map<string, number[]>>();

/** Which options each word (address, name) belongs to: made once per choice's options, whatever the classes (a walk's own nodes change those). */
function wordOwners(identity: OptionClasses['identity']): Map<string, number[]> {
  let owners = ownersMemo.get(identity);
  if (!owners) {
    owners = new Map();
    identity.forEach(({ words, others }, m) => {
      for (const w of [...words, ...others]) if (w) (owners!.get(w) ?? owners!.set(w, []).get(w)!).push(m);
    });
    ownersMemo.set(identity, owners);
  }
  return owners;
}

/**
 * Whether an outcome below the choice at depth `d` names a member of representative `k`'s class
 * where the renaming does not map it. It maps the representative's words in the later path, the
 * source seen and the endpoint; any other member's word there, and any member's word in the
 * verdict, reason or status, stops the representative standing. Node names are DNS names and
 * addresses dotted quads, so the text is cut into words at anything else (a trailing dot ends a
 * sentence).
 */
function namesClass(c: OptionClasses, k: number, d: number, o: Outcome): boolean {
  const owners = wordOwners(c.identity);
  const me = c.identity[k]!;
  const ofClass = (w: string) => owners.get(w)?.some((m) => c.repOf[m] === k) ?? false;
  // Shown where the renaming maps it: only the representative's own words (a word its members share maps to itself).
  const shown = [o.sourceSeenByServer ?? '', o.deliveredTo?.name ?? '', o.deliveredTo?.ip ?? '', ...o.path.slice(d + 1).map((x) => x.split(':')[0]!)];
  if (shown.some((w) => ofClass(w) && (!me.words.includes(w) || me.others.includes(w)))) return true;
  return JSON.stringify([o.verdict, o.why ?? o.reason, o.httpStatus])
    .split(/[^\w.-]+/)
    .some((x) => ofClass(x.replace(/\.+$/, '')));
}
