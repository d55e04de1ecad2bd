import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cniCall } from '../../engine/cni/call';
import { caliName, vethName } from '../../engine/names';
import { validateTopology, type Topology } from '../../model';
import { builtins } from '../../scenarios';
import { cniCanvas, cniCanvasOf } from './cni-canvas';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const load = (id: string, mutate: (d: Record<string, any>) => void = () => {}): Topology => {
  const d = parse(builtins.find((b) => b.id === id)!.yaml);
  mutate(d);
  const r = validateTopology(d);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.topology;
};
const nodeOf = (t: Topology) => t.nodes.find((n) => t.pods.some((p) => p.node === n.name && !p.hostNetwork))!.name;

describe('What a CNI call leaves on the canvas', () => {
  it('flannel ADD: the veth (not the cni0 bridge it joins), the address host-local gave, the pod routes via the gateway', () => {
    const t = load('ack-flannel');
    const node = nodeOf(t);
    const call = cniCall(t, { name: 'new', namespace: 'default', node }, 'ADD');
    const a = cniCanvas(call);
    expect(a).toMatchObject({ command: 'ADD', node, pod: 'default/new', ok: true, devices: [vethName('default/new')] });
    expect(call.effects.join(' ')).toContain(`eth0 ${a.address}/`);
    expect(a.routes.every((r) => r.where === 'pod')).toBe(true);
    expect(a.routes.map((r) => r.text)).toContainEqual(expect.stringMatching(/^default via \d+\.\d+\.\d+\.1 dev eth0$/));
  });

  it('calico ADD: the cali device and the /32 host route to the pod through it', () => {
    const t = load('shop-calico');
    const a = cniCanvas(cniCall(t, { name: 'new-pod', namespace: 'shop', node: 'node-1' }, 'ADD'));
    const cali = caliName('shop', 'new-pod');
    expect(a.devices).toEqual([cali]);
    expect(a.address).toMatch(/^10\.244\.1\.\d+$/);
    expect(a.routes).toEqual([
      { where: 'host', text: `${a.address} dev ${cali} scope link` },
      { where: 'pod', text: 'default via 169.254.1.1 dev eth0' },
    ]);
  });

  it('DEL: the device and the address that go', () => {
    const t = load('shop-calico');
    const a = cniCanvas(cniCall(t, { name: 'gone', namespace: 'shop', node: 'node-1', ip: '10.244.1.40' }, 'DEL'));
    expect(a).toMatchObject({ command: 'DEL', ok: true, devices: [caliName('shop', 'gone')], address: '10.244.1.40', routes: [] });
    const f = load('ack-flannel');
    const d = cniCanvas(cniCall(f, { name: 'gone', namespace: 'default', node: nodeOf(f), ip: '10.1.2.3' }, 'DEL'));
    expect(d.devices).toEqual([vethName('default/gone')]);
    expect(d.address).toBe('10.1.2.3');
  });

  it('a failing plugin: no device, the error instead', () => {
    const t = load('terway-ipvlan-ebpf', (d) => {
      // Every ENI exactly full: the ones holding pods capped at their count, the empty ones gone.
      for (const n of d.nodes) {
        const held = (e: { name: string }) => d.pods.filter((p: { node: string; eni?: string }) => p.node === n.name && p.eni === e.name).length;
        n.enis = (n.enis ?? []).filter((e: { name: string }) => held(e) > 0).map((e: { name: string }) => ({ ...e, maxIPs: held(e) }));
      }
    });
    const call = cniCall(t, { name: 'new', namespace: 'default', node: t.nodes[0]!.name }, 'ADD');
    expect(call.ok).toBe(false);
    const a = cniCanvas(call);
    expect(a).toMatchObject({ ok: false, devices: [], routes: [] });
    expect(a.error).toMatch(/^terway: alloc ip failed/);
  });

  it('terway ipvlan ADD: no host device (eth0 is an ipvlan slave), the pod routes via the vSwitch gateway', () => {
    const t = load('terway-ipvlan-ebpf');
    const a = cniCanvas(cniCall(t, { name: 'new', namespace: 'default', node: t.nodes[0]!.name }, 'ADD'));
    expect(a.ok).toBe(true);
    expect(a.devices).toEqual([]);
    expect(a.address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(a.routes).toEqual([{ where: 'pod', text: expect.stringMatching(/^default via \S+ dev eth0$/) }]);
  });

  it('gives the same annotation object for the same call (stable for store selectors)', () => {
    const t = load('shop-calico');
    const call = cniCall(t, { name: 'x', namespace: 'shop', node: 'node-1' }, 'ADD');
    expect(cniCanvasOf(call)).toBe(cniCanvasOf(call));
    expect(cniCanvasOf(null)).toBeNull();
  });
});
