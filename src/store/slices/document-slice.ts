import type { StateCreator } from 'zustand';
import type { Problem, Topology } from '../../model';
import type { DocumentSummary } from '../../worker/protocol';
import type { AppStore, StoreDeps } from '../app-store';

export type DocStatus = 'empty' | 'loading' | 'ready' | 'invalid' | 'failed';

export interface DocumentState {
  /** The text of the document last asked to load (kept even when invalid, so nothing is lost). */
  source: string;
  /** The last valid document; a later invalid one does not replace it. */
  topology: Topology | null;
  summary: DocumentSummary | null;
  /** Every problem of the last load, each with its path. Empty when it was valid. */
  problems: Problem[];
  warnings: Problem[];
  docStatus: DocStatus;
  /** The simulator itself failed (not the document): a sentence for a person. */
  docError: string | null;
}

export interface DocumentActions {
  /** Parse, validate and compile a document in the worker; it becomes current when valid. */
  loadDocument(text: string): Promise<void>;
}

export type DocumentSlice = DocumentState & DocumentActions;

export const initialDocumentState = (): DocumentState => ({
  source: '',
  topology: null,
  summary: null,
  problems: [],
  warnings: [],
  docStatus: 'empty',
  docError: null,
});

export const createDocumentSlice =
  (deps: StoreDeps): StateCreator<AppStore, [], [], DocumentSlice> =>
  (set, get) => {
    // NOTE: a load that finishes after a newer one started is ignored.
    let latest = 0;
    return {
      ...initialDocumentState(),
      async loadDocument(text) {
        const ticket = ++latest;
        set({ source: text, docStatus: 'loading', docError: null });
        try {
          const r = await deps.sim.load(text);
          if (ticket !== latest) return;
          if (r.ok) {
            set({ topology: r.topology, summary: r.summary, problems: [], warnings: r.warnings, docStatus: 'ready' });
            get().resetEndpoints();
          } else {
            set({ problems: r.problems, warnings: [], docStatus: 'invalid' });
          }
        } catch (e) {
          if (ticket !== latest) return;
          set({ docStatus: 'failed', docError: e instanceof Error ? e.message : String(e) });
        }
      },
    };
  };
