import { describe, expect, it } from 'vitest';
import { clearOfPanel, type Box } from './clear-of-panel';

const box = (left: number, top: number, w: number, h: number): Box => ({ left, top, right: left + w, bottom: top + h });
// A 1080×370 canvas at (0, 190); the CNI panel 576 px wide at the bottom left of the window.
const canvas = box(0, 190, 1080, 370);
const panel = box(16, 360, 576, 520);

describe('moving the node out from under the CNI panel', () => {
  it('leaves a node the panel does not cover', () => {
    expect(clearOfPanel(box(660, 400, 200, 100), panel, canvas)).toBeNull();
    expect(clearOfPanel(box(100, 200, 200, 100), panel, canvas)).toBeNull();
  });

  it('pans a covered node to the right of the panel when the canvas has room', () => {
    expect(clearOfPanel(box(450, 400, 190, 150), panel, canvas)).toEqual({ dx: 592 + 16 - 450, dy: 0 });
  });

  it('pans it above the panel when there is no room on the right', () => {
    const wide = box(100, 380, 900, 60);
    expect(clearOfPanel(wide, panel, canvas)).toEqual({ dx: 0, dy: 360 - 16 - 440 });
  });

  it('leaves it when it fits nowhere', () => {
    expect(clearOfPanel(box(100, 200, 900, 300), panel, canvas)).toBeNull();
  });
});
