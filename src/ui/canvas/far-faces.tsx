import { useEffect } from 'react';
import { useStore as useFlowStore } from '@xyflow/react';
import { isFar } from './visible-elements';

/**
 * Boxes that change face in a frame when the zoom crosses FAR_ZOOM. All at once, the boxes in view at 1,000 nodes
 * (styled, laid out and painted again) were one task of 42–53 ms of thread time, longer than any other of the zoom.
 */
const BOXES_PER_FRAME = 40;

/**
 * Below FAR_ZOOM a big cluster's boxes draw their far face (base.css: their name, large; none of the rows inside).
 * Marked on React Flow's own element, so the boxes switch by a change of style, not by React drawing each of them again:
 * those on screen then keep the face they had (`data-lag`) and switch a few a frame; those mounted later draw the new one.
 * A module of its own, loaded with a big cluster's canvas: the built-ins and an embed's documents never need it.
 */
export default function FarFaces() {
  const far = useFlowStore(isFar);
  const canvas = useFlowStore((s) => s.domNode);
  useEffect(() => {
    if (!canvas || far === canvas.hasAttribute('data-far')) return;
    // Each box on screen keeps the face it draws (its mark toggled as the canvas's is), then switches in its turn.
    const boxes = Array.from(canvas.querySelectorAll<HTMLElement>('.react-flow__node'));
    for (const b of boxes) b.toggleAttribute('data-lag');
    canvas.toggleAttribute('data-far', far);
    const lagging = boxes.filter((b) => b.hasAttribute('data-lag'));
    let frame = 0;
    const step = () => {
      for (const b of lagging.splice(0, BOXES_PER_FRAME)) b.removeAttribute('data-lag');
      if (lagging.length) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [canvas, far]);
  // Unmounted (the cluster is no longer big): every box whole.
  useEffect(
    () => () => {
      canvas?.removeAttribute('data-far');
      canvas?.querySelectorAll('[data-lag]').forEach((b) => b.removeAttribute('data-lag'));
    },
    [canvas],
  );
  return null;
}
