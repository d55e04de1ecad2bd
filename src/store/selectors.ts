import type { AppStore } from './app-store';

// Module-scope selectors: stable identities, so components re-render only on what they read.
export const selectTopology = (s: AppStore) => s.topology;
export const selectSummary = (s: AppStore) => s.summary;
export const selectDocStatus = (s: AppStore) => s.docStatus;
export const selectProblems = (s: AppStore) => s.problems;
export const selectDocError = (s: AppStore) => s.docError;
export const selectFrom = (s: AppStore) => s.from;
export const selectTo = (s: AppStore) => s.to;
export const selectProtocol = (s: AppStore) => s.protocol;
export const selectTrace = (s: AppStore) => s.trace;
export const selectTraceError = (s: AppStore) => s.traceError;
export const selectTraceStatus = (s: AppStore) => s.traceStatus;
export const selectLoadDocument = (s: AppStore) => s.loadDocument;
export const selectSetFrom = (s: AppStore) => s.setFrom;
export const selectSetTo = (s: AppStore) => s.setTo;
export const selectSetProtocol = (s: AppStore) => s.setProtocol;
export const selectPickEndpoint = (s: AppStore) => s.pickEndpoint;
export const selectRunTrace = (s: AppStore) => s.runTrace;
export const selectChoice = (s: AppStore) => s.choice;
export const selectSetChoice = (s: AppStore) => s.setChoice;
export const selectFollowChoice = (s: AppStore) => s.followChoice;
