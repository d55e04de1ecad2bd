// The lesson slice's state and its initial values, apart from its actions: the embed starts with this state and
// none of the actions' code (opening, scoring, masking answers).
import type { Verdict } from '../../model/trace';
import type { FaultLesson, Lesson } from '../../scenarios/lessons';

/** What a learner expects before the packet moves; scored against the engine's trace, never a stored answer. */
export interface Prediction {
  verdict: Verdict;
  /** The source address the server sees; null for "it never arrives". */
  source: string | null;
  /** Kernel network stacks the request enters (the one it dies in counts half). */
  stacks: number;
}

export type OpenLesson = { kind: 'lesson'; lesson: Lesson } | { kind: 'fault'; lesson: FaultLesson };

export interface LessonState {
  /** The lesson being taught, or null outside guided mode. */
  lesson: OpenLesson | null;
  /** Asking for a prediction, or playing the lesson's trace. */
  lessonPhase: 'predict' | 'playing';
  /** Set when the learner locked in a prediction for the current lesson trace. */
  prediction: Prediction | null;
  /** The score may show: the packet finished its trip, or the learner asked. */
  revealed: boolean;
  /** The learner's last pick of the culprit in a find-the-fault lesson. */
  culprit: { path: string; correct: boolean } | null;
  /** A find-the-fault lesson's answer may show: the learner found the culprit, or gave up. */
  answered: 'found' | 'gaveUp' | null;
  /**
   * Hide answers until they are earned (on by default; presenters can switch it off): a fault
   * lesson shows only the symptom until answered, a prediction lesson hides the outcome until revealed.
   */
  hideAnswers: boolean;
  libraryOpen: boolean;
  /** Fullscreen, large type, keyboard only. */
  presenter: boolean;
  lessonError: string | null;
}

export const initialLessonState = (): LessonState => ({
  lesson: null,
  lessonPhase: 'predict',
  prediction: null,
  revealed: false,
  culprit: null,
  answered: null,
  hideAnswers: true,
  libraryOpen: false,
  presenter: false,
  lessonError: null,
});
