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

test.describe('Auto-layout of a cluster placed in the worker', () => {
  test('puts a dragged service back in its row; undo brings it where it was dragged', async ({ app, page }) => {
    test.setTimeout(120_000);
    // 40 nodes, 1,200 pods: past WORKER_PODS, so the picture and the layout are made in the place worker.
    await app.openGenerated(40);
    // Two service boxes side by side, whole on the canvas.
    const services = app.canvas.locator('[data-testid="canvas.node"][data-ref^="svc:"]');
    await expect(services.nth(1)).toBeVisible();
    const seen = await services.evaluateAll((els) => {
      const c = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
      return els.flatMap((e) => {
        const r = e.getBoundingClientRect();
        const whole = r.x > c.x && r.y > c.y && r.right < c.right - 100 && r.bottom < c.bottom - 250;
        return whole ? [{ ref: e.getAttribute('data-ref')!, y: Math.round(r.y) }] : [];
      });
    });
    const pair = seen.filter((n) => n.y === seen.find((m) => seen.some((o) => o !== m && o.y === m.y))?.y).slice(0, 2);
    expect(pair).toHaveLength(2);
    const [a, b] = pair.map((n) => app.node(n.ref));
    // How far the first sits below its neighbour in the row, in box heights (the camera may move and zoom).
    const drop = async () => {
      const [p, q] = [(await a!.boundingBox())!, (await b!.boundingBox())!];
      return Math.round(((p.y - q.y) / q.height) * 10) / 10;
    };
    expect(await drop()).toBe(0);

    // A person drags the first down by about its height.
    const box = (await a!.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 1.5, { steps: 12 });
    await page.mouse.up();
    await expect.poll(drop).toBeGreaterThan(0.5);
    const dragged = await drop();

    await page.getByTestId('edit.autolayout').click();
    await expect.poll(drop).toBe(0);
    await page.screenshot({ path: 'test-results/screenshots/autolayout-40-1440.png' });

    await page.getByTestId('edit.undo').click();
    await expect.poll(drop).toBe(dragged);
  });
});

test.describe('Group by namespace on a cluster placed in the worker', () => {
  test('frames each node’s pods by namespace, and pressed again takes the frames away', async ({ app, page }) => {
    test.setTimeout(120_000);
    await app.openGenerated(40);
    await page.getByTestId('view.collapse').click();
    // The view over the first node, at 0.6 (as the benches' working view).
    await page.evaluate(() => {
      type Placed = { id: string; parentId?: string; position: { x: number; y: number } };
      const api = (window as unknown as { __hopscopeCanvas: { snapshot(): { nodes: Placed[] }; viewport: { set(v: object): void } } }).__hopscopeCanvas;
      const nodes = api.snapshot().nodes;
      const first = nodes.find((n) => n.id.startsWith('node:'))!;
      const parent = nodes.find((n) => n.id === first.parentId)?.position ?? { x: 0, y: 0 };
      api.viewport.set({ x: -(parent.x + first.position.x) * 0.6 + 40, y: -(parent.y + first.position.y) * 0.6 + 40, zoom: 0.6 });
    });
    const frames = app.canvas.getByTestId('canvas.nsframe');
    await expect(page.locator('.react-flow__node-pod').first()).toBeVisible();
    await expect(frames).toHaveCount(0);

    await page.getByTestId('view.group').click();
    await expect(frames.first()).toBeVisible();
    // A generated node runs pods of several namespaces: one frame each, named.
    await expect.poll(async () => new Set(await frames.evaluateAll((els) => els.map((e) => e.getAttribute('data-namespace')))).size).toBeGreaterThan(1);
    await page.screenshot({ path: 'test-results/screenshots/group-40-1440.png' });

    await page.getByTestId('view.group').click();
    await expect(frames).toHaveCount(0);
  });
});
