import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

// The UI bench: the same browser and preview server as the e2e tests, one long test per cluster.
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '**/*.bench.ts',
  outputDir: '../../test-results/bench',
  timeout: 180_000,
  retries: 0,
  reporter: [['list']],
  // The preview server serves the repository's dist/, not this folder's.
  webServer: { ...(base.webServer as object), cwd: fileURLToPath(new URL('../..', import.meta.url)) } as typeof base.webServer,
});
