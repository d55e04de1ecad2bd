import { describe, expect, it } from 'vitest';
import { builtins } from '../scenarios';
import { createInlineSimClient } from './sim-client';
import { DOCUMENTS, OFFERED, podToService, valid } from '../model/rewire-cases';

describe('Compare works for every document and every wiring the view offers', () => {
  for (const [name, doc] of DOCUMENTS) {
    it(`${name}: each wiring traces the pod → service request on both sides`, async () => {
      const sim = await createInlineSimClient();
      const text = name.startsWith('generated') ? JSON.stringify(doc) : builtins.find((b) => b.id === name)!.yaml;
      const request = podToService(valid(doc));
      for (const w of OFFERED) {
        const r = await sim.compare(text, { wiring: w }, request);
        if (!r.ok) throw new Error(`${w.plugin} ${w.mode} + ${w.kubeProxy}: ${r.error}`);
        expect(r.comparison.b.summary.label).toBe(`${w.plugin} ${w.mode} + ${w.kubeProxy}`);
        expect(r.comparison.b.trace.deliveredTo).not.toBeNull();
      }
    });
  }

  it('a side that cannot be read says so as data the UI words (not only in English)', async () => {
    const sim = await createInlineSimClient();
    const r = await sim.compare(
      flannel,
      { text: 'apiVersion: hopscope/v1\nkind: Topology\n' },
      { from: 'pod:default/centos-67756b6dc8-rmmxt', to: 'svc:default/nginx1:80' },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.why?.key).toBe('documentB');
    expect(r.why && 'problems' in r.why && r.why.problems.every((p) => p.why)).toBe(true);
    const bad = await sim.compare(flannel, { wiring: { plugin: 'calico', mode: 'ipip' } }, { from: 'pod:default/nope', to: 'svc:default/nginx1:80' });
    expect(!bad.ok && bad.why?.key).toBe('request');
    const shop = builtins.find((b) => b.id === 'shop-calico')!.yaml;
    const other = await sim.compare(shop, { text: flannel, label: 'ack-flannel' }, { from: 'pod:default/client-6b7f8d9c4-z8x7v', to: 'svc:shop/web:80' });
    expect(!other.ok && other.why).toEqual({ key: 'missingOnB', ref: 'pod:default/client-6b7f8d9c4-z8x7v' });
  });
});

const flannel = builtins.find((b) => b.id === 'ack-flannel')!.yaml;

describe('When the UI compares two wirings through the worker', () => {
  it('traces the same workload rewired to Terway ipvlan-ebpf and lists the differences', async () => {
    const sim = await createInlineSimClient();
    const r = await sim.compare(
      flannel,
      { wiring: { plugin: 'terway', mode: 'ipvlan-ebpf', kubeProxy: 'ipvs' } },
      { from: 'pod:default/centos-67756b6dc8-rmmxt', to: 'svc:default/nginx1:80' },
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.comparison.a.summary.label).toBe('flannel vpc-route + ipvs');
    expect(r.comparison.b.summary.label).toBe('terway ipvlan-ebpf + ipvs');
    expect(r.comparison.differences.some((d) => d.key === 'resolvedAt')).toBe(true);
    expect(structuredClone(r)).toEqual(r);
  });

  it('moves a pod named by its IP to its new address on the rewired side', async () => {
    const sim = await createInlineSimClient();
    const r = await sim.compare(
      flannel,
      { wiring: { plugin: 'calico', mode: 'ipip' } },
      { from: 'pod:default/centos-67756b6dc8-rmmxt', to: '172.23.96.163:80' },
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.requests[1].to).not.toBe('172.23.96.163:80');
    expect(r.comparison.b.trace.verdict).toBe('delivered');
  });

  it('plays a CNI ADD and DEL on the loaded document, and a failing IPAM stops the chain', async () => {
    const sim = await createInlineSimClient();
    await sim.load(flannel);
    const add = await sim.cniCall({ name: 'web', namespace: 'default', node: 'ap-southeast-1.10.0.0.180' }, 'ADD');
    if (!add.ok) throw new Error(add.error);
    expect(add.call.ok).toBe(true);
    expect(add.call.steps.map((s) => s.plugin)).toEqual(['flannel', 'host-local', 'bridge', 'portmap']);
    const del = await sim.cniCall({ name: 'web', namespace: 'default', node: 'ap-southeast-1.10.0.0.180', ip: '172.23.96.30' }, 'DEL');
    expect(del.ok && del.call.command).toBe('DEL');
    const none = await sim.cniCall({ name: 'web', namespace: 'default', node: 'nope' }, 'ADD');
    expect(none.ok && none.call.ok).toBe(false);
  });
});
