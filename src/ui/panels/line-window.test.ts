import { describe, expect, it } from 'vitest';
import { LINE_PX, WINDOW_FROM, lineWindow, scrollToLine } from './line-window';

describe('lineWindow', () => {
  it('draws a short text whole', () => {
    expect(lineWindow(5000, 400, WINDOW_FROM - 1)).toEqual({ first: 0, end: WINDOW_FROM - 1 });
  });

  it('draws of a long text the lines in sight and a margin either side, never all of them', () => {
    const count = 67_000;
    const height = 384;
    for (const scrollTop of [0, 1234, 40_000 * LINE_PX, (count - 10) * LINE_PX]) {
      const { first, end } = lineWindow(scrollTop, height, count);
      const top = Math.floor(scrollTop / LINE_PX);
      const bottom = Math.min(count, top + Math.ceil(height / LINE_PX));
      expect(first).toBeLessThanOrEqual(top);
      expect(end).toBeGreaterThanOrEqual(bottom);
      expect(end).toBeLessThanOrEqual(count);
      expect(end - first).toBeLessThan(250);
    }
  });

  it('moves in steps: a few pixels of scrolling draw the same lines', () => {
    const a = lineWindow(20_000, 384, 67_000);
    expect(lineWindow(20_000 + LINE_PX, 384, 67_000)).toEqual(a);
  });
});

describe('scrollToLine', () => {
  it('puts the line a third of the way down, and never scrolls above the top', () => {
    expect(scrollToLine(100, 300)).toBe(100 * LINE_PX - 100);
    expect(scrollToLine(2, 300)).toBe(0);
  });
});
