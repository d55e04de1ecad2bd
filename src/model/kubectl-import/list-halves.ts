/**
 * A kubectl List's JSON text cut in two between its items, each half parsed alone: the step before the halves are
 * parsed on two cores (a 1,000-node cluster's List is 147 MB, its parse ~0.6 s of one thread). Only text printed as
 * kubectl prints it is cut: the items one level down, four spaces a level; anything else is parsed whole.
 */
import { isObj } from './objects';

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

/** `text` parsed as two halves, or undefined when it cannot be (then it is read whole, which says why it cannot). */
export function parsedInHalves(text: string): Record<string, unknown> | undefined {
  const halves = listHalves(text);
  if (!halves) return undefined;
  try {
    return joinedHalves(JSON.parse(halves[0]), JSON.parse(halves[1]));
  } catch {
    return undefined;
  }
}
