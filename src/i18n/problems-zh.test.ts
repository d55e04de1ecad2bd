import { describe, expect, it } from 'vitest';
import { PROBLEMS, type ProblemKey, said } from '../model/problem-text';
import { fillReason } from '../model/reason';
import { validateTopology } from '../model/validate';
import { zhProblems } from './problems-zh';

const names = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
// Words that read the same in both languages.
const SAME = new Set<ProblemKey>(['p_descNull', 'p_descValue', 'p_expOther']);

describe('the validator problems in Chinese', () => {
  it.each(Object.keys(PROBLEMS) as ProblemKey[])('%s names the same values as the English', (key) => {
    expect(names(zhProblems[key])).toEqual(names(PROBLEMS[key]));
    if (!SAME.has(key)) expect(zhProblems[key]).not.toBe(PROBLEMS[key]);
  });

  it('words nested values in Chinese too', () => {
    const r = validateTopology({ apiVersion: 'hopscope/v1', kind: 'Topology', metadata: { name: 'x' }, cluster: 'oops' });
    const p = !r.ok ? r.problems.find((q) => q.path === 'cluster') : undefined;
    expect(p?.why && fillReason(p.why, zhProblems)).toBe("应为映射，实际是文本 'oops'");
    expect(fillReason(said('p_vswitchTooSmall', { cidr: '10.0.0.0/30' }).why, zhProblems)).toContain('10.0.0.0/30 太小');
  });
});
