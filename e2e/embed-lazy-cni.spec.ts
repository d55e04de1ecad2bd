/**
 * The worker loads a CNI plugin's engine module only for a document that uses it (src/worker/load-wiring.ts):
 * an embed of a Calico or Terway document still traces, and a Flannel one never downloads them.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import LZString from 'lz-string';
import { expect, test } from './fixtures/test';
import { framed } from './pages/embed-frame';

/** A built-in as a user's own document (renamed, so the worker cannot answer it from its stored validation). */
const own = (id: string) => {
  const doc = JSON.parse(readFileSync(`src/scenarios/json/${id}.json`, 'utf8'));
  doc.metadata.name = `my-${id}`;
  return JSON.stringify(doc);
};
/** The engine chunks the page and its worker asked for, by plugin: `calico-HASH.js`, not a scenario's `calico-bgp-tor-HASH.js`. */
function pluginChunks(page: Page): Set<string> {
  const seen = new Set<string>();
  page.context().on('request', (r) => {
    const m = /\/assets\/(calico|terway)-[\w-]{8}\.js$/.exec(new URL(r.url()).pathname);
    if (m) seen.add(m[1]!);
  });
  return seen;
}

test.describe('An embed loads the engine module of the document’s CNI when it needs it', () => {
  test('a Flannel built-in loads neither Calico nor Terway', async ({ page }) => {
    const chunks = pluginChunks(page);
    const frame = await framed(
      page,
      `scenario=ack-flannel&from=${encodeURIComponent('pod:default/centos-67756b6dc8-rmmxt')}&to=${encodeURIComponent('172.23.96.24:80')}`,
    );
    await expect(frame.getByTestId('embed.caption')).toContainText(/Hop 1 of \d+/);
    expect([...chunks]).toEqual([]);
  });

  test('a Calico (IP-in-IP) document by link traces across nodes, after the Calico module loads', async ({ page }) => {
    const chunks = pluginChunks(page);
    const doc = LZString.compressToEncodedURIComponent(own('shop-calico'));
    const frame = await framed(
      page,
      `doc=${doc}&from=${encodeURIComponent('pod:default/client-6b7f8d9c4-z8x7v')}&to=${encodeURIComponent('10.244.2.10:80')}&caption=1`,
    );
    const caption = frame.getByTestId('embed.caption');
    await expect(caption).toContainText(/Hop 1 of \d+/);
    await expect(frame.getByTestId('embed.problem')).toHaveCount(0);
    expect(chunks.has('calico')).toBe(true);
    expect(chunks.has('terway')).toBe(false);
    // Calico's own kernel state: stepping through, the packet leaves node-1 through the IP-in-IP tunnel device.
    const frames = Number((await caption.textContent())?.match(/of (\d+)/)?.[1]);
    expect(frames).toBeGreaterThan(5);
    let sawTunnel = false;
    for (let hop = 1; hop < frames && !sawTunnel; hop++) {
      await frame.getByTestId('playback.forward').click();
      await expect(caption).toContainText(`Hop ${hop + 1} of ${frames}`);
      sawTunnel = /tunl0/.test((await caption.textContent()) ?? '');
    }
    expect(sawTunnel).toBe(true);
  });

  test('a Terway document sent by a load message is traced, after the Terway module loads', async ({ page }) => {
    const chunks = pluginChunks(page);
    const frame = await framed(page, 'caption=1');
    await expect(frame.getByTestId('embed')).toBeVisible();
    await page.evaluate(() => {
      const w = window as unknown as { answers: unknown[] };
      w.answers = [];
      window.addEventListener('message', (ev) => {
        if ((ev.data as { type?: string } | null)?.type === 'hopscope:ack' || (ev.data as { type?: string } | null)?.type === 'hopscope:error')
          w.answers.push(ev.data);
      });
    });
    const send = (yaml: string) =>
      page.evaluate((y) => {
        const f = document.getElementById('under-test') as HTMLIFrameElement;
        f.contentWindow!.postMessage(
          { type: 'load', id: 'terway', yaml: y, request: { from: 'pod:default/centos-6c48766848-znkl8', to: '192.168.27.242:80' } },
          location.origin,
        );
      }, yaml);
    // The embed may not listen yet: send again until it answers.
    await expect
      .poll(async () => {
        const a = await page.evaluate(() => (window as unknown as { answers: unknown[] }).answers);
        if (a.length === 0) await send(own('terway-ipvlan-ebpf'));
        return a;
      })
      .toContainEqual({ type: 'hopscope:ack', for: 'load', id: 'terway' });
    await expect(frame.getByTestId('embed.caption')).toContainText(/Hop 1 of \d+/);
    await expect(frame.locator('[data-testid="canvas.node"][data-ref="pod:default/centos-6c48766848-znkl8"]')).toBeVisible();
    expect(chunks.has('terway')).toBe(true);
    await page.screenshot({ path: 'e2e/screenshots/embed-lazy-cni-terway.png' });
  });
});
