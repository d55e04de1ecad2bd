import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { emptyDoc } from '../model/edit';
import { serve } from '../worker/rpc';
import { Library } from './doc-library';
import { HEAD_CHARS, indexedDbBackend, memoryBackend, workerBackend, type Backend, type LibraryWorkerApi } from './library-storage';

const record = (id: string, name = id) => ({ id, name, created: 1, modified: 1, doc: emptyDoc(id), past: [], future: [] });

/** A Worker whose other end serves `api` (what library.worker.ts does), over a MessageChannel. */
function fakeWorker(api: LibraryWorkerApi) {
  const { port1, port2 } = new MessageChannel();
  serve(api, port2);
  const worker = Object.assign(new EventTarget(), {
    postMessage: (m: unknown) => port1.postMessage(m),
    terminate: () => port1.close(),
  });
  port1.onmessage = (e) => worker.dispatchEvent(new MessageEvent('message', { data: e.data }));
  return {
    worker: worker as unknown as Worker,
    fail: () => worker.dispatchEvent(Object.assign(new Event('error'), { message: 'boom' })),
    close: () => port1.close(),
  };
}

const served = (b: Backend, open = async () => {}): LibraryWorkerApi => ({ ...b, open });

describe('the library on its storage', () => {
  it('lists and checks revisions from heads: an entry is read whole only when its head cannot be read alone', async () => {
    // A document much longer than a head (as a cluster's is), and an entry of an older shape.
    const b = memoryBackend({ old: JSON.stringify({ doc: emptyDoc('old') }) });
    const lib = new Library(b);
    const big = { ...record('big'), doc: { ...emptyDoc('big'), metadata: { name: 'big', title: 'x'.repeat(HEAD_CHARS * 3) } } };
    expect((await lib.save(big, 0)).ok).toBe(true);
    const get = vi.spyOn(b, 'get');
    const listing = await lib.list();
    expect(listing.records.map((r) => r.id).sort()).toEqual(['big', 'old']);
    expect(get.mock.calls.map(([id]) => id)).toEqual(['old']);
    get.mockClear();
    expect((await lib.save({ ...big, name: 'bigger' }, 1)).ok).toBe(true);
    expect(await lib.created('big')).toBe(1);
    expect(get).not.toHaveBeenCalled();
    // Another tab's revision is seen from the head too.
    await b.put('big', (await b.get('big'))!.replace('"rev":2', '"rev":5'));
    expect(await lib.save(big, 2)).toMatchObject({ ok: false, reason: 'conflict' });
  });

  it('works through a worker: the same texts back, heads cut to HEAD_CHARS', async () => {
    const b = await indexedDbBackend(new IDBFactory());
    const { worker, close } = fakeWorker(served(b));
    const lib = new Library(await workerBackend(worker));
    const long = { ...record('a'), doc: { ...emptyDoc('a'), metadata: { name: 'a', title: 'y'.repeat(HEAD_CHARS) } } };
    expect((await lib.save(long, 0)).ok).toBe(true);
    expect((await lib.backend.head('a'))!.length).toBe(HEAD_CHARS);
    expect(await lib.backend.get('a')).toBe(await b.get('a'));
    expect((await lib.list()).records.map((r) => [r.id, r.rev])).toEqual([['a', 1]]);
    expect(await lib.remove('a')).toBe(true);
    expect(await b.get('a')).toBeUndefined();
    close();
  });

  it('a worker that cannot open storage is refused (the page opens it instead), and one that stops fails the calls waiting', async () => {
    const refused = fakeWorker(served(memoryBackend(), async () => Promise.reject(new Error('no IndexedDB here'))));
    await expect(workerBackend(refused.worker)).rejects.toThrow('no IndexedDB here');
    refused.close();

    let hold!: () => void;
    const slow = memoryBackend();
    const { worker, fail, close } = fakeWorker({ ...served(slow), put: () => new Promise<void>((r) => (hold = r)) });
    const backend = await workerBackend(worker);
    const put = backend.put('a', 'text');
    await vi.waitFor(() => expect(hold).toBeTypeOf('function'));
    fail();
    await expect(put).rejects.toThrow('boom');
    await expect(backend.get('a')).rejects.toThrow('boom');
    close();
  });
});
