import type { StateCreator } from 'zustand';
import type { Problem, Topology } from '../../model';
import { isDrawable } from '../../model/display';
import {
  addElement,
  addressChanges,
  clearLayout,
  connect,
  copyElements,
  duplicateElements,
  emptyDoc,
  list,
  materialize,
  movePod,
  pasteElements,
  readdress,
  removeElements,
  setClusterField,
  setField,
  setMetadata,
  setPositions,
  str,
  type Clip,
  type Doc,
  type ElementRef,
  type PaletteKind,
  type Position,
} from '../../model/edit';
import { listRef, nodeId, parseListRef } from '../../model/element-id';
import { message, type Message } from '../../model/message';
import type { AppStore, StoreDeps } from '../app-store';
import { viewOf } from '../edit-selectors';
import { answered, answerNow, awaitingAnswer, simulatorFailed } from './document-slice';

/** How many edits undo reaches back. */
export const HISTORY_LIMIT = 200;

/** A document with more pods than this opens with its nodes collapsed (a summary box each): thousands of pod boxes are unreadable and slow. */
export const AUTO_COLLAPSE_PODS = 400;

/** The nodes to draw collapsed when `view` is opened: all of them on a big cluster, none otherwise. */
export const autoCollapsed = (view: Topology): string[] => (view.pods.length > AUTO_COLLAPSE_PODS ? view.nodes.map((n) => nodeId(n.name)) : []);

export interface Notice {
  /** What to say, as a catalogue key and its values (the UI words it). */
  message: Message;
  tone: 'info' | 'error';
  /** Increases with every notice, so the same text shown twice is still news. */
  seq: number;
  /** Problems behind an error notice (e.g. why a CNI switch was refused), each worded from its data. */
  problems?: Problem[];
}

/** A cluster change that moves addresses, waiting for the person to say yes. */
export interface PendingChange {
  /** The question, e.g. "Change cluster.podCIDR to 10.0.0.0/16?". */
  title: Message;
  changes: Message[];
  doc: Doc;
}

export interface DocumentEditState {
  /**
   * The document being edited, as it will be saved: the one copy of it on this thread (with the
   * addresses IPAM gave it filled in). What is drawn is derived from it (`selectView`).
   */
  doc: Doc | null;
  past: Doc[];
  future: Doc[];
  /** Selected elements as `list[index]` keys, e.g. `pods[3]`. */
  selection: string[];
  notice: Notice | null;
  /** A file that was refused, with its problems; the current document was left as it was. */
  /** A document that was refused: its name (a file's; absent for pasted or linked text) and its problems. */
  importProblems: { name?: string; problems: Problem[] } | null;
  pendingChange: PendingChange | null;
  clipboard: Clip | null;
  /** Set when a document was restored from the browser's storage. */
  restored: boolean;
}

export interface DocumentEditActions {
  /**
   * Low level: make `text` (YAML or JSON) the document, with a fresh history. An invalid text is refused:
   * `importProblems` lists why and nothing else changes. Resolves to whether it was accepted.
   * NOTE: call `openText` / `replaceDocument` (library slice) instead: they keep the document being replaced.
   */
  loadText(text: string, name?: string, opts?: { drawEarly?: boolean }): Promise<boolean>;
  /** Low level: an empty Flannel cluster on screen (`newDocument` keeps the one it replaces). */
  loadEmpty(): void;
  /** Replace the document with `doc` as one undoable step; resolves to what the worker made of it. */
  applyEdit(doc: Doc, opts?: EditOptions): Promise<ValidationOutcome>;
  /**
   * `applyEdit`, taken back when the document does not validate: no history entry, the document and
   * its problems as they were. Resolves to the worker's answer for `doc`.
   */
  tryEdit(doc: Doc): Promise<ValidationOutcome>;
  /** What the worker made of the document on screen: at once when nothing is being validated, else once the latest edit is. */
  whenValidated(): Promise<ValidationOutcome>;
  undo(): void;
  redo(): void;
  select(keys: string[], mode?: 'replace' | 'toggle' | 'add'): void;
  addElement(kind: PaletteKind, at?: Position, node?: string): void;
  deleteSelection(): void;
  duplicateSelection(): void;
  copySelection(): void;
  paste(): void;
  setElementField(ref: ElementRef, field: string, value: unknown): void;
  setMetadataField(field: string, value: string | undefined): void;
  /**
   * A cluster setting. One that re-addresses elements is validated first: when valid it becomes
   * `pendingChange` until confirmed; when not, it is made as typed (nothing re-addressed) so its
   * problems show, and nothing is asked. Resolves once the change is made or asked about.
   */
  setClusterSetting(path: string[], value: unknown): Promise<void>;
  confirmPendingChange(): void;
  cancelPendingChange(): void;
  movePod(index: number, node: string): void;
  connect(source: ElementRef, target: ElementRef): void;
  setPositions(positions: Record<string, Position>): void;
  /**
   * Replace every stored position with `positions` (the canvas's automatic layout), or with none
   * when not given (the canvas then lays the document out on its own). One undoable edit.
   */
  autoLayout(positions?: Record<string, Position>): void;
  showNotice(message: Message, tone?: Notice['tone'], problems?: Problem[]): void;
  /** A stored document's undo history, put back once it has opened. */
  restoreHistory(past: Doc[], future: Doc[]): void;
  dismissNotice(): void;
  dismissImportProblems(): void;
}

export interface EditOptions {
  select?: string[];
  notice?: Message;
  /** After the edited document validated: what IPAM did (e.g. a moved pod's new IP). */
  after?: (t: Topology, before: Topology | null) => Message | null;
}

export type DocumentEditSlice = DocumentEditState & DocumentEditActions;

/**
 * The worker's answer for an edited document: its validated topology (with the addresses IPAM
 * gave), or its problems, or why the simulator failed on it (`error`, with no problems).
 */
export type ValidationOutcome = { ok: true; topology: Topology } | { ok: false; problems: Problem[]; error?: string };

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
const refsOf = (keys: readonly string[]): ElementRef[] => keys.map(parseRef).filter((r): r is ElementRef => r !== null);

/** Keeps only selection keys that still name an element of `doc`. */
const prune = (doc: Doc, keys: readonly string[]): string[] =>
  keys.filter((k) => {
    const r = parseRef(k);
    return r !== null && list(doc, r.list)[r.index] !== undefined;
  });

export const createDocumentEditSlice =
  (deps: StoreDeps): StateCreator<AppStore, [], [], DocumentEditSlice> =>
  (set, get) => {
    // NOTE: a validation that finishes after a newer edit started is ignored: its edit's promise resolves to the newer one's answer.
    let latest = 0;
    let seq = 0;
    /** The validation of the latest edit or load; null once nothing is being validated that it has not answered. */
    let pending: Promise<ValidationOutcome> | null = null;

    /** Validate `doc` in the worker (which then traces through it when valid) and write back IPAM's addresses. */
    function sync(doc: Doc, after?: EditOptions['after']): Promise<ValidationOutcome> {
      const ticket = ++latest;
      const before = get().topology;
      set(awaitingAnswer());
      const run = (async (): Promise<ValidationOutcome> => {
        try {
          const r = await deps.sim.load(JSON.stringify(doc));
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
          const error = e instanceof Error ? e.message : String(e);
          set(simulatorFailed(error));
          return { ok: false, problems: [], error };
        }
      })();
      pending = run;
      return run;
    }

    const replace = (doc: Doc, past: Doc[], future: Doc[], extra: Partial<AppStore> = {}) => {
      set({ doc, past, future, selection: prune(doc, get().selection), pendingChange: null, ...extra });
      void sync(doc);
    };

    const edit = (next: Doc | null, opts: EditOptions = {}) => void get().applyEdit(next ?? (get().doc as Doc), opts);

    /** `loadText`'s work; the validation it waits for is `pending` meanwhile (see loadText). */
    async function open(text: string, name: string | undefined, opts: { drawEarly?: boolean }): Promise<boolean> {
      const ticket = ++latest;
      const first = get().doc === null;
      // A document on screen stays answered while another opens: it may be refused.
      set(first ? awaitingAnswer() : { docError: null });
      // The worker parses the text (the one place a document's text is read) and validates what it read.
      const reading = deps.sim.read(text).catch(() => null);
      const loading = deps.sim.load(text);
      // NOTE: with nothing on the canvas yet, a trusted document (shipped with the app) is drawn while the worker
      // validates and compiles it (seconds on thousands of pods); one the worker refuses is taken down again.
      // Untrusted ones (storage, links, files) are drawn only once validated (`drawEarly: false`).
      const parsed = await reading;
      const early = first && opts.drawEarly !== false && parsed !== null && isDrawable(parsed) && ticket === latest && get().doc === null;
      if (early) {
        set({ doc: parsed, past: [], future: [], selection: [] });
        get().setCollapsed(autoCollapsed(viewOf(parsed)));
      }
      let r;
      try {
        r = await loading;
      } catch (e) {
        const said = e instanceof Error ? e.message : String(e);
        if (ticket !== latest) return false;
        const current = get().doc;
        if (current && !early) {
          // NOTE: the simulator failed on this text (it was replaced, holding the last document that
          // loaded): refused like an invalid file, and the document on screen is loaded again.
          set({ importProblems: { ...(name ? { name } : {}), problems: [{ path: '', message: said }] } });
          void sync(current);
        } else set(simulatorFailed(said));
        return false;
      }
      if (ticket !== latest) return false;
      if (early && !r.ok && get().doc === parsed) set({ doc: null });
      if (!r.ok) {
        set({ importProblems: { ...(name ? { name } : {}), problems: r.problems }, ...(get().doc ? {} : { docStatus: 'invalid' as const }) });
        // NOTE: the worker kept its previous document; bring it back to the one on the canvas.
        const current = get().doc;
        if (current) void sync(current);
        return false;
      }
      const raw = parsed ?? (JSON.parse(JSON.stringify(r.topology)) as Doc);
      const doc = materialize(raw, r.topology);
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

      addElement(kind, at, node) {
        const d = get().doc;
        if (!d) return;
        if (kind === 'pod' && !node) {
          get().showNotice(message(list(d, 'nodes').length ? 'dropPodOnNode' : 'addNodeFirst'), 'error');
          return;
        }
        const { doc, ref } = addElement(d, kind, at, node);
        const item = list(doc, ref.list)[ref.index]!;
        // The runtime's CNI ADD for a pod landing on a node. Asked for before the edit reaches the
        // worker (it answers in order), on the cluster as it was: the plugin chain allocates the address.
        if (kind === 'pod' && node) void get().playCniCall({ name: str(item.name), namespace: str(item.namespace) || 'default', node }, 'ADD');
        edit(doc, {
          select: [listRef(ref.list, ref.index)],
          after: kind === 'pod' && node ? (t) => message('podRuns', { pod: str(item.name), node, ip: t.pods[ref.index]?.ip ?? '?' }) : undefined,
        });
      },

      deleteSelection() {
        const d = get().doc;
        const refs = refsOf(get().selection);
        if (!d || refs.length === 0) return;
        // Removing one pod plays its CNI DEL (on the cluster that still holds it).
        const pods = refs.filter((r) => r.list === 'pods');
        const pod = pods.length === 1 && refs.length === 1 ? get().topology?.pods[pods[0]!.index] : undefined;
        if (pod) void get().playCniCall({ name: pod.name, namespace: pod.namespace, node: pod.node, ip: pod.ip }, 'DEL');
        edit(removeElements(d, refs), { select: [] });
      },

      duplicateSelection() {
        const d = get().doc;
        const refs = refsOf(get().selection);
        if (!d || refs.length === 0) return;
        const r = duplicateElements(d, refs);
        edit(r.doc, { select: r.refs.map((x) => listRef(x.list, x.index)) });
      },

      copySelection() {
        const d = get().doc;
        const refs = refsOf(get().selection);
        if (!d || refs.length === 0) return;
        set({ clipboard: copyElements(d, refs) });
        get().showNotice(message('copied', { count: refs.length }));
      },

      paste() {
        const d = get().doc;
        const clip = get().clipboard;
        if (!d || !clip || clip.items.length === 0) return;
        const r = pasteElements(d, clip);
        edit(r.doc, { select: r.refs.map((x) => listRef(x.list, x.index)) });
      },

      setElementField(ref, field, value) {
        const d = get().doc;
        if (!d) return;
        edit(setField(d, ref, field, value));
      },

      setMetadataField(field, value) {
        const d = get().doc;
        if (!d) return;
        edit(setMetadata(d, field, value));
      },

      async setClusterSetting(path, value) {
        const d = get().doc;
        if (!d) return;
        const moved = readdress(d, path, value);
        if (!moved) return edit(setClusterField(d, path, value));
        // NOTE: a question is asked only about a valid change. A re-addressed document with a problem
        // the current one does not have (a /33, a range that overlaps another) is not offered: the
        // value goes in as typed, nothing is re-addressed, and the field shows what is wrong. A range
        // that every address still fits (a wider one, the old one back) needs no re-addressing at all.
        const plain = setClusterField(d, path, value);
        const known = new Set(get().problems.map((p) => `${p.path}\n${p.message}`));
        const adds = (problems: Problem[] | null) => problems === null || problems.some((p) => !known.has(`${p.path}\n${p.message}`));
        const check = (doc: Doc) => deps.sim.check(JSON.stringify(doc)).catch(() => null);
        const [asIs, moving] = await Promise.all([path[0] === 'cni' ? null : check(plain), check(moved.doc)]);
        if (get().doc !== d) return;
        if ((asIs && !adds(asIs)) || adds(moving)) return edit(plain);
        set({ pendingChange: { title: message('changeCluster', { path: path.join('.'), value: str(value) }), changes: moved.changes, doc: moved.doc } });
      },

      confirmPendingChange() {
        const p = get().pendingChange;
        if (!p) return;
        edit(p.doc, {
          after: (t, before) => {
            const moved = before ? addressChanges(before, t) : [];
            if (!moved.length) return message('readdressed');
            return message('readdressedSome', { count: moved.length, list: `${moved.slice(0, 4).join('; ')}${moved.length > 4 ? ' …' : ''}` });
          },
        });
      },

      cancelPendingChange() {
        set({ pendingChange: null });
      },

      movePod(index, node) {
        const d = get().doc;
        if (!d) return;
        const pod = list(d, 'pods')[index];
        if (!pod || str(pod.node) === node) return;
        const was = str(pod.ip);
        edit(movePod(d, index, node), {
          select: [listRef('pods', index)],
          after: (t) => message(was ? 'podMovedWas' : 'podMoved', { pod: str(pod.name), node, ip: t.pods[index]?.ip ?? '?', was }),
        });
      },

      connect(source, target) {
        const d = get().doc;
        if (!d) return;
        const r = connect(d, source, target);
        if (r.doc) edit(r.doc, { notice: r.message });
        else get().showNotice(r.message, 'error');
      },

      setPositions(positions) {
        const d = get().doc;
        if (!d || Object.keys(positions).length === 0) return;
        const same = Object.entries(positions).every(([k, p]) => {
          const q = d.layout?.[k];
          return q && q.x === Math.round(p.x) && q.y === Math.round(p.y);
        });
        if (same) return;
        edit(setPositions(d, positions));
      },

      autoLayout(positions) {
        const d = get().doc;
        if (!d) return;
        if (!positions) {
          if (d.layout) edit(clearLayout(d));
          return;
        }
        const next = setPositions(clearLayout(d), positions);
        const same =
          !!d.layout &&
          Object.keys(d.layout).length === Object.keys(next.layout ?? {}).length &&
          Object.entries(next.layout ?? {}).every(([k, p]) => d.layout?.[k]?.x === p.x && d.layout?.[k]?.y === p.y);
        if (!same) edit(next, { notice: message('laidOut') });
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
