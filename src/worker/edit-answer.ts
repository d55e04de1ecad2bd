/** An edit's answer (SimApi.loadFrom): what changed from the topology the page holds. Loaded with the editor's first edit. */
import type { Topology } from '../model/topology';
import { topologyPatch } from '../model/topology-patch';
import type { LoadReply, LoadResult } from './protocol';

/** `r`, or (valid) what changed in it from `from`, the topology the page holds as `base`. */
export const answerFrom = (from: Topology, base: number, r: LoadResult): LoadReply =>
  r.ok ? { ok: true, patch: topologyPatch(from, r.topology), base, warnings: r.warnings } : r;
