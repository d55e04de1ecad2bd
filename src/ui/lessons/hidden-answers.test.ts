/**
 * Every find-the-fault lesson, in the store the UI reads: until answered, the trace the views get
 * words no cause and the fault marks are hidden; giving up shows the engine's own trace; the fix
 * applied through the inspector's edits heals the cluster.
 */
import { describe, expect, it } from 'vitest';
import { faultLessons, lessons } from '../../scenarios/lessons';
import { createAppStore } from '../../store/app-store';
import { selectAnswerMask, selectEngineTrace, selectFaultsHidden, selectTrace } from '../../store';
import { createInlineSimClient } from '../../worker/sim-client';
import { nodeFaults, vpcFaults } from '../faults/faults';
import { applyLessonFix, fixEdit } from './fix';
import { openLessonById } from './open-lesson';

const storeWith = async () => createAppStore({ sim: await createInlineSimClient() });

describe('a find-the-fault lesson hides its answer until answered, then can be fixed and traced again', () => {
  for (const f of faultLessons) {
    it(`${f.id} (${f.row})`, async () => {
      const store = await storeWith();
      expect(await openLessonById(store, f.id)).toBe(true);
      const s = store.getState();
      const raw = selectEngineTrace(s)!;
      expect(raw).toBeTruthy();
      expect(selectAnswerMask(s)).toBe('symptom');
      expect(selectFaultsHidden(s)).toBe(true);
      const shown = JSON.stringify(selectTrace(s));
      // The cause as the engine words it, the fix, and the faults as the badges name them: none reach the views.
      const labels = [...(s.doc!.nodes ?? []).flatMap((n) => nodeFaults(n).map((x) => x.label)), ...vpcFaults(s.doc!)];
      for (const c of [raw.reason ?? '', f.answer.fix.en, ...labels].filter((x) => x.length > 3)) expect(shown).not.toContain(c);
      // A wrong guess keeps it hidden; giving up shows the engine's own trace.
      store.getState().checkCulprit('cluster.kubeProxy.mode');
      expect(selectAnswerMask(store.getState())).toBe('symptom');
      store.getState().giveUp();
      expect(selectAnswerMask(store.getState())).toBeNull();
      expect(selectTrace(store.getState())).toBe(raw);

      expect(await applyLessonFix(store, f)).toBe(true);
      const healed = store.getState().trace!;
      expect(healed).not.toBe(raw);
      if (raw.verdict === 'delivered') expect(healed.sourceSeenByServer).toBe(healed.hops[0]!.packet.src.replace(/:\d+$/, ''));
      else expect(healed.verdict).toBe('delivered');
    });
  }

  it('finding the culprit shows the answer too; the switch off shows it from the start', async () => {
    const store = await storeWith();
    await openLessonById(store, 'd4');
    expect(store.getState().checkCulprit('nodes[1].kernel.ipForward')).toBe(true);
    expect(selectAnswerMask(store.getState())).toBeNull();
    await openLessonById(store, 'd4');
    expect(selectAnswerMask(store.getState())).toBe('symptom');
    store.getState().setHideAnswers(false);
    expect(selectAnswerMask(store.getState())).toBeNull();
  });

  it('a prediction lesson hides the outcome while the trace plays, until it ends or is revealed', async () => {
    const store = await storeWith();
    await openLessonById(store, lessons[1]!.id);
    expect(selectAnswerMask(store.getState())).toBeNull();
    await store.getState().playLesson(null);
    expect(store.getState().playing).toBe(true);
    expect(selectAnswerMask(store.getState())).toBe('outcome');
    expect(selectTrace(store.getState())!.reason ?? null).not.toBe(store.getState().trace!.reason ?? 'x');
    store.getState().revealScore();
    expect(selectAnswerMask(store.getState())).toBeNull();
  });
});

describe('fixEdit', () => {
  const f = faultLessons.find((x) => x.id === 'd7')!;
  it('restores a nested field inside its element field, keeping the rest of it', () => {
    const current = { cluster: {}, nodes: [{ name: 'a' }, { name: 'b', kernel: { rpFilter: 'strict', ipForward: true } }] };
    expect(fixEdit(f, current as never, { nodes: [{}, {}] })).toEqual({
      kind: 'element',
      ref: { list: 'nodes', index: 1 },
      field: 'kernel',
      value: { ipForward: true },
    });
    expect(fixEdit(f, current as never, { nodes: [{}, { kernel: { rpFilter: 'loose' } }] })).toMatchObject({ value: { rpFilter: 'loose', ipForward: true } });
  });
  it('a cluster path becomes a cluster setting', () => {
    const d8 = faultLessons.find((x) => x.id === 'd8')!;
    expect(fixEdit(d8, { cluster: {} } as never, { cluster: { cni: { mtu: 1480 } } })).toEqual({ kind: 'cluster', path: ['cni', 'mtu'], value: 1480 });
  });
});
