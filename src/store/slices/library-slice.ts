/**
 * The document on screen as a document of the library (File → Documents): every way of replacing it goes
 * through `replaceDocument`, which first keeps the one on screen (saved and named, and the person told where),
 * closes a lesson that belonged to it, and validates the new one like File → Open.
 */
import type { StateCreator } from 'zustand';
import type { Doc } from '../../model/edit';
import { message } from '../../model/message';
import { MAX_CHARS, newId, type DocRecord, type Library, type LibraryListing } from '../doc-library';
import { viewOf } from '../edit-selectors';
import type { AppStore, StoreDeps } from '../app-store';
import { initialLibraryState, rawFileName, type LibraryState, type Origin, type Replacement, type StorageNote } from './library-state';
import { docJson } from '../doc-json';

export { initialLibraryState, rawFileName, type LibraryState, type Origin, type Replacement, type StorageNote } from './library-state';

export interface LibraryActions {
  /** THE way to replace the document on screen; false when the new one was refused (nothing changed). */
  replaceDocument(r: Replacement): Promise<boolean>;
  /** `replaceDocument` of a text (YAML or JSON); `origin` defaults to a file; `read`: its JSON, read by the caller. */
  openText(text: string, name?: string, origin?: Origin, read?: Promise<Doc | null>): Promise<boolean>;
  /** Start over on an empty Flannel cluster (the one on screen is kept). */
  newDocument(): void;
  /** Write the document on screen to the library now when it is the person's (made, opened or changed). */
  saveNow(): Promise<void>;
  /**
   * The page is going away: an IndexedDB write may not finish, so unsaved changes are also written to localStorage,
   * synchronously (a journal); the next start puts them in the library (`recoverJournal` in doc-library).
   */
  journalNow(): void;
  renameDocument(id: string, name: string): Promise<boolean>;
  duplicateDocument(id: string): Promise<string | null>;
  deleteDocument(id: string): Promise<boolean>;
  undoDelete(): Promise<boolean>;
  setDocumentsOpen(open: boolean): void;
  /** The library's documents (newest first) and the entries that could not be read. */
  listDocuments(): Promise<LibraryListing>;
  /** A library document as last written (null when it is gone or cannot be read). */
  readDocument(id: string): Promise<Doc | null>;
  addNote(note: Omit<StorageNote, 'seq'>): void;
  dismissNote(seq: number): void;
}

export type LibrarySlice = LibraryState & LibraryActions;

export const SESSION_KEY = 'hopscope.tab.doc';
/** Per tab: `hopscope.journal.<tab>`. */
export const JOURNAL_PREFIX = 'hopscope.journal.';
export const LAST_KEY = 'hopscope.last.doc';

/** What the library slice needs from the page; absent in tests and embeds (nothing is stored). */
export interface LibraryDeps {
  library: Library;
  /** Tells other tabs of this origin about writes. */
  channel?: Pick<BroadcastChannel, 'postMessage'> & { onmessage: ((e: MessageEvent) => void) | null };
  /** Per tab (sessionStorage) and per browser (localStorage): which document to come back to. */
  session?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  local?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  now?: () => number;
}

const KEEP_ON_OPEN: ReadonlySet<string> = new Set(['file', 'link', 'import']);

/** `base`, or `base (2)`, `base (3)`, … : the first not in `taken`. */
export function freeName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} (${i})`)) return `${base} (${i})`;
}

/** The name a document gets when first stored: `untitled N` for New, its own name (made free) for a copy. */
export function firstName(doc: Doc, origin: unknown, taken: ReadonlySet<string>): string {
  return origin === 'new' || !origin ? untitled(taken) : freeName(String(doc.metadata?.name || 'untitled'), taken);
}

/** `untitled 1`, `untitled 2`, … : the first not in `taken`. */
export function untitled(taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) if (!taken.has(`untitled ${i}`)) return `untitled ${i}`;
}

const safe = (f: () => void) => {
  try {
    f();
  } catch {
    // storage refused: only the "come back to" pointer is lost
  }
};

export const createLibrarySlice =
  (deps: StoreDeps): StateCreator<AppStore, [], [], LibrarySlice> =>
  (set, get) => {
    const lib = deps.documents;
    const now = () => lib?.now?.() ?? Date.now();
    const tab = newId();
    let seq = 0;
    /** While a replacement runs, the autosave must not write the incoming document under the outgoing id. */
    let replacing = 0;
    /** One write at a time, in order. */
    let queue: Promise<unknown> = Promise.resolve();
    /** What was last written, so an unchanged state is not written again. */
    let written: { id: string; doc: Doc; past: Doc[]; future: Doc[]; name: string } | null = null;
    /** The last document on screen that validated. */
    let good: Doc | null = null;
    let quotaSaid = false;
    let journaled = false;

    const note = (n: Omit<StorageNote, 'seq'>) =>
      set({ notes: [...get().notes.filter((x) => !(x.kind === n.kind && x.name === n.name && n.kind !== 'unreadable')), { ...n, seq: ++seq }] });
    const remember = (id: string | null) => {
      if (!lib) return;
      safe(() => lib.session?.setItem(SESSION_KEY, id ?? ''));
      if (id) safe(() => lib.local?.setItem(LAST_KEY, id));
    };
    const names = async (except?: string) => new Set((await lib!.library.list()).records.filter((r) => r.id !== except).map((r) => r.name));
    const bump = () => set({ libraryRev: get().libraryRev + 1 });

    if (lib?.channel)
      lib.channel.onmessage = (e: MessageEvent) => {
        const m = e.data as { type?: string; id?: string; rev?: number; tab?: string } | null;
        if (!m || m.tab === tab) return;
        bump();
        const s = get();
        if (m.type === 'saved' && m.id && m.id === s.docId && typeof m.rev === 'number' && m.rev > s.docRev) {
          note({ kind: 'changedElsewhere', name: s.docName ?? '', id: m.id });
        }
      };

    async function write(): Promise<void> {
      if (!lib || replacing) return;
      const s = get();
      const doc = s.doc;
      if (!doc) return;
      if (s.docStatus === 'ready') good = doc;
      const edited = s.past.length + s.future.length > 0;
      if (!s.docId && !edited) return;
      if (written && written.id === s.docId && written.doc === doc && written.past === s.past && written.future === s.future && written.name === s.docName)
        return;
      let id = s.docId;
      let name = s.docName ?? '';
      let rev = s.docRev;
      if (!id) {
        id = newId();
        const taken = await names();
        name = firstName(doc, s.docOrigin, taken);
        rev = 0;
      }
      const at = now();
      const record = { id, name, created: at, modified: at, doc, past: s.past, future: s.future, ...(good && good !== doc ? { good } : {}) };
      if (rev > 0) record.created = (await lib.library.created(id)) ?? at;
      let r = await lib.library.save(record, rev);
      if (!r.ok && r.reason === 'conflict') {
        // Another tab wrote this document since this tab read it: this tab's version becomes a document of its own.
        const forked = freeName(`${name}`, await names());
        const fid = newId();
        r = await lib.library.save({ ...record, id: fid, name: forked, created: at }, 0);
        if (r.ok) {
          set({ notes: get().notes.filter((n) => n.kind !== 'changedElsewhere') });
          note({ kind: 'conflict', name, newName: forked });
        }
        id = fid;
        name = forked;
      }
      if (!r.ok) {
        if (!quotaSaid) note({ kind: 'quota', reason: r.reason, raw: JSON.stringify(doc, null, 2), rawName: `${name || 'topology'}.json` });
        quotaSaid = true;
        return;
      }
      quotaSaid = false;
      written = { id, doc, past: s.past, future: s.future, name };
      // The page outlived its pagehide (back/forward cache): the journal is stale.
      if (journaled) safe(() => lib.local?.removeItem(JOURNAL_PREFIX + tab));
      journaled = false;
      const isNew = get().docId !== id;
      set({ docId: id, docName: name, docRev: r.record.rev });
      if (isNew) remember(id);
      lib.channel?.postMessage({ type: 'saved', id, rev: r.record.rev, tab });
      bump();
    }

    /**
     * An entry listed (its head reads) whose documents cannot be read: said when opened, exported or duplicated, with its
     * stored text to download — never a button that does nothing.
     */
    async function sayUnreadable(id: string, reason: string) {
      const raw = (await lib!.library.backend.get(id).catch(() => undefined)) ?? '';
      if (!get().notes.some((n) => n.kind === 'unreadable' && n.ids?.includes(id)))
        note({ kind: 'unreadable', name: '1', ids: [id], reason, raw, rawName: rawFileName(id) });
    }

    /** Validate and show a library document with its history; its last good copy when it does not validate. */
    async function openRecord(id: string): Promise<{ ok: boolean; record?: DocRecord; editedWhileOpening?: boolean }> {
      const got = await lib!.library.get(id);
      if (!got) {
        note({ kind: 'missing', name: id });
        return { ok: false };
      }
      if (!got.ok) {
        await sayUnreadable(id, got.reason);
        return { ok: false };
      }
      const rec = got.record;
      // NOTE: a document stored without a last good copy beside it validated when it was written (`write`): it is
      // drawn as read, while the worker validates it again, like a built-in. A reviewer's 1,000-node cluster reopened
      // waited seconds of validation for its first frame. One that no longer validates is taken down and said.
      if (await get().loadText(JSON.stringify(rec.doc), rec.name, { drawEarly: !rec.good, read: Promise.resolve(rec.doc) })) {
        // Edited while drawn early (the load starts with no history): the stored history comes before those edits.
        const { past, future } = get();
        const editedWhileOpening = past.length > 0;
        get().restoreHistory(editedWhileOpening ? [...rec.past, ...past] : rec.past, editedWhileOpening ? future : rec.future);
        return { ok: true, record: rec, editedWhileOpening };
      }
      const problems = get().importProblems?.problems ?? [];
      const raw = JSON.stringify(rec.doc, null, 2);
      if (rec.good && (await get().loadText(JSON.stringify(rec.good), rec.name, { drawEarly: false }))) {
        // The version that did not validate stays one Redo away, and in the library.
        get().restoreHistory(rec.past, [rec.doc, ...rec.future]);
        note({ kind: 'invalidStored', name: rec.name, reason: 'lastGood', problems, raw, rawName: `${rec.name}.json` });
        return { ok: true, record: rec };
      }
      note({ kind: 'invalidStored', name: rec.name, reason: rec.good ? 'none' : 'noGood', problems, raw, rawName: `${rec.name}.json` });
      return { ok: false };
    }

    return {
      ...initialLibraryState(),

      async replaceDocument(r) {
        // Keep what is on screen first: made, opened or changed here, it is written before anything replaces it.
        await (queue = queue.then(write, write));
        const before = { id: get().docId, name: get().docName, doc: get().doc };
        let ok = false;
        let record: DocRecord | undefined;
        let editedWhileOpening = false;
        let drawn: Promise<void> | undefined;
        replacing++;
        try {
          if (r.kind === 'new') {
            get().loadEmpty();
            ok = true;
          } else if (r.kind === 'text') {
            const drawEarly = r.origin === 'import' ? 'replacing' : r.origin === 'builtin' || r.origin === 'lesson';
            ok = await get().loadText(r.text, r.name, { drawEarly, ...(r.read ? { read: r.read } : {}) });
            editedWhileOpening = ok && get().past.length > 0;
          } else if (lib) ({ ok, record, editedWhileOpening = false } = await openRecord(r.id));
          if (!ok) return false;
          // (Asked for now, in the task that put it on screen: its picture is drawn in a later one.)
          drawn = lib && r.kind === 'text' && KEEP_ON_OPEN.has(r.origin) ? deps.pictureDrawn?.(viewOf(get().doc!)) : undefined;
          // A lesson belongs to the document it opened on (the CNI call of one of its pods closed as it went: wiring-slice).
          // (Opening a lesson replaces the lesson itself, presenter mode kept: lesson-slice's openLesson.)
          if (get().lesson && !(r.kind === 'text' && r.origin === 'lesson')) get().closeLesson();
          good = get().docStatus === 'ready' ? get().doc : null;
          written = null;
          if (record) {
            set({ docId: record.id, docName: record.name, docRev: record.rev, docOrigin: 'library' });
            // (Edited while it opened: not as stored, so left for the write below.)
            written = editedWhileOpening ? null : { id: record.id, doc: get().doc!, past: get().past, future: get().future, name: record.name };
            remember(record.id);
          } else {
            set({ docId: null, docName: null, docRev: 0, docOrigin: r.kind === 'text' ? r.origin : 'new' });
            remember(null);
          }
        } finally {
          replacing--;
        }
        if (before.id && before.doc && before.id !== get().docId) {
          get().showNotice(message('keptInDocuments', { name: before.name ?? '' }));
        }
        // A file, a link or an import is the person's as it opens: kept now (once: the same document under the same name is not copied again).
        if (lib && r.kind === 'text' && KEEP_ON_OPEN.has(r.origin)) {
          const doc = get().doc!;
          const wanted = r.name ?? String(doc.metadata?.name || 'untitled');
          // NOTE: written out only when a document of that name is there to compare with: at 1,000 nodes the
          // stringify of the document is ~100 ms, and it ran in the task that opened it (an import's longest).
          let text: string | undefined;
          let same: DocRecord | undefined;
          for (const head of (await lib.library.list()).records.filter((x) => x.name === wanted)) {
            const got = await lib.library.get(head.id);
            if (got?.ok && (text ??= docJson(doc)) === JSON.stringify(got.record.doc)) {
              same = got.record;
              break;
            }
          }
          if (same) {
            set({ docId: same.id, docName: same.name, docRev: same.rev });
            written = { id: same.id, doc, past: get().past, future: get().future, name: same.name };
            remember(same.id);
          } else {
            const id = newId();
            set({ docId: id, docName: freeName(wanted, await names()), docRev: 0 });
            remember(id);
            // NOTE: written once its first picture is drawn (its id is set: a page left meanwhile journals it). Writing
            // a 1,000-node import (8 MB of JSON, then IndexedDB) ran between the document set and its first frame.
            await drawn;
            await (queue = queue.then(write, write));
          }
        }
        // Edits made while it opened were not written (nothing is while a document is being replaced): written now.
        if (editedWhileOpening) await (queue = queue.then(write, write));
        return true;
      },

      openText(text, name, origin = 'file', read) {
        return get().replaceDocument({ kind: 'text', text, ...(name !== undefined ? { name } : {}), origin, ...(read ? { read } : {}) });
      },

      newDocument() {
        void get().replaceDocument({ kind: 'new' });
      },

      journalNow() {
        const s = get();
        if (!lib?.local || !s.doc || replacing) return;
        if (!s.docId && s.past.length + s.future.length === 0) return;
        if (written && written.id === s.docId && written.doc === s.doc && written.past === s.past && written.future === s.future && written.name === s.docName)
          return;
        // A copy never stored yet gets its id now, and this tab's pointer follows it (a reload opens it).
        const id = s.docId ?? newId();
        if (!s.docId) safe(() => lib.session?.setItem(SESSION_KEY, id));
        // NOTE: written from the documents' texts (docJson: the simulator was sent the one on screen), with as much history
        // as fits MAX_CHARS beside it, the latest first (a history document is about the size of the one on screen). At
        // 1,000 nodes a document is ~6.5 MB: the page went away only after writing out 21 of them (~2 s of its thread),
        // for a text no browser's localStorage keeps.
        const docText = docJson(s.doc);
        const room = Math.max(0, Math.min(20, Math.floor(MAX_CHARS / docText.length) - 1));
        const past = room > 0 ? s.past.slice(-room) : [];
        const future = s.future.slice(0, room - past.length);
        const head = JSON.stringify({ v: 1, id, name: s.docName, origin: s.docOrigin, baseRev: s.docId ? s.docRev : 0, at: now() }).slice(0, -1);
        const list = (ds: readonly Doc[]) => `[${ds.map(docJson).join(',')}]`;
        const entry = `${head},"doc":${docText},"past":${list(past)},"future":${list(future)}}`;
        try {
          lib.local.setItem(JOURNAL_PREFIX + tab, entry);
          journaled = true;
        } catch {
          // full: the IndexedDB write started at the same time is all there is
        }
      },

      saveNow() {
        return (queue = queue.then(write, write)) as Promise<void>;
      },

      async renameDocument(id, name) {
        if (!lib || !name.trim()) return false;
        name = name.trim();
        if (id === get().docId) {
          set({ docName: name });
          await get().saveNow();
          return true;
        }
        const got = await lib.library.get(id);
        if (!got?.ok) return false;
        const r = await lib.library.save({ ...got.record, name, modified: now() }, got.record.rev);
        bump();
        return r.ok;
      },

      async duplicateDocument(id) {
        if (!lib) return null;
        if (id === get().docId) await get().saveNow();
        const got = await lib.library.get(id);
        if (!got) return null;
        if (!got.ok) {
          await sayUnreadable(id, got.reason);
          return null;
        }
        const nid = newId();
        const at = now();
        const r = await lib.library.save({ ...got.record, id: nid, name: freeName(`${got.record.name} (copy)`, await names()), created: at, modified: at }, 0);
        bump();
        return r.ok ? nid : null;
      },

      async deleteDocument(id) {
        if (!lib) return false;
        const raw = await lib.library.backend.get(id).catch(() => undefined);
        if (raw === undefined) return false;
        const got = await lib.library.get(id);
        const name = got?.ok ? got.record.name : id;
        if (!(await lib.library.remove(id))) return false;
        // The document on screen stays on screen, no longer stored: an edit stores it again as a new document.
        const wasOnScreen = id === get().docId;
        if (wasOnScreen) {
          set({ docId: null, docRev: 0 });
          written = null;
          remember(null);
        }
        set({ lastDeleted: { id, name, raw, wasOnScreen } });
        bump();
        return true;
      },

      async undoDelete() {
        const d = get().lastDeleted;
        if (!lib || !d) return false;
        const ok = await lib.library.putRaw(d.id, d.raw);
        if (ok) set({ lastDeleted: null });
        // Still on screen and not edited since: it is that document again.
        const back = ok && d.wasOnScreen && get().docId === null ? await lib.library.get(d.id) : null;
        if (back?.ok) {
          set({ docId: d.id, docName: back.record.name, docRev: back.record.rev });
          remember(d.id);
          await get().saveNow();
        }
        bump();
        return ok;
      },

      setDocumentsOpen: (documentsOpen) => set({ documentsOpen }),
      listDocuments: async () => (lib ? lib.library.list() : { records: [], unreadable: [] }),

      async readDocument(id) {
        const got = lib ? await lib.library.get(id) : null;
        if (got && !got.ok) await sayUnreadable(id, got.reason);
        return got?.ok ? got.record.doc : null;
      },
      addNote: (n) => note(n),
      dismissNote: (s) => set({ notes: get().notes.filter((n) => n.seq !== s) }),
    };
  };
