/**
 * The main thread's share of a trace on a big cluster, in Node: the passes the canvas runs in the render that draws a
 * trace's answer (FlowCanvas, useEditorFlow, useVisibleElements) over the generated cluster's first picture (every node
 * collapsed), timed by process CPU, pass by pass, min and median of --repeats, the answer's picture and the picture
 * without it handed over in turn (as a trace and the next one through another node). Thread time, not the browser's:
 * React, React Flow and the page's style, layout and paint are not in it; what the canvas's own passes cost, and
 * which to cut, is.
 *
 *   node --expose-gc node_modules/.bin/tsx bench/trace-canvas.ts        # 1,000 nodes
 *   node --expose-gc node_modules/.bin/tsx bench/trace-canvas.ts --nodes 100 --repeats 40
 */
import { parseArgs } from 'node:util';
import { compile, trace } from '../src/engine';
import { validateTopology, type TraceRequest } from '../src/model';
import { autoCollapsed, displayTopology } from '../src/model/display';
import type { Doc } from '../src/model/doc';
import { buildGraph } from '../src/layout/graph';
import { placeDocument } from '../src/layout/place-doc';
import { collapsedForTrace, graphIndex, idMap, openCollapsed } from '../src/layout/place';
import { applyMarks, markIndex, traceMarks } from '../src/layout/marks';
import { podLayers } from '../src/layout/lod';
import { nextWindow, viewRect } from '../src/layout/view-window';
import { generateFlannelCluster, pickTraceRequests } from '../src/scenarios/generate';
import { decorate, type EditorNode } from '../src/ui/canvas/useEditorFlow';
import { declaredNode } from '../src/ui/canvas/kinds';
import { measuredKeeper } from '../src/ui/canvas/keep-measured';
import { admitKeeper, choose, placesKeeper, sameListKeeper, stagedNear } from '../src/ui/canvas/cull';
import type { AppNode } from '../src/ui/canvas/types';

const { values: opts } = parseArgs({
  options: { nodes: { type: 'string', default: '1000' }, repeats: { type: 'string', default: '20' } },
  strict: true,
});
const nodes = Number(opts.nodes);
const doc = generateFlannelCluster({ nodes });
const parsed = validateTopology(doc);
if (!parsed.ok) throw new Error('generated document is invalid');
const request: TraceRequest = pickTraceRequests(doc, 50).find((r) => r.kind === 'pod-clusterip')!.request;
const answer = trace(compile(parsed.topology), request);

// The first picture, as the place worker makes it, and the lookups the canvas builds while idle before a trace.
const view = displayTopology(doc as unknown as Doc);
const collapsedList = autoCollapsed(view);
const built = buildGraph(view);
const base = placeDocument(built, view, { collapsed: new Set(collapsedList), groupByNamespace: false }, null);
graphIndex(built);
markIndex(built);
const ids = idMap(view);
const d = { selected: new Set<string>(), problems: new Map(), query: '', namespace: '', groupByNamespace: false, namespaces: [], heldEdges: 0 };
const made = new WeakMap<object, EditorNode>();
const keep = measuredKeeper<EditorNode>();
const places = placesKeeper();
const same = sameListKeeper();
const admit = admitKeeper();
// The working view (bench:ui's): the first node's corner near the canvas's top left, at 0.6×, in a 1,080 × 760 canvas.
const first = base.nodes.find((n) => n.type === 'clusterNode')!;
const vpc = base.nodes.find((n) => n.id === first.parentId);
const at = { x: first.position.x + (vpc?.position.x ?? 0), y: first.position.y + (vpc?.position.y ?? 0) };
const window = nextWindow(null, viewRect({ x: -at.x * 0.6 + 40, y: -at.y * 0.6 + 40, zoom: 0.6 }, 1080, 760));

const cpu = new Map<string, number[]>();
// Collected before each pass when node runs with --expose-gc: a pass is not charged for the garbage of those before it.
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
function timed<T>(pass: string, f: () => T): T {
  collect();
  const t0 = process.cpuUsage();
  const out = f();
  const t = process.cpuUsage(t0);
  cpu.set(pass, [...(cpu.get(pass) ?? []), (t.user + t.system) / 1000]);
  return out;
}

/** The canvas's passes for `traced` (null: no trace), in the order one render runs them. */
function render(traced: typeof answer | null, record: boolean) {
  const time = record ? timed : <T>(_: string, f: () => T) => f();
  const opened = time('opened', () => {
    const shut = new Set(collapsedForTrace(collapsedList, view, traced));
    return new Set(collapsedList.filter((id) => !shut.has(id)));
  });
  const placed = time('openCollapsed', () => openCollapsed(base, built, view, opened));
  const marks = time('traceMarks', () => traceMarks(markIndex(built), request.from, request.to, traced));
  const graph = time('applyMarks', () => applyMarks(placed, marks));
  const decorated = time('decorate', () => {
    const out = decorate(graph, view, ids, d, made);
    return { nodes: out.nodes.map(declaredNode), edges: out.edges };
  });
  const flowNodes = time('carry', () => keep.carry(decorated.nodes)) as AppNode[];
  time('podLayers', () => podLayers(flowNodes));
  const placedNow = time('placesKeeper', () => places(flowNodes, decorated.edges));
  const chosen = time('choose', () => same(choose(placedNow, window)));
  const handed = time('admit', () => admit(placedNow, chosen, window));
  time('stagedNear', () => stagedNear(handed.nodes, podLayers(flowNodes), new Set()));
}

render(null, false);
for (let i = 0; i < Number(opts.repeats); i++) {
  render(answer, true);
  render(null, false);
}
const rows = [...cpu].map(([pass, xs]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { pass, min: s[0]!, median: s[Math.floor(s.length / 2)]! };
});
const sum = (k: 'min' | 'median') => rows.reduce((t, r) => t + r[k], 0);
console.log(`${nodes} nodes, ${base.nodes.length} elements placed; a trace's canvas passes, process CPU (ms) over ${opts.repeats} traces:`);
for (const r of rows) console.log(`  ${r.pass.padEnd(14)} min ${r.min.toFixed(2).padStart(6)}  median ${r.median.toFixed(2).padStart(6)}`);
console.log(`  ${'in all'.padEnd(14)} min ${sum('min').toFixed(2).padStart(6)}  median ${sum('median').toFixed(2).padStart(6)}`);
