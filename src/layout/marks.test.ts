import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile, trace } from '../engine';
import { validateTopology, type Topology, type Trace, type TraceRequest } from '../model';
import { builtins } from '../scenarios';
import { lessons } from '../scenarios/lessons';
import { generateFlannelCluster, pickTraceRequests } from '../scenarios/generate';
import { buildGraph } from './graph';
import { applyMarks, elementMarks, markContext, markGraph, markIndex, traceMarks } from './marks';
import { placeGraph } from './place';
import type { Marks } from './types';
import { nodeId } from '../model/element-id';

const topology = (raw: unknown): Topology => {
  const r = validateTopology(raw);
  if (!r.ok) throw new Error(r.problems[0]!.message);
  return r.topology;
};

/** The documents and traces to compare on: every built-in with its lessons' requests, and a generated cluster with the bench's kinds. */
const cases = [
  ...builtins.map((b) => ({ name: b.id, t: topology(parse(b.yaml)), requests: lessons.filter((l) => l.doc === b.id).map((l) => l.request) })),
  (() => {
    const doc = generateFlannelCluster({ nodes: 12, seed: 5, networkPolicies: true });
    return { name: 'generated-12', t: topology(doc), requests: pickTraceRequests(doc, 30, 5).map((x) => x.request) };
  })(),
];

/** What every element's own rule says, element by element: the reference the index must agree with. */
const scanned = (g: ReturnType<typeof buildGraph>, from: string, to: string, tr: Trace | null) => {
  const c = markContext(from, to, tr);
  const out = new Map<string, Marks>();
  for (const n of g.nodes) {
    const m = elementMarks(n, c);
    if (m) out.set(n.id, m);
  }
  return out;
};

describe('traceMarks', () => {
  for (const { name, t, requests } of cases) {
    it(`marks on ${name} exactly the elements the per-element rule marks, for traces and for To written every way`, () => {
      const g = buildGraph(t);
      const dp = compile(t);
      const index = markIndex(g);
      const runs: [string, string, Trace | null][] = requests.map((r: TraceRequest) => [r.from, r.to, trace(dp, r)]);
      // To as a service reference (its ClusterIP, its LB, its NodePort on a node), a node's name, an address.
      for (const s of t.services.slice(0, 5))
        for (const p of s.ports.slice(0, 1)) {
          const ref = `svc:${s.namespace}/${s.name}:${p.port}`;
          runs.push(['', ref, null], ['', `${ref}@lb`, null], ['', `${ref}@${nodeId(t.nodes.at(-1)!.name)}`, null]);
        }
      runs.push([nodeId(t.nodes[0]!.name), ` ${t.nodes[0]!.ip}:22 `, null], ['', '', null]);
      // To as an address, with nothing traced: a pod's, a node's, a service's cluster IP, an SLB's, an external's.
      const addresses = [t.pods[1]?.ip, t.nodes.at(-1)?.ip, t.services[0]?.clusterIP, t.loadBalancers[0]?.ip, t.externals[0]?.ip];
      for (const a of addresses) if (a) runs.push(['', `${a}:80`, null], ['', a, null]);
      let marked = 0;
      for (const [from, to, tr] of runs) {
        const want = scanned(g, from, to, tr);
        expect(traceMarks(index, from, to, tr)).toEqual(want);
        marked += want.size;
      }
      // The comparison means something: the cases mark elements.
      expect(marked).toBeGreaterThan(runs.length);
    });
  }
});

describe('applyMarks', () => {
  it('makes new objects only for marked elements and the edges between two on the path', () => {
    const { t, requests } = cases.find((c) => c.name === 'generated-12')!;
    const placed = placeGraph(buildGraph(t), t);
    const r = requests.find((x) => x.to.includes(':'))!;
    const tr = trace(compile(t), r);
    const marks = traceMarks(markIndex(buildGraph(t)), r.from, r.to, tr);
    const g = applyMarks(placed, marks);
    const changed = g.nodes.filter((n, i) => n !== placed.nodes[i]).map((n) => n.id);
    expect(changed.sort()).toEqual([...marks.keys()].filter((id) => placed.nodes.some((n) => n.id === id)).sort());
    expect(changed.length).toBeGreaterThan(2);
    for (const e of g.edges.filter((e, i) => e !== placed.edges[i])) {
      expect(e.className).toBe('on-path');
      expect(marks.get(e.source)?.onPath && marks.get(e.target)?.onPath).toBe(true);
    }
    // The same as marking the placed picture itself (as the exported pictures do).
    expect(g).toEqual(markGraph(placed, r.from, r.to, tr));
    expect(applyMarks(placed, new Map())).toBe(placed);
  });
});
