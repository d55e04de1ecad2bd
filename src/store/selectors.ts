import type { Topology } from '../model';
import { summarize } from '../worker/summary';
import type { DocumentSummary } from '../worker/protocol';
import type { AppStore } from './app-store';
import { isTraceStale } from './slices/trace-slice';
import { selectAnswerMask } from './lesson-selectors';
import { docJson } from './doc-json';

// Module-scope selectors: stable identities, so components re-render only on what they read.
export const selectTopology = (s: AppStore) => s.topology;
const summaries = new WeakMap<Topology, DocumentSummary>();
/** The validated document in short (name, CNI, counts): derived from `topology`, once per answer. */
export const selectSummary = (s: AppStore): DocumentSummary | null => {
  const t = s.topology;
  if (!t) return null;
  let summary = summaries.get(t);
  if (!summary) summaries.set(t, (summary = summarize(t)));
  return summary;
};
export const selectDocStatus = (s: AppStore) => s.docStatus;
export const selectProblems = (s: AppStore) => s.problems;
export const selectDocError = (s: AppStore) => s.docError;
export const selectDocErrorMessage = (s: AppStore) => s.docErrorMessage;
export const selectFrom = (s: AppStore) => s.from;
export const selectTo = (s: AppStore) => s.to;
export const selectProtocol = (s: AppStore) => s.protocol;
/**
 * The trace as the UI may show it: in a lesson whose answer is still hidden, with the cause worded
 * as its symptom (see answer-mask.ts). Every view reads it through here, so none can give the
 * answer away; `s.trace` is the engine's own, for scoring and sharing.
 */
export const selectTrace = (s: AppStore) => {
  const mode = selectAnswerMask(s);
  return s.trace && mode ? s.maskTrace(s.trace, mode) : s.trace;
};
/** The engine's trace as it came, answers included: for scoring and sharing, never for display. */
export const selectEngineTrace = (s: AppStore) => s.trace;
export const selectTraceError = (s: AppStore) => s.traceError;
export const selectTraceStatus = (s: AppStore) => s.traceStatus;
export const selectLoadDocument = (s: AppStore) => s.loadDocument;
export const selectSetFrom = (s: AppStore) => s.setFrom;
export const selectSetTo = (s: AppStore) => s.setTo;
export const selectSetProtocol = (s: AppStore) => s.setProtocol;
export const selectArmed = (s: AppStore) => s.armed;
export const selectArm = (s: AppStore) => s.arm;
export const selectTraceMenu = (s: AppStore) => s.traceMenu;
export const selectOpenTraceMenu = (s: AppStore) => s.openTraceMenu;
export const selectRunTrace = (s: AppStore) => s.runTrace;
export const selectChoice = (s: AppStore) => s.choice;
export const selectSetChoice = (s: AppStore) => s.setChoice;
export const selectFollowChoice = (s: AppStore) => s.followChoice;
export const selectRunningSince = (s: AppStore) => s.runningSince;
export const selectCancelTrace = (s: AppStore) => s.cancelTrace;
export const selectReroll = (s: AppStore) => s.reroll;
export const selectTraceAllOutcomes = (s: AppStore) => s.traceAllOutcomes;
export const selectSearchProgress = (s: AppStore) => s.searchProgress;
export const selectStopSearch = (s: AppStore) => s.stopSearch;
export const selectFrame = (s: AppStore) => s.frame;
export const selectPlaying = (s: AppStore) => s.playing;
export const selectSpeed = (s: AppStore) => s.speed;
export const selectLoop = (s: AppStore) => s.loop;
export const selectPlay = (s: AppStore) => s.play;
export const selectPause = (s: AppStore) => s.pause;
export const selectTogglePlay = (s: AppStore) => s.togglePlay;
export const selectStep = (s: AppStore) => s.step;
export const selectSeek = (s: AppStore) => s.seek;
export const selectAdvance = (s: AppStore) => s.advance;
export const selectSetSpeed = (s: AppStore) => s.setSpeed;
export const selectToggleLoop = (s: AppStore) => s.toggleLoop;
export const selectNodeView = (s: AppStore) => s.nodeView;
export const selectNodeInterfaces = (s: AppStore) => s.nodeInterfaces;
export const selectNodeViewTab = (s: AppStore) => s.nodeViewTab;
export const selectNodeViewPin = (s: AppStore) => s.nodeViewPin;
export const selectTraceStale = (s: AppStore) => isTraceStale(s);

/** The document's JSON text: the one sent to the simulator, kept (`docJson`), not written out again; null without a document. */
export const selectDocJson = (s: AppStore): string | null => (s.doc ? docJson(s.doc) : null);
