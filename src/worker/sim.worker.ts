// The worker entry: serves the simulator's calls and nothing else.
import { serve, transfer, type Endpoint } from './rpc';
import type { LoadAnswer } from './protocol';
import { createSimulator } from './simulator';

// A running search's progress goes out beside the answers (sim-client.ts reads it).
const sim = createSimulator((notice) => self.postMessage({ notice }));
// A pcapng's bytes move to the main thread instead of being copied.
const exportTrace: typeof sim.exportTrace = async (trace, format) => {
  const r = await sim.exportTrace(trace, format);
  return r.ok && r.format === 'pcapng' ? transfer(r, [r.bytes.buffer]) : r;
};
// A big document's topology (past 1,000 pods: the place worker's WORKER_PODS, not imported here) goes to the page in
// slices (sliced-load.ts, loaded only for such a document).
const load = async (text: string): Promise<LoadAnswer> => {
  const r = await sim.load(text);
  return r.ok && r.topology.pods.length > 1000 ? (await import('./sliced-load')).sliceLoad(r) : r;
};
serve({ ...sim, exportTrace, load }, self as unknown as Endpoint);
