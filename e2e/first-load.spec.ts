import { createHash } from 'node:crypto';
import { expect, test } from './fixtures/test';

// What the first frame waits for is asked for as the page starts, not one download after another.
test.describe('The first load', () => {
  test("asks for the editor's code beside the app's start, before that has been downloaded", async ({ app, page }) => {
    const events: string[] = [];
    const chunk = (url: string) => /\/assets\/(main|App)-[\w-]+\.js$/.exec(url)?.[1];
    page.on('request', (r) => {
      const c = chunk(r.url());
      if (c) events.push(`${c} asked`);
    });
    page.on('requestfinished', (r) => {
      const c = chunk(r.url());
      if (c) events.push(`${c} in`);
    });
    await app.open();
    await expect(app.page.getByTestId('doc.title')).toContainText('ACK Flannel');
    expect(events.indexOf('App asked')).toBeGreaterThan(-1);
    expect(events.indexOf('App asked')).toBeLessThan(events.indexOf('main in'));
  });

  test("names the page's entry by what it holds: a build whose main has changed has a new entry", async ({ page }) => {
    // (The entry names main's file, written into it once the build has named its files: a cached entry of an unchanged
    // name would start a main that is gone.)
    const html = await (await page.request.get('/')).text();
    // (The name's hash is its last 8 characters, which may hold a '-' themselves: B-n3Exku.)
    const entry = /<script type="module"[^>]* src="([^"]*\/[^/"]+?-([\w-]{8})\.js)"/.exec(html);
    expect(entry).not.toBeNull();
    const code = await (await page.request.get(entry![1]!)).body();
    expect(code.toString()).toMatch(/\/assets\/main-[\w-]+\.js/);
    expect(createHash('sha256').update(code).digest('base64url').slice(0, 8)).toBe(entry![2]);
  });

  test('asks for the first built-in while the document library opens, not once it has', async ({ app, page }) => {
    // The library's storage (its worker, which opens IndexedDB) arrives only once the built-in has been asked for: a
    // page that waited for the library's answer before asking for it would never draw it.
    let builtinAsked!: () => void;
    const asked = new Promise<void>((r) => (builtinAsked = r));
    page.on('request', (r) => {
      if (/\/assets\/ack-flannel-[\w-]+\.js$/.test(r.url())) builtinAsked();
    });
    let held = false;
    await page.route(/\/assets\/library\.worker-[\w-]+\.js$/, async (route) => {
      held = true;
      await asked;
      await route.continue();
    });
    await page.goto('/');
    await expect(app.node('vpc')).toBeVisible();
    await expect(app.page.getByTestId('doc.title')).toContainText('ACK Flannel');
    expect(held).toBe(true);
  });

  test("draws a first visit's built-in while the document library is still opening", async ({ app, page }) => {
    // Nothing to reopen (no document of this tab's or this browser's): the library's storage (its worker) arrives only once
    // the built-in is on the canvas. A page that waited for the library before opening the built-in would never draw it.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held = false;
    await page.route(/\/assets\/library\.worker-[\w-]+\.js$/, async (route) => {
      held = true;
      await released;
      await route.continue();
    });
    await page.goto('/');
    await expect(app.node('vpc')).toBeVisible();
    expect(held).toBe(true);
    release();
    // (Then the page finishes opening as before.)
    await expect(app.page.getByTestId('doc.title')).toContainText('ACK Flannel');
    await expect(app.page.getByTestId('trace.run')).toBeEnabled();
  });

  test("starts a generated cluster's place worker before main's stylesheet is in, and draws nothing unstyled", async ({ app, page }) => {
    test.setTimeout(60_000);
    const placeWorker = /\/assets\/place\.worker-[\w-]+\.js$/;
    const asked: string[] = [];
    page.on('request', (r) => void asked.push(r.url()));
    let workerAsked!: () => void;
    const started = new Promise<void>((r) => (workerAsked = r));
    page.on('request', (r) => void (placeWorker.test(r.url()) && workerAsked()));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let cssAsked!: () => void;
    const held = new Promise<void>((r) => (cssAsked = r));
    await page.route(/\/assets\/main-[\w-]+\.css$/, async (route) => {
      cssAsked();
      await released;
      await route.continue();
    });
    await page.goto('/?generate=1000');
    // (The worker is asked for while main's stylesheet is held: boot waited for it to run the entry, which starts the worker.)
    await Promise.all([started, held]);
    // (Main runs once its stylesheet is in: nothing of the app is drawn before.)
    await expect.poll(() => page.evaluate(() => document.getElementById('root')!.childElementCount)).toBe(0);
    release();
    await expect(app.canvasNodes.first()).toBeVisible();
    // (The worker generates from its own chunk: no second download before it starts.)
    expect(asked.filter((u) => /\/assets\/generate-[\w-]+\.js$/.test(u))).toEqual([]);
  });
});
