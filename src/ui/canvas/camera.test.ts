import { describe, expect, it } from 'vitest';
import { followRect, LABEL_ROOM, panIntoView, READABLE_ZOOM, union } from './camera';

const spot = (x: number, y: number) => ({ x: x + 5, y: y + 5, rect: { x, y, w: 10, h: 10 } });

describe('the camera', () => {
  it('reads a pod’s 11 px address at 12 px or more at the readable zoom', () => {
    expect(11 * READABLE_ZOOM).toBeGreaterThanOrEqual(12);
    expect(11 * (READABLE_ZOOM - 0.01)).toBeLessThan(12);
  });

  it('frames the hop and its neighbours, with room for the label', () => {
    const spots = [spot(0, 0), spot(100, 0), spot(300, 200), spot(900, 900)];
    expect(followRect(spots, 1)).toEqual({ x: -LABEL_ROOM, y: -LABEL_ROOM, w: 310 + 2 * LABEL_ROOM, h: 210 + 2 * LABEL_ROOM });
    // At the first hop there is no hop before it.
    expect(followRect(spots, 0)).toEqual({ x: -LABEL_ROOM, y: -LABEL_ROOM, w: 110 + 2 * LABEL_ROOM, h: 10 + 2 * LABEL_ROOM });
    expect(followRect([], 0)).toBeNull();
    expect(union([])).toBeNull();
  });

  it('pans no more than needed to bring a target into view', () => {
    const view = { w: 800, h: 600 };
    expect(panIntoView({ x: 100, y: 100, w: 50, h: 50 }, view, 40)).toBeNull();
    expect(panIntoView({ x: 790, y: 100, w: 50, h: 50 }, view, 40)).toEqual({ dx: -80, dy: 0 });
    expect(panIntoView({ x: 100, y: -30, w: 50, h: 50 }, view, 40)).toEqual({ dx: 0, dy: 70 });
    // Too big to fit: centred.
    expect(panIntoView({ x: 0, y: 100, w: 1000, h: 50 }, view, 40)).toEqual({ dx: -100, dy: 0 });
  });
});
