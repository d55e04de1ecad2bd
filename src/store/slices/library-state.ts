// The library slice's state and its initial values, apart from its actions: the embed starts with this state and
// none of the actions' code (the library's IndexedDB layer, replacing documents).
import type { Problem } from '../../model';
import type { Doc } from '../../model/edit';

/** Where a document came from. Files, links and imports are kept in the library as they open; the rest when first edited. */
export type Origin = 'file' | 'link' | 'import' | 'lesson' | 'builtin' | 'embed';

export type Replacement =
  /** `read`: the text's JSON, read by the caller (loadText's LoadOptions). */
  | { kind: 'text'; text: string; name?: string; origin: Origin; read?: Promise<Doc | null> }
  | { kind: 'new' }
  /** A library document, with its undo history. */
  | { kind: 'record'; id: string };

/** The file name an unreadable entry's stored text is downloaded under. */
export const rawFileName = (id: string) => `hopscope-${id.replace(/[^\w.-]+/g, '-')}.txt`;

/** Something about storage the person must know; `raw` is offered as a download. */
export interface StorageNote {
  seq: number;
  kind: 'unreadable' | 'brokenLink' | 'invalidStored' | 'conflict' | 'changedElsewhere' | 'quota' | 'unavailable' | 'missing';
  /** A document's name (or an entry's id for an unreadable one). */
  name?: string;
  /** The name this tab's changes were saved under (conflict). */
  newName?: string;
  /** The library id concerned (changedElsewhere: the document to reopen). */
  id?: string;
  /** unreadable: the entries it is about (said once each). */
  ids?: string[];
  /** A reason key: notJson, newerVersion, wrongSchema, decompress, tooLong, … */
  reason?: string;
  problems?: Problem[];
  raw?: string;
  rawName?: string;
}

export interface LibraryState {
  /** The library id of the document on screen; null while it is a read-only copy (a built-in, a lesson, New) not yet edited. */
  docId: string | null;
  docName: string | null;
  /** The revision of `docId` this tab last read or wrote. */
  docRev: number;
  docOrigin: Origin | 'new' | 'library' | null;
  notes: StorageNote[];
  documentsOpen: boolean;
  /** The last document deleted from the library, until undone or replaced by another. */
  lastDeleted: { id: string; name: string; raw: string; wasOnScreen: boolean } | null;
  /** Bumps when the library changed (the Documents dialog re-reads it). */
  libraryRev: number;
}

export const initialLibraryState = (): LibraryState => ({
  docId: null,
  docName: null,
  docRev: 0,
  docOrigin: null,
  notes: [],
  documentsOpen: false,
  lastDeleted: null,
  libraryRev: 0,
});
