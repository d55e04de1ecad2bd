import { describe, expect, it } from 'vitest';
import { scrollTopFor } from './reveal-in-scroll';

// A panel 300 px tall at viewport y=100, scrolled down 200 px, with 36 px under its sticky toolbar.
const box = { top: 100, height: 300 };

describe('scrollTopFor', () => {
  it('leaves a row that is in view where it is', () => {
    expect(scrollTopFor({ top: 200, height: 40 }, box, 200, 36)).toBeNull();
  });

  it('scrolls up to a row above the view (or under the toolbar), leaving the toolbar room', () => {
    // The row's top is 20 px into the panel: under the 36 px toolbar.
    expect(scrollTopFor({ top: 120, height: 40 }, box, 200, 36)).toBe(200 + 20 - 36);
    expect(scrollTopFor({ top: -400, height: 40 }, box, 600, 36)).toBe(600 - 500 - 36);
  });

  it('scrolls down just far enough to show a row below the view', () => {
    // The row ends 60 px below the panel's bottom: scroll by that (and 4 px of air).
    expect(scrollTopFor({ top: 380, height: 80 }, box, 200, 36)).toBe(200 + 60 + 4);
  });

  it('shows a row taller than the panel from its top', () => {
    expect(scrollTopFor({ top: 150, height: 500 }, box, 200, 36)).toBe(200 + 50 - 36);
  });

  it('never asks for a negative scroll', () => {
    expect(scrollTopFor({ top: 110, height: 20 }, box, 0, 36)).toBe(0);
  });
});
