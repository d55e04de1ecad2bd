/**
 * A kubectl List's JSON text cut in two between its items, each half parsed alone: the step before the halves are
 * parsed on two cores (a 1,000-node cluster's List is 147 MB, its parse ~0.6 s of one thread). Only text printed as
 * kubectl prints it is cut: the items one level down, four spaces a level; anything else is parsed whole.
 */
import type { Problem } from '../topology';
import type { KubectlRead } from '../kubectl-import';
import { readSlice } from './endpoint-slices';
import { isKubeProxyPod } from './kube-proxy';
import { annotationsOf, collectItems, isObj, type Obj, type Source } from './objects';
import { readPod } from './pods';

/** Where the List's items open, and the text between two of them (JSON strings cannot hold a raw newline). */
const ITEMS_OPEN = '\n    "items": [\n';
const BETWEEN_ITEMS = '\n        },\n        {\n';

/** `text` cut between two items near its middle, each half a JSON text of its own; null when it is not cut. */
export function listHalves(text: string): [string, string] | null {
  if (!text.startsWith('{')) return null;
  const items = text.indexOf(ITEMS_OPEN);
  if (items < 0) return null;
  const cut = text.indexOf(BETWEEN_ITEMS, Math.max(items, text.length >> 1));
  if (cut < 0) return null;
  const itemEnd = cut + '\n        }'.length;
  return [`${text.slice(0, itemEnd)}]}`, `{"items":[${text.slice(itemEnd + 1)}`];
}

/**
 * The List the two halves are: the keys before its items from the first, those after from the second, the items of
 * both; undefined when either is not a JSON object with items, the first's last key is not items (the cut was in
 * another list: a key of the List's own lies between its items and the cut), or a key is in both (the text whole
 * would keep the last of it).
 */
export function joinedHalves(first: unknown, second: unknown): Record<string, unknown> | undefined {
  if (!isObj(first) || !isObj(second) || !Array.isArray(first.items) || !Array.isArray(second.items)) return undefined;
  // (Keys in the order the text has them: none is an integer, which objects list first.)
  const keys = Object.keys(first);
  if (keys.at(-1) !== 'items' || keys.some((k) => /^\d/.test(k))) return undefined;
  for (const k in second) if (k !== 'items' && k in first) return undefined;
  return { ...first, ...second, items: first.items.concat(second.items) };
}

/** The objects of one half of a List, and what cannot be read of it. */
export interface HalfRead {
  sources: Source[];
  problems: Problem[];
}

/**
 * The List's own keys and its first half's objects, once both halves are parsed (`secondHead`: the second's keys but
 * its items); undefined when the halves are not one List's (then the text is read whole, which says why).
 */
export function readFirstHalf(first: unknown, secondHead: Obj): (HalfRead & { kind: string; count: number }) | undefined {
  const list = joinedHalves(first, { ...secondHead, items: [] });
  const kind = list?.kind;
  if (!list || typeof kind !== 'string' || !kind.endsWith('List')) return undefined;
  const read: HalfRead = { sources: [], problems: [] };
  const items = list.items as unknown[];
  collectItems(items, kind, '', 0, read.sources, read.problems);
  return { ...read, kind, count: items.length };
}

/**
 * The second half's objects, numbered on from the first half's `count`, each pod read alone and kept only as far as
 * the import reads it later (its annotations, a kube-proxy pod whole): what crosses back from the other core is
 * small.
 */
export function readSecondHalf(items: unknown[], kind: string, count: number): HalfRead {
  const read: HalfRead = { sources: [], problems: [] };
  collectItems(items, kind, '', count, read.sources, read.problems);
  for (const s of read.sources) {
    if (s.kind === 'Pod') {
      s.pod = readPod(s);
      if (!isKubeProxyPod(s)) s.obj = { metadata: { annotations: annotationsOf(s.obj) } };
    } else if (s.kind === 'EndpointSlice') {
      s.slice = readSlice(s);
      s.obj = {};
    }
  }
  return read;
}

/** The import's read of the two halves. */
export function joinedReads(first: HalfRead, second: HalfRead): KubectlRead {
  const problems = [...first.problems, ...second.problems];
  return problems.length > 0 ? { ok: false, problems } : { ok: true, sources: first.sources.concat(second.sources) };
}
