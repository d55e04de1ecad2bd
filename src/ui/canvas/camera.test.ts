import { describe, expect, it } from 'vitest';
import { callout, followRect, panIntoView, READABLE_ZOOM, union } from './camera';

const spot = (x: number, y: number, labelAbove = true) => ({ x: x + 5, y: y + 5, rect: { x, y, w: 10, h: 10 }, labelAbove });

describe('the camera', () => {
  it('reads a pod’s 11 px address at 12 px or more at the readable zoom', () => {
    expect(11 * READABLE_ZOOM).toBeGreaterThanOrEqual(12);
    expect(11 * (READABLE_ZOOM - 0.01)).toBeLessThan(12);
  });

  it('frames the hop and its neighbours, with the label and badges beside the hop', () => {
    const spots = [spot(0, 0), spot(100, 0), spot(300, 200), spot(900, 900)];
    const label = callout(spots[1]!, 1);
    expect(followRect(spots, 1)).toEqual(union([spots[0]!.rect, spots[2]!.rect, label]));
    // The label runs right of the marker, above or below it.
    expect(label.x).toBeLessThan(spots[1]!.x);
    expect(label.x + label.w).toBeGreaterThan(spots[1]!.x + 400);
    // Above the marker inside the cluster (reaching just past the marker below); below it in the top rows.
    expect(label.y + label.h).toBe(spots[1]!.y + 12);
    expect(label.y).toBeLessThan(spots[1]!.y - 80);
    const below = callout(spot(100, 0, false), 1);
    expect(below.y).toBe(spots[1]!.y - 12);
    expect(below.y + below.h).toBeGreaterThan(spots[1]!.y + 80);
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
