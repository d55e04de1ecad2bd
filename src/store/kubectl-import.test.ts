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
    const store = createAppStore({ sim, sendAhead: (text) => void sent.push(text), readAhead: (text) => named.push(text) });
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

  it('never opens an Import cancelled (the dialog closed) before its document was made, and keeps the document on screen', async () => {
    const inline = await createInlineSimClient();
    // The worker makes the first import only once the dialog has closed, and makes it whole (as one that had not heard
    // the cancel yet would): the page must not open it all the same.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first = true;
    const sim: SimClient = {
      ...inline,
      importKubectl: async (input, options) => {
        if (first) {
          first = false;
          await held;
        }
        return inline.importKubectl(input, options);
      },
    };
    const store = createAppStore({ sim });
    await store.getState().loadDocument(builtins[0]!.yaml);
    const before = store.getState().doc;
    const importing = store.getState().importKubectl(ack, { name: 'ack' });
    store.getState().cancelKubectlImport!();
    release();
    expect(await importing).toEqual({ ok: false, stage: 'cancelled', problems: [], needsCni: false });
    expect(store.getState().doc).toBe(before);
    expect(store.getState().docStatus).toBe('ready');
    expect(store.getState().topology?.metadata.name).toBe('ack-flannel');
    // An Import asked for after the cancel opens.
    expect((await store.getState().importKubectl(ack, { name: 'ack' })).ok).toBe(true);
    expect(store.getState().doc?.metadata?.name).toBe('imported');
  }, 30_000);

  /**
   * A store whose worker validates the import's document only when told (`release`); other documents at once.
   * `sendAhead` hears each text sent ahead to the place worker (the import's, as it starts to open).
   */
  async function importHeld(sendAhead?: (text: string) => void) {
    const inline = await createInlineSimClient();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const sim: SimClient = { ...inline, load: async (text) => (text.includes('"imported"') && (await held), inline.load(text)) };
    const store = createAppStore({ sim, ...(sendAhead ? { sendAhead } : {}) });
    await store.getState().loadDocument(builtins[0]!.yaml);
    return { store, release };
  }

  it('says the import was superseded when the cluster on screen is edited before the import is drawn, and keeps the edit', async () => {
    // The import's validation waits until the edit below is made; every other load runs at once. The edit is made as
    // the import starts to open (its text sent ahead to the place worker), before it is drawn.
    const edit = () => {
      const doc = store.getState().doc!;
      void store.getState().applyEdit({ ...doc, metadata: { ...doc.metadata, name: 'edited-meanwhile' } });
    };
    const { store, release } = await importHeld((text) => text.includes('"imported"') && edit());
    const importing = store.getState().importKubectl(ack, { name: 'ack' });
    await vi.waitFor(() => expect(store.getState().doc?.metadata?.name).toBe('edited-meanwhile'));
    release();
    const r = await importing;
    expect(r).toEqual({ ok: false, stage: 'superseded', problems: [], needsCni: false });
    expect(store.getState().doc?.metadata?.name).toBe('edited-meanwhile');
    expect(store.getState().importProblems).toBeNull();
  }, 30_000);

  it('draws the import over the document on screen before the worker has validated it', async () => {
    const { store, release } = await importHeld();
    const importing = store.getState().importKubectl(ack, { name: 'ack' });
    await vi.waitFor(() => expect(store.getState().doc?.metadata?.name).toBe('imported'));
    expect(store.getState().docStatus).toBe('loading');
    // (What is drawn is the document as the importer wrote it; what traces run through is still the one validated before.)
    expect(store.getState().topology?.metadata.name).toBe('ack-flannel');
    release();
    expect((await importing).ok).toBe(true);
    expect(store.getState().docStatus).toBe('ready');
    expect(store.getState().topology?.metadata.name).toBe('imported');
  }, 30_000);

  it('has the import validated at once, not once its picture is drawn (a first document waits for its picture)', async () => {
    const inline = await createInlineSimClient();
    const loads: string[] = [];
    const sim: SimClient = { ...inline, load: (t) => (loads.push(t), inline.load(t)) };
    // The canvas never draws the import's picture.
    const pictureDrawn = (view: { metadata: { name: string } }) => (view.metadata.name === 'imported' ? new Promise<void>(() => {}) : Promise.resolve());
    const store = createAppStore({ sim, pictureDrawn });
    await store.getState().loadDocument(builtins[0]!.yaml);
    void store.getState().importKubectl(ack, { name: 'ack' });
    await vi.waitFor(() => expect(loads.some((t) => t.includes('"imported"'))).toBe(true));
    await vi.waitFor(() => expect(store.getState().topology?.metadata.name).toBe('imported'));
  }, 30_000);

  it('an import refused after it was drawn puts back the document it was drawn over: its history, selection and answer', async () => {
    const { store, release } = await importHeld();
    store.getState().setMetadataField('title', 'mine');
    await store.getState().whenValidated();
    store.getState().select(['nodes[0]']);
    const before = store.getState();
    const clash = ack.replace('podIP: 172.23.96.24', 'podIP: 172.23.96.23').replace(/- ip: 172\.23\.96\.24/, '- ip: 172.23.96.23');
    const importing = store.getState().importKubectl(clash);
    await vi.waitFor(() => expect(store.getState().doc?.metadata?.name).toBe('imported'));
    release();
    const r = await importing;
    expect(r.ok === false && r.stage).toBe('load');
    const after = store.getState();
    expect(after.doc).toBe(before.doc);
    expect(after.past).toBe(before.past);
    expect(after.selection).toEqual(['nodes[0]']);
    expect(after.collapsed).toBe(before.collapsed);
    await vi.waitFor(() => expect(store.getState().docStatus).toBe('ready'));
    expect(store.getState().topology?.metadata.name).toBe('ack-flannel');
  }, 30_000);
});
