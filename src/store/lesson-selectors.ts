import type { AppStore } from './app-store';
import type { MaskMode } from './answer-mask';

// Module-scope selectors for guided mode (see selectors.ts for why module scope).
export const selectLesson = (s: AppStore) => s.lesson;
export const selectPrediction = (s: AppStore) => s.prediction;
export const selectRevealed = (s: AppStore) => s.revealed;
export const selectCulprit = (s: AppStore) => s.culprit;
export const selectLibraryOpen = (s: AppStore) => s.libraryOpen;
export const selectPresenter = (s: AppStore) => s.presenter;
export const selectLessonError = (s: AppStore) => s.lessonError;
export const selectLessonPhase = (s: AppStore) => s.lessonPhase;
export const selectAnswered = (s: AppStore) => s.answered;
export const selectHideAnswers = (s: AppStore) => s.hideAnswers;

/**
 * What the open lesson hides now: 'symptom' in a find-the-fault lesson not yet answered (the
 * cause, its fix and every fault mark), 'outcome' in a prediction lesson whose trace is playing and
 * whose score is not yet shown (the verdict and where it ends); null when nothing is hidden.
 */
export function selectAnswerMask(s: AppStore): MaskMode | null {
  const open = s.lesson;
  if (!open || !s.hideAnswers) return null;
  if (open.kind === 'fault') return s.answered ? null : 'symptom';
  if (s.lessonPhase !== 'playing' || s.revealed || !s.trace) return null;
  const frames = s.trace.hops.length + (s.trace.reply?.hops.length ?? 0);
  const ended = !s.playing && s.frame >= frames - 1;
  return ended ? null : 'outcome';
}

/** Fault marks (badges, the inspector's list of faults, their labels) are hidden: the learner has to find the fault. */
export const selectFaultsHidden = (s: AppStore) => selectAnswerMask(s) === 'symptom';
