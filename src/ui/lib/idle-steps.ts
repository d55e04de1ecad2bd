/**
 * Runs `steps` one per idle callback, in order: work made ahead while the page is idle counts as a
 * task of its own each, not as one long task (at 1,000 nodes the canvas's trace lookups, run
 * together, were a single task of ~100 ms). Returns a cancel that drops the steps not yet run.
 */
export function idleSteps(steps: readonly (() => unknown)[], { minIdleMs = 0, timeoutMs = 0 } = {}): () => void {
  let at = 0;
  let id = 0;
  // `timeoutMs`: the steps run by then even if the page is never that idle (a loaded machine, a packet playing).
  const deadline = timeoutMs > 0 ? performance.now() + timeoutMs : Infinity;
  const next = () => {
    if (at >= steps.length) return;
    const left = deadline - performance.now();
    id = requestIdleCallback(run, left < Infinity ? { timeout: Math.max(1, left) } : undefined);
  };
  // `minIdleMs`: a step waits for an idle period that long — not the few ms between the frames of a pan or zoom,
  // where a 25–50 ms step was the gesture's longest task.
  const run = (idle?: IdleDeadline) => {
    if (idle && idle.timeRemaining() < minIdleMs && performance.now() < deadline) return next();
    steps[at++]!();
    next();
  };
  next();
  return () => {
    at = steps.length;
    cancelIdleCallback(id);
  };
}
