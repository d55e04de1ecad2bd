/**
 * The embed's store: the app store's own document, trace, playback and view slices, without the ones an
 * embed never uses (the editor's actions, the document library, lessons, wiring changes, import and export), whose code and
 * dependencies it then does not download. Their state keeps its initial values, so every selector the
 * canvas shares with the app reads as it does in the app; their actions do nothing.
 * NOTE: only types come from the lesson and library slices (their values would bring their code, and the
 * library's IndexedDB layer, along); their initial state comes from their state modules.
 */
import { createStore } from 'zustand/vanilla';
import type { AppStore, AppStoreApi } from '../../store/app-store';
import { reportSimulatorFaults } from '../../store/simulator-faults';
import { createDocumentSlice } from '../../store/slices/document-slice';
import { createDocumentCoreSlice, type DocumentCoreActions } from '../../store/slices/document-core-slice';
import type { DocumentEditActions } from '../../store/slices/document-edit-slice';
import { createEditorViewSlice } from '../../store/slices/editor-view-slice';
import type { LessonActions } from '../../store/slices/lesson-slice';
import { initialLessonState } from '../../store/slices/lesson-state';
import type { LibraryActions } from '../../store/slices/library-slice';
import { initialLibraryState, type Replacement } from '../../store/slices/library-state';
import { createPlaybackSlice } from '../../store/slices/playback-slice';
import { createTraceSlice } from '../../store/slices/trace-slice';
import type { WiringActions } from '../../store/slices/wiring-slice';
import { initialWiringState } from '../../store/slices/wiring-state';
import type { IoActions } from '../../store/slices/io-slice';
import type { SimClient } from '../../worker/protocol';
import { makeReadOnly } from './read-only';

const none = () => {};
const refused = () => Promise.resolve(false);

const lessons: LessonActions = {
  openLesson: refused,
  playLesson: () => Promise.resolve(),
  revealScore: none,
  predictAgain: none,
  checkCulprit: () => false,
  giveUp: none,
  setHideAnswers: none,
  closeLesson: none,
  setLibraryOpen: none,
  setPresenter: none,
  // Nothing to hide: an embed opens no lesson.
  maskTrace: (trace) => trace,
};
const wiring: WiringActions = {
  rewireDocument: refused,
  setCompareOpen: none,
  setCompareWith: none,
  runCompare: () => Promise.resolve(),
  playCniCall: () => Promise.resolve(),
  closeCniCall: none,
};
// The editor's actions (document-edit-slice.ts): an embed never edits, so their code stays out of its download.
const noEdits: Omit<DocumentEditActions, keyof DocumentCoreActions> = {
  addElement: none,
  deleteSelection: none,
  duplicateSelection: none,
  copySelection: none,
  paste: none,
  setElementField: none,
  setMetadataField: none,
  setClusterSetting: () => Promise.resolve(),
  confirmPendingChange: none,
  cancelPendingChange: none,
  movePod: none,
  connect: none,
  setPositions: none,
  autoLayout: none,
};
const io: IoActions = {
  exportTrace: () => Promise.resolve({ ok: false, error: 'An embed does not export.' }),
  importKubectl: () => Promise.resolve({ ok: false, stage: 'import', problems: [], needsCni: false }),
};

/** A read-only store for `?embed=1`: documents open (a link, `src=`, a `load` message) and trace; nothing is stored or edited. */
export function createEmbedStore(deps: { sim: SimClient }): AppStoreApi {
  const store = createStore<AppStore>()((...a) => {
    const [set, get] = a;
    let seq = 0;
    const replaceDocument = async (r: Replacement): Promise<boolean> => {
      if (r.kind !== 'text') return false;
      // As the library slice opens a text: a built-in is drawn while the worker validates it, anything else once valid.
      const ok = await get().loadText(r.text, r.name, { drawEarly: r.origin === 'builtin' });
      if (ok) set({ docOrigin: r.origin });
      return ok;
    };
    const library: LibraryActions = {
      replaceDocument,
      openText: (text, name, origin = 'file') => replaceDocument({ kind: 'text', text, ...(name !== undefined ? { name } : {}), origin }),
      newDocument: none,
      saveNow: () => Promise.resolve(),
      journalNow: none,
      renameDocument: refused,
      duplicateDocument: () => Promise.resolve(null),
      deleteDocument: refused,
      undoDelete: refused,
      setDocumentsOpen: none,
      listDocuments: () => Promise.resolve({ records: [], unreadable: [] }),
      readDocument: () => Promise.resolve(null),
      addNote: (note) => set({ notes: [...get().notes, { ...note, seq: ++seq }] }),
      dismissNote: (s) => set({ notes: get().notes.filter((n) => n.seq !== s) }),
    };
    return {
      ...createDocumentSlice(deps)(...a),
      ...createDocumentCoreSlice(deps)(...a),
      ...noEdits,
      ...createEditorViewSlice()(...a),
      ...createTraceSlice(deps)(...a),
      ...createPlaybackSlice()(...a),
      ...initialWiringState(),
      ...wiring,
      ...initialLessonState(),
      ...lessons,
      ...io,
      ...initialLibraryState(),
      ...library,
    };
  });
  reportSimulatorFaults(store, deps.sim);
  makeReadOnly(store);
  return store;
}
