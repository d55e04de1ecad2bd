import { benchConfig } from './bench-config';

// The UI bench: the same browser and preview server as the e2e tests, one long test per cluster.
export default benchConfig('**/*.bench.ts', 'bench', 180_000);
