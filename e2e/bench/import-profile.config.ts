import { benchConfig } from './bench-config';

// Where a kubectl import's time goes (import.profile.ts), figures printed.
export default benchConfig('import.profile.ts', 'bench-import', 600_000);
