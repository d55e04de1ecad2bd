/**
 * A big document's first picture drawn as the place worker sends it, before the page has read the document
 * (src/ui/canvas/opening-picture.ts): the worker places the generated cluster before it writes its text out, and the
 * canvas draws that picture at once. An init script holds the worker's messages back (the text, or the picture) until
 * the test lets them through, so what the page shows meanwhile is seen, not raced.
 */
import type { Page } from '@playwright/test';
import { generateFlannelCluster } from '../src/scenarios/generate';
import { expect, test } from './fixtures/test';

type Held = { __hold: (kind: string) => void; __let: (kind: string) => void; __delivered: Record<string, number> };

/** Holds back the place worker's replies of these kinds (each as it comes) until `__let(kind)`; counts those delivered. */
async function holdReplies(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as Held;
    const held = new Map<string, (() => void)[]>();
    w.__delivered = {};
    w.__hold = (kind) => void held.set(kind, held.get(kind) ?? []);
    w.__let = (kind) => {
      const waiting = held.get(kind) ?? [];
      held.delete(kind);
      for (const f of waiting) f();
    };
    const own = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage')!;
    Object.defineProperty(Worker.prototype, 'onmessage', {
      get() {
        return own.get!.call(this);
      },
      set(handler: ((e: MessageEvent) => void) | null) {
        // (A reply held back goes to the listener set when it is let through: the page's entry starts a generated
        // cluster's worker, and its client takes it over, listeners and all, later: src/worker/place-start.ts.)
        const worker = this as { heard?: ((e: MessageEvent) => void) | null };
        worker.heard = handler;
        const deliver = (e: MessageEvent) => {
          const kind = (e.data as { kind?: unknown } | null)?.kind;
          if (typeof kind === 'string') w.__delivered[kind] = (w.__delivered[kind] ?? 0) + 1;
          worker.heard?.call(this, e);
        };
        own.set!.call(
          this,
          handler &&
            ((e: MessageEvent) => {
              const kind = (e.data as { kind?: unknown } | null)?.kind;
              const waiting = typeof kind === 'string' ? held.get(kind) : undefined;
              if (waiting) waiting.push(() => deliver(e));
              else deliver(e);
            }),
        );
      },
    });
  });
}

const firstNode = `node:${generateFlannelCluster({ nodes: 1000 }).nodes[0]!.name}`;
const viewport = (page: Page) => page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);

test.describe('A 1,000-node cluster’s first picture', () => {
  test('is drawn before the page has read the document: nothing is traced, selected or edited until it is here, and its arrival moves nothing', async ({
    app,
    editor,
    page,
  }) => {
    test.setTimeout(240_000);
    await holdReplies(page);
    await page.addInitScript(() => (window as unknown as Held).__hold('generated'));
    await page.goto('/?generate=1000');
    // The worker's picture, while its text is held back: the page has not read the document.
    const box = app.node(firstNode);
    await expect(box).toBeVisible({ timeout: 120_000 });
    await page.screenshot({ path: 'test-results/screenshots/opening-1000-1440.png' });
    await page.setViewportSize({ width: 1024, height: 768 });
    await expect(box).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/opening-1000-1024.png' });
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(await page.evaluate(() => (window as unknown as Held).__delivered.generated ?? 0)).toBe(0);
    await expect(app.run).toBeDisabled();
    // Nor laid out, grouped or collapsed: those commands are off, and look it.
    const commands = ['edit.autolayout', 'view.group', 'view.collapse'].map((id) => page.getByTestId(id));
    for (const c of commands) await expect(c).toBeDisabled();
    // A click selects nothing, a key edits nothing, a double click folds nothing open.
    await box.click();
    await page.keyboard.press('Alt+ArrowRight');
    await page.keyboard.press('Delete');
    await box.dblclick();
    await box.click({ button: 'right' });
    await expect(editor.inspector).toBeHidden();
    await expect(editor.wrapper(firstNode)).not.toHaveClass(/selected/);
    await expect(app.canvasNodes.locator('[data-ref^="pod:"]')).toHaveCount(0);
    // The box the person sees now is the one still there once the document is read and validated: not drawn again,
    // and the view where it was.
    const seen = await viewport(page);
    await box.evaluate((el) => ((el as unknown as { seen: boolean }).seen = true));
    await page.evaluate(() => (window as unknown as Held).__let('generated'));
    await expect(app.run).toBeEnabled({ timeout: 150_000 });
    for (const c of commands) await expect(c).toBeEnabled();
    // (The right-click asked for no trace menu: none opens once the document is here.)
    await expect(page.getByTestId('tracemenu')).toBeHidden();
    expect(await box.evaluate((el) => (el as unknown as { seen?: boolean }).seen)).toBe(true);
    expect(await viewport(page)).toBe(seen);
    // Drawn once, from the text the worker made: placed once there, the page's request answered with it.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __hopscopeCanvas: { placements(): unknown } }).__hopscopeCanvas.placements()))
      .toEqual({ mainBuilds: 0, worker: { builds: 1, places: 1, ahead: 1, named: 1 } });
    // And now it is the document's: a click selects the node.
    await editor.select(firstNode);
  });

  test('of a load another one overtook is never drawn: a file opened meanwhile, even one refused', async ({ app, page }) => {
    test.setTimeout(240_000);
    await holdReplies(page);
    await page.addInitScript(() => {
      (window as unknown as Held).__hold('generated');
      (window as unknown as Held).__hold('first');
    });
    await page.goto('/?generate=1000');
    // Before the cluster's picture or text came, the person opens a file, which is refused: nothing is on screen.
    await page
      .getByTestId('file.input')
      .setInputFiles({ name: 'broken.yaml', mimeType: 'application/yaml', buffer: Buffer.from('apiVersion: hopscope/v1\nkind: Topology\nnodes: 3\n') });
    await expect(page.getByTestId('import.problems')).toContainText('broken.yaml was not opened');
    // The cluster's picture arrives: it is not the picture of what the person opened last, and is not drawn.
    await page.evaluate(() => (window as unknown as Held).__let('first'));
    await expect.poll(() => page.evaluate(() => (window as unknown as Held).__delivered.first ?? 0)).toBeGreaterThan(0);
    // (Two frames after the picture was heard: a render that drew it would have committed.)
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await expect(app.node(firstNode)).toHaveCount(0);
    await expect(app.canvasNodes).toHaveCount(0);
  });

  test('of a cluster the address asks for beside a lesson is never made: the lesson opens, and the worker the page started for it is stopped', async ({
    app,
    page,
  }) => {
    test.setTimeout(120_000);
    const placeWorker = /place\.worker-[^/]*\.js$/;
    const started: string[] = [];
    page.on('request', (r) => void (placeWorker.test(r.url()) && started.push(r.url())));
    await page.goto('/?generate=1000&lesson=a1');
    await expect(page.getByTestId('dock.left')).toBeVisible();
    await expect(app.run).toBeEnabled();
    await expect(app.canvasNodes.first()).toBeVisible();
    await expect(app.node(firstNode)).toHaveCount(0);
    // (Started by the page's entry before main ran, which then opened the lesson instead.)
    expect(started).toHaveLength(1);
    await expect.poll(() => page.workers().filter((w) => placeWorker.test(w.url())).length).toBe(0);
  });
});
