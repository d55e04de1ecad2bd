import type { StateCreator } from 'zustand';
import type { Problem, Topology } from '../../model';
import {
  addElement,
  addressChanges,
  clearLayout,
  connect,
  copyElements,
  duplicateElements,
  list,
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
import { listRef } from '../../model/element-id';
import { message, type Message } from '../../model/message';
import type { AppStore, StoreDeps } from '../app-store';
import { createDocumentCoreSlice, refsOf } from './document-core-slice';
import { docJson, writeDocsWith } from '../doc-json';
import { readFromText, writeByField } from '../doc-json-fields';
import { viewAfterEdit } from '../view-after-edit';
import { editLoads } from '../../worker/sim-client';

// The document on screen, its opening, history and validation are the core slice's (the embed's too); this
// module adds the editor's actions, each of which builds the next document and hands it to applyEdit.
export { AUTO_COLLAPSE_PODS, autoCollapsed, HISTORY_LIMIT, initialDocumentEditState } from './document-core-slice';

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
   * `importProblems` lists why and nothing else changes. Resolves to whether it was accepted (or drawn early and edited
   * before its answer: it opened, and the edit's validation answers for it).
   * NOTE: call `openText` / `replaceDocument` (library slice) instead: they keep the document being replaced.
   */
  loadText(text: string, name?: string, opts?: LoadOptions): Promise<boolean>;
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

/** How `loadText` opens a text. */
export interface LoadOptions {
  /**
   * Drawn before the worker has validated it (a trusted first document); false: once validated. 'replacing': even over
   * a document on screen (an import: the importer made it), which comes back as it was if this one is refused.
   */
  drawEarly?: boolean | 'replacing';
  /**
   * The text's JSON, read on this page by the caller (an import's, from its slices; a library entry's, parsed with its
   * history): not read again, nor asked of the worker, and the place worker is told the picture is the text's (it is
   * not written out for it). Never rejects: null when the text is not a document.
   */
  read?: Promise<Doc | null>;
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

export const createDocumentEditSlice =
  (deps: StoreDeps): StateCreator<AppStore, [], [], DocumentEditSlice> =>
  (set, get, api) => {
    // (An edit's text, sent to the simulator, writes again only the fields it changed.)
    writeDocsWith(writeByField);
    const edit = (next: Doc | null, opts: EditOptions = {}) => {
      if (next) viewAfterEdit(get().doc, next);
      void get().applyEdit(next ?? (get().doc as Doc), opts);
    };
    return {
      // (An edit's answer is what changed from the topology held: see editLoads.)
      // (A document read from a text is written from that text on its first edit: doc-json-fields.ts readFromText.)
      ...createDocumentCoreSlice(
        {
          ...deps,
          readAhead: (text, view, doc) => {
            deps.readAhead?.(text, view, doc);
            readFromText(doc, text);
          },
        },
        editLoads(deps.sim),
      )(set, get, api),

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
        const check = (doc: Doc) => deps.sim.check(docJson(doc)).catch(() => null);
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
    };
  };
