import { describe, expect, it } from 'vitest';
import { placedLayout, placedRects } from './placed-rects';

describe('placedLayout', () => {
  it("finds each element's place, its parent's place and its rectangle, a child listed before its parent too", () => {
    const nodes = [
      { id: 'pod', parentId: 'node', position: { x: 5, y: 6 }, measured: { width: 7, height: 8 }, width: 1, height: 1 },
      { id: 'vpc', position: { x: 100, y: 200 }, width: 500, height: 400 },
      { id: 'node', parentId: 'vpc', position: { x: 10, y: 20 }, width: 30, height: 40 },
      { id: 'lost', parentId: 'nowhere', position: { x: 1, y: 2 } },
    ];
    const { at, parent, rects } = placedLayout(nodes);
    expect([...at]).toEqual([
      ['pod', 0],
      ['vpc', 1],
      ['node', 2],
      ['lost', 3],
    ]);
    expect([...parent]).toEqual([2, -1, 1, -1]);
    expect(rects).toEqual([
      { x: 115, y: 226, w: 7, h: 8 },
      { x: 100, y: 200, w: 500, h: 400 },
      { x: 110, y: 220, w: 30, h: 40 },
      { x: 1, y: 2, w: 0, h: 0 },
    ]);
    expect(placedRects(nodes)).toEqual(rects);
  });

  it('ends a parent cycle instead of climbing it for ever', () => {
    const { rects } = placedLayout([
      { id: 'a', parentId: 'b', position: { x: 1, y: 1 } },
      { id: 'b', parentId: 'a', position: { x: 2, y: 2 } },
    ]);
    expect(rects.every((r) => Number.isFinite(r.x) && Number.isFinite(r.y))).toBe(true);
  });
});
