import { writeFileSync } from 'node:fs';
import { generateFlannelCluster, pickTraceRequests } from '../src/scenarios/generate';
import { kubectlListText } from '../src/scenarios/generate-kubectl';
import { expect, test } from './fixtures/test';
import { KubectlImport } from './pages/KubectlImport';

const NODES = 1000;

/** The canvas's bench probe (src/ui/canvas/BenchProbe.tsx). */
type Probe = { __hopscopeCanvas: { placements(): { worker: { builds: number; places: number; ahead: number; named: number } } } };

test.describe('Import from cluster at a real cluster’s size', () => {
  test('a 1,000-node kubectl List uploaded through the dialog opens on the canvas and traces', async ({ app, page }, info) => {
    test.setTimeout(600_000);
    // What `kubectl get nodes,pods,services,endpointslices -A -o json` prints for the cluster ?generate=1000 makes (~140 MB).
    const file = info.outputPath('cluster-1000.json');
    writeFileSync(file, kubectlListText({ nodes: NODES, seed: 1 }, 'json'));
    const doc = generateFlannelCluster({ nodes: NODES, seed: 1 });
    const req = pickTraceRequests(doc, 50).find((r) => r.kind === 'pod-clusterip')!.request;

    // Long main-thread tasks while the file is imported and opened: reported, not asserted (the machine's load varies).
    await page.addInitScript(() => {
      const w = window as unknown as { __longest: number };
      w.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await app.open();
    await page.evaluate(() => void ((window as unknown as { __longest: number }).__longest = 0));

    const kubectl = new KubectlImport(page);
    await kubectl.open();
    await kubectl.file.setInputFiles(file);
    // The file goes to the worker unread: its name and size are shown, the text box stays empty.
    await expect(page.getByTestId('kubectl.file-name')).toHaveText(/cluster-1000\.json · 1\d\d\.\d MiB/);
    await expect(kubectl.text).toHaveValue('');
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: 'test-results/screenshots/import-1000-dialog-1024.png' });
    await page.setViewportSize({ width: 1440, height: 900 });
    await kubectl.import.click();
    await expect(kubectl.done).toBeVisible({ timeout: 400_000 });
    await expect(kubectl.warnings).toContainText('default/kubernetes');
    await kubectl.close.click();
    await expect(app.node(`node:${doc.nodes[0]!.name}`)).toBeVisible();
    await expect(app.run).toBeEnabled({ timeout: 120_000 });
    // The picture was made in the place worker from the imported text as it opened (sent ahead), and the canvas's
    // request found it made: one graph built, one picture placed. The request names the text rather than writing the
    // document out: the page read the import's document from the slices the worker wrote beside that text.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as Probe).__hopscopeCanvas.placements().worker))
      .toEqual({
        builds: 1,
        places: 1,
        ahead: 1,
        named: 1,
      });
    const longest = String(await page.evaluate(() => (window as unknown as { __longest: number }).__longest));
    info.annotations.push({ type: 'longest main-thread task during import (ms)', description: longest });
    console.log(`longest main-thread task from upload to the canvas ready: ${longest} ms`);

    await app.request(req.from, req.to);
    await app.run.click();
    await expect(app.verdict).toHaveText('delivered', { timeout: 60_000 });
    await expect(app.node(req.from)).toHaveClass(/border-amber-400/);
    await page.screenshot({ path: 'test-results/screenshots/import-1000.png' });
  });
});
