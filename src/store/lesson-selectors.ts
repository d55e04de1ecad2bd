import type { AppStore } from './app-store';

// Module-scope selectors for guided mode (see selectors.ts for why module scope).
export const selectLesson = (s: AppStore) => s.lesson;
export const selectPrediction = (s: AppStore) => s.prediction;
export const selectRevealed = (s: AppStore) => s.revealed;
export const selectCulprit = (s: AppStore) => s.culprit;
export const selectLibraryOpen = (s: AppStore) => s.libraryOpen;
export const selectPresenter = (s: AppStore) => s.presenter;
export const selectLessonError = (s: AppStore) => s.lessonError;
export const selectSource = (s: AppStore) => s.source;
export const selectLessonPhase = (s: AppStore) => s.lessonPhase;
