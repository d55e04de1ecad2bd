import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

// The load bench (bench:editor's load rows alone): the e2e browser and preview server, one long test, figures printed (not asserted).
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'load.bench.ts',
  outputDir: '../../test-results/bench-load',
  timeout: 180_000,
  retries: 0,
  reporter: [['list']],
  webServer: { ...(base.webServer as object), cwd: fileURLToPath(new URL('../..', import.meta.url)) } as typeof base.webServer,
});
