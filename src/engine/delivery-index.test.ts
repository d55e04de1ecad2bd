/**
 * A delivery to a node's own stack finds the hostNetwork pod and the health-checked service by
 * index (delivery-index.ts); each answer must be what the scan over every pod and service it
 * replaces gives (the first in document order), on every built-in and on a generated 40-node
 * cluster given hostNetwork pods, some sharing a node and a port.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateTopology, type Topology } from '../model';
import { builtins } from '../scenarios';
import { generateFlannelCluster } from '../scenarios/generate';
import { compile } from './compile';
import { healthCheckServiceAt, hostPodAt } from './delivery-index';

function check(topology: Topology): number {
  const dp = compile(topology);
  let checked = 0;
  const ports = new Set([1, 22, 80, 10250, ...topology.pods.flatMap((p) => p.ports.map((c) => c.containerPort))]);
  for (const n of topology.nodes) {
    for (const port of [...ports, undefined]) {
      const scan = topology.pods.find((p) => p.hostNetwork && p.node === n.name && p.ports.some((c) => c.containerPort === port));
      expect(hostPodAt(dp, n.name, port)).toBe(scan);
      if (scan) checked++;
    }
  }
  const hc = new Set([...topology.services.flatMap((s) => (s.healthCheckNodePort === undefined ? [] : [s.healthCheckNodePort])), 30000, 32767, 80]);
  for (const port of hc) {
    const scan = topology.services.find((s) => s.healthCheckNodePort === port);
    expect(healthCheckServiceAt(dp, port)).toBe(scan);
    if (scan) checked++;
  }
  return checked;
}

const valid = (raw: unknown): Topology => {
  const v = validateTopology(raw);
  if (!v.ok) throw new Error(v.problems[0]!.message);
  return v.topology;
};

describe('delivery index agrees with the scans it replaces', () => {
  for (const b of builtins) it(`built-in ${b.id}`, () => expect(check(valid(parse(b.yaml)))).toBeGreaterThanOrEqual(0));

  it('generated 40-node cluster with hostNetwork pods', () => {
    const doc = generateFlannelCluster({ nodes: 40, seed: 3, kubeProxyMode: 'iptables' });
    // Every seventh pod on the host network: several on one node, some listing the same port.
    const pods = doc.pods.map((p, i) => (i % 7 === 0 ? { ...p, hostNetwork: true, ip: undefined } : p));
    const topology = valid({ ...doc, pods });
    expect(topology.pods.filter((p) => p.hostNetwork).length).toBeGreaterThan(40);
    expect(check(topology)).toBeGreaterThan(40);
  });
});
