/**
 * "Fix it and trace again": the culprit field of a find-the-fault lesson put back as the built-in
 * cluster has it, through the same store edits the inspector makes (an element's field, or a
 * cluster setting), then the lesson's request traced again. Nothing per lesson: the fix is the
 * healthy document's value at the answer's path.
 */
import type { Doc, ElementRef, Item, ListKey } from '../../model/edit';
import { builtins } from '../../scenarios';
import type { FaultLesson } from '../../scenarios/lessons';
import type { AppStoreApi } from '../../store';

export type FixEdit = { kind: 'element'; ref: ElementRef; field: string; value: unknown } | { kind: 'cluster'; path: string[]; value: unknown };

const keysOf = (path: string) => path.replace(/\[(\d+)\]/g, '.$1').split('.');
const rec = (v: unknown): Item | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Item) : undefined);

function getIn(v: unknown, keys: string[]): unknown {
  let cur = v;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** `obj` with `keys` set to `value` (removed when undefined; an object left empty is removed too). */
function setIn(obj: unknown, keys: string[], value: unknown): unknown {
  if (keys.length === 0) return value;
  const [k, ...rest] = keys as [string, ...string[]];
  const next: Item = { ...(rec(obj) ?? {}) };
  const inner = setIn(next[k], rest, value);
  if (inner === undefined) delete next[k];
  else next[k] = inner;
  return Object.keys(next).length ? next : undefined;
}

/** The edit that puts the answer's field back as `healthy` (the built-in document) has it. */
export function fixEdit(lesson: FaultLesson, current: Doc, healthy: Record<string, unknown>): FixEdit | null {
  const keys = keysOf(lesson.answer.path);
  const want = getIn(healthy, keys);
  if (keys[0] === 'cluster') return { kind: 'cluster', path: keys.slice(1), value: want };
  const list = keys[0] as ListKey;
  const index = Number(keys[1]);
  const field = keys[2];
  if (!field || !Number.isInteger(index)) return null;
  const item = (current[list] as Item[] | undefined)?.[index];
  if (!item) return null;
  const value = keys.length === 3 ? want : setIn(item[field], keys.slice(3), want);
  return { kind: 'element', ref: { list, index }, field, value };
}

/** Apply the lesson's fix to the document on screen and trace its request again; false when there is nothing to fix. */
export async function applyLessonFix(store: AppStoreApi, lesson: FaultLesson): Promise<boolean> {
  const yaml = builtins.find((b) => b.id === lesson.doc)?.yaml;
  const doc = store.getState().doc;
  if (!yaml || !doc) return false;
  const { parse } = await import('yaml');
  const edit = fixEdit(lesson, doc, parse(yaml) as Record<string, unknown>);
  if (!edit) return false;
  if (edit.kind === 'element') store.getState().setElementField(edit.ref, edit.field, edit.value);
  // Awaited: a cluster setting may first ask the worker whether it re-addresses, and only then edits.
  else await store.getState().setClusterSetting(edit.path, edit.value);
  // The trace must run on the fixed document, not on the one before.
  await store.getState().whenValidated();
  if (store.getState().docStatus !== 'ready') return false;
  await store.getState().playLesson(null);
  return true;
}
