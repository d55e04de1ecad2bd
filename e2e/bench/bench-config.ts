import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

/**
 * A bench's Playwright config: the e2e tests' browser and preview server, long tests, no retries, figures printed
 * (not asserted). `testMatch` picks the bench files, `results` names its folder under test-results/.
 */
export function benchConfig(testMatch: string, results: string, timeout: number) {
  return defineConfig({
    ...base,
    testDir: '.',
    testMatch,
    outputDir: `../../test-results/${results}`,
    timeout,
    retries: 0,
    reporter: [['list']],
    // The preview server serves the repository's dist/, not this folder's.
    webServer: { ...(base.webServer as object), cwd: fileURLToPath(new URL('../..', import.meta.url)) } as typeof base.webServer,
  });
}
