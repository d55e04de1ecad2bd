import { describe, expect, it } from 'vitest';
import type { Topology } from '../model';
import { collapsedForTrace } from './place';

const doc = (pods: { name: string; node: string }[]) => ({ pods: pods.map((p) => ({ ...p, namespace: 'default' })) }) as unknown as Topology;
const trace = (...ns: string[]) => ({ hops: ns.map((n) => ({ ns: n })) });

describe('collapsedForTrace', () => {
  const collapsed = ['node:a', 'node:b', 'node:c'];

  it('opens the nodes holding a pod on the path, the reply included, and no other', () => {
    const t = doc([
      { name: 'x', node: 'a' },
      { name: 'y', node: 'b' },
      { name: 'z', node: 'c' },
    ]);
    expect(collapsedForTrace(collapsed, t, null)).toEqual(collapsed);
    expect(collapsedForTrace(collapsed, t, trace('pod:default/x', 'node:c', 'vpc'))).toEqual(['node:b', 'node:c']);
    expect(collapsedForTrace(collapsed, t, { ...trace('pod:default/x'), reply: trace('pod:default/y') })).toEqual(['node:c']);
  });

  it('follows the document: a pod moved to another node opens that node', () => {
    const before = doc([{ name: 'x', node: 'a' }]);
    const after = doc([{ name: 'x', node: 'b' }]);
    expect(collapsedForTrace(collapsed, before, trace('pod:default/x'))).toEqual(['node:b', 'node:c']);
    expect(collapsedForTrace(collapsed, after, trace('pod:default/x'))).toEqual(['node:a', 'node:c']);
  });
});
