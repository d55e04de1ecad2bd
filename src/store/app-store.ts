/**
 * The app store: the document, the trace request, its result and how it is being played. Built by a factory so
 * tests and embeds get their own; the simulator is injected and is the only way to the engine.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Topology } from '../model/topology';
import type { Doc } from '../model/edit';
import type { SimClient } from '../worker/protocol';
import { reportSimulatorFaults, reportSimulatorStopped } from './simulator-faults';
import { createDocumentSlice, type DocumentSlice } from './slices/document-slice';
import { createDocumentEditSlice, type DocumentEditSlice } from './slices/document-edit-slice';
import { createEditorViewSlice, type EditorViewSlice } from './slices/editor-view-slice';
import { createIoSlice, type IoSlice } from './slices/io-slice';
import { createLessonSlice, type LessonSlice } from './slices/lesson-slice';
import { createLibrarySlice, type LibraryDeps, type LibrarySlice } from './slices/library-slice';
import { createPlaybackSlice, type PlaybackSlice } from './slices/playback-slice';
import { createTraceSlice, type TraceSlice } from './slices/trace-slice';
import { createWiringSlice, type WiringSlice } from './slices/wiring-slice';

export type AppStore = DocumentSlice & DocumentEditSlice & EditorViewSlice & TraceSlice & PlaybackSlice & LessonSlice & WiringSlice & IoSlice & LibrarySlice;
export type AppStoreApi = StoreApi<AppStore>;

export interface StoreDeps {
  sim: SimClient;
  /** The document library (IndexedDB in the page); without it nothing is stored (tests, embeds). */
  documents?: LibraryDeps;
  /**
   * Hands a document's text, as it opens, to the canvas's place worker (worker/place-client.ts); absent in tests and the
   * embed. `draw`: the canvas may draw the worker's picture of it before the page has read it (the first document);
   * true when that picture is drawn already.
   */
  sendAhead?: (text: string, draw: boolean) => boolean | void;
  /** Says the page drew `view`, of `doc`, from a text it sent ahead (read as the place worker reads it): a request names the text. */
  readAhead?: (text: string, view: Topology, doc: Doc) => void;
  /**
   * Resolves once the canvas drew its first picture of `view`, a document drawn before it is validated (at once when
   * it has nothing to wait for): its validation starts then. Absent in tests and the embed (validated at once).
   */
  pictureDrawn?: (view: Topology) => Promise<void>;
}

/**
 * @example
 *   const store = createAppStore({ sim: createSimClient() });
 *   await store.getState().loadDocument(builtins[0].yaml);
 */
export function createAppStore(deps: StoreDeps): AppStoreApi {
  const store = createStore<AppStore>()((...a) => ({
    ...createDocumentSlice(deps)(...a),
    ...createDocumentEditSlice(deps)(...a),
    ...createEditorViewSlice()(...a),
    ...createTraceSlice(deps)(...a),
    ...createPlaybackSlice()(...a),
    ...createWiringSlice(deps)(...a),
    ...createLessonSlice(deps)(...a),
    ...createIoSlice(deps)(...a),
    ...createLibrarySlice(deps)(...a),
  }));
  reportSimulatorFaults(store, deps.sim);
  reportSimulatorStopped(store, deps.sim);
  return store;
}
