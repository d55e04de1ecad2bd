// The worker entry: serves the simulator's calls and nothing else.
import { serve, transfer, type Endpoint } from './rpc';
import { createSimulator } from './simulator';

// A running search's progress goes out beside the answers (sim-client.ts reads it).
const sim = createSimulator((notice) => self.postMessage({ notice }));
// A pcapng's bytes move to the main thread instead of being copied.
const exportTrace: typeof sim.exportTrace = async (trace, format) => {
  const r = await sim.exportTrace(trace, format);
  return r.ok && r.format === 'pcapng' ? transfer(r, [r.bytes.buffer]) : r;
};
serve({ ...sim, exportTrace }, self as unknown as Endpoint);
