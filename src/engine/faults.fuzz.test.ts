/**
 * The built-in clusters under every CNI and kube-proxy mode, with random faults of every kind
 * the inspector's "Break it" writes (and more): routes added by hand (via a gateway, a device,
 * one that does not exist), extra interfaces up or down, nat and filter rules, links down,
 * deleted node and VPC routes, MTUs, sysctls. Whatever the validator accepts, the engine
 * compiles and traces without throwing; whatever it refuses, it refuses with located problems
 * (never its own crash).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rewire, validateTopology, type Topology, type TraceRequest, type Wiring } from '../model';
import type { Doc } from '../model/edit';
import { CNI_MODES } from '../model/topology';
import { builtins } from '../scenarios';
import { compile } from './compile';
import { RequestError, trace } from './trace';

const WIRINGS: Wiring[] = (Object.keys(CNI_MODES) as (keyof typeof CNI_MODES)[]).flatMap((plugin) =>
  CNI_MODES[plugin].flatMap((mode) => [
    ...(['iptables', 'ipvs'] as const).map((kubeProxy) => ({ plugin, mode, kubeProxy })),
    ...(plugin === 'terway' && mode === 'ipvlan-ebpf'
      ? [
          { plugin, mode, kubeProxy: 'ebpf' as const },
          { plugin, mode, kubeProxy: 'ipvs' as const, version: '1.1.0' },
        ]
      : []),
  ]),
);

const rawDocs = builtins.map((b) => parse(b.yaml) as Record<string, unknown>);
const bases: Topology[] = builtins.map((b, i) => {
  const r = validateTopology(structuredClone(rawDocs[i]));
  if (!r.ok) throw new Error(`${b.id} does not validate`);
  return r.topology;
});

// Devices of some wiring or other (a few of no wiring: eth9, a pod's veth that may not exist).
const DEVICES = ['eth0', 'eth0', 'eth1', 'cni0', 'flannel.1', 'tunl0', 'vxlan.calico', 'kube-ipvs0', 'ipvl_3', 'cali0123456789a', 'eth9'];
const CIDRS = [
  '0.0.0.0/0',
  '10.0.0.0/16',
  '10.244.0.0/16',
  '172.23.96.0/26',
  '172.23.96.64/26',
  '10.217.121.0/26',
  '10.244.2.0/26',
  '192.168.0.0/16',
  '10.96.0.0/12',
  '47.0.0.0/8',
  '10.0.3.0/24',
  '192.168.0.0/24',
  '169.254.1.1/32',
];
const ADDRESSES = [
  '10.0.0.180',
  '10.0.1.216',
  '192.168.64.58',
  '192.168.0.12',
  '10.0.3.16',
  '10.0.0.254',
  '10.0.3.200',
  '192.168.64.99',
  '192.168.0.99',
  '8.8.8.8',
  '172.23.96.24',
];

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const routeArb = fc.record({ dst: fc.constantFrom(...CIDRS), via: maybe(fc.constantFrom(...ADDRESSES)), dev: maybe(fc.constantFrom(...DEVICES)) });
const interfaceArb = fc.record({ name: fc.constantFrom('eth1', 'eth2', 'eth3'), ip: fc.constantFrom(...ADDRESSES), up: fc.boolean() });
const natArb = fc
  .record({
    chain: fc.constantFrom('PREROUTING', 'OUTPUT', 'POSTROUTING'),
    proto: maybe(fc.constantFrom('tcp', 'udp', 'icmp')),
    source: maybe(fc.constantFrom(...CIDRS)),
    destination: maybe(fc.constantFrom(...CIDRS)),
    outInterface: maybe(fc.constantFrom(...DEVICES)),
    dport: maybe(fc.constantFrom(80, 8080, 30080)),
    action: fc.constantFrom('MASQUERADE', 'SNAT', 'DNAT', 'RETURN'),
    to: fc.constantFrom('10.0.0.180', '10.244.2.10:80', '8.8.8.8:53', '172.23.96.24:8080'),
  })
  // Mostly rules iptables would take (-o in POSTROUTING, --dport with -p, --to with SNAT/DNAT), so most documents reach the engine.
  .map((r) => ({
    ...r,
    outInterface: r.chain === 'POSTROUTING' ? r.outInterface : undefined,
    proto: r.dport !== undefined && r.proto !== 'udp' ? 'tcp' : r.proto,
    to: r.action === 'SNAT' ? r.to.split(':')[0] : r.action === 'DNAT' ? r.to : undefined,
  }));
const filterArb = fc
  .record({
    chain: fc.constantFrom('INPUT', 'FORWARD', 'OUTPUT'),
    proto: maybe(fc.constantFrom('tcp', 'udp', 'icmp')),
    source: maybe(fc.constantFrom(...CIDRS)),
    destination: maybe(fc.constantFrom(...CIDRS)),
    dport: maybe(fc.constantFrom(80, 443, 8080)),
    action: fc.constantFrom('DROP', 'REJECT', 'ACCEPT'),
  })
  .map((r) => ({ ...r, proto: r.dport !== undefined && r.proto !== 'udp' ? 'tcp' : r.proto }));
const nodeFaultsArb = fc.record({
  routes: fc.array(routeArb, { maxLength: 2 }),
  interfaces: fc.array(interfaceArb, { maxLength: 1 }),
  nat: fc.array(natArb, { maxLength: 2 }),
  filter: fc.array(filterArb, { maxLength: 2 }),
  linksDown: fc.array(fc.constantFrom(...DEVICES), { maxLength: 1 }),
  deletedRoutes: fc.array(fc.constantFrom(...CIDRS), { maxLength: 2 }),
  kernel: fc.record({
    ipForward: fc.boolean(),
    rpFilter: fc.constantFrom('off', 'loose', 'strict'),
    mtu: fc.constantFrom(576, 1000, 1400, 1450, 1500, 9000),
    bridgeNfCallIptables: fc.boolean(),
  }),
});
const requestArb = fc.record({
  from: fc.nat(),
  to: fc.nat(),
  protocol: fc.constantFrom('TCP', 'UDP', 'ICMP'),
  size: fc.constantFrom(60, 1400, 1480, 1500, 8000),
  df: fc.boolean(),
});

type Raw = Record<string, unknown> & { nodes: Record<string, unknown>[]; cluster: { vpc: Record<string, unknown> } };

/** Requests between everything the topology names: pods, nodes, externals to pods, services, node ports, load balancers, the ingress. */
function endpoints(t: Topology): { froms: string[]; tos: string[] } {
  const froms = [
    ...t.pods.map((p) => `pod:${p.namespace}/${p.name}`),
    ...t.nodes.map((n) => `node:${n.name}`),
    ...t.externals.map((e) => `external:${e.name}`),
  ];
  const tos = [
    ...t.pods.map((p) => `${p.ip}:80`),
    ...t.services.flatMap((s) => s.ports.map((p) => `${s.clusterIP}:${p.port}`)),
    ...t.services.flatMap((s) => s.ports.flatMap((p) => (p.nodePort ? [`${t.nodes[0]!.ip}:${p.nodePort}`] : []))),
    ...t.services.flatMap((s) => s.ports.map((p) => `svc:${s.namespace}/${s.name}:${p.port}@lb`)),
    ...t.ingresses.flatMap((i) => i.rules.map((r) => `http://${r.host ?? 'x'}/api`)),
    `${t.nodes[0]!.ip}:22`,
    '8.8.8.8:53',
  ];
  return { froms, tos };
}

describe('When the built-ins are broken at random under every wiring', () => {
  it(`never throws: refused with located problems, or traced to a verdict (${WIRINGS.length} wirings)`, () => {
    let traced = 0;
    const runs = Number(process.env.FUZZ_RUNS ?? 150);
    fc.assert(
      fc.property(
        fc.nat(bases.length - 1),
        fc.nat(WIRINGS.length - 1),
        fc.array(fc.tuple(fc.nat(), nodeFaultsArb), { minLength: 1, maxLength: 3 }),
        fc.array(fc.constantFrom(...CIDRS), { maxLength: 2 }),
        fc.array(requestArb, { minLength: 1, maxLength: 4 }),
        (b, w, faults, vpcDeleted, requests) => {
          const raw = rewire(rawDocs[b]! as unknown as Doc, WIRINGS[w]!) as unknown as Raw;
          for (const [n, f] of faults) {
            const node = raw.nodes[n % raw.nodes.length]!;
            Object.assign(node, { ...f, routes: f.routes.filter((r) => r.via !== undefined || r.dev !== undefined) });
          }
          raw.cluster.vpc.deletedRoutes = vpcDeleted;
          const r = validateTopology(JSON.parse(JSON.stringify(raw)));
          if (!r.ok) {
            if (process.env.FUZZ_DEBUG) console.log(r.problems.map((p) => p.why?.key).join(' '));
            for (const p of r.problems) {
              expect(p.why?.key, `${p.path}: ${p.message}`).not.toBe('p_internal');
              expect(p.message.length).toBeGreaterThan(0);
            }
            return;
          }
          const dp = compile(r.topology);
          const { froms, tos } = endpoints(r.topology);
          for (const q of requests) {
            const req: TraceRequest = {
              from: froms[q.from % froms.length]!,
              to: tos[q.to % tos.length]!,
              protocol: q.protocol as TraceRequest['protocol'],
              size: q.size,
              df: q.df,
              choice: { all: true },
            };
            let t;
            try {
              t = trace(dp, req);
            } catch (e) {
              // A request the document cannot answer (e.g. a service without a load balancer) is the user's, not a crash.
              if (e instanceof RequestError) continue;
              throw e;
            }
            traced++;
            expect(['delivered', 'refused', 'unreachable', 'dropped']).toContain(t.verdict);
            expect(t.hops.length).toBeGreaterThan(0);
            if (t.verdict !== 'delivered') expect(t.reason).toBeTruthy();
            expect(Math.abs(t.outcomes!.reduce((s, o) => s + o.p, 0) - 1)).toBeLessThan(1e-9);
          }
        },
      ),
      { numRuns: runs },
    );
    // The property is only worth something if many documents got as far as the engine (about 2 in 3 do).
    expect(traced).toBeGreaterThan(runs / 3);
  }, 600_000);

  it('a route via a device the node lacks is refused by the validator, naming the field (it crashed the engine)', () => {
    const raw = rewire(rawDocs[0]! as unknown as Doc, { plugin: 'flannel', mode: 'vpc-route', kubeProxy: 'ipvs' }) as unknown as Raw;
    raw.nodes[0]!.routes = [{ dst: '0.0.0.0/0', dev: 'eth1' }];
    const r = validateTopology(raw);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `nodes[0].routes[0].dev: node ${bases[0]!.nodes[0]!.name} has no interface 'eth1': use one of eth0, cni0, kube-ipvs0, or add it to the node's interfaces`,
    ]);
  });

  it("a tunnel's outer packet routed back into the tunnel is dropped as a loop, not encapsulated without end (found by the property)", () => {
    // The counterexample fast-check shrank to (seed 2007599474): a default route via tunl0 under Calico IPIP.
    // ip_tunnel_xmit (net/ipv4/ip_tunnel.c) drops a packet whose route leads out of the tunnel itself.
    const raw = rewire(rawDocs[0]! as unknown as Doc, WIRINGS[8]!) as unknown as Raw;
    expect(raw.cluster).toMatchObject({ cni: { plugin: 'calico', mode: 'ipip' } });
    raw.nodes[0]!.routes = [{ dst: '0.0.0.0/0', dev: 'tunl0' }];
    const r = validateTopology(JSON.parse(JSON.stringify(raw)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { froms, tos } = endpoints(r.topology);
    const t = trace(compile(r.topology), { from: froms[509833733 % froms.length]!, to: tos[1424508386 % tos.length]!, protocol: 'UDP', size: 60, df: false });
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toContain("tunl0's outer packet");
    expect(t.reason).toContain('routing loop');
  });

  it('the engine does not install such a route if handed one anyway, as ip route add refuses it', () => {
    const t = structuredClone(bases[0]!);
    t.nodes[0]!.routes = [{ dst: '0.0.0.0/0', dev: 'eth1' }];
    const dp = compile(t);
    const out = trace(dp, { from: `pod:default/${t.pods[0]!.name}`, to: '8.8.8.8:80' });
    expect(['delivered', 'refused', 'unreachable', 'dropped']).toContain(out.verdict);
  });
});
