import { benchConfig } from './bench-config';

// The load bench (bench:editor's load rows alone): one long test, figures printed (not asserted).
export default benchConfig('load.bench.ts', 'bench-load', 180_000);
