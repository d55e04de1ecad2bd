/**
 * The document on screen and the worker's answer for it: opening a text, applying a whole new document (the one
 * way every edit lands), undo and redo, the selection and the notices. The editor's actions, which build the next
 * document, are in document-edit-slice.ts; the read-only embed composes this slice without them.
 */
import type { StateCreator } from 'zustand';
import { autoCollapsed, isDrawable } from '../../model/display';
import { emptyDoc, list, materialize, type Doc } from '../../model/doc';
import { jsonLike, readJsonDocument } from '../../model/doc-text';
import { parseListRef, type ElementRef } from '../../model/element-id';
import type { Topology } from '../../model/topology';
import type { AppStore, StoreDeps } from '../app-store';
import { nextTask } from '../next-task';
import { viewOf } from '../edit-selectors';
import { answered, answerNow, awaitingAnswer, simulatorFailed } from './document-slice';
import type { DocumentEditActions, DocumentEditState, EditOptions, LoadOptions, ValidationOutcome } from './document-edit-slice';
import { writtenDoc, type WrittenDoc } from '../doc-json';
import type { EditLoad } from '../../worker/sim-client';

/** How many edits undo reaches back. */
export const HISTORY_LIMIT = 200;

// (The place worker opens a big document's picture with the same collapse: model/display.ts.)
export { AUTO_COLLAPSE_PODS, autoCollapsed } from '../../model/display';

/** What this slice does of {@link DocumentEditActions}; the rest are the editor's. */
export type DocumentCoreActions = Pick<
  DocumentEditActions,
  | 'loadText'
  | 'loadEmpty'
  | 'applyEdit'
  | 'tryEdit'
  | 'whenValidated'
  | 'undo'
  | 'redo'
  | 'select'
  | 'showNotice'
  | 'restoreHistory'
  | 'dismissNotice'
  | 'dismissImportProblems'
>;
export type DocumentCoreSlice = DocumentEditState & DocumentCoreActions;

/** The answer the store holds now, as an outcome (for when nothing is being validated). */
const outcomeOf = (s: AppStore): ValidationOutcome =>
  s.docStatus === 'ready' && s.topology
    ? { ok: true, topology: s.topology }
    : { ok: false, problems: s.problems, ...(s.docStatus === 'failed' ? { error: s.docError ?? '' } : {}) };

export const initialDocumentEditState = (): DocumentEditState => ({
  doc: null,
  past: [],
  future: [],
  selection: [],
  notice: null,
  importProblems: null,
  pendingChange: null,
  clipboard: null,
  restored: false,
});

const parseRef = (key: string): ElementRef | null => parseListRef(key);
export const refsOf = (keys: readonly string[]): ElementRef[] => keys.map(parseRef).filter((r): r is ElementRef => r !== null);

/** Keeps only selection keys that still name an element of `doc`. */
const prune = (doc: Doc, keys: readonly string[]): string[] =>
  keys.filter((k) => {
    const r = parseRef(k);
    return r !== null && list(doc, r.list)[r.index] !== undefined;
  });

/** `loadEdit`: how an edited document is validated (the editor's answers with what changed: sim-client's editLoads); else its text is loaded. */
export const createDocumentCoreSlice =
  (deps: StoreDeps, loadEdit?: EditLoad): StateCreator<AppStore, [], [], DocumentCoreSlice> =>
  (set, get) => {
    // NOTE: a validation that finishes after a newer edit started is ignored: its edit's promise resolves to the newer one's answer.
    let latest = 0;
    /** Counts the documents put on screen (opened or made new), not edits: an edit supersedes a load's answer, not its document. */
    let replacements = 0;
    let seq = 0;
    /** The validation of the latest edit or load; null once nothing is being validated that it has not answered. */
    let pending: Promise<ValidationOutcome> | null = null;

    /** A text loaded in the worker; the editor's (`loadEdit`) given `base`, the topology held, is answered with what changed from it. */
    const validate = (w: WrittenDoc, base: Topology | null = null) => (loadEdit ? loadEdit(w, base) : deps.sim.load(w.text));

    /** Validate `doc` in the worker (which then traces through it when valid) and write back IPAM's addresses. */
    function sync(doc: Doc, after?: EditOptions['after']): Promise<ValidationOutcome> {
      const ticket = ++latest;
      const before = get().topology;
      set(awaitingAnswer());
      const run = (async (): Promise<ValidationOutcome> => {
        try {
          const r = await validate(writtenDoc(doc), before);
          if (ticket !== latest) return get().whenValidated();
          if (!r.ok) {
            set(answered(r));
            return { ok: false, problems: r.problems };
          }
          const filled = materialize(doc, r.topology);
          const patch: Partial<AppStore> = answered(r);
          if (filled !== doc && get().doc === doc) patch.doc = filled;
          const said = after?.(r.topology, before);
          if (said) patch.notice = { message: said, tone: 'info', seq: ++seq };
          set(patch);
          get().resetEndpoints();
          return { ok: true, topology: r.topology };
        } catch (e) {
          if (ticket !== latest) return get().whenValidated();
          const failed = simulatorFailed(e);
          set(failed);
          return { ok: false, problems: [], error: failed.docError! };
        }
      })();
      pending = run;
      return run;
    }

    const replace = (doc: Doc, past: Doc[], future: Doc[], extra: Partial<AppStore> = {}) => {
      set({ doc, past, future, selection: prune(doc, get().selection), pendingChange: null, ...extra });
      void sync(doc);
    };

    /** `loadText`'s work; the validation it waits for is `pending` meanwhile (see loadText). */
    async function open(text: string, name: string | undefined, opts: LoadOptions): Promise<boolean> {
      const ticket = ++latest;
      const replacement = ++replacements;
      const first = get().doc === null;
      // A document on screen stays answered while another opens: it may be refused.
      set(first ? awaitingAnswer() : { docError: null });
      // The worker validates the text, and reads it (before the load, which then validates what the read parsed) unless
      // the page reads it: only a JSON text that may be drawn before it is validated (the first document, trusted; an
      // import), read as the worker reads it (model/doc-text.ts). One drawn after validation gains nothing.
      const readInWorker = (): Promise<Doc | null> => deps.sim.read(text).catch(() => null);
      const drawsEarly = first ? opts.drawEarly !== false : opts.drawEarly === 'replacing';
      const readsHere = jsonLike(text) && drawsEarly;
      // A big document's picture is made from the text in the place worker while the page reads and draws it (the first
      // document's, drawn as read, is drawn as it comes, before the page has read the text).
      const drawn = deps.sendAhead?.(text, first && readsHere);
      let readHere: Doc | null = null;
      // What the caller read on this page (an import's slices, a library entry) is not read again.
      const readByCaller = opts.read?.then((d) => (readHere = d));
      // (In a task of its own: after sendAhead's post of the text to the place worker, and not in the task that opened
      // the text — at 1,000 nodes the parse is ~100 ms, and an import's opening task already converts the kubectl List.)
      const reading =
        readByCaller ??
        (readsHere
          ? nextTask().then(() => {
              const d = readJsonDocument(text);
              // (Not JSON after all: the YAML reader says why, or reads a YAML flow mapping.)
              return d === undefined ? readInWorker() : (readHere = d);
            })
          : readInWorker());
      // NOTE: a first document drawn before it is validated (a big one: seconds of validation and compiling) is validated
      // once its first picture is drawn, not beside the worker placing it: on two cores the three threads slowed the
      // picture, and receiving the validated topology held the first frame back (one whose picture is drawn already, before
      // the page read the text, is validated at once). One edited meanwhile is validated as edited. An import is validated
      // at once: the worker has its document in hand, and validated after its picture, a 1,000-node import was ready seconds later for a first frame no sooner (bench:load, A/B: ready 7.2 s against 3.5-3.8).
      let drawnEarly: ((view: Topology | null) => void) | undefined;
      const sent: WrittenDoc = { text };
      const loading =
        readsHere && first && deps.pictureDrawn && !drawn
          ? new Promise<Topology | null>((r) => (drawnEarly = r))
              .then((view) => (view ? deps.pictureDrawn?.(view) : undefined))
              .then(() => (ticket === latest ? validate(sent) : Promise.reject(new Error('Another document or edit came first.'))))
          : validate(sent);
      // NOTE: awaited once the text is read and drawn: a worker that fails first is not an unhandled rejection meanwhile.
      loading.catch(() => {});
      /** `d` is on screen: when it is the text's JSON as read on this page, the place worker is told it read the same (`readAhead`), and the editor. */
      const shown = (d: Doc) => {
        if (d !== readHere) return;
        deps.readAhead?.(text, viewOf(d), d);
        // (Its text is the one the simulator holds: the first edit names where its fields lie in it: doc-json-fields.ts.)
        writtenDoc(d, sent);
      };
      // NOTE: with nothing on the canvas yet, a trusted document (shipped with the app) is drawn while the worker
      // validates and compiles it (seconds on thousands of pods); one the worker refuses is taken down again. An import
      // is drawn so over the document on screen, which is put back as it was (history, answer) if the import is refused.
      // Untrusted ones (storage, links, files) are drawn only once validated (`drawEarly: false`).
      const parsed = await reading;
      /**
       * `d`'s display view made in a task of its own (viewOf keeps it), between the task before and the one that draws
       * it: at 1,000 nodes making it and the render that draws it were the longest task of a load and of an import.
       * Whether this load is still the latest after.
       */
      const viewApart = async (d: Doc) => {
        await nextTask();
        if (ticket !== latest) return false;
        viewOf(d);
        await nextTask();
        return ticket === latest;
      };
      // NOTE: drawn in a task of its own: receiving a big document (~100 ms at 1,000 nodes) and drawing it were one long task.
      if (drawsEarly && parsed) await viewApart(parsed);
      const early = drawsEarly && parsed !== null && isDrawable(parsed) && ticket === latest && (!first || get().doc === null);
      /** What an import drawn early replaced on screen, to put back if it is refused. */
      let drawnOver: Partial<AppStore> | null = null;
      if (early) {
        const s = get();
        if (!first)
          drawnOver = {
            doc: s.doc,
            past: s.past,
            future: s.future,
            selection: s.selection,
            pendingChange: s.pendingChange,
            collapsed: s.collapsed,
            ...answerNow(s),
          };
        shown(parsed);
        set({ doc: parsed, past: [], future: [], selection: [], ...(first ? {} : { pendingChange: null, ...awaitingAnswer() }) });
        get().setCollapsed(autoCollapsed(viewOf(parsed)));
      }
      /** The drawn-early document refused: taken down, and what it was drawn over put back. */
      const takeDown = () => {
        if (get().doc === parsed) set(drawnOver ?? { doc: null });
      };
      drawnEarly?.(early ? viewOf(parsed) : null);
      // NOTE: drawn early and then edited before its answer came (seconds at 1,000 nodes): the edit's validation
      // answers for what is on screen, and the document did open — it is not refused, nor its edit lost.
      const editedSinceDrawn = () => early && replacement === replacements && get().doc !== null;
      let r;
      try {
        r = await loading;
      } catch (e) {
        const said = e instanceof Error ? e.message : String(e);
        if (ticket !== latest) return editedSinceDrawn();
        if (drawnOver) takeDown();
        const current = get().doc;
        if (current && (!early || drawnOver)) {
          // NOTE: the simulator failed on this text (it was replaced, holding the last document that
          // loaded): refused like an invalid file, and the document on screen is loaded again.
          set({ importProblems: { ...(name ? { name } : {}), problems: [{ path: '', message: said }] } });
          void sync(current);
        } else set(simulatorFailed(e));
        return false;
      }
      if (ticket !== latest) return editedSinceDrawn();
      // (The validated topology, received in a task of its own too: as big as the document. Drawn or not yet, what
      // follows — materializing it, drawing it, its panels — is another task.)
      await nextTask();
      if (ticket !== latest) return editedSinceDrawn();
      if (early && !r.ok) takeDown();
      if (!r.ok) {
        set({ importProblems: { ...(name ? { name } : {}), problems: r.problems }, ...(get().doc ? {} : { docStatus: 'invalid' as const }) });
        // NOTE: the worker kept its previous document; bring it back to the one on the canvas.
        const current = get().doc;
        if (current) void sync(current);
        return false;
      }
      const raw = parsed ?? (JSON.parse(JSON.stringify(r.topology)) as Doc);
      const doc = materialize(raw, r.topology);
      if (!early) {
        if (!(await viewApart(doc))) return false;
        shown(doc);
      }
      set({
        doc,
        past: [],
        future: [],
        selection: [],
        importProblems: null,
        pendingChange: null,
        restored: false,
        ...answered(r),
      });
      if (!early) get().setCollapsed(autoCollapsed(viewOf(doc)));
      get().resetEndpoints();
      return true;
    }

    return {
      ...initialDocumentEditState(),

      loadText(text, name, opts = {}) {
        const work = open(text, name, opts);
        // Answered once the load is done, or by the sync it started to bring the worker back to the document on screen.
        const answer: Promise<ValidationOutcome> = work.then(() => (pending !== answer && pending ? pending : outcomeOf(get())));
        pending = answer;
        return work;
      },

      loadEmpty() {
        replacements++;
        const doc = emptyDoc();
        replace(doc, [], [], { selection: [], importProblems: null, restored: false });
        get().resetTrace({ request: true });
        get().setCollapsed([]);
      },

      applyEdit(doc, opts = {}) {
        const { doc: current, past } = get();
        if (!current || doc === current) {
          if (opts.notice) get().showNotice(opts.notice);
          return get().whenValidated();
        }
        const trimmed = past.length >= HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT + 1) : past;
        set({
          doc,
          past: [...trimmed, current],
          future: [],
          selection: prune(doc, opts.select ?? get().selection),
          pendingChange: null,
          ...(opts.notice ? { notice: { message: opts.notice, tone: 'info' as const, seq: ++seq } } : {}),
        });
        return sync(doc, opts.after);
      },

      async tryEdit(doc) {
        const { doc: was, past, future, selection } = get();
        const answer = answerNow(get());
        const outcome = await get().applyEdit(doc);
        // Refused: as if never made (a later edit, made meanwhile, is left alone).
        if (!outcome.ok && was && get().doc === doc) set({ doc: was, past, future, selection, ...answer });
        return outcome;
      },

      whenValidated() {
        return get().docStatus === 'loading' && pending ? pending : Promise.resolve(outcomeOf(get()));
      },

      undo() {
        const { doc, past, future } = get();
        const prev = past[past.length - 1];
        if (!doc || !prev) return;
        replace(prev, past.slice(0, -1), [doc, ...future]);
      },

      redo() {
        const { doc, past, future } = get();
        const next = future[0];
        if (!doc || !next) return;
        replace(next, [...past, doc], future.slice(1));
      },

      select(keys, mode = 'replace') {
        const cur = get().selection;
        let next: string[];
        if (mode === 'replace') next = keys;
        else if (mode === 'add') next = [...new Set([...cur, ...keys])];
        else {
          const s = new Set(cur);
          for (const k of keys)
            if (s.has(k)) s.delete(k);
            else s.add(k);
          next = [...s];
        }
        if (next.length === cur.length && next.every((k, i) => k === cur[i])) return;
        set(next.length ? { selection: next, sidebarTab: 'inspector' } : { selection: next });
      },

      showNotice(said, tone = 'info', problems) {
        set({ notice: { message: said, tone, seq: ++seq, ...(problems?.length ? { problems } : {}) } });
      },
      restoreHistory(past, future) {
        set({ past, future, restored: true });
      },
      dismissNotice() {
        set({ notice: null });
      },
      dismissImportProblems() {
        set({ importProblems: null });
      },
    };
  };
