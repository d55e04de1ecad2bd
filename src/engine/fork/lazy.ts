/**
 * The part of the engine only `choice: {all: true}` uses — the search and its classes of
 * equivalent options (module.ts) — provided when loaded, as the CNI modules are
 * (wiring-modules.ts): the worker loads it with the first such request (worker/simulator.ts), Node
 * at once (wiring-modules-all.ts). A trace that follows one branch (an embed's) downloads none of
 * it: the choice points hand `all` a thunk that reads it only when asked.
 */
export type ForkModule = typeof import('./module');

let provided: ForkModule | undefined;

export function provideFork(m: ForkModule): void {
  provided = m;
}

export const hasFork = (): boolean => provided !== undefined;

/** The module; a loader that forgot it is a bug, said as such. */
export function forkModule(): ForkModule {
  if (!provided) throw new Error("the engine's `all` module is not loaded: load fork/module.ts (provideFork) before a trace with choice all");
  return provided;
}
