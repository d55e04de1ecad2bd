import { describe, expect, it } from 'vitest';
import { parseTopology, type Topology } from '../model';
import { displayTopology } from '../model/display';
import type { Doc } from '../model/edit';
import { builtins } from '../scenarios';
import { generateFlannelCluster } from '../scenarios/generate';
import { autoLayout } from '../layout/auto-layout';
import { buildGraph } from '../layout/graph';
import { markIndex } from '../layout/marks';
import { graphIndex } from '../layout/place';
import { podId } from '../model/element-id';
import { placeDocument } from '../layout/place-doc';
import { createPlaceClient, type Placement, type PlaceWorkerLike } from './place-client';
import { createPlacer, type PlaceReply, type PlaceRequest } from './placer';

/** A place worker run in this thread: each message crosses as a real one would (structured clone), delivered on `flush`. */
function fakeWorker() {
  const place = createPlacer(autoLayout);
  const inbox: PlaceReply[] = [];
  const sent: PlaceReply[] = [];
  const worker: PlaceWorkerLike & { flush(): void; sent: PlaceReply[] } = {
    onmessage: null,
    onerror: null,
    sent,
    postMessage(req: PlaceRequest) {
      for (const r of place(structuredClone(req))) inbox.push(structuredClone(r));
    },
    flush() {
      while (inbox.length) {
        const r = inbox.shift()!;
        sent.push(r);
        worker.onmessage?.({ data: r } as MessageEvent<PlaceReply>);
      }
    },
    terminate() {},
  };
  return worker;
}

function client() {
  const worker = fakeWorker();
  const got: Placement[] = [];
  const c = createPlaceClient(
    (p) => got.push(p),
    (e) => {
      throw e;
    },
    () => worker,
    (f) => f(),
  );
  return { c, worker, got, last: () => got[got.length - 1]! };
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
      expect(last().counts).toEqual({ builds: 1, places: 3 });
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
    expect(last().counts).toEqual({ builds: 1, places: 2 });
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
    expect(last().counts).toEqual({ builds: 2, places: 3 });
    expect(last().built?.nodes.some((n) => n.id === podId(added.pods[added.pods.length - 1]!))).toBe(true);
    expect(last().built).toEqual(buildGraph(added));
  });

  it('hands on only the latest request’s picture', () => {
    const t = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 100 }))) as Doc);
    const { c, worker, got } = client();
    c.place(t, [], false);
    c.place(t, nodeIds(t), false);
    worker.flush();
    // The first answer (all 3,000 pods) was overtaken: only the collapsed picture is handed on, with the graph
    // whose slices followed the first answer.
    expect(got.map((p) => [p.placed.nodes.length < 1000, p.built !== null])).toEqual([[true, true]]);
    expect(got[0]!.built).toEqual(buildGraph(t));
  });
});

describe('the requests', () => {
  it('made in one task are sent as one, the last, in a task of its own', () => {
    const t = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 10 }))) as Doc);
    const worker = fakeWorker();
    const posted: PlaceRequest[] = [];
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (req) => {
      posted.push(req);
      post(req);
    };
    const tasks: (() => void)[] = [];
    const got: Placement[] = [];
    const c = createPlaceClient(
      (p) => got.push(p),
      () => {},
      () => worker,
      (f) => tasks.push(f),
    );
    c.place(t, [], false);
    c.place(t, nodeIds(t), true);
    expect(posted).toHaveLength(0);
    expect(tasks).toHaveLength(1);
    tasks.shift()!();
    expect(posted.map((r) => [r.collapsed.length, r.groupByNamespace])).toEqual([[t.nodes.length, true]]);
    worker.flush();
    // The picture (every node collapsed: no pod drawn), then again with its graph.
    expect(got.map((p) => [p.placed.nodes.some((n) => n.type === 'pod'), p.built !== null])).toEqual([
      [false, false],
      [false, true],
    ]);
  });
});

describe('the graph’s slices', () => {
  it('are handed on once all are in: the picture’s, then the graph’s', () => {
    const t = displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 100 }))) as Doc);
    const worker = fakeWorker();
    const got: Placement[] = [];
    const c = createPlaceClient(
      (p) => got.push(p),
      () => {},
      () => worker,
      (f) => f(),
    );
    c.place(t, nodeIds(t), false);
    // Deliver the replies one at a time: the picture first, without its graph, then the graph with the last slice.
    const replies: PlaceReply[] = [];
    const deliver = worker.onmessage!;
    worker.onmessage = (e) => replies.push(e.data);
    worker.flush();
    // The picture's own slices (boxes, then lines), then the graph's.
    const pictureEnds = replies.findIndex((r) => r.kind === 'placed' && r.last);
    expect(pictureEnds).toBeGreaterThan(1);
    expect(replies.slice(pictureEnds + 1).every((r) => r.kind === 'built')).toBe(true);
    for (const [i, r] of replies.entries()) {
      deliver.call(worker as unknown as Worker, { data: r } as MessageEvent<PlaceReply>);
      expect(got.length).toBe(i < pictureEnds ? 0 : i < replies.length - 1 ? 1 : 2);
    }
    expect(got[0]!.placed).toEqual(placeDocument(buildGraph(t), t, { collapsed: new Set(nodeIds(t)), groupByNamespace: false }, autoLayout));
    expect(got[0]!.built).toBeNull();
    expect(got[1]!.placed).toBe(got[0]!.placed);
    const built = got[1]!.built!;
    expect(built).toEqual(buildGraph(t));
    // Indexed slice by slice as they came: the same lookups as indexing the whole graph, over the objects received.
    const whole = buildGraph(t);
    expect(markIndex(built)).toEqual(markIndex(whole));
    expect(graphIndex(built)).toEqual(graphIndex(whole));
    const someone = built.nodes[built.nodes.length - 1]!;
    expect(markIndex(built).byId.get(someone.id)).toBe(someone);
    expect(graphIndex(built).podsOf.get(someone.parentId!)).toContain(someone);
    // (Ready before asked for: emptied, the graph still has its indexes.)
    const count = built.nodes.length;
    built.nodes.splice(0);
    built.edges.splice(0);
    expect(markIndex(built).byId.size).toBe(count);
    expect(graphIndex(built).edgesInto.size).toBeGreaterThan(0);
  });
});
