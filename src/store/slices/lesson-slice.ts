import type { StateCreator } from 'zustand';
import type { Trace } from '../../model/trace';
import type { AppStore, StoreDeps } from '../app-store';
import { shownTrace, type MaskMode } from '../answer-mask';
import { initialLessonState, type LessonState, type OpenLesson, type Prediction } from './lesson-state';

export { initialLessonState, type LessonState, type OpenLesson, type Prediction } from './lesson-state';

export interface LessonActions {
  /**
   * Open a lesson: load its document (with the fault applied, for a find-the-fault lesson) and fill
   * in its request. A lesson waits for the learner's prediction; a fault lesson traces at once (the symptom).
   */
  openLesson(open: OpenLesson, documentText: string): Promise<boolean>;
  /** Trace the lesson's request as written (size and DF included) and play it; `prediction` is what gets scored. */
  playLesson(prediction: Prediction | null): Promise<void>;
  revealScore(): void;
  /** Start the prediction over (the trace stays on screen). */
  predictAgain(): void;
  /** Point at a document path as the culprit; true when it is the fault. */
  checkCulprit(path: string): boolean;
  /** Show a find-the-fault lesson's answer without finding it. */
  giveUp(): void;
  setHideAnswers(on: boolean): void;
  closeLesson(): void;
  setLibraryOpen(open: boolean): void;
  setPresenter(on: boolean): void;
  /**
   * `trace` with what `mode` hides hidden (answer-mask.ts; one object per trace and mode). An action, not an
   * import in selectors.ts, so a page without lessons (the embed) does not download the masking code.
   */
  maskTrace(trace: Trace, mode: MaskMode): Trace;
}

export type LessonSlice = LessonState & LessonActions;

export const createLessonSlice =
  (deps: StoreDeps): StateCreator<AppStore, [], [], LessonSlice> =>
  (set, get) => {
    let ticket = 0;
    return {
      ...initialLessonState(),

      async openLesson(open, documentText) {
        const mine = ++ticket;
        set({ lessonError: null, libraryOpen: false });
        const ok = await get().openText(documentText, open.lesson.id, 'lesson');
        if (mine !== ticket) return false;
        if (!ok) {
          set({ lessonError: "The lesson's document could not be loaded." });
          return false;
        }
        set({ lesson: open, lessonPhase: 'predict', prediction: null, revealed: false, culprit: null, answered: null });
        get().resetTrace();
        get().stopPlayback();
        // The request as the lesson writes it, packet size and DF included (an MTU lesson's 1500-byte DF packet).
        get().setRequest(open.lesson.request);
        if (open.kind === 'fault') await get().playLesson(null);
        return true;
      },

      async playLesson(prediction) {
        const open = get().lesson;
        if (!open) return;
        const mine = ++ticket;
        const request = open.lesson.request;
        set({ prediction, lessonPhase: 'playing', revealed: false });
        get().setRequest(request);
        get().beginTrace();
        try {
          const r = await deps.sim.trace(request);
          if (mine !== ticket) return;
          get().endTrace(r);
        } catch (e) {
          if (mine !== ticket) return;
          get().endTrace({ ok: false, error: e instanceof Error ? e.message : String(e) });
        }
      },

      revealScore: () => set({ revealed: true }),
      predictAgain() {
        set({ prediction: null, lessonPhase: 'predict', revealed: false });
        get().stopPlayback();
      },

      checkCulprit(path) {
        const open = get().lesson;
        if (!open || open.kind !== 'fault') return false;
        const correct = path === open.lesson.answer.path;
        set(correct ? { culprit: { path, correct }, answered: 'found' } : { culprit: { path, correct } });
        return correct;
      },

      giveUp() {
        const open = get().lesson;
        if (!open || open.kind !== 'fault' || get().answered) return;
        set({ answered: 'gaveUp' });
      },
      setHideAnswers: (hideAnswers) => set({ hideAnswers }),

      closeLesson() {
        ticket++;
        set({ lesson: null, prediction: null, revealed: false, culprit: null, answered: null, presenter: false });
      },
      setLibraryOpen: (libraryOpen) => set({ libraryOpen }),
      setPresenter: (presenter) => set({ presenter }),
      maskTrace: (trace, mode) => shownTrace(trace, mode)!,
    };
  };
