/**
 * The editor's simulator: `sim` with its loads named by revisions, so an edit's load (loadFrom) is answered with what
 * changed from the topology the page holds rather than the whole topology again (at 1,000 nodes, receiving it was a
 * ~100 ms task of the page per edit). Only the last topology loaded is kept: a base the page no longer holds (an answer
 * it ignored) or never got (a restarted worker) is answered whole. The embed's worker has none of it.
 */
import type { Topology } from '../model/topology';
import { topologyPatch } from '../model/topology-patch';
import type { EditorSimApi, LoadResult, SimApi } from './protocol';
import { spliced } from './text-delta';

export function withEditAnswers(sim: SimApi): EditorSimApi {
  let last: { rev: number; topology: Topology } | null = null;
  // The last text sent with a revision, valid or not: an edit's text comes as what changed from it (text-delta.ts).
  // (Set as each call arrives, in the order the page sent them, before any load is awaited.)
  let held: { rev: number; text: string } | null = null;
  const load = (text: string, rev?: number) => {
    held = rev === undefined ? null : { rev, text };
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
    async loadFrom(sent, rev, base) {
      const text = typeof sent === 'string' ? sent : held?.rev === sent.from ? spliced(sent, held.text) : undefined;
      if (text === undefined) {
        held = null;
        return { resend: true };
      }
      const from = last?.rev === base ? last.topology : null;
      const r = await load(text, rev);
      return r.ok && from ? { ok: true, patch: topologyPatch(from, r.topology), base, warnings: r.warnings } : r;
    },
  };
}
