import { describe, expect, it } from 'vitest';
import { parseTopology, type Topology } from '../model';
import { displayTopology } from '../model/display';
import type { Doc } from '../model/edit';
import { builtins } from '../scenarios';
import { generateFlannelCluster } from '../scenarios/generate';
import { autoLayout } from './auto-layout';
import { buildFrame } from './frame';
import { buildGraph } from './graph';
import { placeDocument } from './place-doc';
import { samePicture } from './picture-parts';

const parse = (text: string): Topology => {
  const r = parseTopology(text);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.topology;
};

/** `t` with nothing but the parts samePicture compares (and its layout): every other part empty or absent. */
function pictureOnly(t: Topology): Topology {
  const { nodes, pods, services, loadBalancers, externals, routers, layout } = t;
  return {
    ...{ apiVersion: t.apiVersion, kind: t.kind, metadata: { name: '' }, namespaces: [], networkPolicies: [], ingresses: [], ingressClasses: [] },
    cluster: { vpc: { cidr: t.cluster.vpc.cidr } } as Topology['cluster'],
    ...{ nodes, pods, services, loadBalancers, externals, routers },
    ...(layout ? { layout } : {}),
  };
}

describe('a picture', () => {
  const cases = [
    ...builtins.map((b) => ({ name: `the built-in ${b.id}`, t: parse(b.yaml) })),
    { name: 'a generated cluster of 20 nodes', t: displayTopology(JSON.parse(JSON.stringify(generateFlannelCluster({ nodes: 20 }))) as Doc) },
  ];
  for (const { name, t } of cases)
    it(`of ${name} is made of the parts samePicture compares alone: graph, frame, placement and automatic layout`, () => {
      const bare = pictureOnly(t);
      expect(samePicture(bare, t)).toBe(true);
      const nodes = t.nodes.map((n) => `node:${n.name}`);
      expect(buildGraph(bare)).toEqual(buildGraph(t));
      expect(buildFrame(bare).outline).toEqual(buildFrame(t).outline);
      expect(buildFrame(bare).edges()).toEqual(buildFrame(t).edges());
      for (const s of [
        { collapsed: new Set<string>(), groupByNamespace: false },
        { collapsed: new Set(nodes.slice(0, 1)), groupByNamespace: true },
        { collapsed: new Set(nodes), groupByNamespace: false },
      ])
        expect(placeDocument(buildGraph(bare), bare, s, autoLayout)).toEqual(placeDocument(buildGraph(t), t, s, autoLayout));
      expect(autoLayout(buildGraph(bare), bare)).toEqual(autoLayout(buildGraph(t), t));
    });

  it('is another when any part samePicture compares is another object, or the VPC range another', () => {
    const t = parse(builtins[0]!.yaml);
    for (const k of ['nodes', 'pods', 'services', 'loadBalancers', 'externals', 'routers'] as const)
      expect(samePicture(t, { ...t, [k]: [...t[k]] })).toBe(false);
    expect(samePicture(t, { ...t, cluster: { ...t.cluster, vpc: { ...t.cluster.vpc, cidr: '172.16.0.0/12' } } })).toBe(false);
    expect(
      samePicture(t, { ...t, cluster: { ...t.cluster, kubeProxy: { ...t.cluster.kubeProxy, mode: 'ipvs' } }, metadata: { ...t.metadata, title: 'x' } }),
    ).toBe(true);
  });
});
