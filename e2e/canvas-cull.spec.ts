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

    // Near enough to read pods (expanding leaves the view where it was).
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

  test('zooming in from far away brings every pod in view back, readable, a few nodes a frame, no node box ever blank', async ({ app, page }) => {
    test.setTimeout(240_000);
    await page.goto('/?generate=1000');
    await expect(app.run).toBeEnabled({ timeout: 120_000 });
    await page.getByTestId('view.collapse').click();
    await expect(page.getByTestId('view.collapse')).toHaveText('Collapse nodes', { timeout: 60_000 });
    await expect(app.canvas.locator('[data-testid="canvas.podLayer"], .react-flow__node-pod').first()).toBeVisible({ timeout: 120_000 });
    const zoom = () => page.evaluate(() => (window as unknown as Probe).__hopscopeCanvas.viewport.get().zoom);
    const box = (await app.canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 40 && (await zoom()) > 0.3; i++) await page.mouse.wheel(0, 200);
    await expect(app.canvas.getByTestId('canvas.podLayer').first()).toBeVisible();

    // Each frame from here: the pods newly drawn, and the node boxes whose middle is in view drawn with neither their
    // layer nor any of their pods (blank).
    await page.evaluate(() => {
      type Frame = { added: number; blank: string[] };
      const w = window as unknown as Probe & { __frames: Frame[]; __stop?: boolean };
      const nodes = w.__hopscopeCanvas.snapshot().nodes as {
        id: string;
        parentId?: string;
        position: { x: number; y: number };
        width?: number;
        height?: number;
      }[];
      const home = new Map(nodes.filter((n) => n.parentId?.startsWith('node:')).map((n) => [n.id, n.parentId!]));
      const byId = new Map(nodes.map((n) => [n.id, n]));
      const abs = (n: (typeof nodes)[number]): { x: number; y: number } => {
        const p = n.parentId ? abs(byId.get(n.parentId)!) : { x: 0, y: 0 };
        return { x: p.x + n.position.x, y: p.y + n.position.y };
      };
      const middle = new Map(
        nodes.filter((n) => n.id.startsWith('node:')).map((n) => [n.id, { x: abs(n).x + (n.width ?? 0) / 2, y: abs(n).y + (n.height ?? 0) / 2 }]),
      );
      const canvas = document.querySelector('.react-flow')!.getBoundingClientRect();
      w.__frames = [];
      // (Counted from the pods already drawn: the view may still be folding those of the nearer view it came from.)
      let before = new Set(Array.from(document.querySelectorAll('[data-testid="canvas.node"][data-kind="pod"]'), (e) => e.getAttribute('data-ref')!));
      const look = () => {
        const { x, y, zoom } = w.__hopscopeCanvas.viewport.get();
        const pods = Array.from(document.querySelectorAll('[data-testid="canvas.node"][data-kind="pod"]'), (e) => e.getAttribute('data-ref')!);
        const shown = new Set(pods.map((p) => home.get(p)));
        document.querySelectorAll('[data-testid="canvas.podLayer"]').forEach((e) => shown.add(e.closest('[data-kind="node"]')!.getAttribute('data-ref')!));
        const blank = Array.from(document.querySelectorAll('[data-testid="canvas.node"][data-kind="node"]:not([data-collapsed])'), (e) =>
          e.getAttribute('data-ref')!,
        ).filter((id) => {
          const m = middle.get(id)!;
          const [sx, sy] = [m.x * zoom + x, m.y * zoom + y];
          return sx > 0 && sy > 0 && sx < canvas.width && sy < canvas.height && !shown.has(id);
        });
        w.__frames.push({ added: pods.filter((p) => !before.has(p)).length, blank });
        before = new Set(pods);
        if (!w.__stop) requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    for (let i = 0; i < 40 && (await zoom()) < 0.6; i++) await page.mouse.wheel(0, -200);

    // Every pod in view is drawn with its name and address, and no node in view draws a layer.
    const inView = () =>
      page.evaluate(() => {
        const api = (window as unknown as Probe).__hopscopeCanvas;
        const { x, y, zoom } = api.viewport.get();
        const r = document.querySelector('.react-flow')!.getBoundingClientRect();
        const view = { x: -x / zoom, y: -y / zoom, w: r.width / zoom, h: r.height / zoom };
        const nodes = api.snapshot().nodes as { id: string; parentId?: string; position: { x: number; y: number }; width?: number; height?: number }[];
        const byId = new Map(nodes.map((n) => [n.id, n]));
        const abs = (n: (typeof nodes)[number]): { x: number; y: number } => {
          const p = n.parentId ? abs(byId.get(n.parentId)!) : { x: 0, y: 0 };
          return { x: p.x + n.position.x, y: p.y + n.position.y };
        };
        return nodes
          .filter((n) => n.id.startsWith('pod:') && n.parentId)
          .filter((n) => {
            const { x: px, y: py } = abs(n);
            return px < view.x + view.w && px + (n.width ?? 0) > view.x && py < view.y + view.h && py + (n.height ?? 0) > view.y;
          })
          .map((n) => n.id);
      });
    const want = await inView();
    expect(want.length).toBeGreaterThan(20);
    await expect
      .poll(async () => {
        const drawn = new Set(await page.evaluate(() => Array.from(document.querySelectorAll('[data-kind="pod"]'), (e) => e.getAttribute('data-ref'))));
        return want.filter((id) => !drawn.has(id));
      })
      .toEqual([]);
    await expect(app.canvas.getByTestId('canvas.podLayer')).toHaveCount(0);
    const sample = want[Math.floor(want.length / 2)]!;
    await expect(app.node(sample)).toContainText(sample.split('/')[1]!);
    await expect(app.node(sample)).toContainText(/\d+\.\d+\.\d+\.\d+/);

    // Frame by frame: pods came in a few nodes at a time, and each node box drawn had its layer or its pods.
    const frames = await page.evaluate(() => {
      const w = window as unknown as { __frames: { added: number; blank: string[] }[]; __stop?: boolean };
      w.__stop = true;
      return w.__frames;
    });
    expect(frames.length).toBeGreaterThan(5);
    expect(frames.flatMap((f, i) => f.blank.map((id) => `frame ${i}: ${id}`))).toEqual([]);
    const most = Math.max(...frames.map((f) => f.added));
    // A wheel step brings a few more pods into view too: 30 a frame from the staging (cull.ts PODS_PER_FRAME), and a margin.
    expect(most).toBeLessThanOrEqual(100);
  });
});

test.describe('Find', () => {
  test('a whole name typed frames that element, not the others it is the start of', async ({ app, page }) => {
    test.setTimeout(90_000);
    await app.openGenerated(20);
    const find = page.getByTestId('view.find');
    const zoomAfterFinding = async (text: string, ref: string) => {
      await find.fill(text);
      await find.press('Enter');
      await expect(app.node(ref)).toBeInViewport();
      // The camera's move settled: the zoom the bar shows is the same two polls running.
      let last = '';
      await expect.poll(async () => (last === (last = (await page.getByTestId('canvas.zoom').textContent()) ?? '') ? last : null)).not.toBeNull();
      return Number(last.replace('%', ''));
    };
    // cn-hangzhou.10.1.0.3 is the start of no other name; cn-hangzhou.10.1.0.1 is the start of .10 to .19.
    const one = await zoomAfterFinding('cn-hangzhou.10.1.0.3', 'node:cn-hangzhou.10.1.0.3');
    expect(await zoomAfterFinding('cn-hangzhou.10.1.0.1', 'node:cn-hangzhou.10.1.0.1')).toBe(one);
    // Part of a name frames every element it is part of: eleven nodes, farther out.
    expect(await zoomAfterFinding('hangzhou.10.1.0.1', 'node:cn-hangzhou.10.1.0.1')).toBeLessThan(one);
  });
});
