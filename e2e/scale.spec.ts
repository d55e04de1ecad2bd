import { generateFlannelCluster, pickTraceRequests } from '../src/scenarios/generate';
import { expect, test } from './fixtures/test';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';

/** The canvas's bench probe (src/ui/canvas/BenchProbe.tsx). */
type Probe = {
  __hopscopeCanvas: {
    nodeObjects(): object[];
    renders(): { mounts: number; draws: number };
    viewport: { get(): { x: number; y: number; zoom: number }; set(v: { x: number; y: number; zoom: number }): void };
  };
};
type FlowNode = { id: string; type: string; parentId?: string; data: { collapsed?: boolean; onPath?: boolean; from?: boolean; to?: boolean } };

test.describe('The From and To pickers', () => {
  test('are keyboard-first comboboxes: type, move with the arrows, pick with Enter, close with Escape', async ({ app, page }) => {
    await app.open();
    await expect(app.from).toHaveAttribute('role', 'combobox');
    await app.from.fill('');
    await app.from.pressSequentially('centos');
    const list = page.getByTestId('trace.from.list');
    await expect(list).toHaveAttribute('role', 'listbox');
    await expect(app.from).toHaveAttribute('aria-expanded', 'true');
    await expect(list.getByRole('option')).toHaveText([/centos-67756b6dc8-rmmxt/]);
    await page.keyboard.press('ArrowDown');
    await expect(list.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(app.from).toHaveValue(CENTOS);
    await expect(list).toHaveCount(0);

    // To: grouped matches (a service, its cluster IP, its SLB), a free address typed as it is.
    await app.to.fill('nginx1');
    const to = page.getByTestId('trace.to.list');
    // Its pods, the service and its cluster IP, its SLB, its nodePort on each node.
    await expect(to.getByRole('group')).toHaveCount(4);
    await expect(to.getByRole('group').nth(1)).toContainText('Services and their ports');
    await expect(to.getByRole('group').nth(2)).toContainText('svc:default/nginx1:80@lb');
    await expect(to.locator('[data-value="svc:default/nginx1:80"]')).toBeVisible();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: 'test-results/screenshots/pickers-to-1024.png' });
    await page.keyboard.press('Escape');
    await expect(to).toHaveCount(0);
    await expect(app.to).toHaveValue('nginx1');
    await app.to.fill('192.168.13.23:80');
    await app.run.click();
    await expect(app.verdict).toHaveText('delivered');
  });

  test('in Chinese, name their groups in Chinese', async ({ app, page }) => {
    await app.open();
    await page.getByTestId('prefs.language').selectOption('zh');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await app.to.fill('nginx1');
    await expect(page.getByTestId('trace.to.list').getByRole('group').nth(1)).toContainText('Service 及其端口');
  });
});

test.describe('A trace on a cluster of 100 nodes', () => {
  const doc = generateFlannelCluster({ nodes: 100 });
  const req = pickTraceRequests(doc, 50).find((r) => r.kind === 'pod-clusterip')!.request;
  const drawnOff = (kinds: string[]) => `.react-flow__nodes :is(${kinds.map((k) => `.react-flow__node-${k}`).join(', ')})`;
  const UNTOUCHED = drawnOff(['service', 'slb', 'external']);

  test('mounts only what it changed or brings into view: elements off screen are not drawn again to be measured', async ({ app, page }) => {
    test.setTimeout(90_000);
    await app.openGenerated(100);
    await app.request(req.from, req.to);
    const before = await page.locator(UNTOUCHED).count();
    // Services, SLBs and externals are not on a pod → ClusterIP path's opened nodes: a trace has no reason to mount one off screen.
    await page.evaluate((sel) => {
      const w = window as unknown as { __mounted: number };
      w.__mounted = 0;
      new MutationObserver((list) => {
        for (const m of list) m.addedNodes.forEach((n) => void (n instanceof Element && n.matches(sel.replace('.react-flow__nodes ', '')) && w.__mounted++));
      }).observe(document.body, { childList: true, subtree: true });
    }, UNTOUCHED);
    await app.run.click();
    await expect(page.getByTestId('playback.marker')).toBeVisible();
    await expect(app.node(req.from)).toHaveClass(/border-amber-400/);
    const after = await page.locator(UNTOUCHED).count();
    const mounted = await page.evaluate(() => (window as unknown as { __mounted: number }).__mounted);
    expect(mounted).toBeLessThanOrEqual(before + after);
  });

  test('changes only the elements on its path: React Flow keeps every other node object', async ({ app, page }) => {
    test.setTimeout(90_000);
    await app.openGenerated(100);
    await app.request(req.from, req.to);
    await page.evaluate(() => {
      const w = window as unknown as Probe & { __before: Set<object> };
      w.__before = new Set(w.__hopscopeCanvas.nodeObjects());
    });
    await app.run.click();
    await expect(app.node(req.from)).toHaveClass(/border-amber-400/);
    const { total, changed } = await page.evaluate(() => {
      const w = window as unknown as Probe & { __before: Set<object> };
      const now = w.__hopscopeCanvas.nodeObjects() as FlowNode[];
      const fresh = now.filter((n) => !w.__before.has(n));
      // The nodes the trace opened (drawn open now), their pods, the elements it marked, and the VPC (it may grow to hold them).
      const opened = new Set(fresh.filter((n) => n.type === 'clusterNode' && !n.data.collapsed).map((n) => n.id));
      const onPath = (n: FlowNode) =>
        n.id === 'vpc' || opened.has(n.id) || (!!n.parentId && opened.has(n.parentId)) || !!(n.data.onPath || n.data.from || n.data.to);
      return { total: now.length, changed: fresh.filter((n) => !onPath(n)).map((n) => n.id) };
    });
    expect(total).toBeGreaterThan(400);
    expect(changed).toEqual([]);
  });

  test('the canvas keeps its size while a trace runs and when its answer is drawn', async ({ app, page }) => {
    test.setTimeout(90_000);
    await app.openGenerated(100);
    await app.request(req.from, req.to);
    // NOTE: a resized canvas lays out every element it holds again and updates React Flow's store: at 1,000 nodes
    // the running trace bar's wrapped timer (4 px taller) cost two such passes per trace.
    await page.evaluate(() => {
      const w = window as unknown as { __sizes: string[] };
      w.__sizes = [];
      let first = true;
      new ResizeObserver(([e]) => {
        if (!first) w.__sizes.push(`${e!.contentRect.width}x${e!.contentRect.height}`);
        first = false;
      }).observe(document.querySelector('.react-flow')!);
    });
    await app.run.click();
    await expect(app.verdict).toHaveText('delivered');
    await expect(page.getByTestId('playback.marker')).toBeVisible();
    await expect(page.getByTestId('nodeview')).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __sizes: string[] }).__sizes)).toEqual([]);
  });

  test('the camera goes to where the packet starts in one move, not by way of the first hop at the old zoom', async ({ app, page }) => {
    test.setTimeout(90_000);
    await app.openGenerated(100);
    await app.request(req.from, req.to);
    // A view far from the source (the cluster's far corner), so the packet's first hop is off screen.
    await page.evaluate(() => (window as unknown as Probe).__hopscopeCanvas.viewport.set({ x: -20_000, y: -20_000, zoom: 0.6 }));
    await expect.poll(() => page.evaluate(() => (window as unknown as Probe).__hopscopeCanvas.viewport.get().x)).toBe(-20_000);
    // NOTE: each view the canvas is drawn at, as the viewport's transform changes: every move draws what is in view anew.
    await page.evaluate(() => {
      const w = window as unknown as { __views: string[] };
      w.__views = [];
      const viewport = document.querySelector('.react-flow__viewport') as HTMLElement;
      new MutationObserver(() => w.__views.push(viewport.style.transform)).observe(viewport, { attributes: true, attributeFilter: ['style'] });
    });
    await app.run.click();
    await expect(app.node(req.from)).toBeInViewport();
    // The first move lands at the readable zoom (none by way of the first hop at the old one). (Not 'one view in
    // all': the packet plays on, and the camera following it may move again before a loaded machine reads them.)
    const views = await page.evaluate(() => (window as unknown as { __views: string[] }).__views);
    expect(views.length).toBeGreaterThanOrEqual(1);
    expect(views[0]).toMatch(/scale\(0\.75\)/);
  });

  test('a second trace through the same node leaves its unmarked pods as they were: the node is opened once', async ({ app, page }) => {
    test.setTimeout(90_000);
    await app.openGenerated(100);
    // The same source pod, to another service: its node stays open across both traces.
    const other = pickTraceRequests(doc, 50).find((r) => r.kind === 'pod-clusterip' && r.request.to !== req.to)!.request;
    const home = `node:${doc.pods.find((p) => `pod:${p.namespace}/${p.name}` === req.from)!.node}`;
    await app.request(req.from, req.to);
    await app.run.click();
    await expect(app.node(req.from)).toHaveClass(/border-amber-400/);
    await page.evaluate(() => {
      const w = window as unknown as Probe & { __before: Set<object> };
      w.__before = new Set(w.__hopscopeCanvas.nodeObjects());
    });
    await app.request(req.from, other.to);
    await app.run.click();
    // The second trace is on the canvas: its service (off screen, perhaps) is on the path React Flow holds.
    const svc = doc.services.find((x) => other.to.startsWith(`${x.clusterIP}:`))!;
    await expect
      .poll(() =>
        page.evaluate(
          (id) => ((window as unknown as Probe).__hopscopeCanvas.nodeObjects() as FlowNode[]).find((n) => n.id === id)?.data.onPath ?? false,
          `svc:${svc.namespace}/${svc.name}`,
        ),
      )
      .toBe(true);
    await expect(app.node(req.from)).toHaveClass(/border-amber-400/);
    const { pods, fresh } = await page.evaluate((home) => {
      const w = window as unknown as Probe & { __before: Set<object> };
      const inHome = (w.__hopscopeCanvas.nodeObjects() as FlowNode[]).filter((n) => n.parentId === home);
      const marked = (n: FlowNode) => !!(n.data.onPath || n.data.from || n.data.to);
      return { pods: inHome.length, fresh: inHome.filter((n) => !marked(n) && !w.__before.has(n)).map((n) => n.id) };
    }, home);
    expect(pods).toBeGreaterThan(10);
    expect(fresh).toEqual([]);
  });

  test('stepping the packet moves the camera at the zoom it is at: no zooming out in the middle of a long move', async ({ app, page }) => {
    test.setTimeout(90_000);
    await app.openGenerated(100);
    await app.request(req.from, req.to);
    await app.run.click();
    const marker = page.getByTestId('playback.marker');
    await expect(marker).toBeVisible();
    await page.getByTestId('playback.play').click();
    await expect(page.getByTestId('playback.play')).toHaveAttribute('data-playing', 'false');
    await page.keyboard.press('Home');
    await expect(marker).toHaveAttribute('data-index', '0');
    // Every animation frame's view, from here on.
    await page.evaluate(() => {
      const w = window as unknown as Probe & { __views: { x: number; y: number; zoom: number }[] };
      w.__views = [];
      const look = () => {
        w.__views.push(w.__hopscopeCanvas.viewport.get());
        requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    const last = Number((await page.getByTestId('playback.position').textContent())!.match(/(\d+)\D*$/)![1]) - 1;
    for (let i = 1; i <= last; i++) {
      await page.keyboard.press('ArrowRight');
      await expect(marker).toHaveAttribute('data-index', String(i));
    }
    const views = await page.evaluate(() => (window as unknown as { __views: { x: number; y: number; zoom: number }[] }).__views);
    // The packet crossed the cluster: the camera moved to keep it in sight, every frame at the zoom it started at.
    expect(new Set(views.map((v) => Math.round(v.x))).size).toBeGreaterThan(1);
    expect(Math.min(...views.map((v) => v.zoom))).toBeCloseTo(views[0]!.zoom, 5);
  });

  test('stepping the packet draws no element again: the packet moves over them, only those coming into view are mounted', async ({ app, page, playback }) => {
    test.setTimeout(90_000);
    await app.openGenerated(100);
    await app.request(req.from, req.to);
    await app.run.click();
    await expect(playback.marker).toBeVisible();
    await playback.pause();
    await playback.first.click();
    await playback.at(0);
    const renders = () => page.evaluate(() => (window as unknown as Probe).__hopscopeCanvas.renders());
    const before = await renders();
    const last = Number((await playback.position.textContent())!.match(/(\d+)\D*$/)![1]) - 1;
    for (let i = 1; i <= last; i++) {
      await playback.forward.click();
      await playback.at(i);
    }
    const after = await renders();
    // Each draw while stepping is a mount (an element the camera brought into view), none a drawn element drawn again.
    expect(after.draws - before.draws).toBe(after.mounts - before.mounts);
  });

  test('the node view draws of a long listing only the lines in sight, and scrolls through all of it', async ({ app, page, playback }) => {
    test.setTimeout(90_000);
    await app.openGenerated(100);
    await app.request(req.from, req.to);
    await app.run.click();
    await expect(page.getByTestId('playback.marker')).toBeVisible();
    // NOTE: paused, as a person reading a listing would: while it plays, each hop brings its node's matched rule into view.
    await playback.pause();
    const view = page.getByTestId('nodeview');
    await view.locator('[data-testid="nodeview.tab"][data-tab="ipvs"]').click();
    const text = view.getByTestId('nodeview.text');
    const lines = text.getByTestId('nodeview.line');
    await expect(lines.first()).toContainText('IP Virtual Server');
    const total = Number(await text.getAttribute('data-lines'));
    // Every service's virtual servers on every node: thousands of lines, a few hundred at most drawn.
    expect(total).toBeGreaterThan(2000);
    expect(await lines.count()).toBeLessThan(300);
    // Scrolled to its end (the wheel, as a person does), the last lines are drawn where they belong.
    await text.hover();
    for (let i = 0; i < 400 && !(await text.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1)); i++) await page.mouse.wheel(0, 20_000);
    // The box's bottom brought into sight in the dock (it can be taller than the dock shows), as a person scrolls the dock.
    await text.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await expect(lines.last()).toBeInViewport();
    expect(await lines.count()).toBeLessThan(300);
  });

  test('a pan draws no element again: only those coming into view are mounted', async ({ app, page }) => {
    test.setTimeout(90_000);
    await app.openGenerated(100);
    await expect(app.canvasNodes.first()).toBeVisible();
    // A spot of empty canvas to drag from.
    const spot = await page.evaluate(() => {
      const box = document.querySelector('.react-flow')!.getBoundingClientRect();
      for (let y = box.top + 40; y < box.bottom - 40; y += 20)
        for (let x = box.left + 40; x < box.right - 340; x += 20) if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      return null;
    });
    expect(spot).not.toBeNull();
    const renders = () => page.evaluate(() => (window as unknown as Probe).__hopscopeCanvas.renders());
    const before = await renders();
    await page.mouse.move(spot!.x, spot!.y);
    await page.mouse.down();
    await page.mouse.move(spot!.x + 300, spot!.y + 120, { steps: 30 });
    await page.mouse.move(spot!.x - 200, spot!.y - 60, { steps: 30 });
    await page.mouse.up();
    const view = () => page.evaluate(() => (window as unknown as Probe).__hopscopeCanvas.viewport.get().x);
    const x0 = await view();
    await expect.poll(view).toBe(x0);
    const after = await renders();
    // Each draw during the pan is a mount (an element coming into view), none a mounted element drawn again.
    expect(after.draws - before.draws).toBe(after.mounts - before.mounts);
  });
});

test.describe('A trace on a cluster of 10 nodes, expanded', () => {
  const doc = generateFlannelCluster({ nodes: 10 });
  const req = pickTraceRequests(doc, 50).find((r) => r.kind === 'pod-clusterip')!.request;

  test('the camera glides to a start near the view: a few boxes come and go a frame, not a screenful in one', async ({ app, page }) => {
    test.setTimeout(90_000);
    await app.openGenerated(10);
    await app.request(req.from, req.to);
    // A working view over the first node at 0.6 (as the benches use): the source is less than a canvas away.
    await page.evaluate(() => {
      const api = (window as unknown as Probe & { __hopscopeCanvas: { snapshot(): { nodes: { id: string; position: { x: number; y: number } }[] } } })
        .__hopscopeCanvas;
      const first = api.snapshot().nodes.find((n) => n.id.startsWith('node:'))!;
      api.viewport.set({ x: -first.position.x * 0.6 + 40, y: -first.position.y * 0.6 + 40, zoom: 0.6 });
    });
    await expect(page.locator('.react-flow__node-pod').first()).toBeVisible();
    // Boxes mounted and unmounted in each frame while the trace starts, and the views the frames were drawn at.
    await page.evaluate(() => {
      const w = window as unknown as { __churn: number[]; __zooms: number[] };
      [w.__churn, w.__zooms] = [[], []];
      let changed = 0;
      const box = (n: Node) => n instanceof HTMLElement && n.classList.contains('react-flow__node');
      new MutationObserver((ms) => {
        for (const m of ms) changed += Array.from(m.addedNodes).filter(box).length + Array.from(m.removedNodes).filter(box).length;
      }).observe(document.querySelector('.react-flow__nodes')!, { childList: true });
      const tick = () => {
        if (changed) w.__churn.push(changed);
        w.__zooms.push((window as unknown as Probe).__hopscopeCanvas.viewport.get().zoom);
        changed = 0;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await app.run.click();
    await expect(app.node(req.from)).toBeInViewport();
    await expect.poll(() => page.evaluate(() => (window as unknown as Probe).__hopscopeCanvas.viewport.get().zoom)).toBe(0.75);
    const { churn, zooms } = await page.evaluate(() => {
      const w = window as unknown as { __churn: number[]; __zooms: number[] };
      return { churn: w.__churn, zooms: w.__zooms };
    });
    // It went through views between 0.6 and 0.75 (a glide, not a cut), and no frame changed more than a node's column
    // of pods each way (a cut changed ~175 boxes in one frame: ~120 left and ~55 came).
    expect(zooms.filter((z) => z > 0.6 && z < 0.75).length).toBeGreaterThan(5);
    expect(churn.length).toBeGreaterThan(0);
    expect(Math.max(...churn)).toBeLessThanOrEqual(70);
  });
});

test.describe('A cluster of 1,000 nodes, 30,000 pods and 3,000 services', () => {
  const doc = generateFlannelCluster({ nodes: 1000 });
  const req = pickTraceRequests(doc, 50).find((r) => r.kind === 'pod-clusterip')!.request;

  test('opens, offers at most 50 matches in its pickers, and traces a pod to a ClusterIP on the canvas', async ({ app, page }) => {
    // NOTE: generating, validating and compiling 1,000 nodes takes seconds on a shared CI machine; the
    // default 30 s is for the built-in documents. Speed is the benches' business, not this test's.
    test.setTimeout(180_000);
    await page.goto('/?generate=1000');
    await expect(page.getByTestId('doc.title')).toContainText('1000 nodes', { timeout: 120_000 });
    await expect(app.run).toBeEnabled({ timeout: 120_000 });
    await expect(app.canvas.locator('.react-flow__node').first()).toBeVisible({ timeout: 60_000 });

    // Any letter matches thousands of pods: the list shows 50, and says there are more.
    await app.from.fill('s');
    const list = page.getByTestId('trace.from.list');
    await expect(list.getByRole('option')).toHaveCount(50);
    await app.request(req.from, req.to);
    await app.run.click();
    await expect(app.verdict).toHaveText('delivered', { timeout: 60_000 });
    await expect(page.getByTestId('playback.marker')).toBeVisible();
    await page.getByTestId('playback.play').click();
    // The camera goes to where the packet starts: the source pod is drawn, on the path (its node opened for the trace).
    await expect(app.node(req.from)).toHaveClass(/border-amber-400/);
    await page.screenshot({ path: 'test-results/screenshots/scale-1000-trace-1440.png' });
    // The node view's picker lists the packet's node and its pods, and every node once a person goes to it.
    const picker = page.getByTestId('nodeview.node');
    await expect(picker).toBeVisible();
    const options = () => picker.locator('option').count();
    expect(await options()).toBeLessThan(100);
    await picker.focus();
    await expect.poll(options).toBeGreaterThan(1000);
    // Far away, the source's node draws its pods as one layer (the source marked), not an element each.
    const home = app.node(`node:${doc.pods.find((p) => `pod:${p.namespace}/${p.name}` === req.from)!.node}`);
    await page.evaluate(() => {
      const api = (
        window as unknown as {
          __hopscopeCanvas: { viewport: { get(): { x: number; y: number; zoom: number }; set(v: { x: number; y: number; zoom: number }): void } };
        }
      ).__hopscopeCanvas;
      const v = api.viewport.get();
      // Zoom out around the canvas's centre, where the camera put the source.
      const box = document.querySelector('.react-flow')!.getBoundingClientRect();
      const [cx, cy] = [box.width / 2, box.height / 2];
      api.viewport.set({ x: cx - (cx - v.x) * (0.25 / v.zoom), y: cy - (cy - v.y) * (0.25 / v.zoom), zoom: 0.25 });
    });
    await expect(home.getByTestId('canvas.podLayer')).toHaveAttribute('data-pods', '30');
    await expect(app.node(req.from)).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screenshots/scale-1000-trace-far-1440.png' });
  });
});
