/**
 * Where the canvas's picture is made: a big document's graph, layout and placement in the place worker
 * (src/worker/placer.ts), never on the main thread, and an edit that moves a node places it again without
 * building the graph again; a small one on the main thread, in the render that receives it.
 */
import { generateFlannelCluster } from '../src/scenarios/generate';
import { expect, test } from './fixtures/test';

/** The canvas's bench probe (src/ui/canvas/BenchProbe.tsx). */
type Probe = { __hopscopeCanvas: { placements(): { mainBuilds: number; worker: { builds: number; places: number; ahead: number; named: number } } } };
const placements = (page: import('@playwright/test').Page) => page.evaluate(() => (window as unknown as Probe).__hopscopeCanvas.placements());

test.describe('The canvas’s picture', () => {
  test('of a built-in is made on the main thread, with no worker round trip', async ({ app, page }) => {
    await app.open();
    const p = await placements(page);
    expect(p.mainBuilds).toBeGreaterThan(0);
    expect(p.worker).toEqual({ builds: 0, places: 0, ahead: 0, named: 0 });
  });

  test('of 1,000 nodes is built and placed in the worker; moving a node places it again without building the graph again', async ({ app, page }) => {
    test.setTimeout(240_000);
    const first = `node:${generateFlannelCluster({ nodes: 1000 }).nodes[0]!.name}`;
    await page.goto('/?generate=1000');
    await expect(app.run).toBeEnabled({ timeout: 150_000 });
    const box = app.node(first);
    await expect(box).toBeVisible({ timeout: 60_000 });
    await expect.poll(() => placements(page)).toEqual({ mainBuilds: 0, worker: { builds: 1, places: 1, ahead: 1, named: 1 } });
    await page.screenshot({ path: 'test-results/screenshots/place-1000-1440.png' });
    await page.setViewportSize({ width: 1024, height: 768 });
    await expect(box).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/place-1000-1024.png' });
    await page.setViewportSize({ width: 1440, height: 900 });

    // A person selects the first node and nudges it right (Alt+→): the document stores its new position.
    const before = (await box.boundingBox())!;
    await box.click({ position: { x: 20, y: 12 } });
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(async () => (await box.boundingBox())!.x).toBeGreaterThan(before.x);
    // (Named twice: the click opened the node, a request for the same document read from its text.)
    await expect.poll(() => placements(page)).toEqual({ mainBuilds: 0, worker: { builds: 1, places: 2, ahead: 1, named: 2 } });
  });
});
