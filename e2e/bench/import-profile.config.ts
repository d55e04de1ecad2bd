import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

// Where a kubectl import's time goes (import.profile.ts): the e2e browser and preview server, figures printed.
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'import.profile.ts',
  outputDir: '../../test-results/bench-import',
  timeout: 600_000,
  retries: 0,
  reporter: [['list']],
  webServer: { ...(base.webServer as object), cwd: fileURLToPath(new URL('../..', import.meta.url)) } as typeof base.webServer,
});
