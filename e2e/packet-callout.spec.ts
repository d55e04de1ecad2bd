import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';

/**
 * What is wrong with the packet's label and badges where they are drawn now: each of them that
 * covers an interface name on a node box, or lies (partly) outside the canvas. Empty when all is well.
 */
async function calloutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
    const ports = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="canvas.port"]')).map((p) => ({
      name: p.dataset.device ?? '?',
      box: p.getBoundingClientRect(),
    }));
    const drawn = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="playback.label"], [data-testid="canvas.natBadge"]'));
    const problems: string[] = [];
    for (const el of drawn) {
      const r = el.getBoundingClientRect();
      const what = `${el.dataset.testid} "${el.textContent}"`;
      for (const p of ports)
        if (r.left < p.box.right && r.right > p.box.left && r.top < p.box.bottom && r.bottom > p.box.top) problems.push(`${what} covers port ${p.name}`);
      if (r.left < canvas.left - 1 || r.right > canvas.right + 1 || r.top < canvas.top - 1 || r.bottom > canvas.bottom + 1)
        problems.push(`${what} leaves the canvas`);
    }
    return problems;
  });
}

test.describe('The packet’s label and NAT badges at each hop', () => {
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1024, height: 768 },
  ]) {
    test(`at ${size.width}×${size.height} they cover no interface name and stay inside the canvas, request and reply`, async ({ app, playback, page }) => {
      // Every hop of two traces, each waiting for the packet and the camera to come to rest.
      test.setTimeout(90_000);
      await page.setViewportSize(size);
      await app.open();
      // A ClusterIP on another node (IPVS DNAT, un-DNAT on the way back) and the internet through an SLB to a NodePort (DNAT and SNAT).
      for (const [from, to] of [
        [CENTOS, '192.168.13.23:80'],
        ['external:internet-client', '8.219.170.20:80'],
      ] as const) {
        await app.trace(from, to);
        await expect(app.verdict).toHaveText('delivered');
        await playback.pause();
        await page.keyboard.press('Home');
        await playback.at(0);
        const frames = await playback.rows.count();
        let badges = 0;
        let ports = 0;
        for (let i = 0; i < frames; i++) {
          if (i > 0) {
            await page.keyboard.press('ArrowRight');
            await playback.at(i);
          }
          await playback.settle();
          await expect(playback.label).toBeVisible();
          expect(await calloutProblems(page), `${from} → ${to}, hop ${i + 1}`).toEqual([]);
          badges += await playback.natBadges.count();
          ports = Math.max(ports, await page.getByTestId('canvas.port').count());
        }
        // The checks had something to check: rewrites were badged, and the node boxes showed their ports.
        expect(badges).toBeGreaterThan(0);
        expect(ports).toBeGreaterThan(2);
      }
      await page.screenshot({ path: `test-results/screenshots/callout-${size.width}x${size.height}.png` });
    });
  }
});

test('a hop at a ToR router plays on the router’s box, its label under it', async ({ app, playback, page }) => {
  await app.open('calico-bgp-tor');
  await app.trace('pod:default/client-5d8f6c7b9-abcde', '10.196.52.1:8088');
  await expect(app.verdict).toHaveText('delivered');
  await playback.pause();
  const at = await playback.jumpTo(/router:tor-1|tor-1/);
  await playback.at(at);
  await expect(playback.current).toHaveAttribute('data-at', 'router:tor-1');
  await playback.settle();
  const router = (await app.node('router:tor-1').boundingBox())!;
  const lit = (await playback.current.boundingBox())!;
  // The ring around the current element is the router's box (ring-4 draws outside it).
  expect(Math.abs(lit.x - router.x)).toBeLessThan(3);
  expect(Math.abs(lit.y - router.y)).toBeLessThan(3);
  expect(Math.abs(lit.width - router.width)).toBeLessThan(3);
  expect(await calloutProblems(page)).toEqual([]);
  const label = (await playback.label.boundingBox())!;
  expect(label.y).toBeGreaterThanOrEqual(router.y + router.height);
});
