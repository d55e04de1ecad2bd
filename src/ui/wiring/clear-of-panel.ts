/** Screen rectangles, as getBoundingClientRect gives them. */
export type Box = Pick<DOMRect, 'left' | 'right' | 'top' | 'bottom'>;

const GAP = 16;

/**
 * How far to pan the canvas so the node box is not under the panel: right of it when the canvas has room,
 * else above it; null when it is clear already or fits nowhere.
 */
export function clearOfPanel(node: Box, panel: Box, canvas: Box): { dx: number; dy: number } | null {
  const overlaps = node.left < panel.right && node.right > panel.left && node.top < panel.bottom && node.bottom > panel.top;
  if (!overlaps) return null;
  const dx = panel.right + GAP - node.left;
  if (node.right + dx <= canvas.right) return { dx, dy: 0 };
  const dy = panel.top - GAP - node.bottom;
  if (node.top + dy >= canvas.top) return { dx: 0, dy };
  return null;
}
