/**
 * The document library: every document a person made or changed, kept in the browser (IndexedDB) under a
 * name until they delete it. Each record is stored as its JSON text, so an entry that cannot be read
 * (corrupt, from a newer version, written by something else) is never lost or overwritten: it is reported
 * with its raw text, which the UI offers as a download.
 *
 * Storage sits behind `Backend` (library-storage.ts: IndexedDB in a worker in the browser, a Map in tests); a listing and a
 * revision check read entries' heads only. Nothing here throws: a read
 * gives what could be read plus what could not; a write says whether it was kept (a full quota is `quota`).
 */
import type { Doc } from '../model/edit';
import { docJson } from './doc-json';
import type { Backend } from './library-storage';

/** The record format written now. Older ones are migrated on read; newer ones are left alone (and reported). */
export const RECORD_VERSION = 2;

export interface DocRecord {
  v: typeof RECORD_VERSION;
  id: string;
  name: string;
  /** ms since the epoch */
  created: number;
  modified: number;
  /** Increases with every write: a tab that writes over a revision it has not seen is told (see `save`). */
  rev: number;
  doc: Doc;
  past: Doc[];
  future: Doc[];
  /** The last version that validated, when `doc` does not: what start-up falls back to. */
  good?: Doc;
}

/** Why an entry could not be read. */
export type UnreadableReason = 'notJson' | 'newerVersion' | 'wrongSchema';

export interface Unreadable {
  id: string;
  reason: UnreadableReason;
  /** The entry exactly as stored, for the person to download. */
  raw: string;
}

export type ReadResult = { ok: true; record: DocRecord; migrated: boolean } | { ok: false; reason: UnreadableReason };

export type SaveResult =
  | { ok: true; record: DocRecord }
  /** Someone else (another tab) wrote a newer revision: nothing was written. */
  | { ok: false; reason: 'conflict'; current: DocRecord | null }
  /** The browser's storage is full (history trimmed as far as it goes) or refused the write. */
  | { ok: false; reason: 'quota' | 'failed'; message: string };

// ---- reading: validation and migrations ---------------------------------------------------------------

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The shape every stored document must have to be drawn at all (its content is validated later, like a file). */
export const isDocShape = (v: unknown): v is Doc =>
  isObj(v) && typeof v.apiVersion === 'string' && v.kind === 'Topology' && isObj(v.metadata) && isObj(v.cluster);

const docs = (v: unknown): Doc[] | null => (v === undefined ? [] : Array.isArray(v) && v.every(isDocShape) ? v : null);

/** v1: the old localStorage autosave, `{ doc, past, future }`, with no name or times. */
function fromV1(o: Record<string, unknown>, id: string, now: number): Record<string, unknown> {
  const doc = o.doc as Doc;
  const name = isDocShape(doc) && typeof doc.metadata.name === 'string' && doc.metadata.name ? doc.metadata.name : 'untitled';
  return { v: 2, id, name, created: now, modified: now, rev: 1, doc: o.doc, past: o.past ?? [], future: o.future ?? [] };
}

/** Each step takes a record of version N to N+1. */
const MIGRATIONS: Record<number, (o: Record<string, unknown>, id: string, now: number) => Record<string, unknown>> = { 1: fromV1 };

/** Reads one stored entry; old versions are migrated. Never throws. */
export function readRecord(id: string, raw: string, now = Date.now()): ReadResult {
  let o: unknown;
  try {
    o = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'notJson' };
  }
  if (!isObj(o)) return { ok: false, reason: 'wrongSchema' };
  // A record without a version is the v1 autosave shape when it has a document.
  let v = typeof o.v === 'number' ? o.v : 'doc' in o ? 1 : NaN;
  if (!Number.isInteger(v) || v < 1) return { ok: false, reason: 'wrongSchema' };
  if (v > RECORD_VERSION) return { ok: false, reason: 'newerVersion' };
  const migrated = v < RECORD_VERSION;
  while (v < RECORD_VERSION) {
    const step = MIGRATIONS[v];
    if (!step) return { ok: false, reason: 'wrongSchema' };
    o = step(o as Record<string, unknown>, id, now);
    v++;
  }
  const r = o as Record<string, unknown>;
  const past = docs(r.past);
  const future = docs(r.future);
  const ok =
    isDocShape(r.doc) &&
    past !== null &&
    future !== null &&
    typeof r.name === 'string' &&
    typeof r.created === 'number' &&
    typeof r.modified === 'number' &&
    typeof r.rev === 'number' &&
    (r.good === undefined || isDocShape(r.good));
  if (!ok) return { ok: false, reason: 'wrongSchema' };
  const record: DocRecord = {
    v: RECORD_VERSION,
    id,
    name: r.name as string,
    created: r.created as number,
    modified: r.modified as number,
    rev: r.rev as number,
    doc: r.doc as Doc,
    past: past!,
    future: future!,
    ...(r.good !== undefined ? { good: r.good as Doc } : {}),
  };
  return { ok: true, record, migrated };
}

// ---- the library ----------------------------------------------------------------------------------

/** Above this the undo history is trimmed (oldest first) before writing (and before journaling: library-slice). */
export const MAX_CHARS = 3_000_000;

const isQuota = (e: unknown) => e instanceof Error && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || /quota/i.test(e.message));

const errText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

export function newId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  return c?.randomUUID ? c.randomUUID() : `d${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

/** What a listing shows of an entry: all but its documents (`get` reads those). */
export type DocHead = Pick<DocRecord, 'id' | 'name' | 'created' | 'modified' | 'rev'>;

export interface LibraryListing {
  /** Newest first. */
  records: DocHead[];
  unreadable: Unreadable[];
}

/** The key `save` writes after the head's fields, before the documents. */
const DOC_KEY = ',"doc":';

/**
 * An entry's head read without its documents, or null when it must be read whole (an older or damaged entry).
 * NOTE: `save` writes the head's scalar fields first; as a JSON string holds no unescaped quote, the first `,"doc":`
 * is the top-level key, and the text before it closed with `}` is the head alone. At 1,000 nodes a document is ~8 MB
 * of JSON, and listing the library (every start, the File menu, each open) parsed every stored one on the main thread.
 */
export function readHead(id: string, raw: string): DocHead | null {
  const end = raw.indexOf(DOC_KEY);
  if (end < 0) return null;
  let o: unknown;
  try {
    o = JSON.parse(raw.slice(0, end) + '}');
  } catch {
    return null;
  }
  if (!isObj(o) || o.v !== RECORD_VERSION) return null;
  const { name, created, modified, rev } = o;
  if (typeof name !== 'string' || typeof created !== 'number' || typeof modified !== 'number' || typeof rev !== 'number') return null;
  return { id, name, created, modified, rev };
}

const headOf = ({ id, name, created, modified, rev }: DocRecord): DocHead => ({ id, name, created, modified, rev });

export class Library {
  constructor(readonly backend: Backend) {}

  /**
   * Every entry: the heads of the readable ones and the raw text of the others (an entry is read whole only when its
   * head cannot be read alone). NOTE: at 1,000 nodes an entry is ~6.5 MB; listing (every start, the File menu, each
   * open) read and parsed every one whole.
   */
  async list(): Promise<LibraryListing> {
    let heads: Map<string, string>;
    try {
      heads = await this.backend.heads();
    } catch {
      return { records: [], unreadable: [] };
    }
    const records: DocHead[] = [];
    const unreadable: Unreadable[] = [];
    for (const [id, start] of heads) {
      const head = readHead(id, start);
      if (head) {
        records.push(head);
        continue;
      }
      const raw = await this.backend.get(id).catch(() => undefined);
      if (raw === undefined) continue;
      const r = readRecord(id, raw);
      if (r.ok) records.push(headOf(r.record));
      else unreadable.push({ id, reason: r.reason, raw });
    }
    records.sort((a, b) => b.modified - a.modified);
    return { records, unreadable };
  }

  async get(id: string): Promise<ReadResult | null> {
    let raw: string | undefined;
    try {
      raw = await this.backend.get(id);
    } catch {
      return null;
    }
    return raw === undefined ? null : readRecord(id, raw);
  }

  /**
   * Write `record` as revision `expectedRev + 1`. When the stored revision is not `expectedRev` (another tab wrote
   * in between) nothing is written: `conflict`. Pass `expectedRev` 0 for a new entry. Too large a history is trimmed.
   */
  async save(record: Omit<DocRecord, 'v' | 'rev'>, expectedRev: number): Promise<SaveResult> {
    const storedRev = await this.storedRev(record.id);
    // An unreadable entry under this id is never written over.
    if (storedRev !== expectedRev) {
      const stored = await this.get(record.id);
      return { ok: false, reason: 'conflict', current: stored?.ok ? stored.record : null };
    }
    const { id, name, created, modified, doc, good } = record;
    // Each document's text looked up once per save (the trimming measures them again).
    const texts = new Map<Doc, string>();
    const text = (d: Doc) => {
      let t = texts.get(d);
      if (t === undefined) texts.set(d, (t = docJson(d)));
      return t;
    };
    // NOTE: the head's fields first, the documents after: `list` reads only the head (readHead).
    const head = JSON.stringify({ v: RECORD_VERSION, id, name, created, modified, rev: expectedRev + 1 }).slice(0, -1);
    const fixed = head.length + DOC_KEY.length + text(doc).length + (good !== undefined ? ',"good":'.length + text(good).length : 0);
    // The length of `[a,b,…]`.
    const size = (ds: readonly Doc[]) => ds.reduce((n, d) => n + text(d).length, 2 + Math.max(ds.length - 1, 0));
    let past = record.past;
    let future = record.future;
    // A document over the limit alone is written without its history, which is then never written out to be measured.
    if (fixed > MAX_CHARS) past = future = [];
    for (;;) {
      const trimmed = past.length === 0 && future.length === 0;
      if (trimmed || fixed + ',"past":'.length + size(past) + ',"future":'.length + size(future) + 1 <= MAX_CHARS) {
        const next: DocRecord = {
          v: RECORD_VERSION,
          id,
          name,
          created,
          modified,
          rev: expectedRev + 1,
          doc,
          past,
          future,
          ...(good !== undefined ? { good } : {}),
        };
        const list = (ds: readonly Doc[]) => `[${ds.map(text).join(',')}]`;
        const raw = `${head}${DOC_KEY}${text(doc)},"past":${list(past)},"future":${list(future)}${good !== undefined ? `,"good":${text(good)}` : ''}}`;
        try {
          await this.backend.put(record.id, raw);
          return { ok: true, record: next };
        } catch (e) {
          if (trimmed || !isQuota(e)) return { ok: false, reason: isQuota(e) ? 'quota' : 'failed', message: errText(e) };
        }
      }
      past = past.slice(Math.ceil(past.length / 2));
      if (past.length === 0) future = future.slice(0, Math.floor(future.length / 2));
    }
  }

  /** When the entry `id` was created, from its head; null when there is none or it cannot be read. */
  async created(id: string): Promise<number | null> {
    return (await this.storedHead(id))?.created ?? null;
  }

  /** The revision stored under `id`: 0 when there is none (or storage could not be asked), -1 when it cannot be read. */
  private async storedRev(id: string): Promise<number> {
    const head = await this.storedHead(id);
    return head === undefined ? 0 : (head?.rev ?? -1);
  }

  /**
   * The head of the entry stored under `id`, read from its head alone when it can be (see readHead), else from its
   * whole text: undefined when there is none (or storage could not be asked), null when it cannot be read.
   */
  private async storedHead(id: string): Promise<DocHead | null | undefined> {
    let start: string | undefined;
    try {
      start = await this.backend.head(id);
    } catch {
      return undefined;
    }
    if (start === undefined) return undefined;
    const head = readHead(id, start);
    if (head) return head;
    const raw = await this.backend.get(id).catch(() => undefined);
    if (raw === undefined) return undefined;
    const r = readRecord(id, raw);
    return r.ok ? headOf(r.record) : null;
  }

  async remove(id: string): Promise<boolean> {
    try {
      await this.backend.delete(id);
      return true;
    } catch {
      return false;
    }
  }

  /** Puts an entry back exactly as it was (undoing a delete). */
  async putRaw(id: string, raw: string): Promise<boolean> {
    try {
      await this.backend.put(id, raw);
      return true;
    } catch {
      return false;
    }
  }
}

// ---- the old localStorage autosave ------------------------------------------------------------------

export const MIGRATED_KEY = 'hopscope.migrated.v2';
const OLD_AUTOSAVE = 'hopscope.autosave.v1';
const OLD_LAST_GOOD = 'hopscope.lastgood.v1';

/** Whether migrateLocalStorage may name a last document: an old autosave or last good copy not brought in yet. */
export const mayMigrateLast = (kv: Pick<Storage, 'getItem'>): boolean =>
  kv.getItem(MIGRATED_KEY) === null && (kv.getItem(OLD_AUTOSAVE) !== null || kv.getItem(OLD_LAST_GOOD) !== null);

/**
 * Brings the old localStorage autosave, last good copy and recent files into the library, once. The old keys
 * are left where they are (nothing is deleted). `parse` reads a recent file's text (YAML or JSON).
 */
export async function migrateLocalStorage(
  lib: Library,
  kv: Pick<Storage, 'getItem' | 'setItem'>,
  parse: (text: string) => Promise<Doc | null>,
  now = Date.now(),
): Promise<{ imported: string[]; unreadable: Unreadable[]; lastId: string | null }> {
  const out = { imported: [] as string[], unreadable: [] as Unreadable[], lastId: null as string | null };
  const get = (k: string) => {
    try {
      return kv.getItem(k);
    } catch {
      return null;
    }
  };
  if (get(MIGRATED_KEY)) return out;
  const add = async (name: string, doc: Doc, past: Doc[], future: Doc[], at: number) => {
    const id = newId();
    const r = await lib.save({ id, name, created: at, modified: at, doc, past, future }, 0);
    if (r.ok) out.imported.push(name);
    return r.ok ? id : null;
  };
  const auto = get(OLD_AUTOSAVE);
  let autoDoc: Doc | null = null;
  let autoRecord: DocRecord | null = null;
  if (auto) {
    const r = readRecord('autosave', auto, now);
    if (r.ok) {
      autoDoc = r.record.doc;
      autoRecord = r.record;
      out.lastId = await add(r.record.name, r.record.doc, r.record.past, r.record.future, now);
    } else out.unreadable.push({ id: OLD_AUTOSAVE, reason: r.reason, raw: auto });
  }
  const good = get(OLD_LAST_GOOD);
  if (good) {
    let doc: unknown = null;
    try {
      doc = JSON.parse(good);
    } catch {
      // reported below
    }
    if (!isDocShape(doc)) out.unreadable.push({ id: OLD_LAST_GOOD, reason: doc === null ? 'notJson' : 'wrongSchema', raw: good });
    else if (JSON.stringify(doc) !== JSON.stringify(autoDoc)) {
      if (out.lastId && autoRecord) {
        // The autosave's last good copy: what start-up falls back to when the autosave does not validate.
        await lib.save({ ...autoRecord, id: out.lastId, good: doc }, 1);
      } else out.lastId = await add(`${doc.metadata.name || 'untitled'} (last good copy)`, doc, [], [], now - 1);
    }
  }
  const recent = get('hopscope.recent.v1');
  if (recent) {
    let list: unknown = null;
    try {
      list = JSON.parse(recent);
    } catch {
      // reported below
    }
    if (!Array.isArray(list)) out.unreadable.push({ id: 'hopscope.recent.v1', reason: list === null ? 'notJson' : 'wrongSchema', raw: recent });
    else
      for (const r of list as unknown[]) {
        if (!isObj(r) || typeof r.text !== 'string' || typeof r.name !== 'string') continue;
        const doc = await parse(r.text);
        if (isDocShape(doc)) await add(r.name, doc, [], [], typeof r.at === 'number' ? r.at : now);
        else out.unreadable.push({ id: `hopscope.recent.v1: ${r.name}`, reason: 'wrongSchema', raw: r.text });
      }
  }
  // What could not be read is kept, as it was, among the library's unreadable entries (downloadable there).
  for (const u of out.unreadable) await lib.putRaw(`legacy:${u.id}`, u.raw);
  try {
    kv.setItem(MIGRATED_KEY, String(now));
  } catch {
    // tried again next start (duplicates are harmless, losing a document is not)
  }
  return out;
}

// ---- the journal: what a closing tab could not write in time ---------------------------------------------

export interface JournalStorage {
  readonly length: number;
  key(i: number): string | null;
  getItem(k: string): string | null;
  removeItem(k: string): void;
}

/**
 * Puts each tab's journal (unsaved changes written synchronously as the page went away) into the library: over its
 * document when that is still the revision it was edited from, as a document of its own otherwise (nothing is
 * overwritten). A journal that cannot be read is kept as an unreadable entry. Returns the ids written.
 */
export async function recoverJournals(
  lib: Library,
  kv: JournalStorage,
  prefix: string,
  name: (base: string | null, origin: unknown, doc: Doc) => Promise<string>,
  now = Date.now(),
): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < kv.length; i++) {
    const k = kv.key(i);
    if (k?.startsWith(prefix)) keys.push(k);
  }
  const out: string[] = [];
  for (const k of keys) {
    const raw = kv.getItem(k);
    if (raw === null) continue;
    let j: Record<string, unknown> | null = null;
    try {
      const v: unknown = JSON.parse(raw);
      if (isObj(v)) j = v;
    } catch {
      // unreadable: kept below
    }
    const past = j ? docs(j.past) : null;
    const future = j ? docs(j.future) : null;
    if (!j || !isDocShape(j.doc) || !past || !future) {
      if (await lib.putRaw(`legacy:${k}`, raw)) kv.removeItem(k);
      continue;
    }
    const doc = j.doc;
    const id = typeof j.id === 'string' ? j.id : null;
    const baseRev = typeof j.baseRev === 'number' ? j.baseRev : 0;
    const stored = id ? await lib.get(id) : null;
    let saved: SaveResult | null = null;
    if (stored?.ok && JSON.stringify(stored.record.doc) === JSON.stringify(doc)) saved = { ok: true, record: stored.record };
    else if (id && stored?.ok && stored.record.rev === baseRev) saved = await lib.save({ ...stored.record, doc, past, future, modified: now }, baseRev);
    else if (id && stored === null && baseRev === 0)
      saved = await lib.save(
        { id, name: await name(typeof j.name === 'string' ? j.name : null, j.origin, doc), created: now, modified: now, doc, past, future },
        0,
      );
    if (!saved?.ok) {
      // Edited from a revision that has moved on (or gone): a document of its own.
      const base = stored?.ok ? stored.record.name : typeof j.name === 'string' ? j.name : null;
      saved = await lib.save({ id: newId(), name: await name(base, j.origin, doc), created: now, modified: now, doc, past, future }, 0);
    }
    if (saved.ok) {
      out.push(saved.record.id);
      kv.removeItem(k);
    }
  }
  return out;
}
