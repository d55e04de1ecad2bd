import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { parseTopology } from '../model';
import { generateFlannelCluster } from '../scenarios/generate';
import { autoLayout } from './auto-layout';
import { absoluteRects, type Rect } from './geometry';
import { buildGraph } from './graph';
import { effectiveLayout, placeGraph } from './place';
import { gridIndex, overlaps } from './spatial-index';

const naive = (rects: readonly Rect[], region: Rect) => rects.flatMap((r, i) => (overlaps(r, region) ? [i] : []));

// Sizes from a dot to far wider than a cell (a VPC frames the whole picture), corners anywhere on a wide canvas.
const size = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 60_000 }));
const rect = fc.record({ x: fc.integer({ min: -50_000, max: 50_000 }), y: fc.integer({ min: -50_000, max: 50_000 }), w: size, h: size });

describe('gridIndex', () => {
  it('finds what a scan of every rectangle finds, in the list’s order, for any rectangles and region', () => {
    fc.assert(
      fc.property(fc.array(rect, { maxLength: 300 }), fc.array(rect, { minLength: 1, maxLength: 8 }), (rects, regions) => {
        const index = gridIndex(rects);
        for (const region of regions) expect(index.query(region)).toEqual(naive(rects, region));
      }),
      { numRuns: 300 },
    );
  });

  it('makes its cells at its second query: the first (a big picture’s first window, before its first frame) checks each rectangle', () => {
    const rects = Array.from({ length: 2000 }, (_, i) => ({ x: (i % 50) * 300, y: Math.floor(i / 50) * 200, w: 250, h: 150 }));
    const region = { x: 1000, y: 1000, w: 1500, h: 900 };
    const set = vi.spyOn(Map.prototype, 'set');
    try {
      const index = gridIndex(rects);
      expect(index.query(region)).toEqual(naive(rects, region));
      expect(set).not.toHaveBeenCalled();
      expect(index.query(region)).toEqual(naive(rects, region));
      expect(set).toHaveBeenCalled();
    } finally {
      set.mockRestore();
    }
  });

  it('counts touching edges as overlap, as the scan does', () => {
    const index = gridIndex([{ x: 0, y: 0, w: 100, h: 100 }]);
    expect(index.query({ x: 100, y: 100, w: 10, h: 10 })).toEqual([0]);
    expect(index.query({ x: 100.5, y: 0, w: 10, h: 10 })).toEqual([]);
  });

  it('finds on a placed 100-node cluster what the scan finds, for views across it', () => {
    const r = parseTopology(JSON.stringify(generateFlannelCluster({ nodes: 100 })));
    if (!r.ok) throw new Error('invalid');
    const g = buildGraph(r.topology);
    const placed = placeGraph(g, r.topology, { collapsed: new Set(), layout: effectiveLayout(g, r.topology, new Set(), autoLayout) });
    const rects = [...absoluteRects(placed).values()];
    expect(rects.length).toBeGreaterThan(3000);
    const index = gridIndex(rects);
    const vpc = rects[0]!;
    let found = 0;
    for (let i = 0; i < 50; i++) {
      const region = { x: vpc.x + (vpc.w * i) / 50, y: vpc.y + (vpc.h * ((i * 7) % 50)) / 50, w: 1500, h: 900 };
      const hits = index.query(region);
      expect(hits).toEqual(naive(rects, region));
      found += hits.length;
    }
    expect(found).toBeGreaterThan(50);
  });
});
