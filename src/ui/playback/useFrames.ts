import { useDeferredValue } from 'react';
import type { Trace } from '../../model';
import { selectFrame, selectTrace, useAppStore } from '../../store';
import { buildFrames, type Frame } from './frames';

// NOTE: one frame list per trace object, shared by every component that reads it.
const cache = new WeakMap<Trace, Frame[]>();
const EMPTY: Frame[] = [];

/** The frames of a trace, built once per trace. */
export function framesOf(trace: Trace | null): Frame[] {
  if (!trace) return EMPTY;
  let f = cache.get(trace);
  if (!f) {
    f = buildFrames(trace);
    cache.set(trace, f);
  }
  return f;
}

/** The current trace's frames. */
export function useFrames(): Frame[] {
  return framesOf(useAppStore(selectTrace));
}

/** The frame on show, or null when nothing has been traced. */
export function useCurrentFrame(): Frame | null {
  const frames = useFrames();
  const i = useAppStore(selectFrame);
  return frames[Math.min(i, frames.length - 1)] ?? null;
}

/** What the side panels show of the playback: the trace, its frames, the frame index and that frame. */
export interface PanelPlayback {
  trace: Trace | null;
  frames: Frame[];
  frame: number;
  current: Frame | null;
}

/**
 * The trace and hop the side panels (event list, packet detail, capture points, node views) show: the
 * store's, one render behind. A new trace or hop is drawn on the canvas in the render the store's change
 * starts; the panels follow in React's deferred render, which it splits into short tasks and puts off
 * for input. (At 1,000 nodes the panels were 25–75 ms of the task that drew the packet's first hop.)
 * NOTE: the trace and the frame are deferred together (React defers every value of a render to the same
 * later render), so a panel never pairs a new trace with the last one's hop.
 */
export function usePanelPlayback(): PanelPlayback {
  const trace = useDeferredValue(useAppStore(selectTrace));
  const frame = useDeferredValue(useAppStore(selectFrame));
  const frames = framesOf(trace);
  return { trace, frames, frame, current: frames[Math.min(frame, frames.length - 1)] ?? null };
}
