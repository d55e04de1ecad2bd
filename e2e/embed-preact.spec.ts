/**
 * The embed runs on Preact (scripts/preact-embed.ts), the full app on React. The pictures here were taken of the
 * embed as it drew on React 19 (the build before the switch) and committed as they were: the Preact embed has to
 * draw the same, in both themes, at a wide and a narrow window.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';

const traced = `from=${encodeURIComponent('pod:default/centos-67756b6dc8-rmmxt')}&to=${encodeURIComponent('172.23.96.24:80')}`;
/** React 19 marks the element it renders into (`__reactContainer$…`); Preact leaves no such key. */
const onReact = (page: Page) => page.locator('#root').evaluate((root) => Object.keys(root).some((k) => k.startsWith('__reactContainer')));

test.describe('The embed runs on Preact and draws as it did on React', () => {
  test('the embed renders with Preact and downloads no React; the full app renders with React', async ({ page }) => {
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`/?embed=1&scenario=ack-flannel&${traced}`);
    await expect(page.getByTestId('embed.caption')).toContainText('Hop 1 of');
    expect(await onReact(page)).toBe(false);
    // Only the page's entry comes from the app's build; everything else is the embed's own (dist/embed/).
    const entry = scripts.filter((p) => !p.startsWith('/embed/'));
    expect(entry.length).toBe(1);
    // ...and that entry carries none of the app's own start: Vite's preload helper (the app's dynamic imports) is not in it.
    expect(await (await page.request.get(entry[0]!)).text()).not.toContain('vite:preloadError');

    await page.goto('/?scenario=ack-flannel');
    await expect(page.getByTestId('playback')).toBeVisible();
    await expect.poll(() => onReact(page)).toBe(true);
  });

  test('whatever hop it opens on, the embed draws every edge it draws on the first', async ({ page }) => {
    // NOTE: on Preact's scheduling a node could keep its size without its handles' positions, and React Flow then drew
    // none of its edges (xyflow#4888; RemeasureHandles measures it again). It happened on one load in a few.
    const edges = () => page.locator('.react-flow__edge').evaluateAll((es) => es.map((e) => e.getAttribute('data-id')).sort());
    await page.goto(`/?embed=1&scenario=ack-flannel&${traced}`);
    const caption = page.getByTestId('embed.caption');
    await expect(caption).toHaveAttribute('data-frame', '0');
    // What it draws once it has settled: every hop played through with the controls, then back to the first.
    const frames = Number(await page.getByTestId('playback.scrub').getAttribute('max')) + 1;
    for (let frame = 1; frame < frames; frame++) {
      await page.getByTestId('playback.forward').click();
      await expect(caption).toHaveAttribute('data-frame', String(frame));
    }
    await page.keyboard.press('Home');
    await expect(caption).toHaveAttribute('data-frame', '0');
    const first = await edges();
    expect(first.length).toBeGreaterThan(0);
    // An edge takes keyboard focus as on React (SVG attributes are case-sensitive: `tabindex`, not `tabIndex`).
    await expect(page.locator('.react-flow__edge').first()).toHaveAttribute('tabindex', '0');
    for (let hop = 1; hop <= frames; hop++) {
      await page.goto(`/?embed=1&scenario=ack-flannel&${traced}&hop=${hop}`);
      await expect(page.getByTestId('embed.caption')).toHaveAttribute('data-frame', String(hop - 1));
      await expect.poll(edges, { message: `opened on hop ${hop}` }).toEqual(first);
    }
  });

  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    for (const theme of ['light', 'dark'] as const) {
      test(`at ${width}×${height}, ${theme}: the traced embed on hop 4 looks as it did on React`, async ({ page }) => {
        await page.setViewportSize({ width, height });
        await page.goto(`/?embed=1&scenario=ack-flannel&${traced}&hop=4&theme=${theme}`);
        await expect(page.getByTestId('embed.caption')).toHaveAttribute('data-frame', '3');
        await expect(page.locator('.react-flow__node').first()).toBeVisible();
        await expect(page).toHaveScreenshot(`embed-${width}x${height}-${theme}.png`, { maxDiffPixelRatio: 0.01 });
      });
    }
  }
});
