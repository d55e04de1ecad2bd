// NOTE: createAppStore is imported from './app-store' itself: through this index, every slice would reach the embed's chunks.
// So are the endpoint index (the request bar's typeahead), the ends an element offers (endpoints.ts) and the wiring slice: every module this index names is
// downloaded by every page that imports it, used or not.
export type { AppStore, AppStoreApi, StoreDeps } from './app-store';
export { AppStoreProvider } from './AppStoreProvider';
export { useAppStore } from './useAppStore';
export * from './selectors';
export { checkDestination } from './request';
export type { DocStatus } from './slices/document-slice';
export type { TraceStatus } from './slices/trace-slice';
export type { PlaybackState, Speed } from './slices/playback-slice';
export { SPEEDS, HOP_MS, framesIn } from './slices/playback-slice';
export { readTraceParams, writeTraceParams } from './url';
export type { LinkedRequest } from './url';
export * from './edit-selectors';
export type { Notice, PendingChange } from './slices/document-edit-slice';
export type { SidebarTab } from './slices/editor-view-slice';
export { useAppStoreApi } from './useAppStoreApi';
export * from './wiring-selectors';
export type { CniCallView } from './slices/wiring-slice';
export * from './lesson-selectors';
export type { OpenLesson, Prediction } from './slices/lesson-slice';
export type { IoSlice, KubectlImportOutcome } from './slices/io-slice';
export { SYMPTOMS, symptomOf, maskTrace, shownTrace, capturePointText } from './answer-mask';
// Apart from the masking code, which only the app's lessons load (the lesson slice's maskTrace).
export { traceSoFar } from './trace-so-far';
export type { MaskMode, MaskedTrace, Symptom, SymptomKey } from './answer-mask';
