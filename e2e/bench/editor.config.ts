import { benchConfig } from './bench-config';

// The editor bench: one long test, figures printed (not asserted).
export default benchConfig('editor.bench.ts', 'bench-editor', 180_000);
