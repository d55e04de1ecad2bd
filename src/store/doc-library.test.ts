import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { emptyDoc, type Doc } from '../model/edit';
import type { Topology } from '../model/topology';
import { builtins } from '../scenarios';
import { generateFlannelCluster } from '../scenarios/generate';
import { createInlineSimClient } from '../worker/sim-client';
import { createAppStore } from './app-store';
import { Library, mayMigrateLast, migrateLocalStorage, MIGRATED_KEY, readRecord, RECORD_VERSION, recoverJournals } from './doc-library';
import { indexedDbBackend, memoryBackend } from './library-storage';
import { freeName, JOURNAL_PREFIX, SESSION_KEY, untitled } from './slices/library-slice';
import { viewOf } from './edit-selectors';

const doc = (name = 'mine'): Doc => emptyDoc(name);
const record = (id: string, over: Record<string, unknown> = {}) => ({ id, name: id, created: 1, modified: 1, doc: doc(id), past: [], future: [], ...over });
const kv = (init: Record<string, string> = {}) => {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
};
/** An entry read whole (a listing holds only heads). */
async function whole(lib: Library, id: string) {
  const r = await lib.get(id);
  if (!r?.ok) throw new Error(`${id} cannot be read`);
  return r.record;
}
const podsOf = (d: Doc) => d.pods ?? [];
const quota = () => Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
/** Counts the characters JSON.stringify writes until stopped. */
function countStringified() {
  let chars = 0;
  const stringify = JSON.stringify;
  const spy = vi.spyOn(JSON, 'stringify').mockImplementation((...a: Parameters<typeof JSON.stringify>) => {
    const t = stringify(...a);
    chars += t.length;
    return t;
  });
  return { chars: () => chars, stop: () => spy.mockRestore() };
}

describe('readRecord', () => {
  it('reads a current record', () => {
    const r = readRecord('a', JSON.stringify({ v: RECORD_VERSION, ...record('a'), rev: 3 }));
    expect(r.ok && r.record.rev).toBe(3);
  });

  it('says why an entry cannot be read, never throws', () => {
    expect(readRecord('a', '{"v":2,"name":"cut')).toEqual({ ok: false, reason: 'notJson' });
    expect(readRecord('a', '[1,2]')).toEqual({ ok: false, reason: 'wrongSchema' });
    expect(readRecord('a', '"text"')).toEqual({ ok: false, reason: 'wrongSchema' });
    expect(readRecord('a', 'null')).toEqual({ ok: false, reason: 'wrongSchema' });
    expect(readRecord('a', '{"v":2,"name":5}')).toEqual({ ok: false, reason: 'wrongSchema' });
    expect(readRecord('a', '{"v":99,"name":"x"}')).toEqual({ ok: false, reason: 'newerVersion' });
    expect(readRecord('a', '{"v":"2"}')).toEqual({ ok: false, reason: 'wrongSchema' });
    // A document that is not even the shape of one, or a history with one in it.
    expect(readRecord('a', JSON.stringify({ v: 2, ...record('a'), rev: 1, doc: { kind: 'Pod' } })).ok).toBe(false);
    expect(readRecord('a', JSON.stringify({ v: 2, ...record('a'), rev: 1, past: [null] })).ok).toBe(false);
  });

  it('migrates the v1 autosave shape (no version, no name)', () => {
    const r = readRecord('x', JSON.stringify({ doc: doc('shop'), past: [doc('a')], future: [] }), 42);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migrated).toBe(true);
    expect(r.record).toMatchObject({ v: RECORD_VERSION, id: 'x', name: 'shop', created: 42, modified: 42, rev: 1 });
    expect(r.record.past).toHaveLength(1);
  });
});

describe('Library', () => {
  it('lists what it can read, newest first, and keeps the raw text of what it cannot', async () => {
    const b = memoryBackend({ bad: '{"v":2,', alien: '{"hello":1}' });
    const lib = new Library(b);
    await lib.save(record('old', { modified: 1 }), 0);
    await lib.save(record('new', { modified: 2 }), 0);
    const l = await lib.list();
    expect(l.records.map((r) => r.id)).toEqual(['new', 'old']);
    expect(l.unreadable).toEqual([
      { id: 'bad', reason: 'notJson', raw: '{"v":2,' },
      { id: 'alien', reason: 'wrongSchema', raw: '{"hello":1}' },
    ]);
  });

  it('lists an entry by its head alone: its documents are read when it is opened', async () => {
    const b = memoryBackend();
    const lib = new Library(b);
    await lib.save(record('a', { name: 'shop, "big"', modified: 7 }), 0);
    // The documents after the head damaged: the listing still names the entry (it did not read them) …
    const raw = b.data.get('a')!;
    b.data.set('a', raw.slice(0, raw.indexOf(',"doc":') + 8) + '{broken');
    expect((await lib.list()).records).toEqual([{ id: 'a', name: 'shop, "big"', created: 1, modified: 7, rev: 1 }]);
    // … and opening it says it cannot be read.
    expect(await lib.get('a')).toEqual({ ok: false, reason: 'notJson' });
    // An entry written before the head came first (or by hand) is read whole, as before.
    b.data.set('old', JSON.stringify({ doc: doc('old'), v: RECORD_VERSION, id: 'old', name: 'old', created: 1, modified: 1, rev: 4, past: [], future: [] }));
    b.data.set('newer', JSON.stringify({ v: 99, id: 'newer', name: 'n', created: 1, modified: 1, rev: 1, doc: doc('n') }));
    const l = await lib.list();
    expect(l.records.map((r) => [r.id, r.rev])).toEqual([
      ['a', 1],
      ['old', 4],
    ]);
    expect(l.unreadable.map((u) => [u.id, u.reason])).toEqual([['newer', 'newerVersion']]);
  });

  it('never writes over an entry it cannot read, nor over a revision it has not seen', async () => {
    const b = memoryBackend({ bad: 'garbage' });
    const lib = new Library(b);
    expect((await lib.save(record('bad'), 0)).ok).toBe(false);
    expect(b.data.get('bad')).toBe('garbage');
    const first = await lib.save(record('a'), 0);
    expect(first.ok && first.record.rev).toBe(1);
    // Another tab wrote revision 2 meanwhile.
    await lib.save(record('a', { name: 'theirs' }), 1);
    const mine = await lib.save(record('a', { name: 'mine' }), 1);
    expect(mine).toMatchObject({ ok: false, reason: 'conflict' });
    const now = await lib.get('a');
    expect(now?.ok && now.record.name).toBe('theirs');
  });

  it('trims the undo history on a full quota, and says so when even the document does not fit', async () => {
    const b = memoryBackend();
    const lib = new Library(b);
    let calls = 0;
    const put = b.put;
    b.put = async (id, text) => {
      calls++;
      if (JSON.parse(text).past.length > 2) throw quota();
      return put(id, text);
    };
    const past = Array.from({ length: 16 }, (_, i) => doc(`p${i}`));
    const r = await lib.save(record('a', { past }), 0);
    expect(r.ok).toBe(true);
    expect(calls).toBeGreaterThan(1);
    expect(JSON.parse(b.data.get('a')!).past.map((d: Doc) => d.metadata.name)).toEqual(['p14', 'p15']);

    b.put = async () => {
      throw quota();
    };
    const full = await lib.save(record('b'), 0);
    expect(full).toMatchObject({ ok: false, reason: 'quota' });
    // What was there stays.
    expect(JSON.parse(b.data.get('a')!).doc.metadata.name).toBe('a');
  });

  it('writes a record as JSON.stringify would, and a document kept in it is not written out again', async () => {
    const b = memoryBackend();
    const lib = new Library(b);
    const [d1, d2, d3] = [doc('one'), doc('two'), doc('three')];
    const first = await lib.save(record('a', { doc: d1 }), 0);
    const written = countStringified();
    const second = await lib.save(record('a', { doc: d2, past: [d1], future: [d3], good: d1 }), 1);
    written.stop();
    expect(first.ok && second.ok).toBe(true);
    const { v, id, name, created, modified, rev } = second.ok ? second.record : ({} as never);
    expect(b.data.get('a')).toBe(JSON.stringify({ v, id, name, created, modified, rev, doc: d2, past: [d1], future: [d3], good: d1 }));
    // d2 and d3 are new; d1 was written with the first save.
    expect(written.chars()).toBeLessThan(JSON.stringify(d2).length + JSON.stringify(d3).length + 200);
  });

  it('writes a document over the size limit without its history, and without writing the history out to measure it', async () => {
    const b = memoryBackend();
    const lib = new Library(b);
    const big = { ...doc('big'), metadata: { name: 'big', note: 'x'.repeat(3_100_000) } } as Doc;
    const past = Array.from({ length: 4 }, (_, i) => ({ ...big, metadata: { ...big.metadata, name: `p${i}` } }) as Doc);
    const written = countStringified();
    const r = await lib.save(record('a', { doc: big, past }), 0);
    written.stop();
    expect(r.ok && r.record.past).toEqual([]);
    expect(written.chars()).toBeLessThan(1.1 * JSON.stringify(big).length);
    expect(JSON.parse(b.data.get('a')!).metadata).toBeUndefined();
    expect(JSON.parse(b.data.get('a')!).doc.metadata.name).toBe('big');
  });

  it('sees another tab’s write even when it holds the revision it expects', async () => {
    const b = memoryBackend();
    const mine = new Library(b);
    const theirs = new Library(b);
    expect((await mine.save(record('a'), 0)).ok).toBe(true);
    // The other tab read revision 1 and wrote 2; this one, believing 1, must not write over it.
    expect((await theirs.save(record('a', { name: 'theirs' }), 1)).ok).toBe(true);
    expect(await mine.save(record('a', { name: 'mine' }), 1)).toMatchObject({ ok: false, reason: 'conflict', current: { name: 'theirs', rev: 2 } });
    // A revision it wrote itself is still recognised after another tab's write and its own read.
    expect((await mine.save(record('a', { name: 'mine again' }), 2)).ok).toBe(true);
    expect(JSON.parse(b.data.get('a')!).name).toBe('mine again');
  });

  it('works on IndexedDB (fake-indexeddb), delete and put back', async () => {
    const lib = new Library(await indexedDbBackend(new IDBFactory()));
    await lib.save(record('a'), 0);
    await lib.backend.put('junk', '{{{');
    let l = await lib.list();
    expect(l.records.map((r) => r.id)).toEqual(['a']);
    expect(l.unreadable.map((u) => u.id)).toEqual(['junk']);
    const raw = (await lib.backend.get('a'))!;
    expect(await lib.remove('a')).toBe(true);
    expect((await lib.list()).records).toHaveLength(0);
    await lib.putRaw('a', raw);
    l = await lib.list();
    expect((await whole(lib, l.records[0]!.id)).doc.metadata.name).toBe('a');
  });
});

describe('migrateLocalStorage', () => {
  const parse = async (t: string) => {
    try {
      return JSON.parse(t) as Doc;
    } catch {
      return null;
    }
  };

  it('brings the autosave (with its last good copy) and the recent files in, once, and leaves the old keys', async () => {
    const lib = new Library(memoryBackend());
    const store = kv({
      'hopscope.autosave.v1': JSON.stringify({ doc: { ...doc('mine'), pods: [null] }, past: [doc('mine')], future: [] }),
      'hopscope.lastgood.v1': JSON.stringify(doc('mine')),
      'hopscope.recent.v1': JSON.stringify([{ name: 'a.yaml', at: 5, text: JSON.stringify(doc('a')) }]),
    });
    const out = await migrateLocalStorage(lib, store, parse, 100);
    expect(out.imported).toEqual(['mine', 'a.yaml']);
    const l = await lib.list();
    const mine = await whole(lib, l.records.find((r) => r.id === out.lastId)!.id);
    expect(mine.good?.metadata.name).toBe('mine');
    expect(mine.past).toHaveLength(1);
    expect(store.m.get(MIGRATED_KEY)).toBe('100');
    expect(store.m.has('hopscope.autosave.v1')).toBe(true);
    expect((await migrateLocalStorage(lib, store, parse)).imported).toEqual([]);
  });

  it('keeps a corrupt autosave as an unreadable entry of the library, raw', async () => {
    const lib = new Library(memoryBackend());
    const out = await migrateLocalStorage(lib, kv({ 'hopscope.autosave.v1': '{"doc":{"apiVer' }), parse);
    expect(out.unreadable).toHaveLength(1);
    expect((await lib.list()).unreadable).toEqual([{ id: 'legacy:hopscope.autosave.v1', reason: 'notJson', raw: '{"doc":{"apiVer' }]);
  });

  it('names a last document only where mayMigrateLast said it might (a first visit opens its built-in without waiting for it)', async () => {
    const good = JSON.stringify(doc('mine'));
    const cases: Record<string, string>[] = [
      {},
      { 'hopscope.recent.v1': JSON.stringify([{ name: 'a.yaml', at: 5, text: good }]) },
      { 'hopscope.lastgood.v1': good },
    ];
    for (const keys of cases) {
      const store = kv(keys);
      const may = mayMigrateLast(store);
      const out = await migrateLocalStorage(new Library(memoryBackend()), store, parse);
      expect(may).toBe(out.lastId !== null);
      expect(mayMigrateLast(store)).toBe(false);
    }
  });
});

describe('names', () => {
  it('untitled N and (N) suffixes take the first free one', () => {
    expect(untitled(new Set(['untitled 1', 'untitled 3']))).toBe('untitled 2');
    expect(freeName('x', new Set(['x', 'x (2)']))).toBe('x (3)');
  });
});

describe('replaceDocument', () => {
  async function setup() {
    const library = new Library(memoryBackend());
    const session = kv();
    const store = createAppStore({ sim: await createInlineSimClient(), documents: { library, session, local: kv() } });
    return { store, library, session };
  }

  it('keeps an edited document before anything replaces it, names it, and says where it went', async () => {
    const { store, library, session } = await setup();
    await store.getState().loadDocument(builtins[0]!.yaml);
    // Untouched, a built-in is a read-only copy: nothing is stored.
    expect(store.getState().docId).toBeNull();
    store.getState().newDocument();
    await new Promise((r) => setTimeout(r, 0));
    expect((await library.list()).records).toHaveLength(0);
    store.getState().addElement('node', { x: 0, y: 0 });
    await store.getState().replaceDocument({ kind: 'text', text: builtins[1]!.yaml, origin: 'builtin' });
    const l = await library.list();
    expect(l.records.map((r) => r.name)).toEqual(['untitled 1']);
    const kept = await whole(library, l.records[0]!.id);
    expect(kept.doc.nodes).toHaveLength(1);
    expect(kept.past).toHaveLength(1);
    expect(store.getState().notice?.message).toEqual({ key: 'keptInDocuments', params: { name: 'untitled 1' } });
    expect(session.m.get(SESSION_KEY)).toBe('');
    // It opens again with its history.
    expect(await store.getState().replaceDocument({ kind: 'record', id: l.records[0]!.id })).toBe(true);
    expect(store.getState().past).toHaveLength(1);
    expect(store.getState().docName).toBe('untitled 1');
    expect(session.m.get(SESSION_KEY)).toBe(l.records[0]!.id);
  });

  it('keeps an opened file once under its name, writing the document out once to keep it or to compare it', async () => {
    const { store, library } = await setup();
    const stringify = vi.spyOn(JSON, 'stringify');
    // (The editor writes a document field by field: its nodes are written when it is.)
    const writes = (d: Doc | null) => stringify.mock.calls.filter(([v]) => v === d || v === d?.nodes).length;
    try {
      expect(await store.getState().openText(builtins[1]!.yaml, 'a.yaml')).toBe(true);
      const first = store.getState().doc;
      // Written out once (at 1,000 nodes 6.5 MB, ~100 ms): to be kept, nothing to compare with yet.
      expect(writes(first)).toBe(1);
      expect(await store.getState().openText(builtins[1]!.yaml, 'a.yaml')).toBe(true);
      // A document named a.yaml is there: compared with it, and the same text is what would be kept.
      expect(writes(store.getState().doc)).toBe(1);
    } finally {
      stringify.mockRestore();
    }
    expect((await library.list()).records.map((r) => r.name)).toEqual(['a.yaml']);
    // Another document under the same name is kept beside it.
    expect(await store.getState().openText(builtins[2]!.yaml, 'a.yaml')).toBe(true);
    expect((await library.list()).records.map((r) => r.name).sort()).toEqual(['a.yaml', 'a.yaml (2)']);
  });

  it('keeps an opened file once its first picture is drawn, not before; named meanwhile, so a page left then journals it', async () => {
    const library = new Library(memoryBackend());
    const local = kv();
    let draw = () => {};
    const asked: Topology[] = [];
    const pictureDrawn = (view: Topology) => (asked.push(view), new Promise<void>((r) => (draw = r)));
    const store = createAppStore({ sim: await createInlineSimClient(), documents: { library, session: kv(), local }, pictureDrawn });
    const opening = store.getState().openText(builtins[1]!.yaml, 'a.yaml');
    await vi.waitFor(() => expect(store.getState().docName).toBe('a.yaml'));
    expect(asked).toEqual([viewOf(store.getState().doc!)]);
    expect((await library.list()).records).toHaveLength(0);
    store.getState().journalNow();
    expect([...local.m.keys()].some((k) => k.startsWith(JOURNAL_PREFIX))).toBe(true);
    draw();
    expect(await opening).toBe(true);
    expect((await library.list()).records.map((r) => r.name)).toEqual(['a.yaml']);
  });

  it('journals a document too big for its history beside it without writing its history out', async () => {
    const local = kv();
    const store = createAppStore({ sim: await createInlineSimClient(), documents: { library: new Library(memoryBackend()), session: kv(), local } });
    const journal = () => JSON.parse([...local.m].find(([k]) => k.startsWith(JOURNAL_PREFIX))![1]) as { doc: Doc; past: Doc[] };
    const withTitle = (name: string, chars: number): Doc => ({ ...doc(name), metadata: { name, title: 'x'.repeat(chars) } });
    // A small document journals its history, the latest 20.
    store.setState({ doc: doc('now'), past: Array.from({ length: 25 }, (_, i) => doc(`p${i}`)), future: [] });
    store.getState().journalNow();
    expect(journal().past.map((d) => d.metadata.name)).toEqual(Array.from({ length: 20 }, (_, i) => `p${i + 5}`));
    // One of 1.6 million characters: none of its history fits MAX_CHARS beside it, and none is written out.
    const big = withTitle('big', 1_600_000);
    store.setState({ doc: big, past: Array.from({ length: 20 }, (_, i) => withTitle(`p${i}`, 1_600_000)), future: [] });
    const count = countStringified();
    store.getState().journalNow();
    count.stop();
    expect(count.chars()).toBeLessThan(2_000_000);
    expect(journal()).toMatchObject({ doc: { metadata: { name: 'big' } }, past: [] });
  });

  it('a refused document replaces nothing and stores nothing', async () => {
    const { store, library } = await setup();
    store.getState().newDocument();
    await new Promise((r) => setTimeout(r, 0));
    expect(await store.getState().openText('{"apiVersion":"hopscope/v1","kind":"Topology","metadata":{},"cluster":{},"pods":[null]}', 'bad.json')).toBe(false);
    expect(store.getState().importProblems?.problems.length).toBeGreaterThan(0);
    expect((await library.list()).records).toHaveLength(0);
  });

  it('a stored document that validated when written is drawn as read before the worker validates it again; one kept with a last good copy is not', async () => {
    const library = new Library(memoryBackend());
    const cluster = generateFlannelCluster({ nodes: 2 }) as unknown as Doc;
    await library.save(record('trusted', { doc: cluster }), 0);
    await library.save(record('doubted', { doc: cluster, good: doc('before') }), 0);
    const inline = await createInlineSimClient();
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const store = () =>
      createAppStore({ sim: { ...inline, load: (t) => gate.then(() => inline.load(t)) }, documents: { library, session: kv(), local: kv() } });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const trusted = store();
      const opening = trusted.getState().replaceDocument({ kind: 'record', id: 'trusted' });
      await vi.waitFor(() => expect(trusted.getState().doc?.nodes).toHaveLength(2));
      expect(trusted.getState().docStatus).not.toBe('ready');
      // The page parsed the entry once (with its history) and did not read the document's text again.
      const docText = JSON.stringify(cluster);
      expect(parse.mock.calls.filter(([t]) => t === docText)).toHaveLength(0);
      const doubted = store();
      const waiting = doubted.getState().replaceDocument({ kind: 'record', id: 'doubted' });
      await new Promise((r) => setTimeout(r, 20));
      expect(doubted.getState().doc).toBeNull();
      release();
      expect(await opening).toBe(true);
      expect(await waiting).toBe(true);
      expect(trusted.getState().docStatus).toBe('ready');
      expect(doubted.getState().doc?.nodes).toHaveLength(2);
    } finally {
      parse.mockRestore();
    }
  });

  it('a stored document edited while drawn as read, before its answer came, opened: the edit is kept and written, after the stored history', async () => {
    const library = new Library(memoryBackend());
    const cluster = generateFlannelCluster({ nodes: 2 }) as unknown as Doc;
    const earlier = { ...cluster, pods: podsOf(cluster).slice(0, 1) };
    await library.save(record('mine', { doc: cluster, past: [earlier] }), 0);
    const inline = await createInlineSimClient();
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const store = createAppStore({ sim: { ...inline, load: (t) => gate.then(() => inline.load(t)) }, documents: { library, session: kv(), local: kv() } });
    const opening = store.getState().replaceDocument({ kind: 'record', id: 'mine' });
    await vi.waitFor(() => expect(store.getState().doc?.nodes).toHaveLength(2));
    const drawn = store.getState().doc!;
    const edited = { ...drawn, pods: podsOf(drawn).slice(0, -1) };
    void store.getState().applyEdit(edited);
    release();
    expect(await opening).toBe(true);
    await store.getState().whenValidated();
    const s = store.getState();
    expect(s.notes).toEqual([]);
    expect(s.docId).toBe('mine');
    expect(s.doc?.pods).toHaveLength(edited.pods.length);
    expect(s.past.map((d) => podsOf(d).length)).toEqual([earlier.pods.length, podsOf(drawn).length]);
    expect(s.docStatus).toBe('ready');
    const stored = await whole(library, 'mine');
    expect(stored.doc.pods).toHaveLength(edited.pods.length);
    expect(stored.past).toHaveLength(2);
  });

  it('a built-in edited while drawn, before its answer came, opened: the edit is kept as a document of its own', async () => {
    const library = new Library(memoryBackend());
    const inline = await createInlineSimClient();
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const store = createAppStore({ sim: { ...inline, load: (t) => gate.then(() => inline.load(t)) }, documents: { library, session: kv(), local: kv() } });
    const cluster = generateFlannelCluster({ nodes: 2 }) as unknown as Doc;
    const opening = store.getState().openText(JSON.stringify(cluster), 'sample', 'builtin');
    await vi.waitFor(() => expect(store.getState().doc?.nodes).toHaveLength(2));
    const drawn = store.getState().doc!;
    void store.getState().applyEdit({ ...drawn, pods: podsOf(drawn).slice(0, -1) });
    release();
    expect(await opening).toBe(true);
    const { docId, doc: shown, notes } = store.getState();
    expect(notes).toEqual([]);
    expect(shown?.pods).toHaveLength(podsOf(drawn).length - 1);
    expect(docId).not.toBeNull();
    expect((await whole(library, docId!)).doc.pods).toHaveLength(podsOf(drawn).length - 1);
  });

  it('an entry listed by its head whose documents are damaged says so, with its stored text, when exported, duplicated or opened', async () => {
    const backend = memoryBackend();
    const library = new Library(backend);
    const store = createAppStore({ sim: await createInlineSimClient(), documents: { library, session: kv(), local: kv() } });
    await library.save(record('hurt'), 0);
    const stored = backend.data.get('hurt')!;
    const damaged = stored.slice(0, stored.indexOf(',"doc":') + 8) + '{broken';
    backend.data.set('hurt', damaged);
    const said = () => store.getState().notes.filter((n) => n.kind === 'unreadable' && n.ids?.includes('hurt'));
    expect(await store.getState().readDocument('hurt')).toBeNull();
    expect(said()).toEqual([expect.objectContaining({ reason: 'notJson', raw: damaged, rawName: 'hopscope-hurt.txt' })]);
    // Said once, however often it is tried.
    expect(await store.getState().duplicateDocument('hurt')).toBeNull();
    expect(await store.getState().replaceDocument({ kind: 'record', id: 'hurt' })).toBe(false);
    expect(said()).toHaveLength(1);
    store.getState().dismissNote(said()[0]!.seq);
    expect(await store.getState().duplicateDocument('hurt')).toBeNull();
    expect(said()).toHaveLength(1);
  });

  it('a stored document that does not validate opens on its last good copy; the bad one is one Redo away', async () => {
    const { store, library } = await setup();
    await library.save(record('r', { doc: { ...doc('r'), nodes: 'abc' }, good: doc('r') }), 0);
    expect(await store.getState().replaceDocument({ kind: 'record', id: 'r' })).toBe(true);
    expect(store.getState().doc?.nodes).toEqual([]);
    expect(store.getState().future[0]?.nodes).toBe('abc');
    expect(store.getState().notes.map((n) => [n.kind, n.reason])).toEqual([['invalidStored', 'lastGood']]);
  });
});

describe('displayTopology on malformed documents', () => {
  it('never throws on lists that are not arrays or items that are not objects', async () => {
    const { displayTopology } = await import('../model/display');
    for (const k of ['pods', 'nodes', 'services', 'loadBalancers', 'externals', 'routers']) {
      for (const v of [null, 'abc', 5, {}, [null], [5, 'x', [1]], [{ name: null, namespace: {} }]]) {
        expect(() => displayTopology({ ...doc(), [k]: v } as unknown as Doc)).not.toThrow();
      }
    }
    expect(() => displayTopology({ apiVersion: 'x', kind: 'Topology', metadata: null, cluster: 'x', layout: [1] } as unknown as Doc)).not.toThrow();
    expect(() => displayTopology(null as unknown as Doc)).not.toThrow();
  });
});

describe('two tabs on one document', () => {
  /** Two stores on one library, their channels wired to each other like BroadcastChannel. */
  async function twoTabs() {
    const library = new Library(memoryBackend());
    type Ch = { postMessage(m: unknown): void; onmessage: ((e: MessageEvent) => void) | null; peer?: Ch };
    const mk = (): Ch => ({
      onmessage: null,
      postMessage(m) {
        this.peer?.onmessage?.({ data: m } as MessageEvent);
      },
    });
    const a = mk();
    const b = mk();
    a.peer = b;
    b.peer = a;
    const sim = await createInlineSimClient();
    const sim2 = await createInlineSimClient();
    return {
      library,
      one: createAppStore({ sim, documents: { library, channel: a, session: kv(), local: kv() } }),
      two: createAppStore({ sim: sim2, documents: { library, channel: b, session: kv(), local: kv() } }),
    };
  }

  it('the later writer is warned and its changes saved as another document; nothing is overwritten', async () => {
    const { library, one, two } = await twoTabs();
    one.getState().newDocument();
    await new Promise((r) => setTimeout(r, 0));
    one.getState().addElement('node', { x: 0, y: 0 });
    await one.getState().saveNow();
    const id = one.getState().docId!;
    expect(await two.getState().replaceDocument({ kind: 'record', id })).toBe(true);
    one.getState().addElement('node', { x: 300, y: 0 });
    await one.getState().saveNow();
    expect(two.getState().notes.map((n) => n.kind)).toEqual(['changedElsewhere']);
    two.getState().addElement('external', { x: 0, y: 300 });
    await two.getState().saveNow();
    expect(two.getState().notes.map((n) => [n.kind, n.newName])).toEqual([['conflict', 'untitled 1 (2)']]);
    const l = await library.list();
    expect(l.records.map((r) => r.name).sort()).toEqual(['untitled 1', 'untitled 1 (2)']);
    const first = await whole(library, id);
    expect(first.doc.nodes).toHaveLength(2);
    expect(first.doc.externals ?? []).toHaveLength(0);
  });
});

describe('the autosave', () => {
  it('keeps an entry’s creation time without reading the entry whole (its head alone)', async () => {
    let clock = 1000;
    const library = new Library(memoryBackend());
    const store = createAppStore({ sim: await createInlineSimClient(), documents: { library, session: kv(), local: kv(), now: () => clock } });
    store.getState().newDocument();
    await new Promise((r) => setTimeout(r, 0));
    store.getState().addElement('node', { x: 0, y: 0 });
    await store.getState().saveNow();
    const id = store.getState().docId!;
    const stored = library.backend.get(id);
    clock = 2000;
    store.getState().addElement('node', { x: 300, y: 0 });
    await store.getState().whenValidated();
    // The longest text JSON.parse reads while the edit is written (heads are read, each once per question).
    let chars = 0;
    const parse = JSON.parse;
    const spy = vi.spyOn(JSON, 'parse').mockImplementation((...a: Parameters<typeof JSON.parse>) => ((chars = Math.max(chars, a[0].length)), parse(...a)));
    await store.getState().saveNow();
    spy.mockRestore();
    expect(((await stored) ?? '').length).toBeGreaterThan(200);
    expect(chars).toBeLessThan(200);
    expect(await whole(library, id)).toMatchObject({ created: 1000, modified: 2000, rev: 2 });
  });
});

describe('delete and undo', () => {
  it('undoing the delete of the document on screen makes it that document again', async () => {
    const library = new Library(memoryBackend());
    const store = createAppStore({ sim: await createInlineSimClient(), documents: { library, session: kv(), local: kv() } });
    store.getState().newDocument();
    await new Promise((r) => setTimeout(r, 0));
    store.getState().addElement('node', { x: 0, y: 0 });
    await store.getState().saveNow();
    const id = store.getState().docId!;
    expect(await store.getState().deleteDocument(id)).toBe(true);
    expect(store.getState().docId).toBeNull();
    expect((await library.list()).records).toHaveLength(0);
    expect(await store.getState().undoDelete()).toBe(true);
    expect(store.getState().docId).toBe(id);
    expect((await library.list()).records.map((r) => r.name)).toEqual(['untitled 1']);
  });
});

describe('recoverJournals', () => {
  const storage = (init: Record<string, string>) => {
    const m = new Map(Object.entries(init));
    return {
      get length() {
        return m.size;
      },
      key: (i: number) => [...m.keys()][i] ?? null,
      getItem: (k: string) => m.get(k) ?? null,
      removeItem: (k: string) => void m.delete(k),
      m,
    };
  };
  const name = async (base: string | null) => base ?? 'untitled 1';

  it('puts a closing tab’s last changes over its document when nothing moved on, as a document of their own otherwise', async () => {
    const lib = new Library(memoryBackend());
    await lib.save(record('a'), 0);
    await lib.save(record('b'), 0);
    await lib.save(record('b', { name: 'b moved on' }), 1);
    const edited = { ...doc('a'), nodes: [{ name: 'n' }] };
    const kv = storage({
      'hopscope.journal.t1': JSON.stringify({ id: 'a', name: 'a', baseRev: 1, doc: edited, past: [doc('a')], future: [] }),
      'hopscope.journal.t2': JSON.stringify({ id: 'b', name: 'b', baseRev: 1, doc: edited, past: [], future: [] }),
      'hopscope.journal.t3': JSON.stringify({ id: 'fresh', name: null, origin: 'new', baseRev: 0, doc: edited, past: [], future: [] }),
      'hopscope.journal.t4': '{"id":"cut',
      'other.key': 'x',
    });
    const ids = await recoverJournals(lib, kv, 'hopscope.journal.', name);
    expect(ids).toHaveLength(3);
    const a = await lib.get('a');
    expect(a?.ok && a.record.doc.nodes).toHaveLength(1);
    const b = await lib.get('b');
    expect(b?.ok && b.record.name).toBe('b moved on');
    expect(b?.ok && b.record.doc.nodes).toEqual([]);
    const l = await lib.list();
    expect(l.records.map((r) => r.name).sort()).toEqual(['a', 'b moved on', 'b moved on', 'untitled 1']);
    expect(l.unreadable).toEqual([{ id: 'legacy:hopscope.journal.t4', reason: 'notJson', raw: '{"id":"cut' }]);
    expect([...kv.m.keys()]).toEqual(['other.key']);
  });
});
