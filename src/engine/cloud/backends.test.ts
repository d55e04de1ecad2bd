/**
 * SLB backend groups over a big cluster: what a listener offers (every node at its nodePort for
 * externalTrafficPolicy Cluster, the nodes kube-proxy's health check answers 200 on for Local),
 * read from the document independently of the engine; and that a trace offers them without
 * making a record per node until something reads the hop's choices.
 */
import { describe, expect, it } from 'vitest';
import { validateTopology, type Hop, type Topology } from '../../model';
import { generateFlannelCluster } from '../../scenarios/generate';
import { compile } from '../compile';
import { trace } from '../trace';

const NODES = 200;
const doc = generateFlannelCluster({ nodes: NODES, seed: 3 });
const parsed = validateTopology(doc);
if (!parsed.ok) throw new Error('generated document invalid');
const topology: Topology = parsed.topology;

/** The first LoadBalancer service with this policy that lets any source in, with its LB's address. */
function lbService(etp: 'Cluster' | 'Local') {
  const svc = topology.services.find((s) => s.loadBalancer && s.externalTrafficPolicy === etp && s.loadBalancerSourceRanges.length === 0)!;
  const lb = topology.loadBalancers.find((l) => l.name === svc.loadBalancer)!;
  return { svc, port: svc.ports[0]!, to: `${lb.ip}:${svc.ports[0]!.port}`, slb: `slb:${lb.name}` };
}
const client = `external:${topology.externals.find((e) => e.network !== 'vpc')!.name}`;
const slbHop = (hops: Hop[], ns: string) => hops.find((h) => h.ns === ns)!;

/** The nodes with a ready pod the service selects, in the document's order, with how many. */
function readyLocal(svc: Topology['services'][number]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of topology.pods) {
    const selected = p.namespace === svc.namespace && Object.entries(svc.selector).every(([k, v]) => p.labels[k] === v);
    if (selected && p.ready) counts.set(p.node, (counts.get(p.node) ?? 0) + 1);
  }
  return counts;
}

describe('An SLB over a 200-node cluster', () => {
  it('offers every node at the nodePort, equally likely, in the document order (externalTrafficPolicy Cluster)', () => {
    const { port, to, slb } = lbService('Cluster');
    const t = trace(compile(topology), { from: client, to });
    const expected = topology.nodes.map((n) => ({ to: `${n.ip}:${port.nodePort}`, p: 1 / NODES, via: n.name }));
    expect(slbHop(t.hops, slb).choices).toEqual(expected);
  });

  it('offers only the nodes whose health check answers 200, and its note lists every node (Local)', () => {
    const { svc, port, to, slb } = lbService('Local');
    const local = readyLocal(svc);
    expect(local.size).toBeGreaterThan(1);
    const t = trace(compile(topology), { from: client, to });
    const hop = slbHop(t.hops, slb);
    const withLocal = topology.nodes.filter((n) => local.has(n.name));
    expect(hop.choices).toEqual(withLocal.map((n) => ({ to: `${n.ip}:${port.nodePort}`, p: 1 / withLocal.length, via: n.name })));
    const idle = topology.nodes.find((n) => !local.has(n.name))!;
    expect(hop.note).toContain(`${idle.name} 503 (localEndpoints 0)`);
    expect(hop.note).toContain(`${withLocal[0]!.name} 200 (localEndpoints ${local.get(withLocal[0]!.name)})`);
    expect(hop.note!.match(/\(localEndpoints \d+\)/g)).toHaveLength(NODES);
  });

  it('follows a picked backend far down the list', () => {
    const { port, to, slb } = lbService('Cluster');
    const far = topology.nodes[NODES - 7]!;
    const t = trace(compile(topology), { from: client, to, choice: { pick: [`${far.ip}:${port.nodePort}`] } });
    expect(slbHop(t.hops, slb).rewrites?.[0]?.to).toBe(`${far.ip}:${port.nodePort}`);
    expect(t.hops.some((h) => h.ns === `node:${far.name}`)).toBe(true);
  });

  it('makes the choice records only when the hop is read, once per listener, and they read as plain data', () => {
    const { to, slb } = lbService('Cluster');
    const dp = compile(topology);
    const first = slbHop(trace(dp, { from: client, to }).hops, slb);
    // Unread, the hop holds the group, not a thousand records.
    expect(Object.getOwnPropertyDescriptor(first, 'choices')?.get).toBeDefined();
    expect(Object.keys(first)).toContain('choices');
    const viaJson = (JSON.parse(JSON.stringify(first)) as Hop).choices;
    const cloned = structuredClone(first).choices;
    expect(Object.getOwnPropertyDescriptor(first, 'choices')?.value).toBe(first.choices);
    expect(cloned).toEqual(first.choices);
    expect(viaJson).toEqual(first.choices);
    expect(first.choices).toHaveLength(NODES);
    const second = slbHop(trace(dp, { from: client, to, choice: { seed: 5 } }).hops, slb);
    expect(second.choices).toBe(first.choices);
  });
});
