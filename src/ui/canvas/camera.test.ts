import { describe, expect, it } from 'vitest';
import { builtins } from '../../scenarios';
import { parseTopology } from '../../model';
import { compile, trace as runTrace } from '../../engine';
import { buildFrames } from '../../layout/frames';
import { CALLOUT } from '../../layout/geometry';
import { callout, calloutSize, followRect, glideSteps, panIntoView, READABLE_ZOOM, union } from './camera';

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

  it('frames the hop and its neighbours, with the label and badges under the hop', () => {
    const room = { w: 300, h: 48 };
    const spots = [spot(0, 0), spot(100, 0), spot(300, 200), spot(900, 900)];
    const label = callout(spots[1]!, room, 1);
    expect(followRect(spots, 1, room)).toEqual(union([spots[0]!.rect, spots[2]!.rect, label]));
    // The label and badges hang from the spot's callout corner: rightward from it, or leftward.
    expect(label).toEqual({ x: spots[1]!.callout.x, y: spots[1]!.callout.y, ...room });
    const leftward = callout(spot(100, 0, true), room, 1);
    expect(leftward.x + leftward.w).toBe(spots[1]!.callout.x);
    // Zoomed out, the label keeps its screen size, so it spans more of the canvas.
    expect(callout(spots[1]!, room, 0.5).w).toBe(2 * label.w);
    // At the first hop there is no hop before it.
    expect(followRect(spots, 0, room)).toEqual(union([spots[1]!.rect, callout(spots[0]!, room, 1), spots[0]!.rect]));
    expect(followRect([], 0, room)).toBeNull();
    expect(union([])).toBeNull();
  });

  it('makes room for what the hop draws: a row per badge, a drop note, never wider than 26rem', () => {
    const r = parseTopology(builtins.find((b) => b.id === 'ack-flannel')!.yaml);
    if (!r.ok) throw new Error('ack-flannel does not validate');
    const dp = compile(r.topology);
    const frames = buildFrames(runTrace(dp, { from: 'pod:default/centos-67756b6dc8-rmmxt', to: '192.168.13.23:80' }));
    const plain = frames.find((f) => f.badges.length === 0 && !f.drop && !f.hop.hook && !f.hop.packet.icmp)!;
    const dnat = frames.find((f) => f.badges.length === 1)!;
    const one = calloutSize(plain);
    expect(one.w).toBeGreaterThan(plain.label.length * 6);
    expect(one.w).toBeLessThan(CALLOUT.w);
    expect(calloutSize(dnat).h).toBe(2 * one.h);
    expect(calloutSize(dnat).w).toBeLessThanOrEqual(CALLOUT.w);
    const dropped = buildFrames(runTrace(dp, { from: 'pod:default/centos-67756b6dc8-rmmxt', to: '172.23.96.200:80' })).find((f) => f.drop);
    expect(dropped).toBeDefined();
    expect(calloutSize(dropped!).h).toBeGreaterThan(one.h + 40);
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

describe('a glide counted in frames', () => {
  const size = { w: 1000, h: 800 };
  const from = { x: -700, y: -200, zoom: 0.6 };
  const to = { x: 140, y: -440, zoom: 0.75 };
  const centre = (v: { x: number; y: number; zoom: number }) => [(size.w / 2 - v.x) / v.zoom, (size.h / 2 - v.y) / v.zoom];

  it('ends at the view it goes to, in as many steps as frames', () => {
    const steps = glideSteps(from, to, size, 12);
    expect(steps).toHaveLength(12);
    expect(steps.at(-1)).toBe(to);
  });

  it('moves the point at the centre and the zoom by equal steps', () => {
    const steps = [from, ...glideSteps(from, to, size, 12)];
    const moves = steps.slice(1).map((v, i) => Math.hypot(centre(v)[0]! - centre(steps[i]!)[0]!, centre(v)[1]! - centre(steps[i]!)[1]!));
    for (const m of moves) expect(m).toBeCloseTo(moves[0]!, 6);
    const zooms = steps.slice(1).map((v, i) => v.zoom - steps[i]!.zoom);
    for (const z of zooms) expect(z).toBeCloseTo(0.15 / 12, 9);
  });
});
