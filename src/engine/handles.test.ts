/**
 * Namespace handles (netns.ts peerAt, policy.ts podBehind): the walk crosses a veth by reading the
 * far end's namespace and device kept on the peer record, and finds a pod's Pod on its namespace,
 * instead of looking both up by name. Each handle must be what the lookup by name gives, after
 * traces have used (and kept) them, on every built-in document and on generated 40-node clusters;
 * and a veth pair's ends name each other, as `ip link` shows them (`vethX@if2` on both sides). A VPC
 * route entry keeps its next-hop instance (cloud/hops.ts) the same way.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import './wiring-modules-all';
import { validateTopology } from '../model';
import { builtins } from '../scenarios';
import { generateFlannelCluster, pickTraceRequests } from '../scenarios/generate';
import { compile } from './compile';
import type { Dataplane } from './dataplane';
import { peerAt } from './netns';
import { podBehind } from './policy';
import { trace } from './trace';

function compiled(raw: unknown): Dataplane {
  const v = validateTopology(raw);
  if (!v.ok) throw new Error(v.problems[0]!.message);
  return compile(v.topology);
}

/** Every namespace's veth handles and pod handle against the lookups by name; returns how many were checked. */
function checkHandles(dp: Dataplane): number {
  let checked = 0;
  for (const id of dp.nsIds()) {
    const ns = dp.ns(id)!;
    if (ns.kind === 'pod') {
      expect(podBehind(dp, ns)).toBe(dp.podsByRef.get(id.slice(4)));
      checked++;
    }
    for (const d of ns.devices.values()) {
      if (!d.peer) continue;
      const far = dp.ns(d.peer.ns)!;
      const at = peerAt(dp, d)!;
      expect(at.farNs).toBe(far);
      expect(at.farDev).toBe(far.devices.get(d.peer.dev));
      // Kept as fields of the peer record itself, not an object of their own that a crossing would read too.
      expect(at).toBe(d.peer);
      // The far end names this end back: its handle leads here.
      expect(peerAt(dp, at.farDev)?.farDev).toBe(d);
      checked++;
    }
  }
  // A VPC route entry's next-hop instance as kept on the entry (cloud/hops.ts): the owner of its address, and that owner's namespace and the device holding the address.
  for (const r of dp.vpcRoutes) {
    if (r.target !== 'instance' || r.owner === undefined) continue;
    expect(r.owner ?? undefined).toBe(dp.owners.get(r.ip));
    if (r.ns) {
      expect(r.ns).toBe(dp.ns(r.owner!));
      const name = r.ns.local.get(r.ip);
      expect(r.dev).toBe(name !== undefined && r.ns.devices.get(name)?.kind === 'ether' ? r.ns.devices.get(name) : r.ns.devices.get('eth0'));
      checked++;
    }
  }
  return checked;
}

describe('namespace handles agree with the lookups by name', () => {
  for (const b of builtins) {
    it(`built-in ${b.id}`, () => {
      const dp = compiled(parse(b.yaml));
      const pods = dp.topology.pods.filter((p) => !p.hostNetwork);
      // Traces first, so the handles checked include those the walk resolved and kept.
      for (const p of pods.slice(0, 4)) for (const q of pods.slice(-2)) trace(dp, { from: `pod:${p.namespace}/${p.name}`, to: `${q.ip}:80` });
      expect(checkHandles(dp)).toBeGreaterThan(0);
    });
  }
  for (const mode of ['ipvs', 'iptables'] as const) {
    it(`generated 40-node cluster under ${mode}`, () => {
      const doc = generateFlannelCluster({ nodes: 40, seed: 3, kubeProxyMode: mode, networkPolicies: true });
      const dp = compiled(doc);
      for (const { request } of pickTraceRequests(doc, 80, 3)) trace(dp, request);
      expect(checkHandles(dp)).toBeGreaterThan(40 * 2);
    });
  }
});
