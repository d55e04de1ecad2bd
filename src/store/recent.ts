/** Recently opened documents, kept in the browser's storage so they can be reopened in one click. */
import type { KeyValue } from './autosave';

export const RECENT_KEY = 'hopscope.recent.v1';
const MAX = 6;
const MAX_CHARS = 400_000;

export interface RecentDoc {
  name: string;
  /** When it was put on the list (ms since the epoch). */
  at: number;
  text: string;
}

export function readRecent(storage: KeyValue): RecentDoc[] {
  try {
    const v = JSON.parse(storage.getItem(RECENT_KEY) ?? '[]') as unknown;
    if (!Array.isArray(v)) return [];
    return v.filter((r): r is RecentDoc => !!r && typeof r === 'object' && typeof r.name === 'string' && typeof r.text === 'string' && typeof r.at === 'number');
  } catch {
    return [];
  }
}

/** Puts a document first on the list (replacing one of the same name); too large ones are skipped. */
export function addRecent(storage: KeyValue, name: string, text: string, at: number): RecentDoc[] {
  const list = readRecent(storage).filter((r) => r.name !== name);
  if (text.length <= MAX_CHARS) list.unshift({ name, text, at });
  const out = list.slice(0, MAX);
  try {
    storage.setItem(RECENT_KEY, JSON.stringify(out));
  } catch {
    // storage full: the list stays as it was
  }
  return out;
}
