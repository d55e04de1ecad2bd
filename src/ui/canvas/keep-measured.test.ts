import { describe, expect, it } from 'vitest';
import type { Node } from '@xyflow/react';
import { measuredKeeper } from './keep-measured';

const node = (id: string, width = 100, height = 40): Node => ({ id, position: { x: 0, y: 0 }, width, height, data: {} });

describe('measuredKeeper', () => {
  it('hands a measured node back with its measurement, as one object per graph node', () => {
    const keep = measuredKeeper<Node>();
    const a = node('a');
    keep.measured('a', { width: 100, height: 40 });
    const [first] = keep.carry([a]);
    expect(first).not.toBe(a);
    expect(first!.measured).toEqual({ width: 100, height: 40 });
    // The same graph node again (a trace elsewhere): React Flow gets the object it already adopted.
    expect(keep.carry([a])[0]).toBe(first);
  });

  it('leaves a node never measured, or whose declared size changed, to be measured anew', () => {
    const keep = measuredKeeper<Node>();
    keep.measured('a', { width: 100, height: 40 });
    const unseen = node('b');
    const grown = node('a', 100, 400);
    const [b, a] = keep.carry([unseen, grown]);
    expect(b).toBe(unseen);
    expect(a).toBe(grown);
    expect(a!.measured).toBeUndefined();
  });

  it('follows a new measurement of the same node', () => {
    const keep = measuredKeeper<Node>();
    const a = node('a');
    keep.measured('a', { width: 100, height: 40 });
    const first = keep.carry([a])[0];
    keep.measured('a', { width: 120, height: 40 });
    expect(keep.carry([a])[0]).toBe(a);
    keep.measured('a', { width: 100, height: 40 });
    const again = keep.carry([a])[0]!;
    expect(again.measured).toEqual({ width: 100, height: 40 });
    expect(again).toBe(first);
  });

  it('hands back the object React Flow made when it applied the measurement', () => {
    const keep = measuredKeeper<Node>();
    const a = node('a');
    const b = node('b');
    const [given] = keep.carry([a, b]);
    expect(given).toBe(a);
    // React Flow measured `a` and holds a new object for it.
    keep.measured('a', { width: 100, height: 40 });
    const held = { ...a, measured: { width: 100, height: 40 } };
    keep.adopted([held, b], new Set(['a']));
    // A new picture where `a` did not change (a trace elsewhere): React Flow gets its own object back.
    expect(keep.carry([a, b])).toEqual([held, b]);
    expect(keep.carry([a, b])[0]).toBe(held);
  });

  it('finds what React Flow made of a node in a list it reordered', () => {
    const keep = measuredKeeper<Node>();
    const [a, b] = [node('a'), node('b')];
    keep.carry([a, b]);
    keep.measured('a', { width: 100, height: 40 });
    const held = { ...a, measured: { width: 100, height: 40 } };
    // (Not in the order it was handed: the node is found by its id.)
    keep.adopted([b, held], new Set(['a']));
    expect(keep.carry([a, b])[0]).toBe(held);
  });
});
