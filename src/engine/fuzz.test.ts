/**
 * Random valid Flannel clusters and random requests: the engine never throws, every trace
 * terminates with a verdict, and enumerated outcomes' probabilities sum to 1.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateTopology, type TraceRequest } from '../model';
import { compile } from './compile';
import { trace } from './trace';

const labels = ['a', 'b', 'c'];

const clusterArb = fc
  .record({
    mode: fc.constantFrom('vpc-route', 'host-gw', 'vxlan'),
    proxy: fc.constantFrom('iptables', 'ipvs'),
    version: fc.constantFrom(undefined, '1.20', '1.28'),
    ipMasq: fc.boolean(),
    masqueradeAll: fc.boolean(),
    nodes: fc.array(
      fc.record({
        ipForward: fc.boolean(),
        rpFilter: fc.constantFrom('off', 'loose', 'strict'),
        mtu: fc.constantFrom(1500, 1400, 9000),
        brnf: fc.boolean(),
        dropIcmp: fc.boolean(),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    pods: fc.array(fc.record({ node: fc.nat(3), app: fc.constantFrom(...labels), ready: fc.boolean(), terminating: fc.boolean(), host: fc.boolean() }), {
      maxLength: 8,
    }),
    services: fc.array(
      fc.record({
        app: fc.constantFrom(...labels),
        type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'),
        etp: fc.constantFrom('Cluster', 'Local'),
        itp: fc.constantFrom('Cluster', 'Local'),
        backend: fc.constantFrom('nodeport', 'vip'),
        ranges: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
  })
  .map((c) => {
    const nodes = c.nodes.map((n, i) => ({
      name: `n${i}`,
      ip: `10.0.0.${10 + i}`,
      podCIDR: `10.244.${i}.0/24`,
      kernel: { ipForward: n.ipForward, rpFilter: n.rpFilter, mtu: n.mtu, bridgeNfCallIptables: n.brnf },
      filter: n.dropIcmp ? [{ chain: 'FORWARD', proto: 'icmp', action: 'DROP' }] : [],
    }));
    const pods = c.pods.map((p, i) => ({
      name: `p${i}`,
      node: `n${p.node % nodes.length}`,
      labels: { app: p.app },
      ready: p.ready,
      terminating: p.terminating,
      hostNetwork: p.host && i % 3 === 0,
    }));
    const services = c.services.map((s, i) => ({
      name: `s${i}`,
      type: s.type,
      selector: { app: s.app },
      ports: [{ port: 80, targetPort: 80, ...(s.type === 'ClusterIP' ? {} : { nodePort: 30000 + i }) }],
      ...(s.type === 'ClusterIP' ? {} : { externalTrafficPolicy: s.etp }),
      internalTrafficPolicy: s.itp,
      ...(s.type === 'LoadBalancer' ? { loadBalancer: `lb${i}`, loadBalancerSourceRanges: s.ranges ? ['47.0.0.0/8'] : [] } : {}),
    }));
    const loadBalancers = c.services.flatMap((s, i) => (s.type === 'LoadBalancer' ? [{ name: `lb${i}`, ip: `8.8.${i}.1`, backend: s.backend }] : []));
    return {
      apiVersion: 'hopscope/v1',
      kind: 'Topology',
      metadata: { name: 'fuzz' },
      cluster: {
        cni: { plugin: 'flannel', mode: c.mode, ipMasq: c.ipMasq },
        kubeProxy: { mode: c.proxy, masqueradeAll: c.masqueradeAll, ...(c.version ? { version: c.version } : {}) },
        podCIDR: '10.244.0.0/16',
        serviceCIDR: '10.96.0.0/16',
        vpc: { cidr: '10.0.0.0/16' },
      },
      nodes,
      pods,
      services,
      loadBalancers,
      externals: [
        { name: 'web', ip: '47.1.2.3' },
        { name: 'office', ip: '10.0.9.9', network: 'vpc' },
      ],
    };
  });

describe('When random clusters are traced', () => {
  it('never throws, always ends, and all-outcome probabilities sum to 1', () => {
    fc.assert(
      fc.property(clusterArb, fc.nat(1000), fc.constantFrom('TCP', 'UDP', 'ICMP'), (raw, k, proto) => {
        const r = validateTopology(raw);
        if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
        const dp = compile(r.topology);
        const t0 = r.topology;
        const froms = [...t0.pods.map((p) => `pod:${p.namespace}/${p.name}`), ...t0.nodes.map((n) => `node:${n.name}`), 'external:web', 'external:office'];
        const tos = [
          ...t0.pods.map((p) => `${p.ip}:80`),
          ...t0.services.map((s) => `${s.clusterIP}:80`),
          ...t0.services.flatMap((s) => (s.ports[0]?.nodePort ? [`${t0.nodes[0]!.ip}:${s.ports[0].nodePort}`] : [])),
          ...t0.loadBalancers.map((l) => `${l.ip}:80`),
          '47.1.2.3:80',
        ];
        const req: TraceRequest = {
          from: froms[k % froms.length]!,
          to: tos[(k * 7) % tos.length]!,
          protocol: proto as TraceRequest['protocol'],
          choice: { all: true },
        };
        const t = trace(dp, req);
        expect(['delivered', 'refused', 'unreachable', 'dropped']).toContain(t.verdict);
        expect(t.hops.length).toBeGreaterThan(0);
        expect(t.hops.length).toBeLessThan(300);
        if (t.verdict !== 'delivered') expect(t.reason).toBeTruthy();
        const sum = t.outcomes!.reduce((s, o) => s + o.p, 0);
        expect(Math.abs(sum - 1)).toBeLessThan(1e-9);
      }),
      { numRuns: 300 },
    );
  });
});

const calicoTerwayArb = fc
  .record({
    plugin: fc.constantFrom('calico', 'terway'),
    calicoMode: fc.constantFrom('bgp-tor', 'bgp-mesh', 'ipip', 'vxlan'),
    terwayMode: fc.constantFrom('ipvlan-ebpf', 'eniip', 'eni-exclusive'),
    terwayVersion: fc.constantFrom('1.1.0', '1.5.0'),
    proxy: fc.constantFrom('iptables', 'ipvs'),
    nodes: fc.integer({ min: 1, max: 3 }),
    pods: fc.array(fc.record({ node: fc.nat(2), app: fc.constantFrom(...labels), eni: fc.nat(1) }), { maxLength: 6 }),
    services: fc.array(
      fc.record({
        app: fc.constantFrom(...labels),
        type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'),
        etp: fc.constantFrom('Cluster', 'Local'),
        backend: fc.constantFrom('nodeport', 'eni'),
      }),
      { maxLength: 3 },
    ),
  })
  .map((c) => {
    const calico = c.plugin === 'calico';
    const exclusive = !calico && c.terwayMode === 'eni-exclusive';
    const nodes = Array.from({ length: c.nodes }, (_, i) => ({
      name: `n${i}`,
      ip: `10.0.0.${10 + i}`,
      ...(calico
        ? { podCIDR: `10.244.${i}.0/26` }
        : {
            enis: [
              { name: 'eth1', mac: `00:16:3e:00:0${i}:01`, maxIPs: 10 },
              { name: 'eth2', mac: `00:16:3e:00:0${i}:02`, maxIPs: 10 },
            ],
          }),
    }));
    // An exclusive ENI holds one pod: keep at most one pod per (node, ENI).
    const seen = new Set<string>();
    const pods = c.pods
      .map((p, i) => ({ name: `p${i}`, node: `n${p.node % c.nodes}`, labels: { app: p.app }, ...(calico ? {} : { eni: p.eni === 0 ? 'eth1' : 'eth2' }) }))
      .filter((p) => !exclusive || (!seen.has(`${p.node}/${p.eni}`) && seen.add(`${p.node}/${p.eni}`)));
    const services = c.services.map((s, i) => ({
      name: `s${i}`,
      type: s.type,
      selector: { app: s.app },
      ports: [{ port: 80, targetPort: 80, ...(s.type === 'ClusterIP' ? {} : { nodePort: 30000 + i }) }],
      ...(s.type === 'ClusterIP' ? {} : { externalTrafficPolicy: s.etp }),
      ...(s.type === 'LoadBalancer' ? { loadBalancer: `lb${i}` } : {}),
    }));
    const loadBalancers = c.services.flatMap((s, i) =>
      s.type === 'LoadBalancer' ? [{ name: `lb${i}`, ip: `8.8.${i}.1`, backend: calico ? 'nodeport' : s.backend }] : [],
    );
    const cni = calico
      ? {
          plugin: 'calico',
          mode: c.calicoMode.startsWith('bgp') ? 'bgp' : c.calicoMode,
          ...(c.calicoMode.startsWith('bgp') ? { bgp: { peering: c.calicoMode === 'bgp-tor' ? 'tor' : 'mesh' } } : {}),
        }
      : { plugin: 'terway', mode: c.terwayMode, version: c.terwayVersion };
    return {
      apiVersion: 'hopscope/v1',
      kind: 'Topology',
      metadata: { name: 'fuzz' },
      cluster: {
        cni,
        kubeProxy: { mode: c.proxy },
        ...(calico ? { podCIDR: '10.244.0.0/16' } : {}),
        serviceCIDR: '10.96.0.0/16',
        vpc: { cidr: '10.0.0.0/16', ...(calico ? {} : { vswitches: [{ name: 'vsw', cidr: '10.0.0.0/24' }] }) },
      },
      routers: calico && c.calicoMode === 'bgp-tor' ? [{ name: 'tor', asn: 65001, nodes: nodes.map((n) => n.name) }] : [],
      nodes,
      pods,
      services,
      loadBalancers,
      externals: [
        { name: 'web', ip: '47.1.2.3' },
        { name: 'office', ip: '10.0.9.9', network: 'vpc' },
      ],
    };
  });

describe('When random Calico and Terway clusters are traced', () => {
  it('never throws, always ends, and all-outcome probabilities sum to 1', () => {
    fc.assert(
      fc.property(calicoTerwayArb, fc.nat(1000), fc.constantFrom('TCP', 'UDP', 'ICMP'), (raw, k, proto) => {
        const r = validateTopology(raw);
        if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
        const dp = compile(r.topology);
        const t0 = r.topology;
        const froms = [...t0.pods.map((p) => `pod:${p.namespace}/${p.name}`), ...t0.nodes.map((n) => `node:${n.name}`), 'external:web', 'external:office'];
        const tos = [
          ...t0.pods.map((p) => `${p.ip}:80`),
          ...t0.services.map((s) => `${s.clusterIP}:80`),
          ...t0.loadBalancers.map((l) => `${l.ip}:80`),
          `${t0.nodes[0]!.ip}:22`,
        ];
        const t = trace(dp, {
          from: froms[k % froms.length]!,
          to: tos[(k * 7) % tos.length]!,
          protocol: proto as TraceRequest['protocol'],
          choice: { all: true },
        });
        expect(['delivered', 'refused', 'unreachable', 'dropped']).toContain(t.verdict);
        expect(t.hops.length).toBeGreaterThan(0);
        if (t.verdict !== 'delivered') expect(t.reason).toBeTruthy();
        expect(Math.abs(t.outcomes!.reduce((s, o) => s + o.p, 0) - 1)).toBeLessThan(1e-9);
      }),
      { numRuns: 300 },
    );
  });
});
