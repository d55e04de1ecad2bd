/**
 * The editor's simulator: `sim` with its loads named by revisions, so an edit's load (loadFrom) is answered with what
 * changed from the topology the page holds rather than the whole topology again (at 1,000 nodes, receiving it was a
 * ~100 ms task of the page per edit). Only the last topology loaded is kept: a base the page no longer holds (an answer
 * it ignored) or never got (a restarted worker) is answered whole. The embed's worker has none of it.
 */
import type { Topology } from '../model/topology';
import { topologyPatch } from '../model/topology-patch';
import type { EditorSimApi, LoadResult, SimApi } from './protocol';

export function withEditAnswers(sim: SimApi): EditorSimApi {
  let last: { rev: number; topology: Topology } | null = null;
  const load = (text: string, rev?: number) => {
    const keep = (r: LoadResult): LoadResult => {
      if (!r.ok || rev === undefined) return r;
      last = { rev, topology: r.topology };
      return { ...r, rev };
    };
    const r = sim.load(text);
    return r instanceof Promise ? r.then(keep) : keep(r);
  };
  return {
    ...sim,
    load,
    async loadFrom(text, rev, base) {
      const from = last?.rev === base ? last.topology : null;
      const r = await load(text, rev);
      return r.ok && from ? { ok: true, patch: topologyPatch(from, r.topology), base, warnings: r.warnings } : r;
    },
  };
}
