import type { Page } from '@playwright/test';
import { EditorPage } from './pages/EditorPage';
import { expect, test } from './fixtures/teach';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';
const BUILT_INS = ['ack-flannel', 'calico-bgp-tor', 'terway-ipvlan-ebpf', 'shop-calico'];
const shot = (name: string) => `test-results/screenshots/workshop-${name}.png`;

/** The canvas's share of the window's area. */
async function canvasShare(page: Page, testId = 'canvas'): Promise<number> {
  const box = (await page.getByTestId(testId).boundingBox())!;
  const { width, height } = page.viewportSize()!;
  return (box.width * box.height) / (width * height);
}

/** The smallest rendered size (px on screen) of a pod's name and address at the current view. */
async function smallestPodLabelPx(page: Page): Promise<number> {
  return page.locator('[data-testid="canvas.node"][data-kind="pod"]').evaluateAll((pods) => {
    let least = Infinity;
    for (const pod of pods) {
      const name = pod.children[1] as HTMLElement | undefined;
      const ip = pod.children[2]?.firstElementChild as HTMLElement | undefined;
      for (const el of [name, ip]) {
        if (!el) continue;
        // On-screen size over layout size: the canvas's zoom, whatever transform applies it.
        const scale = el.getBoundingClientRect().height / el.offsetHeight;
        least = Math.min(least, parseFloat(getComputedStyle(el).fontSize) * scale);
      }
    }
    return least;
  });
}

/**
 * Pairs of (thing drawn over or beside the canvas, canvas element) whose boxes intersect, counting
 * only the part of an element inside the canvas. React Flow's attribution link is left out: a
 * licence notice, not a panel.
 */
async function overlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
    const clip = (r: DOMRect) => ({
      left: Math.max(r.left, canvas.left),
      right: Math.min(r.right, canvas.right),
      top: Math.max(r.top, canvas.top),
      bottom: Math.min(r.bottom, canvas.bottom),
    });
    const nodes = Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node'))
      .map((n) => ({ id: n.dataset.id ?? '?', box: clip(n.getBoundingClientRect()) }))
      .filter(({ box }) => box.right > box.left && box.bottom > box.top);
    const overlays = Array.from(
      document.querySelectorAll<HTMLElement>(
        '[data-testid="canvas"] .react-flow__panel:not(.react-flow__attribution), [data-testid="palette"], [data-testid="canvas.hint"], [data-testid="lesson.panel"], [data-testid="library"], [data-testid="cni"], [data-testid="dock"], [data-testid="playback"], [data-testid="canvas.bar"]',
      ),
    ).filter((el) => el.getClientRects().length > 0);
    const hits: string[] = [];
    for (const o of overlays) {
      const r = o.getBoundingClientRect();
      for (const n of nodes) {
        if (r.left < n.box.right && r.right > n.box.left && r.top < n.box.bottom && r.bottom > n.box.top)
          hits.push(`${o.dataset.testid ?? o.className} over ${n.id}`);
      }
    }
    return hits;
  });
}

/** How many rows a bar's controls take: its visible children grouped by the line their middle is on. */
async function rowsOf(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((bar) => {
    const mids = Array.from(bar.children)
      .map((c) => c.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => r.top + r.height / 2)
      .sort((a, b) => a - b);
    let rows = 0;
    let last = -Infinity;
    for (const m of mids) {
      if (m - last > 12) rows++;
      last = m;
    }
    return rows;
  });
}

/** The canvas's pan and zoom, as React Flow applies it. */
const viewport = (page: Page) => page.locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);

test.describe('The canvas a workshop can read', () => {
  for (const size of [
    { width: 1440, height: 900, least: 0.6 },
    { width: 1024, height: 768, least: 0.5 },
  ]) {
    test(`at ${size.width}×${size.height} the canvas takes at least ${size.least * 100}% of the window, before and after a trace, and nothing lies over its elements`, async ({
      app,
      playback,
      page,
    }) => {
      await page.setViewportSize(size);
      await app.open();
      const before = await canvasShare(page);
      expect(before).toBeGreaterThanOrEqual(size.least);
      expect(await overlaps(page)).toEqual([]);
      await page.screenshot({ path: shot(`before-${size.width}x${size.height}`) });

      await app.trace(CENTOS, '192.168.13.23:80');
      await expect(app.verdict).toHaveText('delivered');
      await playback.pause();
      const after = await canvasShare(page);
      expect(after).toBeGreaterThanOrEqual(size.least);
      expect(await overlaps(page)).toEqual([]);
      // The packet's label stays inside the visible canvas at every hop, once the camera has brought it in (a 250 ms pan).
      const canvas = (await app.canvas.boundingBox())!;
      for (let i = 0; i < 6; i++) {
        await playback.settle();
        const label = (await playback.label.boundingBox())!;
        expect(label.x).toBeGreaterThanOrEqual(canvas.x - 1);
        expect(label.x + label.width).toBeLessThanOrEqual(canvas.x + canvas.width + 1);
        expect(label.y).toBeGreaterThanOrEqual(canvas.y - 1);
        expect(label.y + label.height).toBeLessThanOrEqual(canvas.y + canvas.height + 1);
        await page.keyboard.press('ArrowRight');
        await playback.at(i + 1);
      }
      await page.screenshot({ path: shot(`trace-${size.width}x${size.height}`) });
      console.log(`${size.width}x${size.height}: canvas ${(before * 100).toFixed(1)}% before, ${(after * 100).toFixed(1)}% after a trace`);
    });
  }

  test('at 1024×768 each bar keeps one row, and what moved behind ⋯ is reached by keyboard', async ({ app, playback, page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await app.open();
    await app.trace(CENTOS, '192.168.13.23:80');
    await expect(app.verdict).toHaveText('delivered');
    await playback.pause();
    for (const bar of ['app.header', 'trace.bar', 'editor.toolbar', 'playback']) expect(await rowsOf(page, bar), bar).toBe(1);
    await page.screenshot({ path: shot('bars-1024x768') });
    // On the way back too, where the position says which reply hop it is.
    await page.keyboard.press('End');
    await expect(playback.position).toHaveText(/reply/);
    expect(await rowsOf(page, 'playback'), 'playback on the reply').toBe(1);
    await page.keyboard.press('Home');

    // The editor's ⋯: Enter opens it, Tab walks into it (past the disabled Duplicate and Delete), Escape closes it.
    const more = page.getByTestId('edit.more');
    await more.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByTestId('edit.more.menu');
    await expect(menu).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('edit.autolayout')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('view.group')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('view.group')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    await expect(more).toBeFocused();

    // The request's ⋯ holds the packet size; playback's, speed, loop and the shortcuts.
    await page.getByTestId('trace.more').click();
    await page.getByTestId('trace.size').fill('1400');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('trace.size')).toHaveCount(0);
    await page.getByTestId('trace.more').click();
    await expect(page.getByTestId('trace.size')).toHaveValue('1400');
    await page.keyboard.press('Escape');
    await page.getByTestId('playback.more').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('playback.speed')).toBeFocused();
    await page.getByTestId('playback.shortcuts').click();
    await expect(page.getByTestId('shortcuts')).toBeVisible();
  });

  test('the default view of every built-in renders pod names and addresses at 12 px or more at 1440×900', async ({ app, page }) => {
    for (const id of BUILT_INS) {
      await app.open(id);
      await expect(page.getByTestId('canvas.zoom')).not.toHaveText('');
      const px = await smallestPodLabelPx(page);
      console.log(`${id}: smallest pod label ${px.toFixed(2)} px`);
      expect(px, id).toBeGreaterThanOrEqual(12);
    }
  });

  test('docked panels fold and stay folded after a reload; the lesson and the CNI call dock beside the canvas', async ({ app, lessons, page }) => {
    await app.open();
    await page.getByTestId('dock.edit.fold').click();
    await expect(page.getByTestId('palette')).toHaveCount(0);
    const wider = await canvasShare(page);
    await page.getByTestId('dock.foldDock').click();
    await expect.poll(() => canvasShare(page)).toBeGreaterThan(wider);
    await page.reload();
    await expect(app.canvasNodes.first()).toBeVisible();
    await expect(page.getByTestId('dock')).toHaveAttribute('data-folded', 'true');
    await page.getByTestId('dock.unfoldDock').click();
    await expect(page.getByTestId('dock.edit')).toHaveAttribute('data-folded', 'true');
    await page.getByTestId('dock.edit.fold').click();
    await expect(page.getByTestId('palette')).toBeVisible();

    await lessons.open('a2');
    await expect(lessons.panel).toBeVisible();
    expect(await overlaps(page)).toEqual([]);

    const editor = new EditorPage(page);
    await editor.dropPodOn('node:ap-southeast-1.10.0.0.180');
    await expect(page.getByTestId('cni')).toHaveAttribute('data-status', 'done');
    expect(await overlaps(page)).toEqual([]);
    // The node the call is about, and what the call drew at it, are on screen, inside the canvas.
    const canvas = (await app.canvas.boundingBox())!;
    const outside = async () => {
      const boxes = [
        await app.node('node:ap-southeast-1.10.0.0.180').boundingBox(),
        ...(await Promise.all((await page.getByTestId('canvas.cni.device').all()).map((d) => d.boundingBox()))),
      ];
      return boxes.filter(
        (b) => !b || b.x < canvas.x || b.x + b.width > canvas.x + canvas.width || b.y < canvas.y || b.y + b.height > canvas.y + canvas.height + 1,
      ).length;
    };
    await expect(page.getByTestId('canvas.cni.device').first()).toBeVisible();
    await expect.poll(outside).toBe(0);
    await page.screenshot({ path: shot('lesson-and-cni-1440x900') });
  });

  test('the follow camera moves the view as the hops step, and is remembered', async ({ app, playback, page }) => {
    await app.open();
    const follow = page.getByTestId('canvas.follow');
    await expect(follow).toHaveAttribute('aria-pressed', 'false');
    await app.trace(CENTOS, '192.168.13.23:80');
    await playback.pause();
    await page.keyboard.press('Home');
    await playback.at(0);
    // Off: stepping within view leaves the camera where it is (once the view has settled after the trace).
    const still = await settledViewport(page);
    await page.keyboard.press('ArrowRight');
    await playback.at(1);
    expect(await settledViewport(page)).toBe(still);

    await follow.click();
    await expect(follow).toHaveAttribute('aria-pressed', 'true');
    let seen = await viewport(page);
    for (let i = 2; i < 6; i++) {
      await page.keyboard.press('ArrowRight');
      await playback.at(i);
      await expect.poll(() => viewport(page)).not.toBe(seen);
      seen = await viewport(page);
    }
    // The current hop is in the canvas, and drawn bigger than the whole-cluster view drew it.
    const canvas = (await app.canvas.boundingBox())!;
    const marker = (await playback.marker.boundingBox())!;
    expect(marker.x).toBeGreaterThan(canvas.x);
    expect(marker.x + marker.width).toBeLessThan(canvas.x + canvas.width);
    expect(marker.y).toBeGreaterThan(canvas.y);
    expect(marker.y + marker.height).toBeLessThan(canvas.y + canvas.height);
    await page.screenshot({ path: shot('follow-1440x900') });

    await page.reload();
    await expect(page.getByTestId('canvas.follow')).toHaveAttribute('aria-pressed', 'true');
  });

  test('presenter mode at 1920×1080: the canvas fills the projector beside the narration, in large type, and follows the packet', async ({
    app,
    lessons,
    playback,
    page,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await app.open();
    await lessons.open('a2');
    await lessons.present.click();
    await expect(lessons.presenter).toBeVisible();
    await expect(page.getByTestId('presenter.narration')).toBeVisible();
    expect(await canvasShare(page, 'presenter.canvas')).toBeGreaterThanOrEqual(0.65);
    await expect(app.canvasNodes.first()).toBeVisible();
    expect(await smallestPodLabelPx(page)).toBeGreaterThanOrEqual(14);
    expect(await overlaps(page)).toEqual([]);

    await lessons.predict({ verdict: 'delivered', source: '172.23.96.23', stacks: '3' });
    await playback.pause();
    // Presenter mode has no event list: the packet's marker says where it is.
    await page.keyboard.press('Home');
    await expect(playback.marker).toHaveAttribute('data-index', '0');
    let seen = await viewport(page);
    for (let i = 1; i < 4; i++) {
      await page.keyboard.press('ArrowRight');
      await expect(playback.marker).toHaveAttribute('data-index', String(i));
      await expect.poll(() => viewport(page)).not.toBe(seen);
      seen = await viewport(page);
    }
    await page.screenshot({ path: shot('presenter-1920x1080') });
  });
});

/** The viewport once it has stopped moving (the same transform on two looks in a row). */
async function settledViewport(page: Page): Promise<string> {
  let last = '';
  await expect
    .poll(
      async () => {
        const now = await viewport(page);
        const same = now === last;
        last = now;
        return same;
      },
      { intervals: [250] },
    )
    .toBe(true);
  return last;
}
