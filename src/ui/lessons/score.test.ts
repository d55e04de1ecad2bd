import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtins } from '../../scenarios';
import { applyEdits, faultLessons, lessons } from '../../scenarios/lessons';
import { createInlineSimClient } from '../../worker/sim-client';
import { culpritElements, scorePrediction, sourceOptions, STACK_OPTIONS, VERDICTS } from './score';

const yamlOf = (id: string) => builtins.find((b) => b.id === id)!.yaml;

describe('When a learner predicts a lesson', () => {
  it('is scored against the trace the engine computes, answer by answer', async () => {
    const sim = await createInlineSimClient();
    const a1 = lessons.find((l) => l.id === 'a1')!;
    const loaded = await sim.load(yamlOf(a1.doc));
    expect(loaded.ok).toBe(true);
    const r = await sim.trace(a1.request);
    if (!r.ok) throw new Error(r.error);
    const t = r.trace;
    const perfect = scorePrediction({ verdict: t.verdict, source: t.sourceSeenByServer, stacks: t.kernelStacks }, t);
    expect(perfect).toMatchObject({ right: 3, total: 3 });
    const other = VERDICTS.find((v) => v !== t.verdict)!;
    const wrong = scorePrediction({ verdict: other, source: null, stacks: t.kernelStacks + 1 }, t);
    expect(wrong.right).toBe(t.sourceSeenByServer === null ? 1 : 0);
    expect(wrong.items.map((i) => i.kind)).toEqual(['verdict', 'source', 'stacks']);
  });

  it('every lesson can be answered right from the choices offered', async () => {
    const sim = await createInlineSimClient();
    for (const l of lessons) {
      const loaded = await sim.load(yamlOf(l.doc));
      if (!loaded.ok) throw new Error(`${l.id}: document invalid`);
      const r = await sim.trace(l.request);
      if (!r.ok) throw new Error(`${l.id}: ${r.error}`);
      const sources = sourceOptions(loaded.topology, l.request.from).map((o) => o.ip);
      if (r.trace.sourceSeenByServer !== null) expect(sources, l.id).toContain(r.trace.sourceSeenByServer);
      expect(STACK_OPTIONS, l.id).toContain(r.trace.kernelStacks);
    }
  });

  it("offers the request's own address first", async () => {
    const sim = await createInlineSimClient();
    const loaded = await sim.load(yamlOf('ack-flannel'));
    if (!loaded.ok) throw new Error('invalid');
    expect(sourceOptions(loaded.topology, 'pod:default/centos-67756b6dc8-rmmxt')[0]?.ip).toBe('172.23.96.23');
  });
});

describe('When a learner looks for the fault', () => {
  it("every fault lesson's culprit is among the fields offered, and the faulty document loads", async () => {
    const sim = await createInlineSimClient();
    for (const f of faultLessons) {
      const doc = applyEdits(parse(yamlOf(f.doc)) as Record<string, unknown>, f.fault);
      const loaded = await sim.load(JSON.stringify(doc));
      if (!loaded.ok) throw new Error(`${f.id}: ${loaded.problems.map((p) => p.message).join('; ')}`);
      const paths = culpritElements(loaded.topology).flatMap((e) => e.fields.map((x) => x.path));
      expect(paths, f.id).toContain(f.answer.path);
    }
  });
});
