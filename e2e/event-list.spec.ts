import { expect, test } from './fixtures/test';
import type { Page } from '@playwright/test';
import type { AppPage } from './pages/AppPage';
import { EventList } from './pages/EventList';
import type { PlaybackPanel } from './pages/PlaybackPanel';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';
const API = 'pod:shop/api-7f8c9d6b5-d3e4f';

/** The ACK cluster's ClusterIP trace, paused on its first hop so the list starts at the top. */
async function atFirstHop(app: AppPage, playback: PlaybackPanel, page: Page): Promise<EventList> {
  await app.open();
  await app.trace(CENTOS, '192.168.13.23:80');
  await playback.pause();
  await page.keyboard.press('Home');
  await playback.at(0);
  return new EventList(page);
}

test.describe('The event list: filters, decisions, each header before → after', () => {
  test('each filter shows only its rows; ] and [ jump between decisions', async ({ app, playback, page }) => {
    const events = new EventList(page);
    await app.open();
    await app.trace(CENTOS, '192.168.13.23:80');
    await app.followBackend('172.23.96.163:80');
    await playback.pause();
    const total = await events.rows.count();
    const all = await events.categories();
    expect(all.length).toBe(total);

    for (const [filter, cat] of [
      ['nat', 'nat'],
      ['routing', 'routing'],
      ['decision', null],
    ] as const) {
      await events.show(filter);
      const shown = await events.categories();
      const expected = all.filter((c) => (cat ? c.includes(cat) : c.length > 0)).length;
      expect(shown.length, filter).toBe(expected);
      expect(shown.length, filter).toBeGreaterThan(0);
      expect(shown.length, filter).toBeLessThan(total);
      for (const c of shown) expect(cat ? c.includes(cat) : c.length > 0).toBe(true);
      await expect(events.count).toHaveText(new RegExp(`^${expected}\\D+${total}$`));
    }
    await events.show('all');
    await expect(events.rows).toHaveCount(total);

    // From the first hop, ] goes to each decision in turn, [ comes back; plain hops are skipped.
    const decisions = all.map((c, i) => (c.length > 0 ? i : -1)).filter((i) => i > 0);
    expect(decisions.length).toBeGreaterThan(2);
    await page.keyboard.press('Home');
    await playback.at(0);
    await page.keyboard.press(']');
    await playback.at(decisions[0]!);
    await page.keyboard.press(']');
    await playback.at(decisions[1]!);
    await page.keyboard.press('[');
    await playback.at(decisions[0]!);
    await events.next.click();
    await playback.at(decisions[1]!);

    // The DNAT hop: L3 and L4 before ⇒ after; no tunnel here (VPC routes), and the list says so.
    const dnat = events.rows.filter({ has: page.locator('[data-testid="timeline.rewrite"]', { hasText: 'DNAT' }) }).first();
    const l3 = dnat.locator('[data-testid="timeline.header"][data-layer="L3"]');
    await expect(l3).toHaveAttribute('data-changed', 'true');
    await expect(l3).toContainText('192.168.13.23');
    await expect(l3).toContainText('172.23.96.163');
    await expect(dnat.locator('[data-testid="timeline.header"][data-layer="outer"]')).toHaveCount(0);
    await events.wide.click();
    await expect(dnat.locator('[data-testid="timeline.header"][data-layer="outer"]')).toContainText('none');
  });

  test('the current event stays in sight as the packet moves: End, Home, and stepping back up', async ({ app, playback, page }) => {
    const events = await atFirstHop(app, playback, page);
    const total = await events.rows.count();
    // The list is longer than its panel: the last event starts out of sight.
    await expect(events.rows.last()).not.toBeInViewport();
    await page.keyboard.press('End');
    await playback.at(total - 1);
    await expect(events.current).toBeInViewport({ ratio: 1 });
    await expect(events.rows.first()).not.toBeInViewport();
    await page.keyboard.press('ArrowLeft');
    await playback.at(total - 2);
    await expect(events.current).toBeInViewport({ ratio: 1 });
    await page.keyboard.press('Home');
    await playback.at(0);
    await expect(events.current).toBeInViewport({ ratio: 1 });
    await expect(events.rows.last()).not.toBeInViewport();
  });

  test('drops: only the dropping hop; a refused request', async ({ app, page }) => {
    const events = new EventList(page);
    await app.open();
    await app.trace(CENTOS, '8.219.164.113:80');
    await expect(app.verdict).toHaveText('refused');
    await events.show('drop');
    await expect(events.rows).not.toHaveCount(0);
    for (const c of await events.categories()) expect(c).toContain('drop');
    await expect(events.rows.first().getByTestId('timeline.drop')).toBeVisible();
  });

  test('the outer header is named by its real encapsulation: IP-in-IP on Calico, with policy verdicts', async ({ app, page }) => {
    const events = new EventList(page);
    await app.open('shop-calico');
    await app.trace(API, '10.244.2.10:80');
    await expect(app.verdict).toBeVisible();
    const outer = events.root.locator('[data-testid="timeline.header"][data-layer="outer"]');
    await expect(outer.filter({ hasText: 'IP-in-IP' }).first()).toBeVisible();
    await expect(outer.filter({ hasText: 'VXLAN' })).toHaveCount(0);
    await events.show('policy');
    await expect(events.rows).not.toHaveCount(0);
    for (const c of await events.categories()) expect(c).toContain('policy');
  });

  test('at 1440×900 at least 8 whole events beside the canvas and in the full-width view, which is remembered', async ({ app, playback, page }) => {
    const events = await atFirstHop(app, playback, page);
    await expect.poll(() => events.readableRows()).toBeGreaterThanOrEqual(8);
    const side = await events.readableRows();
    await page.screenshot({ path: 'test-results/screenshots/events-side-1440.png' });
    await events.wide.click();
    await expect(events.root).toHaveAttribute('data-wide', 'true');
    await expect.poll(() => events.readableRows()).toBeGreaterThanOrEqual(8);
    const wide = await events.readableRows();
    await page.screenshot({ path: 'test-results/screenshots/events-wide-1440.png' });
    console.log(`1440x900: readable rows side by side ${side}, full width ${wide}`);
    // The full-width view is part of the remembered arrangement.
    await page.reload();
    await app.trace(CENTOS, '192.168.13.23:80');
    await expect(events.root).toHaveAttribute('data-wide', 'true');
    await events.wide.click();
    await page.reload();
    await app.trace(CENTOS, '192.168.13.23:80');
    await expect(events.rows.first()).toBeVisible();
    await expect(events.root).not.toHaveAttribute('data-wide', 'true');
  });

  test('at 1024×768 the full-width view shows at least as many whole events as the dock', async ({ app, playback, page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    const events = await atFirstHop(app, playback, page);
    await expect.poll(() => events.readableRows()).toBeGreaterThanOrEqual(4);
    const side = await events.readableRows();
    await events.wide.click();
    await expect(events.root).toHaveAttribute('data-wide', 'true');
    await expect.poll(() => events.readableRows()).toBeGreaterThanOrEqual(Math.max(5, side));
    console.log(`1024x768: readable rows side by side ${side}, full width ${await events.readableRows()}`);
    await page.screenshot({ path: 'test-results/screenshots/events-wide-1024.png' });
  });
});
