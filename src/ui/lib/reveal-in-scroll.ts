/**
 * Bringing a row of a scrolling panel into view without forcing a layout. The row's position is read
 * from an IntersectionObserver, which the browser answers after laying the page out for the frame, so
 * nothing is measured while the canvas beside the panel is still dirty (a trace or a step changes
 * thousands of its elements: measuring then laid the whole page out, 40–80 ms at 1,000 nodes).
 */

/** Room left above a revealed row for the panel's sticky toolbar (px). */
const STICKY_PAD = 36;

/**
 * The scroll position that shows `row` in `box`, vertically only (rows are wider than the panel; the
 * page must not scroll), or null when it is in view. A row taller than the panel shows from its top,
 * where it says where the packet is. Rectangles are in viewport px, as measured at `scrollTop`.
 */
export function scrollTopFor(row: { top: number; height: number }, box: { top: number; height: number }, scrollTop: number, pad = STICKY_PAD): number | null {
  const top = row.top - box.top + scrollTop;
  if (top - pad < scrollTop || row.height > box.height - pad) return Math.max(0, top - pad);
  if (top + row.height > scrollTop + box.height) return top + row.height - box.height + 4;
  return null;
}

/** Scrolls `el`'s `[data-scroll]` panel to show it, once the browser has laid it out. Returns a cancel (for an effect's cleanup). */
export function revealInScrollBox(el: HTMLElement): () => void {
  const box = el.closest<HTMLElement>('[data-scroll]');
  if (!box) return () => {};
  const seen = new IntersectionObserver(
    ([entry]) => {
      seen.disconnect();
      if (!entry?.rootBounds) return;
      const to = scrollTopFor(entry.boundingClientRect, entry.rootBounds, box.scrollTop);
      if (to !== null) box.scrollTop = to;
    },
    { root: box },
  );
  seen.observe(el);
  return () => seen.disconnect();
}
