/**
 * A cluster of 1,000 nodes drawn expanded (about 35,000 elements): React Flow is handed only the
 * elements in and near the view (src/ui/canvas/visible-elements.ts), so what it holds stays bounded
 * while the view moves across the cluster, whatever the view reaches is drawn, and a trace marks its
 * source wherever that is.
 */
import { generateFlannelCluster, pickTraceRequests } from '../src/scenarios/generate';
import { expect, test } from './fixtures/test';

/** The canvas's bench probe (src/ui/canvas/BenchProbe.tsx). */
type Probe = { __hopscopeCanvas: { nodeObjects(): object[]; snapshot(): { nodes: unknown[] }; viewport: { get(): { x: number; y: number; zoom: number } } } };

test.describe('A cluster of 1,000 nodes, expanded', () => {
  const doc = generateFlannelCluster({ nodes: 1000 });
  const req = pickTraceRequests(doc, 50).find((r) => r.kind === 'pod-clusterip')!.request;
  const home = doc.pods.find((p) => `pod:${p.namespace}/${p.name}` === req.from)!.node;
  const at = doc.nodes.findIndex((n) => n.name === home);
  // Pods on nodes across the grid, the last one far from the trace's source.
  const far = [20, 480, 760, at < 500 ? 990 : 5].map((i) => doc.pods.find((p) => p.node === doc.nodes[i]!.name)!);

  test('hands React Flow the elements near the view wherever it goes, draws what it reaches, and marks a far source when traced', async ({ app, page }) => {
    test.setTimeout(240_000);
    await page.goto('/?generate=1000');
    await expect(app.run).toBeEnabled({ timeout: 120_000 });
    await expect(app.canvasNodes.first()).toBeVisible({ timeout: 60_000 });
    const held = () => page.evaluate(() => (window as unknown as Probe).__hopscopeCanvas.nodeObjects().length);
    const whole = () => page.evaluate(() => (window as unknown as Probe).__hopscopeCanvas.snapshot().nodes.length);
    const drawn = () => page.locator('.react-flow__node').count();

    await page.getByTestId('view.collapse').click();
    await expect(page.getByTestId('view.collapse')).toHaveText('Collapse nodes', { timeout: 60_000 });
    await expect(app.canvas.locator('[data-testid="canvas.podLayer"], .react-flow__node-pod').first()).toBeVisible({ timeout: 120_000 });

    // Near enough to read pods (the camera went to the first nodes, now tall with their pods).
    const zoom = () => page.evaluate(() => (window as unknown as Probe).__hopscopeCanvas.viewport.get().zoom);
    for (let i = 0; i < 10 && (await zoom()) < 0.5; i++) await page.getByTestId('canvas.zoomIn').click();
    await expect(app.canvas.locator('.react-flow__node-pod').first()).toBeVisible();

    const find = page.getByTestId('view.find');
    for (const pod of far) {
      const ref = `pod:${pod.namespace}/${pod.name}`;
      // Find moves the view to the pod: across the cluster, to elements React Flow was not holding.
      await find.fill(pod.name);
      await find.press('Enter');
      await expect(app.node(ref)).toBeInViewport({ timeout: 30_000 });
      await expect(app.node(ref)).toContainText(pod.name);
      // Of the whole cluster's 35,000 elements (every pod drawn at this zoom), React Flow holds and draws a few hundred.
      expect(await whole()).toBeGreaterThan(30_000);
      expect(await drawn()).toBeLessThan(400);
      expect(await held()).toBeLessThan(2000);
    }

    // Far out (below FAR_ZOOM) each node draws its pods as one layer: still a bounded number of elements.
    await find.fill('');
    const box = (await app.canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 40 && (await zoom()) > 0.25; i++) await page.mouse.wheel(0, 300);
    await expect(app.canvas.getByTestId('canvas.podLayer').first()).toBeVisible();
    expect(await held()).toBeLessThan(2000);

    // The trace's source is far from the view: the camera goes there and finds it drawn and marked.
    await app.request(req.from, req.to);
    await app.run.click();
    await expect(app.verdict).toHaveText('delivered', { timeout: 60_000 });
    await expect(app.node(req.from)).toHaveClass(/border-amber-400/, { timeout: 30_000 });
    await expect(app.node(req.from)).toBeInViewport();
    expect(await held()).toBeLessThan(2000);
  });
});
