import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importKubectl } from '../model/kubectl-import';
import { MAX_DOCUMENT_SIZE } from '../model/limits';
import { generateFlannelCluster, type FlannelClusterOptions } from './generate';
import { generateKubectlList, kubectlListText } from './generate-kubectl';

type Rec = Record<string, unknown>;
const byRef = <T extends { namespace?: unknown; name?: unknown }>(xs: readonly T[]) => new Map(xs.map((x) => [`${String(x.namespace)}/${String(x.name)}`, x]));

/** The import of a generated List, and the document the same options generate. */
function both(opts: FlannelClusterOptions, format: 'json' | 'yaml') {
  const generated = generateFlannelCluster(opts);
  const r = importKubectl(kubectlListText(opts, format));
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return { generated, imported: r.document as { nodes: Rec[]; pods: Rec[]; services: Rec[]; loadBalancers?: Rec[]; cluster: Rec }, inferred: r.inferred };
}

describe('A generated cluster written as kubectl output', () => {
  for (const format of ['json', 'yaml'] as const) {
    it(`imports (-o ${format}) as the cluster it was written from: same nodes, pods, addresses, services and endpoints`, () => {
      const opts = { nodes: 6, podsPerNode: 8, podsPerService: 4, seed: 3 };
      const { generated, imported, inferred } = both(opts, format);

      expect(inferred.cni).toMatchObject({ plugin: 'flannel', mode: generated.cluster.cni.mode });
      expect(inferred.kubeProxy.mode).toBe(generated.cluster.kubeProxy.mode);
      expect(imported.nodes).toEqual(generated.nodes.map((n) => ({ name: n.name, ip: n.ip, podCIDR: n.podCIDR })));

      // Beside the generated pods the List holds each node's kube-flannel and kube-proxy pods (hostNetwork, kube-system).
      const daemons = imported.pods.filter((p) => p.hostNetwork === true);
      expect(daemons.map((p) => p.namespace)).toEqual(Array(2 * opts.nodes).fill('kube-system'));
      const pods = byRef(imported.pods.filter((p) => p.hostNetwork !== true));
      expect(pods.size).toBe(generated.pods.length);
      for (const g of generated.pods) {
        const p = pods.get(`${g.namespace}/${g.name}`);
        expect(p, g.name).toMatchObject({ node: g.node, ip: g.ip, ports: g.ports, ready: g.ready !== false });
        // Its labels and the ReplicaSet's pod-template-hash.
        expect(p!.labels).toEqual({ ...g.labels, 'pod-template-hash': g.name.split('-').at(-2) });
      }

      const services = byRef(imported.services);
      expect(services.size).toBe(generated.services.length); // default/kubernetes, selector-less, is left out
      const lbIp = new Map(generated.loadBalancers.map((l) => [l.name, l.ip]));
      const importedLbIp = new Map((imported.loadBalancers ?? []).map((l) => [l.name, l.ip]));
      for (const g of generated.services) {
        const s = services.get(`${g.namespace}/${g.name}`)!;
        const { loadBalancer, healthCheckNodePort, ...rest } = s;
        const { loadBalancer: gLb, ...gRest } = g;
        // Named targetPorts resolve through the pods' container ports to the generated numbers.
        expect(rest, g.name).toEqual({ ...gRest, ports: g.ports.map((p) => ({ ...p })) });
        expect(loadBalancer === undefined ? undefined : importedLbIp.get(loadBalancer as string)).toBe(gLb === undefined ? undefined : lbIp.get(gLb));
        // The API server allocates one to every LoadBalancer service with externalTrafficPolicy Local.
        expect(healthCheckNodePort !== undefined).toBe(g.type === 'LoadBalancer' && g.externalTrafficPolicy === 'Local');
      }
    });
  }

  it('gives each service an EndpointSlice naming exactly the pods its selector picks, with their readiness', () => {
    const opts = { nodes: 5, podsPerNode: 20, seed: 9 };
    const doc = generateFlannelCluster(opts);
    const slices = generateKubectlList(opts).items.filter((o) => o.kind === 'EndpointSlice');
    expect(slices).toHaveLength(doc.services.length);
    for (const s of doc.services) {
      const slice = slices.find((x) => (x.metadata as { labels: Rec }).labels['kubernetes.io/service-name'] === s.name)!;
      const endpoints = (slice.endpoints as { addresses: string[]; conditions: { ready: boolean }; targetRef: { name: string } }[]).map((e) => [
        e.targetRef.name,
        e.addresses[0],
        e.conditions.ready,
      ]);
      const selected = doc.pods.filter((p) => p.namespace === s.namespace && p.labels.app === s.selector.app).map((p) => [p.name, p.ip, p.ready !== false]);
      expect(endpoints).toEqual(selected);
    }
    expect(doc.pods.some((p) => p.ready === false)).toBe(true);
  });

  it('is the same text for the same options, and another for another seed; its YAML and JSON hold the same List', () => {
    const json = kubectlListText({ nodes: 4, seed: 2 }, 'json');
    expect(kubectlListText({ nodes: 4, seed: 2 }, 'json')).toBe(json);
    expect(kubectlListText({ nodes: 4, seed: 5 }, 'json')).not.toBe(json);
    expect(parse(kubectlListText({ nodes: 4, seed: 2 }, 'yaml'))).toEqual(JSON.parse(json));
    const names = generateKubectlList({ nodes: 300, podsPerNode: 1 })
      .items.filter((o) => o.kind === 'Pod')
      .map((o) => (o.metadata as { name: string }).name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('imports when bigger than a document may be: kubectl output has its own limit', () => {
    // 160 nodes of -o json are ~22 MB, over the 20 MiB a document may be (1,000 nodes: ~140 MB).
    const text = kubectlListText({ nodes: 160, seed: 1 }, 'json');
    expect(text.length).toBeGreaterThan(MAX_DOCUMENT_SIZE);
    const r = importKubectl(text);
    expect(r.ok && r.inferred.counts).toMatchObject({ nodes: 160, pods: 160 * 32 });
  }, 60_000);
});
