/**
 * A big document's load answer in slices (model/doc-slices.ts): the worker writes the validated topology out a few
 * thousand items a slice, and the page reads it a slice per task. Received as one object (a structured clone of
 * 10 MB at 1,000 nodes) it was one long task on the page. Loaded by both sides only for such a document.
 */
import { readSliced, sliceJson } from '../model/doc-slices';
import type { Topology } from '../model/topology';
import type { LoadAnswer, LoadResult } from './protocol';

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The worker's side: `r` as it is posted. */
export function sliceLoad(r: Extract<LoadResult, { ok: true }>): LoadAnswer {
  return { ok: true, sliced: sliceJson(r.topology as unknown as Record<string, unknown>), warnings: r.warnings };
}

/** The page's side: the answer as the simulator gave it, its topology read a slice per task. */
export async function readSlicedLoad(a: Extract<LoadAnswer, { sliced: unknown }>): Promise<LoadResult> {
  return { ok: true, topology: (await readSliced(a.sliced, nextTask)) as unknown as Topology, warnings: a.warnings };
}
