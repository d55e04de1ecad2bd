/** Every lesson runs on its document; every fault lesson's fault breaks the request, and removing it heals it. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseTopology, validateTopology } from '../model';
import { compile, trace } from '../engine';
import { builtins } from './index';
import { applyEdits, faultLessons, lessons } from './lessons';

const doc = (id: string) => builtins.find((b) => b.id === id)!;

describe('lessons', () => {
  for (const l of lessons) {
    it(`${l.id} (${l.row}) traces on ${l.doc} and has both languages`, () => {
      const r = parseTopology(doc(l.doc).yaml);
      if (!r.ok) throw new Error('invalid');
      const t = trace(compile(r.topology), l.request);
      expect(t.hops.length).toBeGreaterThan(0);
      for (const text of [l.title, l.narrative, ...l.notice]) expect(text.en && text.zh).toBeTruthy();
    });
  }
});

describe('find-the-fault lessons', () => {
  for (const f of faultLessons) {
    it(`${f.id}: the broken cluster fails, and undoing the culprit heals it`, () => {
      const raw = parse(doc(f.doc).yaml) as Record<string, unknown>;
      // Healthy = every edit but the culprit: undoing the answer must heal the cluster.
      const healthy = validateTopology(
        applyEdits(
          raw,
          f.fault.filter((e) => e.path !== f.answer.path),
        ),
      );
      const broken = validateTopology(applyEdits(raw, f.fault));
      if (!healthy.ok || !broken.ok) throw new Error(JSON.stringify(!healthy.ok ? healthy.problems : (broken as { problems: unknown }).problems));
      const good = trace(compile(healthy.topology), f.request);
      const bad = trace(compile(broken.topology), f.request);
      expect(good.verdict).toBe('delivered');
      if (f.row === 'D6') expect(bad.sourceSeenByServer).not.toBe(good.sourceSeenByServer);
      else expect(bad.verdict).not.toBe('delivered');
      expect(f.fault.some((e) => e.path === f.answer.path)).toBe(true);
    });
  }
});
