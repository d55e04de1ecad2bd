/**
 * Opening a big cluster: React Flow is told each element's size and handles (src/ui/canvas/kinds/declared-handles.ts),
 * so it mounts only what is in view instead of every element once to measure it.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';

/** The canvas's bench probe (src/ui/canvas/BenchProbe.tsx). */
type Probe = {
  __hopscopeCanvas: {
    nodeObjects(): { id: string; handles?: { id?: string | null; type: string; x: number; y: number; width?: number; height?: number }[] }[];
    renders(): { mounts: number; draws: number };
    snapshot(): { nodes: unknown[] };
  };
};

test.describe('Declared handles', () => {
  for (const scenario of ['ack-flannel', 'calico-bgp-tor', 'terway-ipvlan-ebpf']) {
    test(`are where the browser lays each kind's handles out (${scenario})`, async ({ app, page }) => {
      await app.open(scenario);
      const found = await page.evaluate(() => {
        const objects = new Map((window as unknown as Probe).__hopscopeCanvas.nodeObjects().map((n) => [n.id, n]));
        const zoom = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a;
        const kinds = new Set<string>();
        const wrong: string[] = [];
        for (const el of Array.from(document.querySelectorAll('.react-flow__node')) as HTMLElement[]) {
          const id = el.dataset.id!;
          const box = el.getBoundingClientRect();
          const measured = (Array.from(el.querySelectorAll('.react-flow__handle')) as HTMLElement[]).map((h) => {
            const b = h.getBoundingClientRect();
            return {
              id: h.dataset.handleid ?? null,
              type: h.classList.contains('source') ? 'source' : 'target',
              x: (b.left - box.left) / zoom,
              y: (b.top - box.top) / zoom,
              w: h.offsetWidth,
            };
          });
          const declared = objects.get(id)?.handles ?? [];
          kinds.add(Array.from(el.classList).find((c) => c.startsWith('react-flow__node-'))!);
          const same =
            declared.length === measured.length &&
            measured.every((m, i) => {
              const d = declared[i]!;
              return (d.id ?? null) === m.id && d.type === m.type && Math.abs(d.x - m.x) < 0.5 && Math.abs(d.y - m.y) < 0.5 && d.width === m.w;
            });
          if (!same) wrong.push(`${id}: declared ${JSON.stringify(declared)}, laid out ${JSON.stringify(measured)}`);
        }
        return { kinds: [...kinds], wrong };
      });
      expect(found.kinds.length).toBeGreaterThanOrEqual(5);
      expect(found.wrong).toEqual([]);
    });
  }
});

test.describe('A cluster of 1,000 nodes opening', () => {
  test('mounts the elements in view, not one per element to measure it', async ({ app, page }) => {
    test.setTimeout(180_000);
    await page.goto('/?generate=1000');
    await expect(app.run).toBeEnabled({ timeout: 120_000 });
    await expect(app.canvas.locator('.react-flow__node').first()).toBeVisible({ timeout: 60_000 });
    const drawn = await page.locator('.react-flow__node').count();
    const { mounts } = await page.evaluate(() => (window as unknown as Probe).__hopscopeCanvas.renders());
    // 4,000 boxes (1,000 nodes, 3,000 services) are on the canvas and a few dozen in view (some more were in the
    // view before it was fitted). Mounting each once to measure it was the load's longest work.
    expect(drawn).toBeGreaterThan(5);
    expect(mounts).toBeLessThan(200);
  });

  /** Each frame from the first the canvas draws: how many node objects React Flow holds (`__held`), and how many the picture has (`__whole`). */
  const watchHeld = (page: Page) =>
    page.addInitScript(() => {
      const w = window as unknown as Partial<Probe> & { __held: number[]; __whole: number };
      w.__held = [];
      w.__whole = 0;
      const look = () => {
        const api = w.__hopscopeCanvas;
        if (api) {
          w.__held.push(api.nodeObjects().length);
          w.__whole = api.snapshot().nodes.length;
        }
        requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
  const held = (page: Page) =>
    page.evaluate(() => {
      const w = window as unknown as { __held: number[]; __whole: number };
      return { held: w.__held, whole: w.__whole };
    });

  test('hands React Flow the window from its first picture on, never the 4,756 boxes of the whole picture', async ({ app, page }) => {
    test.setTimeout(180_000);
    await watchHeld(page);
    await page.goto('/?generate=1000');
    await expect(app.canvas.locator('.react-flow__node').first()).toBeVisible({ timeout: 120_000 });
    await expect(app.run).toBeEnabled({ timeout: 120_000 });
    const seen = await held(page);
    expect(seen.whole).toBeGreaterThan(4000);
    expect(seen.held.length).toBeGreaterThan(0);
    // (Handed everything until the choosing loaded, it adopted all of them in the first picture's frame, then the window's.)
    expect(Math.max(...seen.held)).toBeLessThan(2000);
  });

  test('hands React Flow nothing of a picture that came before the choosing (the place worker may place it before the canvas first renders)', async ({
    app,
    page,
  }) => {
    test.setTimeout(180_000);
    await watchHeld(page);
    // The choosing's chunk (ui/canvas/cull.ts) held back until the canvas has had the whole picture for a few frames.
    await page.route(/\/assets\/cull-[^/]*\.js$/, async (route) => {
      await expect.poll(async () => (await held(page)).whole, { timeout: 120_000 }).toBeGreaterThan(4000);
      const frames = (await held(page)).held.length;
      await expect.poll(async () => (await held(page)).held.length).toBeGreaterThan(frames + 2);
      await route.continue();
    });
    await page.goto('/?generate=1000');
    await expect(app.canvas.locator('.react-flow__node').first()).toBeVisible({ timeout: 120_000 });
    await expect(app.run).toBeEnabled({ timeout: 120_000 });
    expect(Math.max(...(await held(page)).held)).toBeLessThan(2000);
  });
});
