import { describe, expect, it } from 'vitest';
import { callout, followRect, panIntoView, READABLE_ZOOM, union } from './camera';

/** A 10×10 element at (x, y) with the packet at its middle; its callout under it, rightward unless `leftward`. */
const spot = (x: number, y: number, leftward = false) => ({
  x: x + 5,
  y: y + 5,
  rect: { x, y, w: 10, h: 10 },
  callout: { x: x + 5, y: y + 16, leftward },
});

describe('the camera', () => {
  it('reads a pod’s 11 px address at 12 px or more at the readable zoom', () => {
    expect(11 * READABLE_ZOOM).toBeGreaterThanOrEqual(12);
    expect(11 * (READABLE_ZOOM - 0.01)).toBeLessThan(12);
  });

  it('frames the hop and its neighbours, with the label and badges beside the hop', () => {
    const spots = [spot(0, 0), spot(100, 0), spot(300, 200), spot(900, 900)];
    const label = callout(spots[1]!, 1);
    expect(followRect(spots, 1)).toEqual(union([spots[0]!.rect, spots[2]!.rect, label]));
    // The label and badges hang from the spot's callout corner: rightward from it, or leftward.
    expect(label.x).toBe(spots[1]!.callout.x);
    expect(label.y).toBe(spots[1]!.callout.y);
    expect(label.w).toBeGreaterThan(400);
    expect(label.h).toBeGreaterThan(80);
    const leftward = callout(spot(100, 0, true), 1);
    expect(leftward.x + leftward.w).toBe(spots[1]!.callout.x);
    // Zoomed out, the label keeps its screen size, so it spans more of the canvas.
    expect(callout(spots[1]!, 0.5).w).toBe(2 * label.w);
    // At the first hop there is no hop before it.
    expect(followRect(spots, 0)).toEqual(union([spots[1]!.rect, callout(spots[0]!, 1), spots[0]!.rect]));
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
