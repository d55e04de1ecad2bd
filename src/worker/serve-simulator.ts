// Serves a simulator's calls from a worker (sim.worker.ts, editor.worker.ts), and nothing else.
import type { SimApi } from './protocol';
import { serve, transfer, type Endpoint } from './rpc';
import { createSimulator } from './simulator';

/** Serve the simulator, as `wrap` makes it of `createSimulator`'s (as it is by default). */
export function serveSimulator(wrap: (sim: SimApi) => SimApi = (sim) => sim): void {
  // A running search's progress goes out beside the answers (sim-client.ts reads it).
  const sim = wrap(createSimulator((notice) => self.postMessage({ notice })));
  // A pcapng's bytes move to the main thread instead of being copied.
  const exportTrace: typeof sim.exportTrace = async (trace, format) => {
    const r = await sim.exportTrace(trace, format);
    return r.ok && r.format === 'pcapng' ? transfer(r, [r.bytes.buffer]) : r;
  };
  serve({ ...sim, exportTrace }, self as unknown as Endpoint);
}
