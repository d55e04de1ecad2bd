import type { Trace } from '../model/trace';

/**
 * The trace as far as the packet has got (hops up to `frame`, request first, then the reply): what
 * may be drawn while a prediction's outcome is hidden, so the canvas does not show where it ends.
 */
export function traceSoFar(trace: Trace, frame: number): Trace {
  const n = trace.hops.length;
  if (frame >= n + (trace.reply?.hops.length ?? 0) - 1) return trace;
  return { ...trace, hops: trace.hops.slice(0, frame + 1), reply: trace.reply && frame >= n ? { hops: trace.reply.hops.slice(0, frame + 1 - n) } : null };
}
