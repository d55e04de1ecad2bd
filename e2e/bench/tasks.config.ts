import { benchConfig } from './bench-config';

// What the UI bench's long tasks are made of (tasks.profile.ts), figures printed.
export default benchConfig('tasks.profile.ts', 'bench-tasks', 600_000);
