import { describe, expect, it, vi } from 'vitest';
import { parseTopology, type Topology } from '../model';
import { ackFlannelYaml } from '../scenarios/ack-flannel';
import { calicoBgpTorYaml } from '../scenarios/calico-bgp-tor';
import { terwayIpvlanEbpfYaml } from '../scenarios/terway-ipvlan-ebpf';

const topologyOf = (yaml: string): Topology => {
  const r = parseTopology(yaml);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.topology;
};
const flannel = topologyOf(ackFlannelYaml);
const calico = topologyOf(calicoBgpTorYaml);
const terway = topologyOf(terwayIpvlanEbpfYaml);

/** A registry as the worker starts with it: empty (the test setup fills the shared one, as Node does). */
async function freshEngine() {
  vi.resetModules();
  const registry = await import('../engine/wiring-modules');
  const { compile } = await import('../engine/compile');
  const { trace } = await import('../engine/trace');
  const { loadWiringModules } = await import('./load-wiring');
  return { registry, compile, trace, loadWiringModules };
}

describe('the worker loads the CNI and kube-proxy modules a document uses', () => {
  it('names the modules each wiring needs', async () => {
    const { registry } = await freshEngine();
    expect(registry.modulesFor(flannel)).toEqual([]);
    expect(registry.modulesFor(calico)).toEqual(['calico']);
    expect(registry.modulesFor(terway)).toEqual(['calico', 'terway']);
    // Routers (ToR) speak Calico's BGP under any plugin.
    expect(registry.modulesFor({ ...flannel, routers: calico.routers })).toEqual(['calico']);
  });

  it('compiles Flannel with nothing loaded, and Calico only after its module is', async () => {
    const { registry, compile, trace, loadWiringModules } = await freshEngine();
    expect(loadWiringModules(flannel)).toBeUndefined();
    const from = `pod:${flannel.pods[0]!.namespace}/${flannel.pods[0]!.name}`;
    expect(trace(compile(flannel), { from, to: flannel.pods[1]!.ip, protocol: 'ICMP' }).hops.length).toBeGreaterThan(0);

    expect(registry.hasWiringModule('calico')).toBe(false);
    expect(() => compile(calico).ns(`node:${calico.nodes[0]!.name}`)).toThrow(/calico module is not loaded/);
    await loadWiringModules(calico);
    expect(registry.hasWiringModule('calico')).toBe(true);
    expect(registry.hasWiringModule('terway')).toBe(false);
    expect(loadWiringModules(calico)).toBeUndefined();
    const p = calico.pods.filter((x) => !x.hostNetwork);
    const t = trace(compile(calico), { from: `pod:${p[0]!.namespace}/${p[0]!.name}`, to: p[p.length - 1]!.ip, protocol: 'ICMP' });
    expect(t.verdict).toBe('delivered');
  });

  it('loads Terway (and the Calico it builds on) on demand too', async () => {
    const { registry, compile, loadWiringModules } = await freshEngine();
    expect(() => compile(terway).ns(`node:${terway.nodes[0]!.name}`)).toThrow(/terway module is not loaded/);
    await loadWiringModules(terway);
    expect((['calico', 'terway'] as const).map(registry.hasWiringModule)).toEqual([true, true]);
    expect(compile(terway).ns(`node:${terway.nodes[0]!.name}`)?.devices.size).toBeGreaterThan(1);
  });
});
