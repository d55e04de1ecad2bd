/**
 * Which lines of a long text a scrolling box draws: those in sight and a margin either side, in steps,
 * so scrolling re-renders every few dozen lines rather than every pixel. Pure.
 */

/** Each line's height (px): the node view's lines are one fixed height, so where line i sits is known without measuring. */
export const LINE_PX = 16;
/** Texts shorter than this are drawn whole (find-in-page sees every line); `ipvsadm -Ln` at 1,000 nodes is 67,000 lines. */
export const WINDOW_FROM = 400;
/** Lines drawn beyond each edge of the view. */
const MARGIN = 60;
/** The window moves in steps of this many lines. */
const STEP = 30;

/** The lines [first, end) to draw of `count`, for a box `height` px tall scrolled to `scrollTop`. */
export function lineWindow(scrollTop: number, height: number, count: number): { first: number; end: number } {
  if (count < WINDOW_FROM) return { first: 0, end: count };
  const top = Math.floor(Math.max(0, scrollTop) / LINE_PX);
  const first = Math.max(0, Math.floor((top - MARGIN) / STEP) * STEP);
  const end = Math.min(count, Math.ceil((top + Math.ceil(height / LINE_PX) + MARGIN) / STEP) * STEP);
  return { first, end };
}

/** Where to scroll to show line `index` a third of the way down a box `height` px tall. */
export const scrollToLine = (index: number, height: number): number => Math.max(0, index * LINE_PX - height / 3);
