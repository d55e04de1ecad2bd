import type { SourceProblem } from './embed-source';

/** What the frame says about its `src=`: being read, or why it could not be. The embed's view reads it. */
export type SourceState =
  { url: string; state: 'loading' } | { url: string; state: 'failed'; problem: SourceProblem } | { url: string; state: 'invalid'; problems: string };
let sourceState: SourceState | null = null;
const listeners = new Set<() => void>();
export const getSourceState = (): SourceState | null => sourceState;
export function setSourceState(s: SourceState | null): void {
  sourceState = s;
  for (const l of listeners) l();
}
export function subscribeSourceState(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
