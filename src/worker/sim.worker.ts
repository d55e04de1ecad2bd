// The worker entry: exposes the simulator over comlink and nothing else.
import { expose, transfer } from 'comlink';
import { createSimulator } from './simulator';

const sim = createSimulator();
// A pcapng's bytes move to the main thread instead of being copied.
const exportTrace: typeof sim.exportTrace = async (trace, format) => {
  const r = await sim.exportTrace(trace, format);
  return r.ok && r.format === 'pcapng' ? transfer(r, [r.bytes.buffer]) : r;
};
expose({ ...sim, exportTrace });
