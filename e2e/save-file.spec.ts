import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { expect, test } from './fixtures/test';

test.describe('File → Save', () => {
  test('a 1,000-node cluster is written as YAML in a worker: the menu says Saving… meanwhile, and the file holds the whole cluster', async ({ app, page }) => {
    test.setTimeout(180_000);
    const writers: string[] = [];
    page.on('request', (r) => void (/write-document\.worker-[^/]*\.js$/.test(r.url()) && writers.push(r.url())));
    await app.openGenerated(1000, 120_000);
    await page.getByTestId('file.menu').click();
    const yaml = page.getByTestId('file.save-yaml');
    const download = page.waitForEvent('download', { timeout: 120_000 });
    await yaml.click();
    await expect(yaml).toHaveText('Saving…');
    await expect(page.getByTestId('file.save-json')).toBeDisabled();
    const file = test.info().outputPath('cluster.yaml');
    await (await download).saveAs(file);
    const doc = parse(readFileSync(file, 'utf8')) as { nodes: unknown[]; pods: unknown[] };
    expect(doc.nodes).toHaveLength(1000);
    expect(doc.pods).toHaveLength(30_000);
    // Written by the worker (seconds of work at this size), not on the page's thread.
    expect(writers).toHaveLength(1);
    await expect(yaml).toBeHidden();
  });

  test('a YAML writer that cannot start says so, keeps the menu open, and JSON still saves', async ({ app, page }) => {
    await page.route(/write-document\.worker-[^/]*\.js$/, (route) => route.abort());
    await app.open('ack-flannel');
    await page.getByTestId('file.menu').click();
    await page.getByTestId('file.save-yaml').click();
    await expect(page.getByTestId('file.save-error')).toHaveText('Not saved: writing the file failed. Try again, or save as JSON.');
    await expect(page.getByTestId('file.save-yaml')).toBeEnabled();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('file.save-json').click()]);
    const file = test.info().outputPath('cluster.json');
    await download.saveAs(file);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { metadata: { name: string } }).metadata.name).toBeTruthy();
    await expect(page.getByTestId('file.save-error')).toBeHidden();
  });
});
