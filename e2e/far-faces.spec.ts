/**
 * A big cluster far away (below FAR_ZOOM, src/layout/lod.ts): each node, service and load balancer box draws its far face, its name
 * large enough to read there and none of the rows inside, and is still the box a person clicks and selects.
 */
import type { Locator, Page } from '@playwright/test';
import { slbId } from '../src/model/element-id';
import { generateFlannelCluster } from '../src/scenarios/generate';
import { expect, test } from './fixtures/test';

/** The zoom the bar under the canvas shows, in %. */
const shownZoom = async (page: Page) => Number((await page.getByTestId('canvas.zoom').textContent())?.replace('%', ''));

/** Click − or + until the zoom shown passes `percent`. */
async function zoomTo(page: Page, button: 'canvas.zoomOut' | 'canvas.zoomIn', past: (zoom: number) => boolean) {
  for (let i = 0; i < 20 && !past(await shownZoom(page)); i++) {
    const before = await shownZoom(page);
    await page.getByTestId(button).click();
    await expect.poll(() => shownZoom(page)).not.toBe(before);
  }
  expect(past(await shownZoom(page))).toBe(true);
}

/** The height on screen of a piece of text, in pixels. */
const heightOnScreen = async (text: Locator) => (await text.boundingBox())?.height ?? 0;

test('far away a box shows its name, large, and nothing else; near, the whole box; a click far away selects it', async ({ app, editor, page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?generate=100');
  await expect(app.run).toBeEnabled({ timeout: 120_000 });
  // The big cluster opens on its services' row; its nodes are below.
  const service = app.canvas.locator('[data-testid="canvas.node"][data-kind="service"]').first();
  await expect(service).toBeVisible({ timeout: 60_000 });
  const serviceName = service.locator('.truncate').first();
  const clusterIp = service.getByText(/^192\.168\./);

  // Near: the whole box (its kind, its address and ports, its type).
  await expect(service.getByText('SVC', { exact: true })).toBeVisible();
  await expect(clusterIp).toBeVisible();

  // Far: the name alone, readable (at least 6 px tall on screen), where the rows would be a few pixels.
  await zoomTo(page, 'canvas.zoomOut', (z) => z < 40);
  await expect(clusterIp).toBeHidden();
  await expect(service.getByText('SVC', { exact: true })).toBeHidden();
  await expect(serviceName).toBeVisible();
  expect(await heightOnScreen(serviceName)).toBeGreaterThanOrEqual(6);
  const nodes = app.canvas.locator('[data-testid="canvas.node"][data-kind="node"]');
  await expect(nodes.first()).toBeVisible();
  const nodeName = (await nodes.first().getAttribute('data-ref'))!.replace(/^node:/, '');
  // (Held by its name: which node is mounted first changes with the view and the window.)
  const node = app.canvas.locator(`[data-testid="canvas.node"][data-ref="node:${nodeName}"]`);
  const nodeTitle = node.getByText(nodeName, { exact: true });
  await expect(nodeTitle).toBeVisible();
  expect(await heightOnScreen(nodeTitle)).toBeGreaterThanOrEqual(6);
  await expect(node.getByText('NODE', { exact: true })).toBeHidden();
  await expect(node.getByText(/^eth0 /)).toBeHidden();
  await expect(node.getByTestId('canvas.node.summary')).toBeHidden();
  await page.screenshot({ path: 'test-results/screenshots/far-faces-1440.png' });
  await page.setViewportSize({ width: 1024, height: 768 });
  // A node the narrower window still shows (the one above may be outside it now) shows its name, as readable.
  await expect(async () => {
    const shown = nodes.first();
    const title = shown.getByText((await shown.getAttribute('data-ref'))!.replace(/^node:/, ''), { exact: true });
    await expect(title).toBeVisible({ timeout: 1000 });
    expect(await heightOnScreen(title)).toBeGreaterThanOrEqual(6);
  }).toPass({ timeout: 10_000 });
  await page.screenshot({ path: 'test-results/screenshots/far-faces-1024.png' });
  await page.setViewportSize({ width: 1440, height: 900 });

  // What a person clicks far away is the box: it is selected, the inspector shows it.
  await expect(nodeTitle).toBeVisible();
  await node.click();
  await expect(editor.inspector).toBeVisible();
  await expect(editor.field('name')).toHaveValue(nodeName);

  // A load balancer's box too (found by its name, then far again): its name, not its kind nor its address and backend.
  const slbName = generateFlannelCluster({ nodes: 100 }).loadBalancers[0]!.name;
  await page.getByTestId('view.find').fill(slbName);
  await page.getByTestId('view.find').press('Enter');
  const slb = app.canvas.locator(`[data-testid="canvas.node"][data-ref="${slbId(slbName)}"]`);
  await expect(slb).toBeInViewport();
  await zoomTo(page, 'canvas.zoomOut', (z) => z < 40);
  await expect(slb).toBeInViewport();
  await expect(slb.getByText(slbName, { exact: true })).toBeVisible();
  await expect(slb.getByText('SLB', { exact: true })).toBeHidden();
  await expect(slb.getByText(/→/)).toBeHidden();
  // Near again: the whole boxes.
  await zoomTo(page, 'canvas.zoomIn', (z) => z >= 60);
  await expect(clusterIp).toBeVisible();
  await expect(service.getByText('SVC', { exact: true })).toBeVisible();
  await page.getByTestId('view.find').fill(nodeName);
  await page.getByTestId('view.find').press('Enter');
  await expect(node).toBeInViewport();
  await expect(node.getByText(/^eth0 /)).toBeVisible();
  await expect(node.getByTestId('canvas.node.summary')).toBeVisible();
});

test('far away the service → pod lines of a small cluster fold with their pods, and come back with them', async ({ app, page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  // 10 nodes: past BIG_GRAPH (pods fold far away) and under EDGE_LIMIT (every service → pod line is drawn).
  await page.goto('/?generate=10');
  await expect(app.run).toBeEnabled({ timeout: 60_000 });
  const podLines = app.canvas.locator('.react-flow__edge[data-id*="->pod:"]');
  const pods = app.canvas.locator('[data-testid="canvas.node"][data-kind="pod"]');
  await expect(pods.first()).toBeVisible();
  await expect.poll(() => podLines.count()).toBeGreaterThan(20);

  // Far: every pod in its node's layer, and no line drawn to one.
  await zoomTo(page, 'canvas.zoomOut', (z) => z < 40);
  await expect(podLines).toHaveCount(0);
  await expect(pods).toHaveCount(0);

  // Near again: the pods and their lines.
  await zoomTo(page, 'canvas.zoomIn', (z) => z >= 60);
  await expect(pods.first()).toBeVisible();
  await expect.poll(() => podLines.count()).toBeGreaterThan(20);
});
