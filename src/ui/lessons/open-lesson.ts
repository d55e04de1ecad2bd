import { builtins } from '../../scenarios';
import { applyEdits, faultLessons, lessons, type FaultLesson, type Lesson } from '../../scenarios/lessons';
import type { AppStoreApi } from '../../store';

/** Every lesson in library order: the rows first, then find-the-fault. */
export const allLessonIds = (): string[] => [...lessons.map((l) => l.id), ...faultLessons.map((f) => f.id)];

/** The document text a lesson opens on: the built-in, with the fault applied for a find-the-fault lesson. */
async function documentFor(l: Lesson | FaultLesson, fault: boolean): Promise<string | null> {
  const yaml = builtins.find((b) => b.id === l.doc)?.yaml;
  if (!yaml) return null;
  if (!fault) return yaml;
  const { parse } = await import('yaml');
  return JSON.stringify(applyEdits(parse(yaml) as Record<string, unknown>, (l as FaultLesson).fault));
}

/** Open lesson `id` (a row such as "a2", or a fault lesson such as "d4"); false when there is none. */
export async function openLessonById(store: AppStoreApi, id: string): Promise<boolean> {
  const lesson = lessons.find((l) => l.id === id);
  const fault = lesson ? undefined : faultLessons.find((f) => f.id === id);
  const l = lesson ?? fault;
  if (!l) return false;
  const text = await documentFor(l, !!fault);
  if (text === null) return false;
  return store.getState().openLesson(lesson ? { kind: 'lesson', lesson } : { kind: 'fault', lesson: fault! }, text);
}

/** The lesson `delta` places after the open one (wrapping), for presenters' N / P. */
export function neighbourLesson(current: string | undefined, delta: number): string {
  const ids = allLessonIds();
  const i = current ? ids.indexOf(current) : -1;
  return ids[(((i < 0 ? 0 : i + delta) % ids.length) + ids.length) % ids.length]!;
}
