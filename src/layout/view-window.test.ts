import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rect } from './geometry';
import { MARGIN, nextWindow, viewRect } from './view-window';

const contains = (outer: Rect, inner: Rect) =>
  outer.x <= inner.x && outer.y <= inner.y && outer.x + outer.w >= inner.x + inner.w && outer.y + outer.h >= inner.y + inner.h;

describe('the drawn window', () => {
  it('is the part of the picture a canvas shows, at any pan and zoom', () => {
    // A 1,000 × 600 canvas at zoom 0.5 moved 100 px right and 50 px down shows flow (-200, -100) to (1800, 1100).
    expect(viewRect({ x: 100, y: 50, zoom: 0.5 }, 1000, 600)).toEqual({ x: -200, y: -100, w: 2000, h: 1200 });
  });

  it('always holds the view, however it pans and zooms', () => {
    const move = fc.record({
      dx: fc.integer({ min: -3000, max: 3000 }),
      dy: fc.integer({ min: -3000, max: 3000 }),
      zoom: fc.double({ min: 0.05, max: 2, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(move, { minLength: 1, maxLength: 40 }), (moves) => {
        let win: Rect | null = null;
        let [x, y] = [0, 0];
        for (const m of moves) {
          [x, y] = [x + m.dx, y + m.dy];
          const view = viewRect({ x, y, zoom: m.zoom }, 1000, 700);
          win = nextWindow(win, view);
          expect(contains(win, view)).toBe(true);
        }
      }),
    );
  });

  it('changes once per margin crossed in a steady pan, not every frame', () => {
    let win: Rect | null = null;
    let changes = 0;
    // 600 frames of 14 px at zoom 0.6 on a 1,000 px canvas: 8,400 px, 8.4 canvases.
    for (let f = 0; f < 600; f++) {
      const next = nextWindow(win, viewRect({ x: -14 * f, y: 0, zoom: 0.6 }, 1000, 700));
      if (next !== win) changes++;
      win = next;
    }
    // A new window each time the view has crossed MARGIN of a canvas: 8.4 / 0.5 ≈ 17, and the first.
    expect(changes).toBeGreaterThan(8.4 / MARGIN - 2);
    expect(changes).toBeLessThanOrEqual(8.4 / MARGIN + 1);
  });

  it('is made again after a zoom in, so it does not keep the elements of a far view', () => {
    const far = nextWindow(null, viewRect({ x: 0, y: 0, zoom: 0.1 }, 1000, 700));
    const near = viewRect({ x: 0, y: 0, zoom: 1 }, 1000, 700);
    const win = nextWindow(far, near);
    expect(win).not.toBe(far);
    expect(win.w).toBeCloseTo(1000 * (1 + 2 * MARGIN));
  });
});
