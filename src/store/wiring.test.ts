import { describe, expect, it } from 'vitest';
import { builtins } from '../scenarios';
import { createInlineSimClient } from '../worker/sim-client';
import { createAppStore } from './app-store';

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
    expect(s().summary?.cni).toBe('terway ipvlan-ebpf');
    expect(s().to).not.toBe('172.23.96.163:80');
    expect(s().trace).not.toBe(before);
    expect(s().trace!.hops.map((h) => h.device)).not.toEqual(before.hops.map((h) => h.device));
    expect(s().past).toHaveLength(1);
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
});
