import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

// What the UI bench's long tasks are made of (tasks.profile.ts): the e2e browser and preview server, figures printed.
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'tasks.profile.ts',
  outputDir: '../../test-results/bench-tasks',
  timeout: 600_000,
  retries: 0,
  reporter: [['list']],
  webServer: { ...(base.webServer as object), cwd: fileURLToPath(new URL('../..', import.meta.url)) } as typeof base.webServer,
});
