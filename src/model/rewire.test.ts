import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile } from '../engine/compile';
import { trace } from '../engine/trace';
import { builtins } from '../scenarios';
import type { Doc } from './edit';
import { rewire, type Wiring } from './rewire';
import { DOCUMENTS, OFFERED, podToService, valid } from './rewire-cases';
import type { Topology } from './topology';
import { validateTopology } from './validate';

type Raw = Record<string, unknown>;

const label = (w: Wiring) => `${w.plugin} ${w.mode} + ${w.kubeProxy}`;

/** `doc` and `out` agree everywhere except where a wiring decides (the fields rewire may change). */
function keepsTheRest(doc: Raw, out: Raw, w: Wiring): void {
  const strip = (v: unknown, drop: readonly string[]) =>
    v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => !drop.includes(k))) : v;
  for (const k of new Set([...Object.keys(doc), ...Object.keys(out)])) {
    if (['cluster', 'nodes', 'pods', 'loadBalancers', 'routers', 'layout'].includes(k)) continue;
    expect(out[k], k).toEqual(doc[k]);
  }
  const c = doc.cluster as Raw;
  const oc = out.cluster as Raw;
  expect(strip(oc, ['cni', 'kubeProxy', 'podCIDR', 'vpc'])).toEqual(strip(c, ['cni', 'kubeProxy', 'podCIDR', 'vpc']));
  expect(strip(oc.vpc, ['vswitches'])).toEqual(strip(c.vpc, ['vswitches']));
  expect(strip(oc.kubeProxy, ['mode'])).toEqual(strip(c.kubeProxy ?? {}, ['mode']));
  const list = (d: Raw, k: string) => (Array.isArray(d[k]) ? (d[k] as Raw[]) : []);
  expect(list(out, 'nodes').map((n) => strip(n, ['podCIDR', 'enis']))).toEqual(list(doc, 'nodes').map((n) => strip(n, ['podCIDR', 'enis'])));
  expect(list(out, 'pods').map((p) => strip(p, ['ip', 'eni']))).toEqual(list(doc, 'pods').map((p) => strip(p, ['ip', 'eni'])));
  expect(list(out, 'loadBalancers').map((l) => strip(l, ['backend']))).toEqual(list(doc, 'loadBalancers').map((l) => strip(l, ['backend'])));
  const bgp = w.plugin === 'calico' && w.mode === 'bgp';
  expect(list(out, 'routers')).toEqual(bgp ? list(doc, 'routers') : []);
  const positions = (d: Raw) => Object.entries((d.layout ?? {}) as Raw).filter(([k]) => bgp || !k.startsWith('router:'));
  expect(positions(out)).toEqual(positions(doc));
}

/** Rewire `doc` to `w` and check everything issue 11 asks of it; returns the validated result. */
function rewiredChecked(doc: Raw, w: Wiring): Topology {
  const before = structuredClone(doc);
  const out = rewire(doc as unknown as Doc, w) as unknown as Raw;
  expect(doc, 'rewire leaves its input alone').toEqual(before);
  const t = valid(out);
  expect([t.cluster.cni.plugin, t.cluster.cni.mode, t.cluster.kubeProxy.mode]).toEqual([w.plugin, w.mode, w.kubeProxy]);
  keepsTheRest(doc, out, w);
  // The workload survives by name.
  const names = (d: Raw, k: string) => ((d[k] ?? []) as Raw[]).map((x) => `${String(x.namespace ?? 'default')}/${String(x.name)}`);
  expect(t.pods.map((p) => `${p.namespace}/${p.name}`)).toEqual(names(doc, 'pods'));
  expect(t.services.map((s) => `${s.namespace}/${s.name}`)).toEqual(names(doc, 'services'));
  return t;
}

describe('Every document survives every wiring the switch offers', () => {
  for (const [name, doc] of DOCUMENTS) {
    describe(name, () => {
      const request = podToService(valid(doc));
      for (const w of OFFERED) {
        it(`→ ${label(w)}: valid in the document format, the rest unchanged, and a pod → service trace runs`, () => {
          const t = rewiredChecked(doc, w);
          const tr = trace(compile(t), request);
          // The request reaches a backend of the service. (Not always "delivered": an exclusive ENI's
          // backend answers past the host's conntrack, and IPVS binds an externalIP that is a node's
          // address on every node, so an encapsulated reply to that node loops: see docs/engine.md.)
          expect(tr.deliveredTo, tr.reason ?? '').not.toBeNull();
        });
      }
    });
  }

  it('the shop’s NetworkPolicies stay in the document’s shape (from:, not the engine’s peers:)', () => {
    const shop = parse(builtins.find((b) => b.id === 'shop-calico')!.yaml) as Raw;
    const out = rewire(shop as unknown as Doc, { plugin: 'flannel', mode: 'vxlan', kubeProxy: 'iptables' }) as unknown as Raw;
    expect(JSON.stringify(out.networkPolicies)).not.toContain('peers');
    expect(out.networkPolicies).toEqual(shop.networkPolicies);
    // Fields the user left out stay out (no defaults written in).
    expect(out.ingresses).toEqual(shop.ingresses);
    expect((out.pods as Raw[])[0]).not.toHaveProperty('ready');
    expect((out.cluster as Raw).cni).toEqual({ plugin: 'flannel', mode: 'vxlan' });
  });
});

describe('When the built-in Flannel cluster is rewired', () => {
  const ack = parse(builtins[0]!.yaml) as Raw;
  const a = valid(ack);
  for (const w of [
    { plugin: 'terway', mode: 'ipvlan-ebpf', kubeProxy: 'ipvs' },
    { plugin: 'terway', mode: 'eniip' },
    { plugin: 'calico', mode: 'ipip' },
    { plugin: 'calico', mode: 'vxlan', kubeProxy: 'iptables' },
    { plugin: 'flannel', mode: 'vxlan' },
  ] as const) {
    it(`to ${w.plugin} ${w.mode} it re-addresses by the new IPAM`, () => {
      const t = valid(rewire(ack as unknown as Doc, w));
      expect(t.services.map((s) => s.clusterIP)).toEqual(a.services.map((s) => s.clusterIP));
      if (w.plugin === 'terway') expect(t.pods.every((p) => p.eni === 'eth1' && p.ip.startsWith('10.0.'))).toBe(true);
      if (w.plugin === 'flannel') expect(t.pods.map((p) => p.ip)).toEqual(a.pods.map((p) => p.ip));
      if (w.plugin === 'calico') expect(t.pods.map((p) => p.ip)).not.toEqual(a.pods.map((p) => p.ip));
    });
  }

  it('keeps kube-proxy as it was when the wiring names none, but not eBPF where only Terway IPVLAN has it', () => {
    const terway = parse(builtins.find((b) => b.id === 'terway-ipvlan-ebpf')!.yaml) as Raw;
    (terway.cluster as Raw).kubeProxy = { mode: 'ebpf' };
    expect(valid(rewire(terway as unknown as Doc, { plugin: 'terway', mode: 'ipvlan-ebpf' })).cluster.kubeProxy.mode).toBe('ebpf');
    expect(valid(rewire(terway as unknown as Doc, { plugin: 'flannel', mode: 'vxlan' })).cluster.kubeProxy.mode).toBe('ipvs');
  });

  it('gives each pod its own ENI in exclusive mode, adding ENIs where a node has too few', () => {
    const terway = parse(builtins.find((b) => b.id === 'terway-ipvlan-ebpf')!.yaml) as Raw;
    const t = valid(rewire(terway as unknown as Doc, { plugin: 'terway', mode: 'eni-exclusive', kubeProxy: 'ipvs' }));
    for (const n of t.nodes) {
      const pods = t.pods.filter((p) => p.node === n.name && !p.hostNetwork);
      expect(new Set(pods.map((p) => p.eni)).size).toBe(pods.length);
      expect(n.enis.length).toBeGreaterThanOrEqual(pods.length);
    }
    // The ENIs the document had keep their MACs.
    expect(t.nodes[0]!.enis[0]!.mac).toBe('00:16:3e:04:08:3a');
  });

  it('keeps Calico’s /26 blocks for Flannel when the pod range has no room for a /24 per node', () => {
    const nodes = Array.from({ length: 8 }, (_, i) => ({ name: `n${i}`, ip: `10.0.0.${10 + i}`, podCIDR: `10.244.${Math.floor(i / 4)}.${(i % 4) * 64}/26` }));
    const doc = {
      apiVersion: 'hopscope/v1',
      kind: 'Topology',
      metadata: { name: 'small-range' },
      cluster: { cni: { plugin: 'calico', mode: 'ipip' }, podCIDR: '10.244.0.0/22', vpc: { cidr: '10.0.0.0/16' } },
      nodes,
      pods: nodes.map((n) => ({ name: `p-${n.name}`, node: n.name })),
    };
    valid(doc);
    const t = valid(rewire(doc as unknown as Doc, { plugin: 'flannel', mode: 'vxlan' }));
    expect(t.nodes.map((n) => n.podCIDR)).toEqual(nodes.map((n) => n.podCIDR));
    // With room for /24s, Flannel gets its own blocks.
    const wide = { ...doc, cluster: { ...doc.cluster, podCIDR: '10.244.0.0/16' } };
    expect(valid(rewire(wide as unknown as Doc, { plugin: 'flannel', mode: 'vxlan' })).nodes.every((n) => n.podCIDR?.endsWith('/24'))).toBe(true);
  });

  it('picks a pod range clear of the VPC and the services when leaving Terway', () => {
    const terway = parse(builtins.find((b) => b.id === 'terway-ipvlan-ebpf')!.yaml) as Raw;
    (terway.cluster as Raw).vpc = { cidr: '10.0.0.0/8', vswitches: [{ name: 'vsw-hk-b', cidr: '10.0.3.0/24' }] };
    const t = valid(rewire(terway as unknown as Doc, { plugin: 'calico', mode: 'ipip', kubeProxy: 'iptables' }));
    expect(t.cluster.podCIDR).toBe('172.20.0.0/16');
  });
});

describe('Documents people edit survive every wiring too', () => {
  // Mutations that keep a document valid: addresses and blocks left for IPAM, optional sections
  // left out, pods added on a node, a node's MTU or a stated pod-network MTU.
  const base = DOCUMENTS.slice(0, 4);
  const mutation = fc.record({
    doc: fc.integer({ min: 0, max: base.length - 1 }),
    forgetIps: fc.array(fc.nat(), { maxLength: 4 }),
    forgetBlocks: fc.boolean(),
    dropLayout: fc.boolean(),
    dropKubeProxy: fc.boolean(),
    extraPods: fc.nat({ max: 12 }),
    secondInterface: fc.boolean(),
    hostNetworkPod: fc.boolean(),
    mtu: fc.option(fc.constantFrom(1400, 1450, 1480, 1500), { nil: undefined }),
    wiring: fc.integer({ min: 0, max: OFFERED.length - 1 }),
  });

  it('a document IPAM fills in, with pods added and sections left out, rewires to a valid document', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const doc = structuredClone(base[m.doc]![1]);
        const pods = doc.pods as Raw[];
        for (const i of m.forgetIps) if (pods.length) delete pods[i % pods.length]!.ip;
        if (m.forgetBlocks) {
          // Blocks and the addresses in them together (a stated address picks its node's block).
          for (const n of doc.nodes as Raw[]) delete n.podCIDR;
          for (const p of pods) if (!p.hostNetwork) delete p.ip;
        }
        if (m.dropLayout) delete doc.layout;
        if (m.dropKubeProxy) delete (doc.cluster as Raw).kubeProxy;
        if (m.mtu) ((doc.cluster as Raw).cni as Raw).mtu = m.mtu;
        const nodes = doc.nodes as Raw[];
        for (let i = 0; i < m.extraPods; i++) pods.push({ name: `extra-${i}`, node: nodes[i % nodes.length]!.name, labels: { app: 'extra' } });
        // A fault: a second interface named eth1 (which Terway's ENIs must then not be called).
        if (m.secondInterface) nodes[0]!.interfaces = [{ name: 'eth1', ip: '198.51.100.7' }];
        if (m.hostNetworkPod) pods.push({ name: 'node-agent', namespace: 'kube-system', node: nodes[0]!.name, hostNetwork: true });
        const t0 = validateTopology(doc);
        if (!t0.ok) throw new Error(`the mutation broke the document before rewiring: ${t0.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
        const t = rewiredChecked(doc, OFFERED[m.wiring]!);
        const tr = trace(compile(t), podToService(t));
        expect(tr.deliveredTo, tr.reason ?? '').not.toBeNull();
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});
