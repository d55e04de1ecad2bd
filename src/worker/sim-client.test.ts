import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { builtins } from '../scenarios';
import { generateFlannelCluster } from '../scenarios/generate';
import { kubectlListText } from '../scenarios/generate-kubectl';
import { serve, type Endpoint } from './rpc';
import { createInlineSimClient, createSimClient, editLoads, type WorkerLike } from './sim-client';
import { createSimulator } from './simulator';
import { withEditAnswers } from './edit-answer';
import { CancelledError, PROTOCOL_VERSION } from './protocol';
import { summarize } from './summary';
import { writtenAs } from '../store/doc-json-fields';

describe('the simulator behind the worker boundary (inline)', () => {
  it('loads a built-in document and summarises it', async () => {
    const sim = await createInlineSimClient();
    expect(await sim.version()).toBe(PROTOCOL_VERSION);
    const r = await sim.load(builtins[0]!.yaml);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(summarize(r.topology).name).toBe('ack-flannel');
    expect(summarize(r.topology).counts.pods).toBe(5);
    expect(r.topology.nodes).toHaveLength(3);
    // What crosses the boundary must survive structured cloning.
    expect(structuredClone(r)).toEqual(r);
  });

  it('refuses a bad document with problems, never a throw', async () => {
    const sim = await createInlineSimClient();
    const r = await sim.load('apiVersion: hopscope/v9\nkind: Topology\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.length).toBeGreaterThan(0);
    const garbage = await sim.load('{{{ not yaml');
    expect(garbage.ok).toBe(false);
  });

  it('answers a trace before any document with an error in words', async () => {
    const sim = await createInlineSimClient();
    const r = await sim.trace({ from: 'pod:default/x', to: '10.0.0.1:80' });
    expect(r).toEqual({ ok: false, error: expect.stringContaining('No valid document') });
  });

  it('turns a request that names nothing into an error, not an exception', async () => {
    const sim = await createInlineSimClient();
    await sim.load(builtins[0]!.yaml);
    const r = await sim.trace({ from: 'pod:default/does-not-exist', to: '172.23.96.24:80', protocol: 'TCP' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
  });

  it('exports a trace as Markdown, JSON and pcapng', async () => {
    const sim = await createInlineSimClient();
    const loaded = await sim.load(builtins[0]!.yaml);
    if (!loaded.ok) throw new Error('not loaded');
    const pod = loaded.topology.pods[0]!;
    const svc = loaded.topology.services[0]!;
    const r = await sim.trace({ from: `pod:${pod.namespace ?? 'default'}/${pod.name}`, to: `${svc.clusterIP}:${svc.ports[0]!.port}`, protocol: 'TCP' });
    if (!r.ok) throw new Error(r.error);
    const md = await sim.exportTrace(r.trace, 'markdown');
    expect(md.ok && md.format === 'markdown' && md.text).toContain('|');
    const json = await sim.exportTrace(r.trace, 'json');
    expect(json.ok && json.format === 'json' && JSON.parse(json.text)).toBeTruthy();
    const pcap = await sim.exportTrace(r.trace, 'pcapng');
    if (!pcap.ok || pcap.format !== 'pcapng') throw new Error('no pcapng');
    // Section header block magic, little-endian.
    expect([...pcap.bytes.slice(0, 4)]).toEqual([0x0a, 0x0d, 0x0d, 0x0a]);
  });

  it('imports kubectl output into a document, and asks for the CNI when it cannot tell', async () => {
    const sim = await createInlineSimClient();
    const text = readFileSync(new URL('../model/testdata/kubectl-ack-flannel.yaml', import.meta.url), 'utf8');
    const r = await sim.importKubectl(text);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect((JSON.parse(r.text) as { nodes: unknown[] }).nodes.length).toBeGreaterThan(0);
    expect((await sim.load(r.text)).ok).toBe(true);
    // A file is read in the worker: the same output as a Blob gives the same document.
    const fromFile = await sim.importKubectl(new Blob([text]));
    expect(fromFile.ok && fromFile.text).toBe(r.text);
    const garbage = await sim.importKubectl('{{{ not yaml');
    expect(garbage.ok).toBe(false);
  });

  it('imports a file as it is picked, for its Import with the same options; another file, CNI or none picked since, or a second Import, reads it again', async () => {
    const sim = await createInlineSimClient();
    const text = readFileSync(new URL('../model/testdata/kubectl-ack-flannel.yaml', import.meta.url), 'utf8');
    // (Each message to the worker clones the File: a copy of the same pick is another object.)
    const picked = () => new File([text], 'cluster.yaml', { lastModified: 1 });
    const reads = vi.spyOn(File.prototype, 'text');
    try {
      expect(await sim.importKubectl(picked(), { title: 'T', pick: true })).toEqual({ ok: false, problems: [] });
      expect(reads).toHaveBeenCalledTimes(1);
      const r = await sim.importKubectl(picked(), { title: 'T' });
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      expect(reads).toHaveBeenCalledTimes(1);
      const fromText = await sim.importKubectl(text, { title: 'T' });
      expect(fromText.ok && fromText.text).toBe(r.text);
      // Taken by its Import: importing it again reads it again.
      const again = await sim.importKubectl(picked(), { title: 'T' });
      expect(again.ok && again.text).toBe(r.text);
      expect(reads).toHaveBeenCalledTimes(2);
      // Picked with other options (the CNI chosen since): made anew with the Import's, the CNI asked for.
      await sim.importKubectl(picked(), { title: 'T', pick: true });
      const calico = await sim.importKubectl(picked(), { title: 'T', cni: 'calico:ipip' });
      expect(calico.ok && (JSON.parse(calico.text) as { cluster: { cni: unknown } }).cluster.cni).toEqual({ plugin: 'calico', mode: 'ipip' });
      expect(reads).toHaveBeenCalledTimes(4);
      // Another file picked since, or the pick dropped (the dialog closed): the file imported is read.
      await sim.importKubectl(new File(['{{{ not yaml'], 'other.yaml', { lastModified: 1 }), { title: 'T', pick: true });
      expect((await sim.importKubectl(picked(), { title: 'T' })).ok).toBe(true);
      expect(reads).toHaveBeenCalledTimes(6);
      await sim.importKubectl(picked(), { title: 'T', pick: true });
      await sim.importKubectl('', { pick: true });
      expect((await sim.importKubectl(picked(), { title: 'T' })).ok).toBe(true);
      expect(reads).toHaveBeenCalledTimes(8);
      // A picked file that cannot be read: its pick and its Import say why, as an import of it unpicked does.
      const bad = () => new File(['{{{ not yaml'], 'bad.yaml', { lastModified: 2 });
      const refused = await sim.importKubectl(bad());
      const pick = await sim.importKubectl(bad(), { pick: true });
      expect(!refused.ok && refused.problems.length).toBeGreaterThan(0);
      expect(pick).toEqual(refused);
      expect(await sim.importKubectl(bad())).toEqual(refused);
      expect(reads).toHaveBeenCalledTimes(10);
    } finally {
      reads.mockRestore();
    }
  });

  it('a pick dropped before its file is read (the dialog closed, another file) is never parsed nor converted', async () => {
    const sim = await createInlineSimClient();
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] });
    const parses = vi.spyOn(JSON, 'parse');
    try {
      const ofList = () => parses.mock.calls.filter(([t]) => typeof t === 'string' && t.includes('"kind":"List"')).length;
      // Kept: read, and its import refused (no nodes) said in its answer.
      const kept = await sim.importKubectl(new File([list], 'empty.json'), { pick: true });
      expect(!kept.ok && kept.problems.length).toBeGreaterThan(0);
      expect(ofList()).toBe(1);
      // Dropped at once: neither read into objects nor converted.
      const dropped = sim.importKubectl(new File([list], 'empty.json'), { pick: true });
      await sim.importKubectl('', { pick: true });
      expect(await dropped).toEqual({ ok: false, problems: [] });
      expect(ofList()).toBe(1);
    } finally {
      parses.mockRestore();
    }
  });

  it('an import cancelled while its text is parsed (the dialog closed) stops there: its Import answers without a document, and one asked for after is made', async () => {
    const sim = await createInlineSimClient();
    const list = kubectlListText({ nodes: 3, seed: 1 }, 'json');
    const parseJson = JSON.parse.bind(JSON);
    // The person closes the dialog while the worker parses the file (a parse cannot be stopped: what follows it can).
    let cancelWhileParsing = true;
    const parses = vi.spyOn(JSON, 'parse').mockImplementation((t: string, reviver) => {
      if (cancelWhileParsing && t === list) void sim.cancelKubectlImport();
      return parseJson(t, reviver) as unknown;
    });
    try {
      expect(await sim.importKubectl(list, { title: 'T' })).toEqual({ ok: false, problems: [] });
      const file = () => new File([list], 'cluster.json', { lastModified: 1 });
      expect(await sim.importKubectl(file(), { title: 'T', pick: true })).toEqual({ ok: false, problems: [] });
      // The pick was dropped: its Import reads the file again, and is made.
      cancelWhileParsing = false;
      const reads = vi.spyOn(File.prototype, 'text');
      const r = await sim.importKubectl(file(), { title: 'T' });
      expect(r.ok).toBe(true);
      expect(reads).toHaveBeenCalledTimes(1);
      reads.mockRestore();
    } finally {
      parses.mockRestore();
    }
  });

  it('validates an imported document once, as it loads it, and names the Kubernetes object a problem came from', async () => {
    const sim = await createInlineSimClient();
    const ack = readFileSync(new URL('../model/testdata/kubectl-ack-flannel.yaml', import.meta.url), 'utf8');
    // Two pods with one IP: the document is made, and its load refuses it, pointing at the Pod in the input.
    const clash = ack.replace('podIP: 172.23.96.24', 'podIP: 172.23.96.23').replace(/- ip: 172\.23\.96\.24/, '- ip: 172.23.96.23');
    const spy = vi.spyOn(JSON, 'parse');
    try {
      const r = await sim.importKubectl(clash);
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      const loaded = await sim.load(r.text);
      expect(loaded.ok).toBe(false);
      expect(
        !loaded.ok && loaded.problems.some((p) => /^pods\[\d+\]\.ip$/.test(p.path) && /\(from (document \d+\.)?items\[\d+\] \(Pod default\//.test(p.message)),
      ).toBe(true);
      // The document was validated once, by the load, and its text never parsed: the load validates the object the
      // importer made (the importer did not validate a copy of it first).
      expect(spy.mock.calls.filter(([t]) => t === r.text)).toHaveLength(0);
      // Named only for the import's own text: the same document loaded again is an ordinary document.
      const again = await sim.load(r.text);
      expect(!again.ok && again.problems.some((p) => p.message.includes('(from '))).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });

  it('reads a document as written (YAML or JSON), or null when it is not one mapping', async () => {
    const sim = await createInlineSimClient();
    expect(await sim.read(builtins[0]!.yaml)).toMatchObject({ kind: 'Topology', metadata: { name: expect.any(String) } });
    expect(await sim.read('{"a":1}')).toEqual({ a: 1 });
    expect(await sim.read('- just\n- a list')).toBeNull();
    expect(await sim.read('{{{ not yaml')).toBeNull();
  });

  it('parses a text once when it is read and then loaded, and validation leaves the value read as it was', async () => {
    const sim = await createInlineSimClient();
    // Not a built-in's JSON twin (those are answered from their stored validation, unparsed).
    const text = JSON.stringify({ ...(parse(builtins[0]!.yaml) as object), metadata: { name: 'once' } });
    const expected: unknown = JSON.parse(text);
    const spy = vi.spyOn(JSON, 'parse');
    try {
      const reading = sim.read(text);
      const loading = sim.load(text);
      const [value, loaded] = await Promise.all([reading, loading]);
      expect(loaded.ok).toBe(true);
      expect(spy.mock.calls.filter(([t]) => t === text)).toHaveLength(1);
      expect(value).toEqual(expected);
      // A second load of the same text (nothing read first) parses it again: the value was not kept.
      await sim.load(text);
      expect(spy.mock.calls.filter(([t]) => t === text)).toHaveLength(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects calls after dispose', async () => {
    const sim = await createInlineSimClient();
    sim.dispose();
    await expect(sim.version()).rejects.toThrow('shut down');
  });
});

describe('an edit’s load (editLoads), given the topology the page holds', () => {
  /** The editor's worker in this thread: its simulator behind a MessageChannel (what crosses is structured-cloned); `asked` counts its calls. */
  function channelWorker(asked: string[], editor = true) {
    const { port1, port2 } = new MessageChannel();
    serve(editor ? withEditAnswers(createSimulator()) : createSimulator(), port2 as unknown as Endpoint);
    port2.addEventListener('message', (e) => asked.push((e.data as { method: string }).method));
    // (A MessagePort is an EventTarget with postMessage: what the client needs of a worker, but `terminate`.)
    return () => Object.assign(port1, { terminate: () => port1.close() }) as unknown as WorkerLike;
  }
  const text = (d: object) => ({ text: JSON.stringify(d) });
  const base = generateFlannelCluster({ nodes: 3, podsPerNode: 4 });
  const edited = { ...base, pods: base.pods.map((p, i) => (i === 5 ? { ...p, labels: { app: 'other' } } : p)) };

  it('is answered with what changed: the topology equals one loaded afresh, and the elements that did not change keep their objects', async () => {
    const asked: string[] = [];
    const sim = createSimClient({ spawnWorker: channelWorker(asked) });
    const load = editLoads(sim);
    const held = await load(text(base), null);
    const answer = await load(text(edited), held.ok ? held.topology : null);
    const fresh = await (await createInlineSimClient()).load(JSON.stringify(edited));
    sim.dispose();
    if (!held.ok || !answer.ok || !fresh.ok) throw new Error('not loaded');
    expect(asked).toEqual(['load', 'loadFrom']);
    expect(answer.topology).toStrictEqual(fresh.topology);
    expect(answer.topology.pods.filter((p, i) => p !== held.topology.pods[i]).map((p) => p.name)).toEqual([edited.pods[5]!.name]);
    expect(answer.topology.nodes).toBe(held.topology.nodes);
  });

  it('over the embed’s simulator (which keeps nothing) asks for loads alone, answered whole', async () => {
    const asked: string[] = [];
    const sim = createSimClient({ spawnWorker: channelWorker(asked, false) });
    const load = editLoads(sim);
    const held = await load(text(base), null);
    const answer = await load(text(edited), held.ok ? held.topology : null);
    sim.dispose();
    expect(asked).toEqual(['load', 'load']);
    expect(answer.ok && answer.topology.pods[5]!.labels).toEqual({ app: 'other' });
  });

  it('sends a replaced worker, which holds no text, the whole text when it asks again', async () => {
    const asked: string[] = [];
    // (A worker each time one is started.)
    const sim = createSimClient({ spawnWorker: () => channelWorker(asked)() });
    const load = editLoads(sim);
    // (Texts with where their fields lie, as the store writes them.)
    const written = (d: object) => writtenAs(d, JSON.stringify(d))!;
    const held = await load(written(base), null);
    sim.cancel();
    const answer = await load(written(edited), held.ok ? held.topology : null);
    const fresh = await (await createInlineSimClient()).load(JSON.stringify(edited));
    sim.dispose();
    expect(asked).toEqual(['load', 'load', 'loadFrom', 'loadFrom']);
    expect(answer.ok && fresh.ok && answer.topology).toStrictEqual(fresh.ok && fresh.topology);
  });

  it('brings a replaced worker (cancel, crash, timeout) back to the last edit that loaded, sent whole or as a delta, not to the last text loaded whole', async () => {
    const loaded: string[][] = [];
    const edits: string[] = [];
    // (A worker each time one is started; `loaded[i]` the texts the i-th one was asked to load whole, `edits` how each edit was sent.)
    const sim = createSimClient({
      spawnWorker: () => {
        const texts: string[] = [];
        loaded.push(texts);
        const { port1, port2 } = new MessageChannel();
        serve(withEditAnswers(createSimulator()), port2 as unknown as Endpoint);
        port2.addEventListener('message', (e) => {
          const call = e.data as { method: string; args: unknown[] };
          if (call.method === 'load') texts.push(call.args[0] as string);
          if (call.method === 'loadFrom') edits.push(typeof call.args[0] === 'string' ? 'whole' : 'delta');
        });
        return Object.assign(port1, { terminate: () => port1.close() }) as unknown as WorkerLike;
      },
    });
    const load = editLoads(sim);
    const written = (d: object) => writtenAs(d, JSON.stringify(d))!;
    const gone = base.pods[0]!;
    const traceFromGone = () => sim.trace({ from: `pod:${gone.namespace}/${gone.name}`, to: base.pods[1]!.ip, protocol: 'ICMP' });
    const held = await load(written(base), null);
    expect(await traceFromGone()).toMatchObject({ ok: true });
    // Two edits: a pod deleted, then a label changed (each sent as what changed from the text before: a TextDelta).
    const deleted = { ...base, pods: base.pods.slice(1) };
    const first = await load(written(deleted), held.ok ? held.topology : null);
    const relabelled = { ...deleted, pods: deleted.pods.map((p, i) => (i === 5 ? { ...p, labels: { app: 'other' } } : p)) };
    const second = await load(written(relabelled), first.ok ? first.topology : null);
    expect(second.ok).toBe(true);
    const noSuchPod = { ok: false, error: `from: no pod ${gone.namespace}/${gone.name} in the topology (write pod:NAMESPACE/NAME)` };
    expect(await traceFromGone()).toMatchObject(noSuchPod);
    // A refused edit after them is not what a new worker is brought back to.
    const refused = await load(
      written({ ...relabelled, pods: [...relabelled.pods, { ...relabelled.pods[0]!, ip: 'not an address' }] }),
      second.ok ? second.topology : null,
    );
    expect(refused.ok).toBe(false);
    expect(edits).toEqual(['delta', 'delta', 'delta']);
    sim.cancel();
    // The new worker holds the document the edits made (the deleted pod is gone), not the one loaded whole before them.
    expect(await traceFromGone()).toMatchObject(noSuchPod);
    expect(loaded[1]).toEqual([JSON.stringify(relabelled)]);
    // The new worker holds no revision: the next edit, a delta from the text sent before, is asked again whole and
    // answered whole (not as a patch against a topology it never held), equal to the edited document loaded afresh.
    const after = { ...relabelled, pods: relabelled.pods.slice(1) };
    const answer = await load(written(after), second.ok ? second.topology : null);
    const fresh = await (await createInlineSimClient()).load(JSON.stringify(after));
    sim.dispose();
    expect(edits).toEqual(['delta', 'delta', 'delta', 'delta', 'whole']);
    if (!answer.ok || !fresh.ok || !second.ok) throw new Error('not loaded');
    expect(answer.topology.nodes).not.toBe(second.topology.nodes);
    expect(answer.topology).toStrictEqual(fresh.topology);
  });

  it('asks an edit made while a trace ran again, whole, of the worker started when that trace was cancelled: its load is not lost with the trace', async () => {
    // (A worker each time one is started, whose traces never end and hold it: an edit's load asked after one waits, as
    // behind a long search for every outcome. `asked[i]`: the calls the i-th one got, an edit's sent whole or as a delta.)
    const asked: string[][] = [];
    const sim = createSimClient({
      spawnWorker: () => {
        const calls: string[] = [];
        asked.push(calls);
        const { port1, port2 } = new MessageChannel();
        const api = withEditAnswers(createSimulator());
        let busy = false;
        const held = new Promise<never>(() => {});
        serve(
          {
            ...api,
            trace: () => ((busy = true), held),
            loadFrom: (...args: Parameters<typeof api.loadFrom>) => (busy ? held : api.loadFrom(...args)),
          },
          port2 as unknown as Endpoint,
        );
        port2.addEventListener('message', (e) => {
          const call = e.data as { method: string; args: unknown[] };
          calls.push(call.method === 'loadFrom' ? `loadFrom ${typeof call.args[0] === 'string' ? 'whole' : 'delta'}` : call.method);
        });
        return Object.assign(port1, { terminate: () => port1.close() }) as unknown as WorkerLike;
      },
    });
    const load = editLoads(sim);
    const written = (d: object) => writtenAs(d, JSON.stringify(d))!;
    const held = await load(written(base), null);
    if (!held.ok) throw new Error('not loaded');
    const search = sim.trace({ from: `pod:${base.pods[0]!.namespace}/${base.pods[0]!.name}`, to: base.pods[1]!.ip, protocol: 'ICMP' });
    const edit = load(written(edited), held.topology);
    await vi.waitFor(() => expect(asked[0]).toContain('loadFrom delta'));
    sim.cancel();
    await expect(search).rejects.toBeInstanceOf(CancelledError);
    // The new worker was brought to the last good document, then asked the edit whole: its answer is the edit's.
    const answer = await edit;
    const fresh = await (await createInlineSimClient()).load(JSON.stringify(edited));
    sim.dispose();
    expect(asked[1]).toEqual(['load', 'loadFrom whole']);
    expect(answer.ok && fresh.ok && answer.topology).toStrictEqual(fresh.ok && fresh.topology);
  });

  it('from a topology the simulator no longer keeps (a restarted worker, or many answers since) is answered whole', async () => {
    const load = editLoads(await createInlineSimClient());
    const held = await load(text(base), null);
    if (!held.ok) throw new Error('not loaded');
    for (let i = 0; i < 4; i++) await load(text({ ...base, metadata: { ...base.metadata, name: `other-${i}` } }), null);
    const answer = await load(text(edited), held.topology);
    const fresh = await (await createInlineSimClient()).load(JSON.stringify(edited));
    if (!answer.ok || !fresh.ok) throw new Error('not loaded');
    expect(answer.topology.nodes).not.toBe(held.topology.nodes);
    expect(answer.topology).toStrictEqual(fresh.topology);
  });
});
