import type { StateCreator } from 'zustand';
import type { Problem, Topology } from '../../model';
import type { Message } from '../../model/message';
import { SimulatorFailure, type LoadResult } from '../../worker/protocol';
import { faultMessage } from '../simulator-faults';
import type { AppStore, StoreDeps } from '../app-store';
import type { Origin } from './library-slice';

export type DocStatus = 'empty' | 'loading' | 'ready' | 'invalid' | 'failed';

/**
 * The worker's answer for the document on screen (`doc`, document-edit-slice): its validated form,
 * its problems, and whether the answer is in.
 */
export interface DocumentState {
  /** The validated form of the last valid edit (what traces run through); an invalid edit does not replace it. */
  topology: Topology | null;
  /** Every problem of the document being edited, each with its path. Empty when it is valid. */
  problems: Problem[];
  warnings: Problem[];
  docStatus: DocStatus;
  /** The simulator itself failed (not the document): a sentence in English (the embed's messages, the import's problems). */
  docError: string | null;
  /** The same failure as a notice key, when the simulator's client said which fault it was: the page words this one. */
  docErrorMessage: Message | null;
}

export interface DocumentActions {
  /**
   * Parse, validate and compile a document in the worker; it becomes current when valid. An
   * invalid one is refused (`importProblems`) and the current document stays.
   */
  loadDocument(text: string, origin?: Origin): Promise<void>;
}

export type DocumentSlice = DocumentState & DocumentActions;

export const initialDocumentState = (): DocumentState => ({
  topology: null,
  problems: [],
  warnings: [],
  docStatus: 'empty',
  docError: null,
  docErrorMessage: null,
});

// The answer's fields change only through these patches: the edit or load that asked applies one in the
// same change as its own fields, so no subscriber sees a document beside another document's answer.
/** The answer held now, to put back as it was (an edit taken back). */
export const answerNow = (s: DocumentState): DocumentState => ({
  topology: s.topology,
  problems: s.problems,
  warnings: s.warnings,
  docStatus: s.docStatus,
  docError: s.docError,
  docErrorMessage: s.docErrorMessage,
});
/** An answer is awaited for the document on screen. */
export const awaitingAnswer = (): Partial<DocumentState> => ({ docStatus: 'loading', docError: null, docErrorMessage: null });
/** The worker's answer `r`: the validated document, or its problems (the last valid topology stays for traces). */
export const answered = (r: LoadResult): Partial<DocumentState> =>
  r.ok ? { topology: r.topology, problems: [], warnings: r.warnings, docStatus: 'ready' } : { problems: r.problems, warnings: [], docStatus: 'invalid' };
/** The simulator failed on the document (not the document: `e` says what happened). */
export const simulatorFailed = (e: unknown): Partial<DocumentState> => ({
  docStatus: 'failed',
  docError: e instanceof Error ? e.message : String(e),
  docErrorMessage: e instanceof SimulatorFailure ? faultMessage(e.fault) : null,
});

export const createDocumentSlice =
  (_deps: StoreDeps): StateCreator<AppStore, [], [], DocumentSlice> =>
  (_set, get) => ({
    ...initialDocumentState(),
    // NOTE: one way in for every document: replaceDocument (keeps the one on screen, validates, history, IPAM write-back).
    async loadDocument(text, origin = 'builtin') {
      await get().openText(text, undefined, origin);
    },
  });
