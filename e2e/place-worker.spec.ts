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

// 40 nodes, 1,200 pods: past WORKER_PODS, so the picture and the layout are made in the place worker; 10 nodes, on the main thread.
// (The 10 opens with its nodes expanded, tall: collapsed and fitted first, so that the boxes' headers are in view.)
for (const [nodes, where, collapse] of [
  [40, 'placed in the worker', false],
  [10, 'placed on the main thread', true],
] as const) {
  test(`Auto-layout of a cluster ${where} puts a dragged box back in its row; undo brings it where it was dragged`, async ({ app, page }) => {
    test.setTimeout(120_000);
    await app.openGenerated(nodes);
    if (collapse) {
      await page.getByTestId('view.collapse').click();
      await expect(app.canvas.locator('[data-collapsed="true"]').first()).toBeVisible();
      await page.getByTestId('canvas.fit').click();
    }
    // Two boxes (services or nodes) side by side, their headers on the canvas.
    const boxes = app.canvas.locator('[data-testid="canvas.node"]:is([data-ref^="svc:"], [data-ref^="node:"])');
    await expect(boxes.nth(1)).toBeVisible();
    const pairOf = async () => {
      const seen = await boxes.evaluateAll((els) => {
        const c = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
        return els.flatMap((e) => {
          const r = e.getBoundingClientRect();
          // (Room to drag its header down by its height, for a box no taller than 100 px.)
          const headerSeen = r.x > c.x && r.y > c.y && r.right < c.right - 100 && r.y + Math.min(r.height, 100) * 2 < c.bottom - 100;
          return headerSeen ? [{ ref: e.getAttribute('data-ref')!, y: Math.round(r.y) }] : [];
        });
      });
      return seen.filter((n) => n.y === seen.find((m) => seen.some((o) => o !== m && o.y === m.y))?.y).slice(0, 2);
    };
    // (The fit glides: polled until two are in view.)
    await expect.poll(async () => (await pairOf()).length).toBe(2);
    const pair = await pairOf();
    const [a, b] = pair.map((n) => app.node(n.ref));
    // How far the first sits below its neighbour in the row, in box heights (the camera may move and zoom).
    const drop = async () => {
      const [p, q] = [(await a!.boundingBox())!, (await b!.boundingBox())!];
      return Math.round(((p.y - q.y) / q.height) * 10) / 10;
    };
    await expect.poll(drop).toBe(0);
    // The camera at rest (a fit glides): the box is where it was a poll ago, so the drag starts on it.
    let last = '';
    await expect.poll(async () => last === (last = JSON.stringify(await a!.boundingBox()))).toBe(true);

    // A person drags the first by its header down by about its height, once it is what lies under the pointer (a
    // failure names what lies there instead: the drag lost in CI, first try, never reproduced locally, left no more).
    let box = (await a!.boundingBox())!;
    const under = async () => {
      box = (await a!.boundingBox())!;
      return page.evaluate(
        ([x, y]) => {
          const hit = document.elementFromPoint(x, y);
          return hit?.closest('[data-testid="canvas.node"]')?.getAttribute('data-ref') ?? hit?.className.toString() ?? null;
        },
        [box.x + box.width / 2, box.y + 12] as const,
      );
    };
    await expect.poll(under).toBe(pair[0]!.ref);
    await page.mouse.move(box.x + box.width / 2, box.y + 12);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 12 + box.height, { steps: 12 });
    await page.mouse.up();
    await expect.poll(drop).toBeGreaterThan(0.5);
    const dragged = await drop();

    await page.getByTestId('edit.autolayout').click();
    await expect.poll(drop).toBe(0);
    await page.screenshot({ path: `test-results/screenshots/autolayout-${nodes}-1440.png` });

    await page.getByTestId('edit.undo').click();
    await expect.poll(drop).toBe(dragged);
  });
}

test.describe('Expand nodes on a cluster placed in the worker', () => {
  // 40 nodes: React Flow fits the whole picture on opening; 100: the camera opens on the first nodes (FollowTrace).
  for (const nodes of [40, 100])
    test(`keeps the view where it is at ${nodes} nodes: the camera opens a cluster once, not each new picture of it`, async ({ app, page }) => {
      test.setTimeout(120_000);
      await app.openGenerated(nodes);
      type Api = { __hopscopeCanvas: { snapshot(): { nodes: { id: string }[] }; viewport: { get(): { x: number; y: number; zoom: number } } } };
      const view = () => page.evaluate(() => (window as unknown as Api).__hopscopeCanvas.viewport.get());
      await expect.poll(async () => (await view()).zoom).toBeGreaterThan(0.5);
      const before = await view();
      await page.getByTestId('view.collapse').click();
      await expect
        .poll(() => page.evaluate(() => (window as unknown as Api).__hopscopeCanvas.snapshot().nodes.some((n) => n.id.startsWith('pod:'))), { timeout: 60_000 })
        .toBe(true);
      await expect(page.getByTestId('view.collapse')).toHaveText('Collapse nodes');
      // Two frames on (a fit to the first nodes, now tall with their pods, came in the frame after the picture).
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      expect(await view()).toEqual(before);
    });
});

test.describe('A big cluster opens on its first nodes', () => {
  test('at 1,024 × 768 no further out than 75 %, the first three whole in view (fitted with room around them: 62 %)', async ({ app, page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1024, height: 768 });
    // (300 nodes: past CULL_MIN elements collapsed, so the view opens on the first nodes; a smaller cluster is fitted whole.)
    await app.openGenerated(300, 100_000);
    const canvas = (await app.canvas.boundingBox())!;
    const inView = async (ref: string) => {
      const b = await app.node(ref).boundingBox();
      return !!b && b.x >= canvas.x && b.x + b.width <= canvas.x + canvas.width && b.y >= canvas.y && b.y + b.height <= canvas.y + canvas.height;
    };
    for (const n of generateFlannelCluster({ nodes: 300 }).nodes.slice(0, 3)) await expect.poll(() => inView(`node:${n.name}`)).toBe(true);
    await expect.poll(async () => Number((await page.getByTestId('canvas.zoom').textContent())?.replace('%', ''))).toBeGreaterThanOrEqual(75);
    await page.screenshot({ path: 'test-results/screenshots/open-300-1024.png' });
  });
});

test.describe('Group by namespace on a cluster placed in the worker', () => {
  test('frames each node’s pods by namespace, and pressed again takes the frames away', async ({ app, page }) => {
    test.setTimeout(120_000);
    await app.openGenerated(40);
    await page.getByTestId('view.collapse').click();
    type Api = { __hopscopeCanvas: { snapshot(): { nodes: { id: string }[] } } };
    // The worker's expanded picture drawn.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as Api).__hopscopeCanvas.snapshot().nodes.some((n) => n.id.startsWith('pod:'))), { timeout: 60_000 })
      .toBe(true);
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

test.describe('An edit on a cluster placed in the worker', () => {
  test('a node renamed in the inspector is renamed on the canvas and kept by the autosave, edited again; undo names it back', async ({ app, editor, page }) => {
    test.setTimeout(180_000);
    await app.openGenerated(40);
    const first = generateFlannelCluster({ nodes: 40 }).nodes[0]!.name;
    // Found (the view goes to it) and selected.
    const find = page.getByTestId('view.find');
    await find.fill(first);
    await find.press('Enter');
    const box = app.node(`node:${first}`);
    await expect(box).toBeInViewport({ timeout: 30_000 });
    await expect(async () => {
      await box.click({ position: { x: 20, y: 6 } });
      await expect(editor.field('name')).toHaveValue(first, { timeout: 2000 });
    }).toPass({ timeout: 30_000 });
    await editor.setField('name', `${first}-renamed`);
    const renamed = app.node(`node:${first}-renamed`);
    await expect(renamed).toBeVisible();
    await expect(app.run).toBeEnabled();
    // A second edit: the autosave writes over the entry its first write made.
    await editor.setField('ip', '10.1.0.250');
    await expect(app.run).toBeEnabled();
    await page.screenshot({ path: 'test-results/screenshots/rename-40-1440.png' });
    // Nothing lost: the autosave kept both edits (the library's entry; a `?generate` link makes a new cluster again).
    await expect.poll(() => editor.storedNodeNames(), { timeout: 30_000 }).toContain(`${first}-renamed`);
    // Undo twice names it back, on the canvas and in the library.
    await editor.undo().click();
    await editor.undo().click();
    await expect(box).toBeVisible();
    await expect.poll(() => editor.storedNodeNames(), { timeout: 30_000 }).toContain(first);
    await expect(app.node(`node:${first}-renamed`)).toHaveCount(0);
  });

  test('the kube-proxy mode switched and back leaves the picture as it is: the worker does not build its graph again', async ({ app, page }) => {
    test.setTimeout(120_000);
    await app.openGenerated(40);
    await expect.poll(() => placements(page)).toMatchObject({ mainBuilds: 0, worker: { builds: 1 } });
    const before = (await placements(page)).worker;
    await page.getByTestId('sidebar.cluster').click();
    const mode = page.getByTestId('cluster.field.kubeProxy.mode');
    for (const m of ['iptables', 'ipvs']) {
      await mode.selectOption(m);
      // The header reads the document on screen: the canvas's picture is of the same document.
      await expect(page.getByText(`kube-proxy ${m}`).first()).toBeVisible();
      await expect(app.run).toBeEnabled();
    }
    // A node nudged after: its request reaches the worker after any the mode made, and finds the graph it had.
    await app.canvas
      .locator('[data-testid="canvas.node"][data-ref^="node:"]')
      .first()
      .click({ position: { x: 60, y: 12 } });
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(async () => (await placements(page)).worker.places).toBeGreaterThan(before.places);
    expect((await placements(page)).worker.builds).toBe(before.builds);
  });
});
