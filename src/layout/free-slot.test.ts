import { describe, expect, it } from 'vitest';
import { freeSlot, newElementSize, SLOT_GAP, type Box } from './free-slot';

const size = { w: 100, h: 50 };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y;

describe('freeSlot', () => {
  it('keeps the asked spot when it is free', () => {
    expect(freeSlot([{ x: 500, y: 500, w: 100, h: 100 }], { x: 0, y: 0 }, size)).toEqual({ x: 0, y: 0 });
    expect(freeSlot([], { x: 37, y: -12 }, size)).toEqual({ x: 37, y: -12 });
  });

  it('moves off a box to the nearest side, a gap away', () => {
    // Asked near the box's right edge: the right side is the shortest way out.
    const taken = [{ x: 0, y: 0, w: 200, h: 200 }];
    expect(freeSlot(taken, { x: 150, y: 80 }, size)).toEqual({ x: 200 + SLOT_GAP, y: 80 });
    // Near its top: straight up.
    expect(freeSlot(taken, { x: 60, y: 10 }, size)).toEqual({ x: 60, y: -size.h - SLOT_GAP });
  });

  it('a box dropped on the same spot again goes beside the first, never on it', () => {
    const want = { x: 300, y: 300 };
    const taken: Box[] = [];
    for (let i = 0; i < 12; i++) {
      const p = freeSlot(taken, want, size);
      const box = { ...p, ...size };
      for (const o of taken) expect(overlaps(box, o)).toBe(false);
      taken.push(box);
    }
    // The second one lands right beside the first (the nearest free corner), not far away.
    const second = taken[1]!;
    expect(Math.hypot(second.x - want.x, second.y - want.y)).toBe(size.h + SLOT_GAP);
  });

  it('finds the gap between boxes when it is the nearest free place', () => {
    // Two boxes with a 200-wide gap between them: asked on the left one's right half, it lands in the gap.
    const taken = [
      { x: 0, y: 0, w: 200, h: 400 },
      { x: 400, y: 0, w: 200, h: 400 },
    ];
    const p = freeSlot(taken, { x: 190, y: 150 }, size);
    expect(p).toEqual({ x: 200 + SLOT_GAP, y: 150 });
    expect(overlaps({ ...p, ...size }, taken[1]!)).toBe(false);
  });

  it('is the nearest of every free spot on a grid around the ask (brute force agrees)', () => {
    const taken = [
      { x: 0, y: 0, w: 120, h: 80 },
      { x: 130, y: 20, w: 90, h: 200 },
      { x: -40, y: 110, w: 150, h: 60 },
    ];
    const want = { x: 60, y: 60 };
    const p = freeSlot(taken, want, size, 10);
    const d = Math.hypot(p.x - want.x, p.y - want.y);
    const clear = (x: number, y: number) => taken.every((o) => !overlaps({ x: x - 10, y: y - 10, w: size.w + 20, h: size.h + 20 }, o));
    expect(clear(p.x, p.y)).toBe(true);
    let nearest = Infinity;
    for (let x = -300; x <= 400; x += 2) for (let y = -300; y <= 400; y += 2) if (clear(x, y)) nearest = Math.min(nearest, Math.hypot(x - want.x, y - want.y));
    expect(d).toBeLessThanOrEqual(nearest + 1e-9);
    expect(d).toBeGreaterThan(0);
  });

  // Speed belongs to the benches, not to assertions here: this checks the answer among many boxes.
  it('places clear of hundreds of boxes', () => {
    const taken: Box[] = [];
    for (let i = 0; i < 400; i++) taken.push({ x: (i % 20) * 300, y: Math.floor(i / 20) * 200, w: 280, h: 180 });
    const p = freeSlot(taken, { x: 3000, y: 2000 }, newElementSize('node'));
    for (const o of taken) expect(overlaps({ ...p, ...newElementSize('node') }, o)).toBe(false);
  });
});
