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
