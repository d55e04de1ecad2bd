/**
 * The editor on a big document, in headless Chromium: a generated Flannel cluster of 100 nodes
 * and 3,000 pods (?generate=100). Time to first render (navigation start → the cluster drawn: pods, or
 * on a big cluster the collapsed node summaries it opens with), the time to expand every node (pods
 * drawn), and frames per second while panning (the viewport moved every animation frame).
 * Figures, not assertions: printed and written to test-results/bench-editor/editor.json.
 *
 *   npm run bench:editor
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

for (const [label, url] of [['built-in ACK Flannel (baseline)', '/'], ['100 nodes, 3,000 pods', '/?generate=100']] as const) test(`editor: ${label}`, async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __frames: number; __drawnAt: number | null };
    w.__frames = 0;
    w.__drawnAt = null;
    // The first frame in which the cluster is on the canvas (Playwright's polling would add up to a second).
    const drawn = '[data-testid="canvas.node"][data-kind="pod"], [data-testid="canvas.node"][data-collapsed="true"]';
    const tick = (now: number) => {
      w.__frames++;
      if (w.__drawnAt === null && document.querySelector(drawn)) w.__drawnAt = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.goto(url);
  await expect(page.locator('[data-testid="canvas.node"][data-kind="pod"], [data-testid="canvas.node"][data-collapsed="true"]').first()).toBeVisible({ timeout: 60_000 });
  const firstRenderMs = await page.evaluate(() => (window as unknown as { __drawnAt: number }).__drawnAt);
  const summary = await page.getByTestId('doc.title').textContent();
  const drawnNodesAtFit = await page.locator('.react-flow__node').count();
  // A big cluster opens collapsed: expand every node and time until pods are drawn.
  let expandAllMs: number | null = null;
  if ((await page.locator('[data-collapsed="true"]').count()) > 0) {
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('view.collapse').click();
    await expect(page.locator('[data-testid="canvas.node"][data-kind="pod"]').first()).toBeVisible({ timeout: 60_000 });
    expandAllMs = Math.round((await page.evaluate(() => performance.now())) - t0);
  }
  const drawnPods = await page.locator('[data-kind="pod"]').count();

  // Zoom to a working scale (as a person would) and pan back and forth.
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // From the fitted view (the whole cluster, ~0.05×) to a working scale where pod names are readable.
  for (let i = 0; i < 14; i++) {
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(30);
  }
  const zoom = await page.evaluate(() => getComputedStyle(document.querySelector(".react-flow__viewport")!).transform);
  await page.waitForTimeout(500);
  // Pan by moving the viewport every animation frame (a mouse drag would grab a node at this scale).
  const pan = (ms: number) =>
    page.evaluate(
      (ms) =>
        new Promise<number>((resolve) => {
          const api = (window as unknown as { __hopscopeCanvas: { panBy(dx: number, dy: number): void } }).__hopscopeCanvas;
          const t0 = performance.now();
          let frames = 0;
          const step = (now: number) => {
            frames++;
            api.panBy(Math.floor((now - t0) / 1000) % 2 ? 14 : -14, 0);
            if (now - t0 < ms) requestAnimationFrame(step);
            else resolve((frames * 1000) / (now - t0));
          };
          requestAnimationFrame(step);
        }),
      ms,
    );
  await pan(500);
  const fps = await pan(3000);
  const idle0 = await page.evaluate(() => (window as unknown as { __frames: number }).__frames);
  await page.waitForTimeout(1000);
  const idleFps = (await page.evaluate(() => (window as unknown as { __frames: number }).__frames)) - idle0;
  const drawnWhilePanning = await page.locator('.react-flow__node').count();

  const result = { document: summary, firstRenderMs: Math.round(firstRenderMs), drawnNodesAtFit, expandAllMs, drawnPodsExpanded: drawnPods, drawnNodesZoomed: drawnWhilePanning, panFps: Math.round(fps * 10) / 10, idleFps, viewport: zoom };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync('test-results/bench-editor', { recursive: true });
  writeFileSync(`test-results/bench-editor/editor-${url === '/' ? 'baseline' : 'big'}.json`, JSON.stringify(result, null, 2));
  await page.screenshot({ path: `e2e/screenshots/bench-editor-${url === '/' ? 'baseline' : 'big'}.png` });
});
