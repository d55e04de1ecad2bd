import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateTopology } from '../model/validate';
import { builtins } from '../scenarios';
import { prevalidated } from './prevalidated';
import { createSimulator } from './simulator';

const twin = (id: string) => readFileSync(new URL(`../scenarios/json/${id}.json`, import.meta.url), 'utf8');

describe('prevalidated built-ins', () => {
  it.each(builtins.map((b) => [b.id] as const))('%s: the stored result is what the validator says today (npm run gen:builtins when not)', async (id) => {
    const text = twin(id);
    const stored = await prevalidated(text);
    expect(stored).not.toBeNull();
    expect(stored).toEqual(validateTopology(JSON.parse(text)));
  });

  it('answers only the exact text: same length, one character off, is validated as usual', async () => {
    const text = twin('ack-flannel');
    const broken = text.replace('"mode":"ipvs"', '"mode":"ipvx"');
    expect(broken).toHaveLength(text.length);
    expect(await prevalidated(broken)).toBeNull();
    const r = await createSimulator().load(broken);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toContain('cluster.kubeProxy.mode');
  });

  it('is not consulted for texts of another length', () => {
    expect(prevalidated(`${twin('ack-flannel')} `)).toBeNull();
    expect(prevalidated('{}')).toBeNull();
  });

  it('each load gets objects of its own', async () => {
    const text = twin('calico-bgp-tor');
    const a = await prevalidated(text);
    const b = await prevalidated(text);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });

  it('the simulator opens a built-in from its stored result and traces through it', async () => {
    const sim = createSimulator();
    const r = await sim.load(twin('ack-flannel'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.topology.metadata.name).toBe('ack-flannel');
    const first = r.topology.pods[0]!;
    const t = await sim.trace({ from: `pod:${first.namespace}/${first.name}`, to: `${r.topology.pods[1]!.ip}:80`, protocol: 'TCP' });
    expect(t.ok && t.trace.verdict).toBe('delivered');
  });

  it('a later load wins even when an earlier one is still fetching its stored validation', async () => {
    const sim = createSimulator();
    await sim.prepareEditing();
    const builtin = JSON.parse(twin('ack-flannel')) as { pods: { name: string }[] };
    const other = JSON.stringify({ ...builtin, pods: builtin.pods.map((p, i) => (i === 0 ? { ...p, name: 'renamed' } : p)) });
    const first = sim.load(twin('ack-flannel'));
    const second = sim.load(other);
    await Promise.all([first, second]);
    const r = await sim.trace({ from: 'pod:default/renamed', to: '172.23.96.24:80', protocol: 'TCP' });
    expect(r.ok).toBe(true);
  });
});
