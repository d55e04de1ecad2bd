import { expect, test } from './fixtures/test';
import { framed } from './pages/embed-frame';
import type { Page } from '@playwright/test';
import LZString from 'lz-string';

const request = `from=${encodeURIComponent('pod:default/client')}&to=${encodeURIComponent('10.244.2.20:80')}`;

test.describe('Embeds for docs: src=, caption, controls, start hop, fit, theme', () => {
  test('src= loads a document the server holds, with a caption strip in step with the controls', async ({ page }) => {
    const frame = await framed(page, `src=${encodeURIComponent('/examples/two-nodes.yaml')}&${request}`);
    await expect(frame.locator('[data-testid="canvas.node"][data-ref="pod:default/server"]')).toBeVisible();
    await expect(frame.getByTestId('embed.problem')).toHaveCount(0);
    const caption = frame.getByTestId('embed.caption');
    await expect(caption).toContainText('Hop 1 of 24');
    await expect(frame.getByTestId('playback.position')).toContainText('hop 1 /');
    await frame.getByTestId('playback.forward').click();
    await expect(caption).toContainText('Hop 2 of 24');
    await expect(caption).toHaveAttribute('data-frame', '1');
    await page.screenshot({ path: 'e2e/screenshots/embed-options-01-src.png' });
  });

  test('caption=0 and controls=0 leave the canvas alone; hop=N opens on hop N; the caption speaks Chinese with lng=zh', async ({ page }) => {
    const bare = await framed(page, `src=${encodeURIComponent('/examples/two-nodes.yaml')}&${request}&caption=0&controls=0`);
    await expect(bare.locator('[data-testid="canvas.node"][data-ref="pod:default/server"]')).toBeVisible();
    await expect(bare.getByTestId('embed')).toBeVisible();
    await expect(bare.getByTestId('embed.caption')).toHaveCount(0);
    await expect(bare.getByTestId('playback')).toHaveCount(0);
    await page.screenshot({ path: 'e2e/screenshots/embed-options-02-bare.png' });

    const started = await framed(page, `src=${encodeURIComponent('/examples/two-nodes.yaml')}&${request}&hop=5&lng=zh`);
    await expect(started.getByTestId('embed.caption')).toHaveAttribute('data-frame', '4');
    await expect(started.getByTestId('embed.caption')).toContainText('第 5 跳,共 24 跳');
    await expect(started.getByTestId('embed.caption')).toContainText('node:node-1 eth0 out');
    // The engine's notes on the hops are worded in Chinese too (their wording loads with the trace, not with the page).
    const said = started.getByTestId('embed.caption.said');
    for (let frame = 4; frame < 23 && (await said.count()) === 0; frame++) {
      await started.getByTestId('playback.forward').click();
      await expect(started.getByTestId('embed.caption')).toHaveAttribute('data-frame', String(frame + 1));
    }
    await expect(said).toContainText(/[\u4e00-\u9fff]/);
    await expect(started.getByTestId('playback.play')).toHaveAttribute('data-playing', 'false');
  });

  test('theme=dark draws the embed dark; fit=path frames the path, closer than the whole cluster', async ({ page }) => {
    const ack = `scenario=ack-flannel&${(await defaultRequest()).split('?')[1]}`;
    const whole = await framed(page, ack);
    await expect(whole.getByTestId('embed.caption')).toBeVisible();
    const zoomOf = (f: typeof whole) => f.locator('.react-flow__viewport').evaluate((e) => new DOMMatrixReadOnly(getComputedStyle(e).transform).a);
    const wholeZoom = await zoomOf(whole);

    const frame = await framed(page, `${ack}&theme=dark&fit=path`);
    await expect(frame.locator('html')).toHaveClass(/dark/);
    await expect(frame.getByTestId('embed.caption')).toBeVisible();
    await expect.poll(() => zoomOf(frame)).toBeGreaterThan(wholeZoom * 1.2);
    // The colour as the screen shows it (Tailwind writes oklch): painted on a pixel and read back.
    const brightness = await frame.getByTestId('embed').evaluate((e) => {
      const c = document.createElement('canvas').getContext('2d')!;
      c.fillStyle = getComputedStyle(e).backgroundColor;
      c.fillRect(0, 0, 1, 1);
      // Red + green + blue of the one pixel (alpha left out).
      return c
        .getImageData(0, 0, 1, 1)
        .data.slice(0, 3)
        .reduce((sum, v) => sum + v, 0);
    });
    expect(brightness).toBeLessThan(200);
    await page.screenshot({ path: 'e2e/screenshots/embed-options-03-dark-fit.png' });
  });

  test('“Open in Hopscope” opens the full app on the document and request on show (its encoder loads when reached)', async ({ page }) => {
    const frame = await framed(page, `src=${encodeURIComponent('/examples/two-nodes.yaml')}&${request}`);
    await expect(frame.getByTestId('embed.caption')).toContainText('Hop 1 of 24');
    const opened = page.context().waitForEvent('page');
    await frame.getByTestId('embed.open').click();
    const app = await opened;
    const url = new URL(app.url());
    expect(url.searchParams.get('embed')).toBeNull();
    expect(url.searchParams.get('from')).toBe('pod:default/client');
    expect(url.searchParams.get('to')).toBe('10.244.2.20:80');
    // The document travels in the link: the app opens it, and shows the same request traced.
    expect(JSON.parse(LZString.decompressFromEncodedURIComponent(url.searchParams.get('doc') ?? '') ?? 'null')).toMatchObject({
      metadata: { name: 'two-nodes' },
    });
    await expect(app.locator('[data-testid="canvas.node"][data-ref="pod:default/server"]')).toBeVisible();
    await app.close();
  });

  test('a src= that cannot be read says why, in the frame', async ({ page }) => {
    // Served by the preview server, but a web page (its fallback), not a document.
    let frame = await framed(page, `src=${encodeURIComponent('/no-such-document.yaml')}`);
    await expect(frame.getByTestId('embed.problem')).toContainText('is not a Hopscope document');
    await page.screenshot({ path: 'e2e/screenshots/embed-options-04-not-a-document.png' });

    await page.route('http://docs.test/**', (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/gone.yaml') return route.fulfill({ status: 404, headers: { 'access-control-allow-origin': '*' }, body: 'no' });
      // Allowed to another site only: the browser refuses this page the body.
      if (path === '/no-cors.yaml')
        return route.fulfill({ status: 200, headers: { 'access-control-allow-origin': 'https://elsewhere.example' }, body: 'kind: Topology\n' });
      if (path === '/huge.yaml') return route.fulfill({ status: 200, headers: { 'access-control-allow-origin': '*' }, body: '#'.repeat(6 * 1024 * 1024) });
      if (path === '/bad.yaml')
        return route.fulfill({
          status: 200,
          headers: { 'access-control-allow-origin': '*' },
          body: 'apiVersion: hopscope/v1\nkind: Topology\nmetadata: { name: x }\nnodes: 7\n',
        });
      return route.abort('connectionrefused');
    });
    const cases: [string, RegExp][] = [
      ['http://docs.test/gone.yaml', /answered HTTP 404/],
      ['http://docs.test/no-cors.yaml', /does not let other pages read the document \(CORS\)/],
      ['http://docs.test/huge.yaml', /larger than 5 MB/],
      ['http://docs.test/down.yaml', /there was no answer/],
      ['http://docs.test/bad.yaml', /has problems: .*nodes/],
      ['ftp://docs.test/a.yaml', /must be an http or https address/],
    ];
    for (const [src, said] of cases) {
      frame = await framed(page, `src=${encodeURIComponent(src)}`);
      await expect(frame.getByTestId('embed.problem'), src).toContainText(said);
      await expect(frame.getByTestId('embed.problem'), src).toContainText(src);
    }
    await page.screenshot({ path: 'e2e/screenshots/embed-options-05-bad-src.png' });
  });
});

/** The ack-flannel request public/embed-example.html opens on. */
async function defaultRequest() {
  return '/?from=pod%3Adefault%2Fcentos-67756b6dc8-rmmxt&to=192.168.13.23%3A80&pick=172.23.96.163%3A80';
}

test.describe('The embed announces itself only to the page origins= names', () => {
  const port = Number(process.env.E2E_PORT ?? 4173);
  const ack = 'scenario=ack-flannel&from=pod%3Adefault%2Fcentos-67756b6dc8-rmmxt&to=172.23.96.24%3A80';

  /** A page on 127.0.0.1 holding the embed from localhost (two origins), recording the embed's events. */
  async function parentPage(page: Page, origins: string | null) {
    await page.goto(`http://127.0.0.1:${port}/embed-example.html`);
    await page.evaluate(
      ({ src }) => {
        const w = window as unknown as { heard: string[] };
        w.heard = [];
        window.addEventListener('message', (ev) => {
          const t = (ev.data as { type?: string } | null)?.type;
          if (t === 'hopscope:ready' || t === 'hopscope:frame') w.heard.push(`${t}@${ev.origin}`);
        });
        (document.getElementById('hopscope') as HTMLIFrameElement).src = src;
      },
      { src: `http://localhost:${port}/?embed=1&${ack}${origins === null ? '' : `&origins=${encodeURIComponent(origins)}`}` },
    );
    const frame = page.frameLocator('#hopscope');
    await expect(frame.getByTestId('playback.position')).toContainText('hop 1 /');
    await frame.getByTestId('playback.forward').click();
    await expect(frame.getByTestId('playback.position')).toContainText('hop 2 /');
    return () => page.evaluate(() => (window as unknown as { heard: string[] }).heard);
  }

  test('the configured parent hears ready and every hop change', async ({ page }) => {
    const heard = await parentPage(page, `http://127.0.0.1:${port}`);
    await expect.poll(heard).toContain(`hopscope:ready@http://localhost:${port}`);
    await expect.poll(async () => (await heard()).filter((h) => h.startsWith('hopscope:frame')).length).toBeGreaterThan(0);
  });

  test('a parent not listed (none, or another origin) hears nothing', async ({ page }) => {
    for (const origins of [null, 'https://docs.example.com']) {
      const heard = await parentPage(page, origins);
      // The embed posted its events before its screen showed hop 2; one more message round through this page's queue lets any of them land.
      await page.evaluate(() => window.postMessage({ type: 'hopscope:ready', probe: true }, '*'));
      await expect.poll(heard).toContain(`hopscope:ready@http://127.0.0.1:${port}`);
      expect((await heard()).filter((h) => h.includes('@http://localhost'))).toEqual([]);
    }
  });
});

test.describe('The embed speaks the language it was asked for, its problems included', () => {
  test('a refused document’s problems are worded in Chinese with lng=zh (the wording loads when needed)', async ({ page }) => {
    const bad = LZString.compressToEncodedURIComponent(JSON.stringify({ apiVersion: 'hopscope/v1', kind: 'Topology', metadata: { name: 'x' }, nodes: 7 }));
    const en = await framed(page, `doc=${bad}`);
    await expect(en.getByTestId('embed.problem')).toContainText(/nodes: .*list/);
    const english = await en.getByTestId('embed.problem').textContent();
    const zh = await framed(page, `lng=zh&doc=${bad}`);
    await expect(zh.getByTestId('embed.problem')).toContainText(/nodes: .*列表/);
    expect(await zh.getByTestId('embed.problem').textContent()).not.toBe(english);
    await page.screenshot({ path: 'e2e/screenshots/embed-options-07-problems-zh.png' });
  });
});
