import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { builtins } from '../scenarios';
import { createInlineSimClient } from '../worker/sim-client';
import type { SimClient } from '../worker/protocol';
import { createAppStore } from './app-store';

const ack = readFileSync(new URL('../model/testdata/kubectl-ack-flannel.yaml', import.meta.url), 'utf8');

describe('File → Import from cluster, in the store', () => {
  it('opens the document from the slices the worker wrote: the worker is not asked to read it, and the place worker is told the picture is its text', async () => {
    const inline = await createInlineSimClient();
    const reads: string[] = [];
    const sim: SimClient = { ...inline, read: (text) => (reads.push(text), inline.read(text)) };
    const sent: string[] = [];
    const named: string[] = [];
    const store = createAppStore({ sim, sendAhead: (text) => sent.push(text), readAhead: (text) => named.push(text) });
    await store.getState().loadDocument(builtins[0]!.yaml);
    reads.length = 0;

    const r = await store.getState().importKubectl(ack, { name: 'ack' });
    expect(r.ok).toBe(true);
    const text = sent.at(-1)!;
    expect(JSON.parse(text)).toMatchObject({ kind: 'Topology', metadata: { name: 'imported' } });
    // The document on screen is the import's text as written, read on the page.
    expect(JSON.stringify(store.getState().doc)).toBe(text);
    expect(store.getState().docStatus).toBe('ready');
    expect(reads).toEqual([]);
    expect(named).toEqual([text]);
  }, 30_000);

  it('refuses an import whose document does not validate, naming the object, and keeps the document on screen', async () => {
    const store = createAppStore({ sim: await createInlineSimClient() });
    await store.getState().loadDocument(builtins[0]!.yaml);
    const before = store.getState().doc;
    const clash = ack.replace('podIP: 172.23.96.24', 'podIP: 172.23.96.23').replace(/- ip: 172\.23\.96\.24/, '- ip: 172.23.96.23');
    const r = await store.getState().importKubectl(clash);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.stage === 'load' && r.problems.some((p) => /\(from (document \d+\.)?items\[\d+\] \(Pod default\//.test(p.message))).toBe(true);
    expect(store.getState().doc).toBe(before);
    // (The worker is brought back to the document on screen.)
    await vi.waitFor(() => expect(store.getState().docStatus).toBe('ready'));
    expect(store.getState().topology?.metadata.name).toBe('ack-flannel');
  }, 30_000);

  it('says the import was superseded when the cluster on screen is edited while its document is validated, and keeps the edit', async () => {
    const inline = await createInlineSimClient();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let loadsHeld = 0;
    // The import's validation waits until the edit below is made; every other load runs at once.
    const sim: SimClient = {
      ...inline,
      load: async (text) => {
        if (text.includes('"imported"')) {
          loadsHeld++;
          await held;
        }
        return inline.load(text);
      },
    };
    const store = createAppStore({ sim });
    await store.getState().loadDocument(builtins[0]!.yaml);
    const importing = store.getState().importKubectl(ack, { name: 'ack' });
    await vi.waitFor(() => expect(loadsHeld).toBe(1));
    const edited = { ...store.getState().doc!, metadata: { ...store.getState().doc!.metadata, name: 'edited-meanwhile' } };
    void store.getState().applyEdit(edited);
    release();
    const r = await importing;
    expect(r).toEqual({ ok: false, stage: 'superseded', problems: [], needsCni: false });
    expect(store.getState().doc?.metadata?.name).toBe('edited-meanwhile');
    expect(store.getState().importProblems).toBeNull();
  }, 30_000);
});
