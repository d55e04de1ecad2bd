import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTopology, type Topology } from '../model';
import { displayTopology } from '../model/display';
import type { Doc } from '../model/edit';
import { builtins } from '../scenarios';
import { generateFlannelCluster } from '../scenarios/generate';
import { autoLayout } from '../layout/auto-layout';
import { buildGraph } from '../layout/graph';
import { markIndex } from '../layout/marks';
import { EDGE_LIMIT } from '../layout/lod';
import { graphIndex } from '../layout/place';
import { podId } from '../model/element-id';
import { placeDocument } from '../layout/place-doc';
import { readDocument } from '../model/parse';
import { importKubectl } from '../model/kubectl-import';
import { identityKeeper } from '../layout/identity';
import { autoCollapsed } from '../model/display';
import { kubectlListText } from '../scenarios/generate-kubectl';
import {
  createPlaceClient as startClient,
  generateCluster,
  openingComing,
  openingDrawn,
  openingPicture,
  pictureDrawn,
  prefetchPicture,
  readAhead,
  startPlacer,
  type Placement,
  type PlaceWorkerLike,
} from './place-client';
import { readJsonDocument } from '../model/doc-text';
import { generatedNodes, startGenerating, stopGenerating, takeGenerating } from './place-start';
import { createPlacer, type GenerateRequest, type PlaceMessage, type PlaceReply, type PlaceRequest } from './placer';

// Each test's clients are stopped after it: a text is sent ahead to the worker of the client in use.
const clients: ReturnType<typeof startClient>[] = [];
const createPlaceClient = (...a: Parameters<typeof startClient>) => {
  const c = startClient(...a);
  clients.push(c);
  return c;
};
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
  vi.unstubAllGlobals();
});

/**
 * A place worker run in this thread: each message crosses as a real one would (structured clone), delivered on
 * `flush`; `posted` holds what it was sent.
 */
function fakeWorker(minPods?: number) {
  const place = createPlacer(autoLayout, minPods);
  const generate = (nodes: number) => generateFlannelCluster({ nodes });
  const inbox: PlaceReply[] = [];
  const sent: PlaceReply[] = [];
  const posted: PlaceMessage[] = [];
  const worker: PlaceWorkerLike & { flush(): void; sent: PlaceReply[]; posted: PlaceMessage[]; terminated: boolean } = {
    onmessage: null,
    onerror: null,
    sent,
    posted,
    terminated: false,
    postMessage(req: PlaceMessage) {
      posted.push(req);
      for (const r of place(structuredClone(req), generate)) inbox.push(structuredClone(r));
    },
    flush() {
      while (inbox.length) {
        const r = inbox.shift()!;
        sent.push(r);
        worker.onmessage?.({ data: r } as MessageEvent<PlaceReply>);
      }
    },
    terminate() {
      worker.terminated = true;
    },
  };
  return worker;
}

/** A client whose pictures are drawn as they are handed on, as the canvas does; `spawn` makes its worker. */
function client(spawn: () => ReturnType<typeof fakeWorker> = fakeWorker) {
  let worker!: ReturnType<typeof fakeWorker>;
  const got: Placement[] = [];
  const c: ReturnType<typeof createPlaceClient> = createPlaceClient(
    (p) => {
      got.push(p);
      c.drawn();
    },
    (e) => {
      throw e;
    },
    () => (worker = spawn()),
    (f) => f(),
    (f) => f(),
  );
  return { c, worker, got, last: () => got[got.length - 1]! };
}

/**
 * A client whose pictures are only collected: the test says when one is drawn (`c.drawn()`), and runs the frame after
 * it (`drawn`, where the client asks for the graph's slices) by hand.
 */
function clientDrawnByHand() {
  const worker = fakeWorker();
  const got: Placement[] = [];
  const drawn: (() => void)[] = [];
  const c = createPlaceClient(
    (p) => got.push(p),
    () => {},
    () => worker,
    (f) => f(),
    (f) => drawn.push(f),
  );
  return { c, worker, got, drawn };
}

/**
 * The 40-node cluster generated in `worker`, opened as the page opens it: its text sent ahead by the store (the worker
 * has it already) and read by the page (`view`).
 */
async function openGenerated(worker: ReturnType<typeof fakeWorker>) {
  const generating = generateCluster(40, () => worker);
  worker.flush();
  const text = await generating;
  prefetchPicture(text, false, () => {
    throw new Error('the worker that generated the text has it');
  });
  const view = displayTopology(readJsonDocument(text)!);
  readAhead(text, view);
  return { text, view };
}

/**
 * The 40-node generated cluster opened (openGenerated) and its first picture drawn by a client of the worker that made
 * it; `moved`: its view after a person drags the first node (the editor's: the same objects but for the layout).
 */
async function drawnGenerated() {
  const worker = fakeWorker();
  const { view } = await openGenerated(worker);
  const { c, last } = client(() => {
    throw new Error('the worker that generated the text is the one used');
  });
  const collapsed = autoCollapsed(view);
  c.place(view, collapsed, false);
  worker.flush();
  const moved = { ...view, layout: { ...view.layout, [`node:${view.nodes[0]!.name}`]: { x: -5000, y: -7000 } } };
  return { worker, posted: worker.posted, view, c, last, collapsed, moved };
}

const parse = (text: string): Topology => {
  const r = parseTopology(text);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.topology;
};
const nodeIds = (t: Topology) => t.nodes.map((n) => `node:${n.name}`);

describe('the place worker', () => {
  const cases: { name: string; t: Topology }[] = [
    ...builtins.map((b) => ({ name: `the built-in ${b.id}`, t: parse(b.yaml) })),
    // As the canvas reads a generated document: leniently (displayTopology), with no stored positions (the automatic layout places it).
    { name: 'a generated cluster of 100 nodes', t: displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 100 }))) as Doc) },
  ];
  for (const { name, t } of cases) {
    it(`draws ${name} as the main thread does: expanded, collapsed, grouped by namespace`, () => {
      const { c, worker, last } = client();
      const settings = [
        { collapsed: [] as string[], groupByNamespace: false },
        { collapsed: nodeIds(t).slice(0, 1), groupByNamespace: true },
        { collapsed: nodeIds(t), groupByNamespace: false },
      ];
      const built = buildGraph(t);
      for (const s of settings) {
        c.place(t, s.collapsed, s.groupByNamespace);
        worker.flush();
        const want = placeDocument(built, t, { collapsed: new Set(s.collapsed), groupByNamespace: s.groupByNamespace }, autoLayout);
        expect(last().topology).toBe(t);
        expect(last().placed).toEqual(want);
        expect(last().built).toEqual(built);
      }
      // One graph for the three pictures.
      expect(last().counts).toEqual({ builds: 1, places: 3, ahead: 0, named: 0 });
    });
  }

  it('places a moved node again without building the graph again or sending it', () => {
    const t = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 100 }))) as Doc);
    const { c, worker, last } = client();
    const all = nodeIds(t);
    c.place(t, all, false);
    worker.flush();
    const slices = worker.sent.filter((r) => r.kind === 'built').length;
    // 3,000 pods and their edges: more than one slice.
    expect(slices).toBeGreaterThan(2);
    const first = last();

    const moved: Topology = { ...t, layout: { ...t.layout, [`node:${t.nodes[3]!.name}`]: { x: -5000, y: -7000 } } };
    c.place(moved, all, false);
    worker.flush();
    expect(worker.sent.filter((r) => r.kind === 'built')).toHaveLength(slices);
    expect(last().counts).toEqual({ builds: 1, places: 2, ahead: 0, named: 0 });
    // The graph already received serves the new picture.
    expect(last().built).toBe(first.built);
    const box = last().placed.nodes.find((n) => n.id === `node:${t.nodes[3]!.name}`)!;
    const vpc = last().placed.nodes.find((n) => n.id === 'vpc')!;
    expect({ x: box.position.x + vpc.position.x, y: box.position.y + vpc.position.y }).toEqual({ x: -5000, y: -7000 });
    expect(last().placed).toEqual(placeDocument(buildGraph(moved), moved, { collapsed: new Set(all), groupByNamespace: false }, autoLayout));

    // A pod added is a new graph: built and sent again.
    const added: Topology = { ...moved, pods: [...moved.pods, { ...moved.pods[0]!, name: 'one-more', ip: '' }] };
    c.place(added, all, false);
    worker.flush();
    expect(last().counts).toEqual({ builds: 2, places: 3, ahead: 0, named: 0 });
    expect(last().built?.nodes.some((n) => n.id === podId(added.pods[added.pods.length - 1]!))).toBe(true);
    expect(last().built).toEqual(buildGraph(added));
  });

  it('sends a moved node’s request without writing the graph out again (the view but for its layout is the same objects)', () => {
    const t = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 100 }))) as Doc);
    const { c, worker } = client();
    c.place(t, [], false);
    worker.flush();
    const sent = () => worker.posted.filter((r): r is Extract<PlaceMessage, { kind: 'place' }> => r.kind === 'place').pop()!;
    const graphText = (sent().source as { graphText: string }).graphText;
    const stringify = vi.spyOn(JSON, 'stringify');
    c.place({ ...t, layout: { ...t.layout, [`node:${t.nodes[3]!.name}`]: { x: -5000, y: -7000 } } }, [], false);
    worker.flush();
    const written = stringify.mock.results.reduce((n, r) => n + String(r.value ?? '').length, 0);
    stringify.mockRestore();
    expect((sent().source as { graphText: string }).graphText).toBe(graphText);
    expect(written).toBeLessThan(graphText.length / 100);
    // Any other field changed is written out.
    c.place({ ...t, pods: t.pods.slice(1) }, [], false);
    worker.flush();
    expect((sent().source as { graphText: string }).graphText).not.toBe(graphText);
  });

  it('hands on only the latest request’s picture', () => {
    const t = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 100 }))) as Doc);
    const { c, worker, got } = client();
    c.place(t, [], false);
    c.place(t, nodeIds(t), false);
    worker.flush();
    // The first answer (all 3,000 pods) was overtaken: only the collapsed picture is handed on, then again with its graph.
    expect(got.map((p) => [p.placed.nodes.length < 1000, p.built !== null])).toEqual([
      [true, false],
      [true, true],
    ]);
    expect(got[1]!.built).toEqual(buildGraph(t));
  });
});

describe('a new picture of the same cluster', () => {
  const t = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 100 }))) as Doc);
  /** Every node moved (as an auto-layout moves them): their pods, placed inside them, are where they were. */
  const laidOut = (x: Topology): Topology => ({ ...x, layout: Object.fromEntries(x.nodes.map((n, i) => [`node:${n.name}`, { x: 500 * i, y: -800 }])) });
  /** The elements the picture's slices since `from` carried whole (the others went as their id). */
  const carried = (sent: PlaceReply[], from: number) =>
    sent.slice(from).flatMap((r) => (r.kind === 'placed' ? [...r.nodes, ...r.edges].filter((x) => typeof x !== 'string') : []));

  it('crosses as what changed: the elements that did not move arrive as the objects the page holds', () => {
    const { c, worker, last } = client();
    c.place(t, [], false);
    worker.flush();
    const before = last().placed;
    const from = worker.sent.length;
    const moved = laidOut(t);
    c.place(moved, [], false);
    worker.flush();
    const want = placeDocument(buildGraph(moved), moved, { collapsed: new Set(), groupByNamespace: false }, autoLayout);
    expect(last().placed).toEqual(want);
    // The 3,000 pods and the lines between them and their nodes did not move: only the 100 nodes, the VPC and the
    // lines that leave a node for another are sent.
    const pods = before.nodes.filter((n) => n.type === 'pod');
    expect(carried(worker.sent, from).length).toBeLessThan(pods.length / 2);
    const heldBefore = new Set<object>([...before.nodes, ...before.edges]);
    for (const p of last().placed.nodes.filter((n) => n.type === 'pod')) expect(heldBefore.has(p)).toBe(true);
  });

  it('with its nodes expanded again, a collapse between: the pods are not sent again, and arrive as the objects of the first expand', () => {
    const { c, worker, last } = client();
    c.place(t, nodeIds(t), false);
    worker.flush();
    c.place(t, [], false);
    worker.flush();
    const expanded = last().placed;
    c.place(t, nodeIds(t), false);
    worker.flush();
    const from = worker.sent.length;
    c.place(t, [], false);
    worker.flush();
    expect(last().placed).toEqual(expanded);
    const pods = expanded.nodes.filter((n) => n.type === 'pod');
    expect(carried(worker.sent, from).length).toBeLessThan(pods.length / 2);
    expect(last().placed.nodes.filter((n) => n.type === 'pod')).toEqual(pods);
    last()
      .placed.nodes.filter((n) => n.type === 'pod')
      .forEach((p, i) => expect(p).toBe(pods[i]));
  });

  it('after the first, holds the objects the page would keep comparing it by id: the canvas takes it as it is (usePlacement)', () => {
    const { c, worker, got } = client();
    const compared = identityKeeper();
    const taken = identityKeeper();
    for (const [x, collapsed] of [
      [t, nodeIds(t)],
      [t, []],
      [t, nodeIds(t)],
      [t, []],
      [laidOut(t), []],
      [laidOut(t), []],
      [laidOut(t), nodeIds(t).slice(3)],
    ] as const) {
      c.place(x, collapsed, false);
      worker.flush();
      const p = got[got.length - 1]!.placed;
      const [want, had] = [compared(p), taken(p, true)];
      expect(had.nodes).toHaveLength(want.nodes.length);
      had.nodes.forEach((n, i) => expect(n).toBe(want.nodes[i]));
      had.edges.forEach((e, i) => expect(e).toBe(want.edges[i]));
      expect(had.edges).toHaveLength(want.edges.length);
    }
  });

  it('is read against every picture sent, one overtaken by a newer request too', () => {
    const { c, worker, got, last } = client();
    c.place(t, nodeIds(t), false);
    worker.flush();
    // Expanded, then laid out, asked in one go: the first answer (every pod, whole) is overtaken, the second names them.
    c.place(t, [], false);
    c.place(laidOut(t), [], false);
    worker.flush();
    expect(got.filter((p) => p.placed.nodes.some((n) => n.type === 'pod'))).toHaveLength(1);
    const moved = laidOut(t);
    expect(last().placed).toEqual(placeDocument(buildGraph(moved), moved, { collapsed: new Set(), groupByNamespace: false }, autoLayout));
  });

  it('is sent whole again once the page holds far more than it (another document)', () => {
    const { c, worker, last } = client();
    c.place(t, [], false);
    worker.flush();
    const small = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 10 }))) as Doc);
    const from = worker.sent.length;
    c.place(small, [], false);
    worker.flush();
    const fresh = worker.sent.slice(from).filter((r) => r.kind === 'placed');
    expect(fresh[0]!.fresh).toBe(true);
    expect(fresh.flatMap((r) => (r.kind === 'placed' ? [...r.nodes, ...r.edges] : [])).some((x) => typeof x === 'string')).toBe(false);
    expect(last().placed).toEqual(placeDocument(buildGraph(small), small, { collapsed: new Set(), groupByNamespace: false }, autoLayout));
  });
});

describe('the requests', () => {
  it('made in one task are sent as one, the last, in a task of its own', () => {
    const t = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 10 }))) as Doc);
    const worker = fakeWorker();
    const posted: PlaceMessage[] = [];
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (req) => {
      posted.push(req);
      post(req);
    };
    const tasks: (() => void)[] = [];
    const got: Placement[] = [];
    const c: ReturnType<typeof createPlaceClient> = createPlaceClient(
      (p) => {
        got.push(p);
        c.drawn();
      },
      () => {},
      () => worker,
      (f) => tasks.push(f),
      (f) => f(),
    );
    c.place(t, [], false);
    c.place(t, nodeIds(t), true);
    expect(posted).toHaveLength(0);
    expect(tasks).toHaveLength(1);
    tasks.shift()!();
    expect(posted.map((r) => (r.kind === 'place' ? [r.collapsed?.length, r.groupByNamespace] : r.kind))).toEqual([[t.nodes.length, true]]);
    worker.flush();
    // The picture (every node collapsed: no pod drawn), then again with its graph.
    expect(got.map((p) => [p.placed.nodes.some((n) => n.type === 'pod'), p.built !== null])).toEqual([
      [false, false],
      [false, true],
    ]);
  });
});

describe('the graph’s slices', () => {
  it('are asked for once the picture is handed on, and handed on once all are in, with the edges the picture held back', () => {
    const t = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 100 }))) as Doc);
    const { c, worker, got, drawn } = clientDrawnByHand();
    c.place(t, nodeIds(t), false);
    // Deliver the replies one at a time: the picture first, without its graph; the graph only once asked for.
    const replies: PlaceReply[] = [];
    const deliver = worker.onmessage!;
    worker.onmessage = (e) => replies.push(e.data);
    worker.flush();
    // The picture's own slices (its boxes: its 3,000 lines, past EDGE_LIMIT, draw none before something is selected or
    // traced, and are held back), and nothing of the graph.
    const whole = placeDocument(buildGraph(t), t, { collapsed: new Set(nodeIds(t)), groupByNamespace: false }, autoLayout);
    expect(whole.edges.length).toBeGreaterThan(EDGE_LIMIT);
    expect(replies.length).toBeGreaterThan(1);
    expect(replies.every((r) => r.kind === 'placed' && r.edges.length === 0)).toBe(true);
    for (const [i, r] of replies.entries()) {
      deliver.call(worker as unknown as Worker, { data: r } as MessageEvent<PlaceReply>);
      expect(got.length).toBe(i < replies.length - 1 ? 0 : 1);
    }
    const graphFromPicture = replies.length;
    expect(got[0]!.placed).toEqual({ nodes: whole.nodes, edges: [] });
    expect(got[0]!.held).toBe(whole.edges.length);
    expect(got[0]!.built).toBeNull();
    // Asked for after the picture is drawn, a frame later: then the held edges and the graph's slices, the whole
    // picture and the graph handed on together with the last.
    worker.flush();
    expect(replies.length).toBe(graphFromPicture);
    c.drawn();
    expect(drawn).toHaveLength(1);
    drawn.shift()!();
    const graphFrom = replies.length;
    worker.flush();
    const later = replies.slice(graphFrom);
    const edgeSlices = later.findIndex((r) => r.kind !== 'edges');
    expect(edgeSlices).toBeGreaterThan(0);
    const graphSlices = later.slice(edgeSlices);
    expect(graphSlices.length).toBeGreaterThan(2);
    expect(graphSlices.every((r) => r.kind === 'built')).toBe(true);
    for (const [i, r] of later.entries()) {
      deliver.call(worker as unknown as Worker, { data: r } as MessageEvent<PlaceReply>);
      expect(got.length).toBe(i < later.length - 1 ? 1 : 2);
    }
    expect(got[1]!.placed).toEqual(whole);
    expect(got[1]!.held).toBe(0);
    expect(got[1]!.placed.nodes).toBe(got[0]!.placed.nodes);
    const built = got[1]!.built!;
    expect(built).toEqual(buildGraph(t));
    // Indexed slice by slice as they came: the same lookups as indexing the whole graph, over the objects received.
    const graph = buildGraph(t);
    expect(markIndex(built)).toEqual(markIndex(graph));
    expect(graphIndex(built)).toEqual(graphIndex(graph));
    const someone = built.nodes[built.nodes.length - 1]!;
    expect(markIndex(built).byId.get(someone.id)).toBe(someone);
    expect(graphIndex(built).podsOf.get(someone.parentId!)).toContain(someone);
    // (Ready before asked for: emptied, the graph still has its indexes.)
    const count = built.nodes.length;
    built.nodes.splice(0);
    built.edges.splice(0);
    expect(markIndex(built).byId.size).toBe(count);
    expect(graphIndex(built).edgesInto.size).toBeGreaterThan(0);
    // A later picture of the same graph asks for nothing more, and holds nothing back.
    const before = got.length;
    const from = replies.length;
    c.place(t, [], false);
    worker.flush();
    for (const r of replies.slice(from)) deliver.call(worker as unknown as Worker, { data: r } as MessageEvent<PlaceReply>);
    expect(got.length).toBe(before + 1);
    expect(got[before]!.held).toBe(0);
    expect(got[before]!.placed.edges.length).toBeGreaterThan(EDGE_LIMIT);
    c.drawn();
    expect(drawn).toHaveLength(0);
  });

  it('of a picture since overtaken are not handed on: the newer one holds its own back', () => {
    const t = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 100 }))) as Doc);
    const { c, worker, got, drawn } = clientDrawnByHand();
    c.place(t, nodeIds(t), false);
    worker.flush();
    c.drawn();
    // A second picture asked for before the graph: its edges are the ones that come.
    const some = nodeIds(t).slice(1);
    c.place(t, some, false);
    drawn.shift()!();
    worker.flush();
    const whole = placeDocument(buildGraph(t), t, { collapsed: new Set(some), groupByNamespace: false }, autoLayout);
    expect(got[got.length - 1]!.placed).toEqual(whole);
    expect(got[got.length - 1]!.built).toEqual(buildGraph(t));
  });
});

describe('a document’s text sent ahead', () => {
  // What the store draws from the same text: the worker's reading of it (structured-cloned to the page), read leniently.
  const texts: { name: string; text: string }[] = [
    ...builtins.map((b) => ({ name: `the built-in ${b.id}`, text: JSON.stringify(readDocument(b.yaml)) })),
    { name: 'a generated cluster of 100 nodes', text: JSON.stringify(generateFlannelCluster({ nodes: 100 })) },
    (() => {
      const r = importKubectl(kubectlListText({ nodes: 100, seed: 1 }, 'json'));
      if (!r.ok) throw new Error('import failed');
      return { name: 'a kubectl import of 100 nodes', text: JSON.stringify(r.document) };
    })(),
  ];
  for (const { name, text } of texts) {
    it(`${name}: the page's request is answered with the picture made from the text, as the main thread places it`, () => {
      // (Every pod count read here: the built-ins are below WORKER_PODS.)
      const worker = fakeWorker(0);
      prefetchPicture(text.padEnd(40_000), false, () => worker);
      const { c, last } = client(() => {
        throw new Error('the worker the text went to is the one used');
      });
      const view = displayTopology(structuredClone(JSON.parse(text)) as Doc);
      const collapsed = autoCollapsed(view);
      c.place(view, collapsed, false);
      worker.flush();
      // Built and placed once, for the text: the request found both.
      expect(last().counts).toEqual({ builds: 1, places: 1, ahead: 1, named: 0 });
      expect(last().topology).toBe(view);
      const built = buildGraph(view);
      expect(last().placed).toEqual(placeDocument(built, view, { collapsed: new Set(collapsed), groupByNamespace: false }, autoLayout));
      expect(last().built).toEqual(built);
      c.dispose();
    });

    // (Eight placements of the text, 100 nodes for two of the texts: seconds on a loaded machine, over the default 5 s.)
    it(`${name}: read by the page as the worker reads it, the request names the text instead of writing the document out`, () => {
      const padded = text.padEnd(40_000);
      for (const minPods of [0, Infinity]) {
        // (Infinity: the worker dropped the text sent ahead, and reads it when the request names it.)
        const worker = fakeWorker(minPods);
        const { posted } = worker;
        prefetchPicture(padded, false, () => worker);
        const view = displayTopology(readJsonDocument(padded)!);
        readAhead(padded, view);
        const { c, last } = client(() => {
          throw new Error('the worker the text went to is the one used');
        });
        const collapsed = autoCollapsed(view);
        c.place(view, collapsed, false);
        worker.flush();
        // Named by the token it was sent with, not sent again.
        expect(posted.filter((m) => m.kind === 'place').map((m) => m.source)).toEqual([{ token: posted.find((m) => m.kind === 'text')!.token }]);
        expect(last().counts).toEqual({ builds: 1, places: 1, ahead: minPods === 0 ? 1 : 0, named: 1 });
        expect(last().topology).toBe(view);
        expect(last().placed).toEqual(placeDocument(buildGraph(view), view, { collapsed: new Set(collapsed), groupByNamespace: false }, autoLayout));
        // A move (another view, only its layout differs) is written out, and found to be the same graph.
        const moved = { ...view, layout: { ...view.layout, [`node:${view.nodes[0]!.name}`]: { x: -500, y: -500 } } };
        c.place(moved, collapsed, false);
        worker.flush();
        expect(last().counts).toMatchObject({ builds: 1, places: 2 });
        expect(last().placed).toEqual(placeDocument(buildGraph(moved), moved, { collapsed: new Set(collapsed), groupByNamespace: false }, autoLayout));
        // An edit (another view) is written out, and found different.
        const edited = { ...view, nodes: view.nodes.slice(1) };
        c.place(edited, collapsed, false);
        worker.flush();
        expect(posted.filter((m) => m.kind === 'place').at(-1)!.source).toMatchObject({ graphText: expect.any(String) });
        expect(last().counts.builds).toBe(2);
        c.dispose();
      }
    }, 30_000);
  }

  it('a generated cluster is made in the worker: its text crosses once, and the page’s request is answered with the picture made from it, as the main thread places it', async () => {
    const worker = fakeWorker();
    const { posted } = worker;
    const { text, view } = await openGenerated(worker);
    expect(text).toBe(JSON.stringify(generateFlannelCluster({ nodes: 40 })));
    const { c, last } = client(() => {
      throw new Error('the worker that generated the text is the one used');
    });
    const collapsed = autoCollapsed(view);
    c.place(view, collapsed, false);
    worker.flush();
    expect(posted.map((m) => m.kind)).toEqual(['generate', 'place', 'graph']);
    // The request names the generated text by the token it was generated with: the text does not cross back.
    const [generate, place] = posted as [GenerateRequest, PlaceRequest];
    expect(place.source).toEqual({ token: generate.token });
    expect(last().counts).toEqual({ builds: 1, places: 1, ahead: 1, named: 1 });
    expect(last().topology).toBe(view);
    const built = buildGraph(view);
    expect(last().placed).toEqual(placeDocument(built, view, { collapsed: new Set(collapsed), groupByNamespace: false }, autoLayout));
    expect(last().built).toEqual(built);
    expect(worker.terminated).toBe(false);
  });

  it('a moved node of a generated cluster names its text with the new layout: the graph is neither written out nor built again', async () => {
    const { worker, posted, c, last, collapsed, moved } = await drawnGenerated();
    const token = (posted.find((m) => m.kind === 'generate') as GenerateRequest).token;
    const stringify = vi.spyOn(JSON, 'stringify');
    c.place(moved, collapsed, false);
    worker.flush();
    // (Whatever the worker itself writes, nothing holding the pods is written out.)
    const written = stringify.mock.calls.filter(([v]) => !!v && typeof v === 'object' && 'pods' in v).length;
    stringify.mockRestore();
    expect(posted.filter((m) => m.kind === 'place').at(-1)!.source).toEqual({ token, layoutText: JSON.stringify(moved.layout) });
    expect(written).toBe(0);
    expect(last().counts.builds).toBe(1);
    expect(last().topology).toBe(moved);
    expect(last().placed).toEqual(placeDocument(buildGraph(moved), moved, { collapsed: new Set(collapsed), groupByNamespace: false }, autoLayout));
  });

  it('a generated cluster back on screen after its worker stopped (made small, then undone) is written out: the new worker never had its text', async () => {
    const { c, view, collapsed, moved } = await drawnGenerated();
    // (The document made small: the canvas places it itself and stops the client, and its worker with it.)
    c.dispose();
    const next = client();
    for (const t of [view, moved]) {
      next.c.place(t, collapsed, false);
      next.worker.flush();
      expect(next.worker.posted.filter((m) => m.kind === 'place').at(-1)!.source).toMatchObject({ graphText: expect.any(String) });
      expect(next.last().topology).toBe(t);
      expect(next.last().placed).toEqual(placeDocument(buildGraph(t), t, { collapsed: new Set(collapsed), groupByNamespace: false }, autoLayout));
    }
  });

  it('a kube-proxy mode or title changed on a generated cluster is handed the picture on screen: nothing crosses to the worker, and a move after names its text', async () => {
    const { worker, posted, view, c, last, collapsed } = await drawnGenerated();
    const token = (posted.find((m) => m.kind === 'generate') as GenerateRequest).token;
    const requests = () => posted.filter((m): m is PlaceRequest => m.kind === 'place');
    const asked = requests().length;
    const first = last();
    const mode: Topology = { ...view, cluster: { ...view.cluster, kubeProxy: { ...view.cluster.kubeProxy, mode: 'iptables' } } };
    const titled: Topology = { ...mode, metadata: { ...mode.metadata, title: 'renamed' } };
    for (const t of [mode, titled]) {
      c.place(t, collapsed, false);
      worker.flush();
      expect(last().topology).toBe(t);
      expect(last().placed).toBe(first.placed);
    }
    expect(requests()).toHaveLength(asked);
    expect(last().placed).toEqual(placeDocument(buildGraph(titled), titled, { collapsed: new Set(collapsed), groupByNamespace: false }, autoLayout));
    // Asked while the request before is on its way: that one's answer is handed on for it.
    const opened = collapsed.slice(1);
    c.place(titled, opened, false);
    c.place(mode, opened, false);
    expect(requests()).toHaveLength(asked + 1);
    worker.flush();
    expect(last().topology).toBe(mode);
    // A move after the mode change names the text with the new layout: the graph is neither written out nor built again.
    const moved: Topology = { ...mode, layout: { ...mode.layout, [`node:${view.nodes[0]!.name}`]: { x: -5000, y: -7000 } } };
    const stringify = vi.spyOn(JSON, 'stringify');
    c.place(moved, opened, false);
    worker.flush();
    const written = stringify.mock.calls.filter(([v]) => !!v && typeof v === 'object' && 'pods' in v).length;
    stringify.mockRestore();
    expect(requests().at(-1)!.source).toEqual({ token, layoutText: JSON.stringify(moved.layout) });
    expect(written).toBe(0);
    expect(last().counts.builds).toBe(1);
    expect(last().placed).toEqual(placeDocument(buildGraph(moved), moved, { collapsed: new Set(opened), groupByNamespace: false }, autoLayout));
    // A change the picture shows (the VPC's range) is written out and built again.
    const vpc: Topology = { ...moved, cluster: { ...moved.cluster, vpc: { ...moved.cluster.vpc, cidr: '172.16.0.0/12' } } };
    c.place(vpc, opened, false);
    worker.flush();
    expect(requests().at(-1)!.source).toMatchObject({ graphText: expect.any(String) });
    expect(last().counts.builds).toBe(2);
    expect(last().placed).toEqual(placeDocument(buildGraph(vpc), vpc, { collapsed: new Set(opened), groupByNamespace: false }, autoLayout));
  });

  it('a generated cluster opened or moved after another text was sent ahead (and refused) is written out: the worker no longer holds its text', async () => {
    const { worker, posted, view, c, last, collapsed, moved } = await drawnGenerated();
    prefetchPicture(JSON.stringify(generateFlannelCluster({ nodes: 50 })), false, () => {
      throw new Error('the worker in use takes it');
    });
    worker.flush();
    // Its first node opened (the same view), then moved.
    c.place(view, collapsed.slice(1), false);
    worker.flush();
    expect(posted.filter((m) => m.kind === 'place').at(-1)!.source).toMatchObject({ graphText: expect.any(String) });
    c.place(moved, collapsed, false);
    worker.flush();
    expect(posted.filter((m) => m.kind === 'place').at(-1)!.source).toMatchObject({ graphText: expect.any(String) });
    expect(last().topology).toBe(moved);
  });

  it('a text sent ahead while a cluster is generated is the one a request names: the generated text, opened after it, is sent again', async () => {
    const worker = fakeWorker();
    const { posted } = worker;
    const generating = generateCluster(40, () => worker);
    // Another document opens before the generated text arrives: its text goes to the same worker, which keeps only it.
    const other = JSON.stringify(generateFlannelCluster({ nodes: 41 }));
    prefetchPicture(other, false, () => worker);
    worker.flush();
    const text = await generating;
    const sources = () => posted.filter((m): m is PlaceRequest => m.kind === 'place').map((m) => m.source);
    const texts = () => posted.filter((m): m is Extract<PlaceMessage, { kind: 'text' }> => m.kind === 'text');
    /** `ahead` read by the page, as it reads a text it sent ahead. */
    const read = (ahead: string) => {
      const view = displayTopology(readJsonDocument(ahead)!);
      readAhead(ahead, view);
      return view;
    };
    const view = read(other);
    const { c, last } = client(() => {
      throw new Error('the worker that generated the text is the one used');
    });
    c.place(view, autoCollapsed(view), false);
    worker.flush();
    expect(sources()).toEqual([{ token: texts()[0]!.token }]);
    // The generated text opened after: the worker no longer holds it, so it is sent again, and named by its new token.
    prefetchPicture(text, false, () => {
      throw new Error('the worker in use takes it');
    });
    expect(texts().map((m) => m.text)).toEqual([other, text]);
    const generatedView = read(text);
    c.place(generatedView, autoCollapsed(generatedView), false);
    worker.flush();
    expect(sources().at(-1)).toEqual({ token: texts()[1]!.token });
    expect(last().topology).toBe(generatedView);
    expect(last().placed).toEqual(
      placeDocument(buildGraph(generatedView), generatedView, { collapsed: new Set(autoCollapsed(generatedView)), groupByNamespace: false }, autoLayout),
    );
  });

  it('a generated cluster that is not a big document stops the worker that made it, and is not sent ahead', async () => {
    const worker = fakeWorker();
    const generating = generateCluster(3, () => worker);
    worker.flush();
    const text = await generating;
    expect(worker.terminated).toBe(true);
    // Not a text sent ahead: a request for its picture (were one made) writes it out, to a worker of its own.
    const view = displayTopology(readJsonDocument(text)!);
    readAhead(text, view);
    const other = fakeWorker();
    const posted: PlaceMessage[] = [];
    const post = other.postMessage.bind(other);
    other.postMessage = (m) => (posted.push(m), post(m));
    const { c } = client(() => other);
    c.place(view, [], false);
    expect(posted.find((m) => m.kind === 'place')!.source).toMatchObject({ graphText: expect.any(String) });
  });

  it('a view read from another text than the one last sent ahead is written out', () => {
    const a = JSON.stringify(generateFlannelCluster({ nodes: 40 }));
    const b = JSON.stringify(generateFlannelCluster({ nodes: 41 }));
    const worker = fakeWorker();
    const { posted } = worker;
    prefetchPicture(b, false, () => worker);
    const view = displayTopology(readJsonDocument(a)!);
    readAhead(a, view);
    const { c } = client(() => worker);
    c.place(view, [], false);
    expect(posted.find((m) => m.kind === 'place')!.source).toMatchObject({ graphText: expect.any(String) });
  });

  it('that is then refused leaves the document on screen as it was: its graph still sent when asked for, its picture kept', () => {
    const a = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 40 }))) as Doc);
    const { c, worker, got, drawn } = clientDrawnByHand();
    c.place(a, nodeIds(a), false);
    worker.flush();
    expect(got.at(-1)!.built).toBeNull();
    c.drawn();
    // Another big document's text opens (to the worker in use) before the graph is asked for, and is refused: A stays.
    prefetchPicture(JSON.stringify(generateFlannelCluster({ nodes: 50 })), false, () => {
      throw new Error('the worker in use takes it');
    });
    drawn.shift()!();
    worker.flush();
    expect(got.at(-1)!.built).toEqual(buildGraph(a));
    // A's picture asked for again (the document answered again: a copy, written out): neither built nor placed again.
    c.place(JSON.parse(JSON.stringify(a)) as Topology, nodeIds(a), false);
    worker.flush();
    expect(got.at(-1)!.counts).toEqual({ builds: 2, places: 2, ahead: 1, named: 0 });
  });

  it('is dropped when short, not JSON or not a big document', () => {
    let spawned = 0;
    const spawn = () => {
      spawned++;
      return fakeWorker();
    };
    prefetchPicture(JSON.stringify(generateFlannelCluster({ nodes: 3 })), false, spawn);
    prefetchPicture(`# YAML\n${'x'.repeat(50_000)}`, false, spawn);
    expect(spawned).toBe(0);
    // 30 nodes' JSON is long enough to send, but has 900 pods: the worker builds nothing.
    const worker = fakeWorker();
    prefetchPicture(JSON.stringify(generateFlannelCluster({ nodes: 30 })).padEnd(40_000), false, () => worker);
    const got: Placement[] = [];
    const t = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 40 }))) as Doc);
    const c = createPlaceClient(
      (p) => got.push(p),
      () => {},
      () => fakeWorker(),
      (f) => f(),
      (f) => f(),
    );
    c.place(t, [], false);
    worker.flush();
    expect(got[got.length - 1]!.counts).toEqual({ builds: 1, places: 1, ahead: 0, named: 0 });
  });
});

describe('a place worker started before its text', () => {
  it('(a kubectl import being made) is the one its text is sent ahead to, and the one the canvas takes', () => {
    client().c.dispose();
    let spawned = 0;
    const worker = fakeWorker();
    const spawn = () => (spawned++, worker);
    startPlacer(spawn);
    startPlacer(spawn);
    expect(spawned).toBe(1);
    const text = JSON.stringify(generateFlannelCluster({ nodes: 40 }));
    prefetchPicture(text, false, () => {
      throw new Error('the worker started takes the text');
    });
    expect(worker.posted.map((m) => m.kind)).toEqual(['text']);
    const view = displayTopology(readJsonDocument(text)!);
    readAhead(text, view);
    const { c, last } = client(() => {
      throw new Error('the canvas takes the worker started');
    });
    c.place(view, autoCollapsed(view), false);
    worker.flush();
    expect(last().counts).toEqual({ builds: 1, places: 1, ahead: 1, named: 1 });
    c.dispose();
  });

  it('is not started while a big document is on screen: its worker takes the next text', () => {
    const { c } = client();
    startPlacer(() => {
      throw new Error('the worker in use takes the next text');
    });
    c.dispose();
  });

  it('(a `?generate=N` cluster, by the app’s entry) generates it before main asks: main takes that worker with what it answered, and asks for nothing again', async () => {
    // (A spare worker left by another test taken: none is running as the page starts.)
    client().c.dispose();
    const worker = fakeWorker();
    startGenerating('?generate=40', () => worker);
    // It answers before main has run: its picture and its text wait for the page.
    worker.flush();
    expect(worker.sent.map((r) => r.kind).at(-1)).toBe('generated');
    const generating = generateCluster(generatedNodes('?generate=40')!, () => {
      throw new Error('the worker the entry started is the one used');
    });
    expect(openingComing()).toBe(true);
    // Its picture, sent before main ran, is the one drawn; its text, heard as well, is handed on only once the frame that
    // shows the picture is painted (read as its render committed, the text held that frame back).
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
    const first = openingPicture()!;
    let heard: string | null = null;
    void generating.then((t) => (heard = t));
    await new Promise((r) => setTimeout(r, 0));
    expect(heard).toBeNull();
    openingDrawn(first);
    await new Promise((r) => setTimeout(r, 0));
    expect(heard).toBeNull();
    for (const f of frames.splice(0)) f();
    const text = await generating;
    expect(worker.posted.map((m) => m.kind)).toEqual(['generate']);
    expect(text).toBe(JSON.stringify(generateFlannelCluster({ nodes: 40 })));
    const view = displayTopology(readJsonDocument(text)!);
    expect(first.placed.nodes).toEqual(
      placeDocument(buildGraph(view), view, { collapsed: new Set(autoCollapsed(view)), groupByNamespace: false }, autoLayout).nodes,
    );
    // The page's request names the text it holds, and is answered with the picture drawn.
    expect(prefetchPicture(text, true)).toBe(true);
    readAhead(text, view);
    const { c, got } = client(() => {
      throw new Error('the worker the entry started is the one used');
    });
    const before = worker.sent.length;
    c.place(view, autoCollapsed(view), false);
    worker.flush();
    expect(worker.sent[before]).toMatchObject({ kind: 'asFirst' });
    expect(got[0]!.placed).toBe(first.placed);
  });

  it('(a `?generate=N` cluster) is stopped when main asks for another size, or its failure is main’s', async () => {
    client().c.dispose();
    const other = fakeWorker();
    startGenerating('?generate=40', () => other);
    const worker = fakeWorker();
    const generating = generateCluster(41, () => worker);
    expect(other.terminated).toBe(true);
    expect(worker.posted).toEqual([expect.objectContaining({ kind: 'generate', nodes: 41 })]);
    worker.flush();
    await generating;
    client().c.dispose();
    const failing = fakeWorker();
    startGenerating('?generate=40', () => failing);
    failing.onerror!({ message: 'out of memory' } as ErrorEvent);
    await expect(generateCluster(40)).rejects.toThrow('out of memory');
    // (The failed worker is the spare one: a canvas takes it, and stops it.)
    client().c.dispose();
    expect(failing.terminated).toBe(true);
  });

  it('(a `?generate=N` cluster) is stopped when the page opens another document first (a link’s, a lesson)', () => {
    const worker = fakeWorker();
    startGenerating('?generate=40', () => worker);
    stopGenerating();
    expect(worker.terminated).toBe(true);
    expect(takeGenerating(40)).toBeNull();
  });

  it('(a `?generate=N` cluster) asks for at most 1,000 nodes, and for none without a whole number of them', () => {
    expect(generatedNodes('?generate=5000')).toBe(1000);
    expect(generatedNodes('?scenario=x&generate=12')).toBe(12);
    for (const search of ['', '?generate=0', '?generate=-3', '?generate=2.5', '?generate=many']) expect(generatedNodes(search)).toBeNull();
    startGenerating('?scenario=x', () => {
      throw new Error('no worker for a built-in');
    });
  });
});

describe('a big document’s first picture, drawn before the page has read the document', () => {
  const settings = (view: Topology) => ({ collapsed: new Set(autoCollapsed(view)), groupByNamespace: false });
  // (Each test's texts go to its own worker: the one an earlier test's text went to is taken and stopped; and the page
  // opens no text to draw after it.)
  afterEach(() => {
    createPlaceClient(
      () => {},
      () => {},
      fakeWorker,
    );
    prefetchPicture('', false);
  });

  it('of a generated cluster comes before its text, placed as the main thread places it, and the page’s request is answered with it, not sent again', async () => {
    const worker = fakeWorker();
    const generating = generateCluster(40, () => worker);
    // (Its load has started: nothing else opened.)
    expect(openingComing()).toBe(true);
    worker.flush();
    const text = await generating;
    expect(worker.sent.map((r) => r.kind).indexOf('generated')).toBe(worker.sent.length - 1);
    expect(worker.sent[0]!.kind).toBe('first');
    const first = openingPicture()!;
    const view = displayTopology(readJsonDocument(text)!);
    const placed = placeDocument(buildGraph(view), view, settings(view), autoLayout);
    expect(first.placed.nodes).toEqual(placed.nodes);
    // Its edges past EDGE_LIMIT held back, as a request's; what the canvas reads beside it names no element.
    expect(first.held).toBe(placed.edges.length);
    expect(first.placed.edges).toEqual([]);
    expect(first.view).toMatchObject({ metadata: view.metadata, routers: view.routers, nodes: [], pods: [], services: [] });
    // The page reads the text, and asks for the picture drawn already: the same objects are handed on.
    openingDrawn(first);
    expect(prefetchPicture(text, true)).toBe(true);
    readAhead(text, view);
    const { c, got, last } = client(() => {
      throw new Error('the worker that generated the text is the one used');
    });
    const before = worker.sent.length;
    c.place(view, autoCollapsed(view), false);
    worker.flush();
    expect(worker.sent[before]).toMatchObject({ kind: 'asFirst', held: first.held });
    expect(got[0]!.placed).toBe(first.placed);
    expect(last().topology).toBe(view);
    expect(last().counts).toEqual({ builds: 1, places: 1, ahead: 1, named: 1 });
    // Then the graph, with the edges held back, as for any first picture.
    expect(last().built).toEqual(buildGraph(view));
    expect(last().placed.edges).toEqual(placed.edges);
  });

  it('is never that of a text whose load another one overtook: a link, a lesson, a file opened meanwhile, or a small document', async () => {
    const worker = fakeWorker();
    const generating = generateCluster(40, () => worker);
    // Another document opens before the picture comes (its text sent ahead, not to be drawn so: opened over a document).
    const other = JSON.stringify(generateFlannelCluster({ nodes: 41 }));
    prefetchPicture(other, false, () => worker);
    worker.flush();
    await generating;
    expect(openingComing()).toBe(false);
    expect(openingPicture()).toBeNull();
    // And one that is drawn as read: its own picture, not the generated one.
    prefetchPicture(other, true, () => worker);
    expect(openingPicture()).toBeNull();
    worker.flush();
    const view = displayTopology(readJsonDocument(other)!);
    expect(openingPicture()!.placed.nodes).toEqual(placeDocument(buildGraph(view), view, settings(view), autoLayout).nodes);
    // A small text: nothing comes, and the last picture is not drawn for it.
    prefetchPicture(JSON.stringify(generateFlannelCluster({ nodes: 3 })), true, () => worker);
    worker.flush();
    expect(openingComing()).toBe(false);
    expect(openingPicture()).toBeNull();
  });

  it('of a text sent ahead comes unasked only when the page draws it as read', () => {
    const text = JSON.stringify(generateFlannelCluster({ nodes: 40 }));
    const worker = fakeWorker();
    prefetchPicture(text, false, () => worker);
    worker.flush();
    expect(worker.sent.map((r) => r.kind)).toEqual([]);
    prefetchPicture(`${text} `, true, () => worker);
    worker.flush();
    expect(new Set(worker.sent.map((r) => r.kind))).toEqual(new Set(['first']));
    expect(openingPicture()).not.toBeNull();
  });

  it('drawn, is what a document read from its text waits for', async () => {
    const worker = fakeWorker();
    const generating = generateCluster(40, () => worker);
    worker.flush();
    const text = await generating;
    const view = displayTopology(readJsonDocument(text)!);
    let done = false;
    void pictureDrawn(view, 60_000).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(done).toBe(false);
    openingDrawn(openingPicture()!);
    await new Promise((r) => setTimeout(r, 0));
    expect(done).toBe(true);
    // (Asked about after: at once, in a task of its own.)
    prefetchPicture(text, true);
    let after = false;
    void pictureDrawn(view, 60_000).then(() => (after = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(after).toBe(true);
  });
});

describe('a document’s first picture drawn (what its validation waits for)', () => {
  const big = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 40 }))) as Doc);
  const small = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 3 }))) as Doc);
  /** Whether `p` has settled once the promises queued now have run. */
  const settled = async (p: Promise<void>) => {
    let done = false;
    void p.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 0));
    return done;
  };

  it('is at once for a document the main thread places', async () => {
    expect(await settled(pictureDrawn(small, 60_000))).toBe(true);
  });

  it('is when a place client’s picture is drawn for one placed in the worker', async () => {
    const { c, worker, got } = clientDrawnByHand();
    const drawn = pictureDrawn(big, 60_000);
    c.place(big, nodeIds(big), false);
    worker.flush();
    expect(got).toHaveLength(1);
    expect(await settled(drawn)).toBe(false);
    c.drawn();
    expect(await settled(drawn)).toBe(true);
  });

  it('is at once for a document whose picture is drawn already, and for the next one when another is asked about', async () => {
    const { c, worker } = clientDrawnByHand();
    c.place(big, nodeIds(big), false);
    worker.flush();
    c.drawn();
    expect(await settled(pictureDrawn(big, 60_000))).toBe(true);
    const other = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 41 }))) as Doc);
    expect(await settled(pictureDrawn(other, 60_000))).toBe(false);
  });

  it('is when the worker fails (the main thread places it then), or after a while with no canvas to draw it', async () => {
    const worker = fakeWorker();
    createPlaceClient(
      () => {},
      () => {},
      () => worker,
    );
    const failed = pictureDrawn(big, 60_000);
    expect(await settled(failed)).toBe(false);
    worker.onerror?.({ message: 'broken' } as ErrorEvent);
    expect(await settled(failed)).toBe(true);
    expect(await settled(pictureDrawn(big, 0))).toBe(true);
  });
});

describe('the automatic layout (Auto-layout on a big document)', () => {
  const generated = (nodes: number) => displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes }))) as Doc);

  it('is made in the worker from the graph it keeps: the positions the main thread makes, collapsed or not, whatever the document stores', async () => {
    const t = generated(100);
    const { c, worker, last } = client();
    const all = nodeIds(t);
    c.place(t, all, false);
    worker.flush();
    // A node moved: its stored position is what Auto-layout forgets.
    const moved: Topology = { ...t, layout: { [`node:${t.nodes[3]!.name}`]: { x: -5000, y: -7000 } } };
    c.place(moved, all, false);
    worker.flush();
    for (const collapsed of [all, all.slice(0, 7), []]) {
      const answer = c.autoLayout(moved, collapsed);
      worker.flush();
      const positions = await answer;
      expect(positions).toEqual(autoLayout(buildGraph(moved), moved, { collapsed: new Set(collapsed) }));
      // (Not the picture it places: that one keeps the moved node where the document stores it.)
      expect(positions![`node:${t.nodes[3]!.name}`]).not.toEqual({ x: -5000, y: -7000 });
    }
    // From the graph kept for the picture: none built for the layouts.
    c.place(t, all, false);
    worker.flush();
    expect(last().counts).toMatchObject({ builds: 1 });
  });

  it('of a document read from a text sent ahead names the text, as its picture’s request does', async () => {
    const text = JSON.stringify(generateFlannelCluster({ nodes: 40 }));
    const worker = fakeWorker();
    prefetchPicture(text, false, () => worker);
    const view = displayTopology(readJsonDocument(text)!);
    readAhead(text, view);
    const { c } = client(() => {
      throw new Error('the worker the text went to is the one used');
    });
    const collapsed = autoCollapsed(view);
    c.place(view, collapsed, false);
    worker.flush();
    const answer = c.autoLayout(view, collapsed);
    worker.flush();
    const layout = worker.posted.find((m) => m.kind === 'layout');
    expect(layout?.source).toEqual({ token: worker.posted.find((m) => m.kind === 'text')!.token });
    expect(await answer).toEqual(autoLayout(buildGraph(view), view, { collapsed: new Set(collapsed) }));
  });

  it('is null when the worker cannot make it or stops before it answers (the page makes it then)', async () => {
    const t = generated(10);
    const place = createPlacer(null);
    expect([...place({ kind: 'layout', seq: 1, source: { graphText: JSON.stringify(t), layoutText: '' }, collapsed: [] })]).toEqual([
      { kind: 'laidOut', seq: 1, positions: null },
    ]);
    const { c } = client();
    const answer = c.autoLayout(t, []);
    c.dispose();
    expect(await answer).toBeNull();
  });
});
