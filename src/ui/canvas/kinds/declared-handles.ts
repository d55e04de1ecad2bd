/**
 * Each element's handles as React Flow would measure them, declared with the node.
 *
 * NOTE: React Flow mounts every node it has no handle bounds for, wherever it is, to measure it
 * (onlyRenderVisibleElements or not): at 1,000 nodes that was thousands of boxes mounted, styled and laid
 * out in the first frame (seconds). Told the handles and the size, it mounts only what is in view, and
 * an edge to a box never drawn still ends where it would. e2e/declared-handles.spec.ts checks each kind's
 * declaration against what the browser lays out.
 */
import { Position, type NodeHandle } from '@xyflow/react';
import type { ViewHandle } from './kind';

/** React Flow's handle (its stylesheet: 6 × 6 px). */
const HANDLE = 6;
/** An editing handle (editor.css `.hs-edit-handle`: 12 × 12 px). */
const EDIT_HANDLE_SIZE = 12;

/** A view's own handle at the top (an edge's end), inside its box's 1 px border. */
export const BOX_TARGET: ViewHandle = { type: 'target', side: 'top', size: HANDLE, inset: 1 };
/** A view's own handle at the bottom (an edge's start), inside its box's 1 px border. */
export const BOX_SOURCE: ViewHandle = { type: 'source', side: 'bottom', size: HANDLE, inset: 1 };
/** The editing handle a drag starts from (withHandles draws it, or the view itself). */
export const EDIT_OUT: ViewHandle = { id: 'edit-out', type: 'source', side: 'bottom', size: EDIT_HANDLE_SIZE, inset: 0 };
const EDIT_IN: ViewHandle = { id: 'edit-in', type: 'target', side: 'top', size: EDIT_HANDLE_SIZE, inset: 0 };

/** The handles of a box `width` × `height` drawing `own` and the editing handles `edit` (withHandles' order: the view's first). */
export function declaredHandles(own: readonly ViewHandle[], edit: { in?: boolean; out?: boolean }, width: number, height: number): NodeHandle[] {
  const all = [...own, ...(edit.in ? [EDIT_IN] : []), ...(edit.out ? [EDIT_OUT] : [])];
  // Centred on the edge: half of it outside the box (React Flow's translate(-50%, ±50%)).
  return all.map((h) => ({
    ...(h.id ? { id: h.id } : {}),
    type: h.type,
    position: h.side === 'top' ? Position.Top : Position.Bottom,
    x: width / 2 - h.size / 2,
    y: h.side === 'top' ? h.inset - h.size / 2 : height - h.inset - h.size / 2,
    width: h.size,
    height: h.size,
  }));
}
