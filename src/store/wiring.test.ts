import { describe, expect, it } from 'vitest';
import { builtins } from '../scenarios';
import { createInlineSimClient } from '../worker/sim-client';
import { createAppStore } from './app-store';
import { selectSummary } from './selectors';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';
const NODE = 'ap-southeast-1.10.0.0.180';

async function loaded() {
  const store = createAppStore({ sim: await createInlineSimClient() });
  await store.getState().loadDocument(builtins[0]!.yaml);
  return store;
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ok()).toBe(true);
};

describe('When the CNI of the loaded document is switched', () => {
  it('re-addresses the pods, follows a pod named by IP and traces again on the new wiring', async () => {
    const store = await loaded();
    const s = () => store.getState();
    s().setFrom(CENTOS);
    s().setTo('172.23.96.163:80');
    await s().runTrace();
    const before = s().trace!;
    expect(await s().rewireDocument({ plugin: 'terway', mode: 'ipvlan-ebpf', kubeProxy: 'ipvs' })).toBe(true);
    expect(selectSummary(s())?.cni).toBe('terway ipvlan-ebpf');
    expect(s().to).not.toBe('172.23.96.163:80');
    expect(s().trace).not.toBe(before);
    expect(s().trace!.hops.map((h) => h.device)).not.toEqual(before.hops.map((h) => h.device));
    expect(s().past).toHaveLength(1);
  });
});

describe('When the shop cluster (with NetworkPolicies and Ingress) is switched to Flannel vxlan', () => {
  it('the document stays in its own shape, validates, and says it rewired only once it did', async () => {
    const store = createAppStore({ sim: await createInlineSimClient() });
    const s = () => store.getState();
    await s().loadDocument(builtins.find((b) => b.id === 'shop-calico')!.yaml);
    const policies = structuredClone((s().doc as unknown as Record<string, unknown>).networkPolicies);
    s().setFrom('pod:default/client-6b7f8d9c4-z8x7v');
    s().setTo('svc:shop/web:80');
    const switching = s().rewireDocument({ plugin: 'flannel', mode: 'vxlan', kubeProxy: 'iptables' });
    // Not yet: the worker has not validated it, so neither the notice nor the header may say so.
    expect(s().notice?.message.key ?? 'none').not.toMatch(/^rewired/);
    expect(selectSummary(s())?.cni).toBe('calico ipip');
    expect(await switching).toBe(true);
    expect(s().problems).toEqual([]);
    expect(s().docStatus).toBe('ready');
    expect(selectSummary(s())?.cni).toBe('flannel vxlan');
    expect(s().notice?.message).toEqual({ key: 'rewiredProxy', params: { plugin: 'flannel', mode: 'vxlan', kubeProxy: 'iptables' } });
    expect((s().doc as unknown as Record<string, unknown>).networkPolicies).toEqual(policies);
    await s().runTrace();
    expect(s().traceStatus).toBe('done');
    expect(s().trace!.deliveredTo?.name).toMatch(/^shop\/web-/);
  });

  it('a wiring the document cannot take leaves it unchanged and says why', async () => {
    const store = createAppStore({ sim: await createInlineSimClient() });
    const s = () => store.getState();
    // A VPC of 16 addresses: Terway's vSwitch would have no room for twelve pods.
    const pods = Array.from({ length: 12 }, (_, i) => `  - { name: p${i}, node: n1 }`).join('\n');
    const tiny = `apiVersion: hopscope/v1\nkind: Topology\nmetadata: { name: tiny }\ncluster:\n  cni: { plugin: flannel, mode: vxlan }\n  podCIDR: 10.244.0.0/16\n  vpc: { cidr: 10.0.0.0/28 }\nnodes:\n  - { name: n1, ip: 10.0.0.2 }\npods:\n${pods}\n`;
    expect(await s().openText(tiny)).toBe(true);
    const { doc, past } = s();
    const summary = selectSummary(s());
    expect(await s().rewireDocument({ plugin: 'terway', mode: 'eniip', kubeProxy: 'ipvs' })).toBe(false);
    expect(s().doc).toBe(doc);
    expect(s().past).toBe(past);
    expect(selectSummary(s())).toBe(summary);
    expect(s().problems).toEqual([]);
    expect(s().docStatus).toBe('ready');
    expect(s().notice?.tone).toBe('error');
    expect(s().notice?.message.key).toBe('rewireRefused');
    expect(s().notice?.message.params?.wiring).toBe('terway eniip');
    // The reason comes along as data (worded in the reader's language by the notice).
    expect(s().notice?.problems?.[0]?.why).toBeTruthy();
  });
});

describe('When a document with problems is switched', () => {
  it('waits for the worker, and a refusal leaves the document with its own problems', async () => {
    const store = await loaded();
    const s = () => store.getState();
    s().setElementField({ list: 'pods', index: 0 }, 'node', 'nope');
    await until(() => s().docStatus === 'invalid');
    const { doc, past, problems } = s();
    expect(problems.map((p) => p.path)).toEqual(['pods[0].node']);
    expect(await s().rewireDocument({ plugin: 'calico', mode: 'vxlan', kubeProxy: 'iptables' })).toBe(false);
    // Give a late answer of the worker the chance to land: nothing may change after the refusal.
    await new Promise((r) => setTimeout(r, 50));
    expect(s().doc).toBe(doc);
    expect(s().past).toBe(past);
    expect(s().problems).toBe(problems);
    expect(s().docStatus).toBe('invalid');
    expect(s().notice?.message).toEqual({ key: 'rewireRefused', params: { wiring: 'calico vxlan', count: 1 } });
    expect(s().notice?.problems?.map((p) => p.path)).toEqual(['pods[0].node']);
  });
});

describe('When a pod is dropped on a node, or removed', () => {
  it('plays its CNI ADD, then its DEL', async () => {
    const store = await loaded();
    const s = () => store.getState();
    s().addElement('pod', { x: 0, y: 0 }, NODE);
    await until(() => s().cniCall?.status === 'done');
    const add = s().cniCall!.call!;
    expect(add.command).toBe('ADD');
    expect(add.ok).toBe(true);
    expect(add.steps.map((x) => x.plugin)).toEqual(['flannel', 'host-local', 'bridge', 'portmap']);
    await until(() => s().docStatus === 'ready' && s().topology!.pods.length === 6);
    const ip = s().topology!.pods[5]!.ip;
    expect(JSON.stringify(add.steps[1]!.stdout)).toContain(ip);
    s().select(['pods[5]']);
    s().deleteSelection();
    await until(() => s().cniCall?.call?.command === 'DEL');
    expect(s().cniCall!.call!.effects.join(' ')).toContain(ip);
  });

  it('closes the call once its edit is undone: the pod back on screen was never deleted, nor one undone ever added', async () => {
    const store = await loaded();
    const s = () => store.getState();
    s().addElement('pod', { x: 0, y: 0 }, NODE);
    await until(() => s().cniCall?.status === 'done' && s().docStatus === 'ready');
    // An edit after the pod's: undoing it leaves the ADD on screen (the pod still came).
    s().setMetadataField('title', 'after the pod');
    s().undo();
    expect(s().cniCall?.call?.command).toBe('ADD');
    s().undo();
    expect(s().doc!.pods).toHaveLength(5);
    expect(s().cniCall).toBeNull();

    s().redo();
    await until(() => s().docStatus === 'ready' && s().topology!.pods.length === 6);
    s().select(['pods[5]']);
    s().deleteSelection();
    await until(() => s().cniCall?.call?.command === 'DEL');
    s().undo();
    expect(s().doc!.pods).toHaveLength(6);
    expect(s().cniCall).toBeNull();
  });

  it('closes the call the moment another document is on screen (a built-in, a file, an import, New)', async () => {
    for (const origin of ['lesson', 'file', 'import', 'new'] as const) {
      const store = await loaded();
      const s = () => store.getState();
      s().addElement('pod', { x: 0, y: 0 }, NODE);
      await until(() => s().cniCall?.status === 'done' && s().docStatus === 'ready');
      const ours = s().doc;
      // Every state the store passes through: none may show the call over a document other than the one it was about.
      const shownOver: string[] = [];
      const stop = store.subscribe((st) => {
        if (st.cniCall && st.doc !== ours) shownOver.push(origin);
      });
      if (origin === 'new') s().newDocument();
      // (An import is drawn over the document on screen while it is validated: a JSON text, read on the page.)
      else expect(await s().openText(origin === 'import' ? JSON.stringify(ours) : builtins[1]!.yaml, 'other', origin)).toBe(true);
      await until(() => s().doc !== ours && s().docStatus === 'ready');
      stop();
      expect(shownOver).toEqual([]);
      expect(s().cniCall).toBeNull();
    }
  });
});
