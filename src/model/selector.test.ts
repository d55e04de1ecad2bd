import { describe, expect, it } from 'vitest';
import { podSelector } from './selector';

const pod = (name: string, namespace: string, labels: Record<string, string>) => ({ name, namespace, labels });
const pods = [
  pod('a1', 'a', { app: 'web', tier: 'front' }),
  pod('a2', 'a', { app: 'web', tier: 'back' }),
  pod('a3', 'a', { app: 'db' }),
  pod('a4', 'a', { app: 'db', tier: 'back' }),
  pod('b1', 'b', { app: 'web', tier: 'front' }),
];
const names = (ps: { name: string }[]) => ps.map((p) => p.name);

describe('podSelector', () => {
  const select = podSelector(pods);
  it("picks the namespace's pods that carry every label of the selector, in the pods' order", () => {
    expect(names(select('a', { app: 'web' }))).toEqual(['a1', 'a2']);
    expect(names(select('a', { tier: 'front', app: 'web' }))).toEqual(['a1']);
    expect(names(select('a', { app: 'web', tier: 'back' }))).toEqual(['a2']);
    expect(names(select('b', { app: 'web' }))).toEqual(['b1']);
  });
  it('picks nothing for an empty selector, a label or value no pod has, or another namespace', () => {
    expect(select('a', {})).toEqual([]);
    expect(select('a', { app: 'web', zone: 'x' })).toEqual([]);
    expect(select('a', { app: 'cache' })).toEqual([]);
    expect(select('c', { app: 'web' })).toEqual([]);
  });
  it("hands out lists of the caller's own: one changed changes no later selection", () => {
    select('a', { app: 'web' }).pop();
    expect(names(select('a', { app: 'web' }))).toEqual(['a1', 'a2']);
  });
});
