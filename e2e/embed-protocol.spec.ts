import { expect, test } from './fixtures/test';
import { EmbedExample } from './pages/EmbedExample';

const port = Number(process.env.E2E_PORT ?? 4173);

/** Post messages to the iframe of the page and collect every answer (`hopscope:frame` and `ready` left out). */
async function listen(page: import('@playwright/test').Page) {
  await page.evaluate(() => {
    const w = window as unknown as { answers: unknown[] };
    w.answers = [];
    window.addEventListener('message', (ev) => {
      const t = (ev.data as { type?: string } | null)?.type;
      if (t && t !== 'hopscope:frame' && t !== 'hopscope:ready') w.answers.push(ev.data);
    });
  });
}
const answers = (page: import('@playwright/test').Page) =>
  page.evaluate(() => (window as unknown as { answers: { type: string; id?: unknown; by?: unknown; error?: string }[] }).answers);

test.describe('The embed’s messages are a protocol', () => {
  test('two loads back to back: the first is superseded (not refused), the second acknowledged and shown', async ({ page }) => {
    const example = new EmbedExample(page);
    await example.open();
    await example.send('Load twice, back to back');
    await expect(example.log).toContainText(/"type":"hopscope:superseded","for":"load","id":1,"by":2/);
    await expect(example.log).toContainText('"type":"hopscope:ack","for":"load","id":2');
    await expect(example.log).not.toContainText('hopscope:error');
    // The second load's request is the one traced: from the server pod.
    await expect(example.frame.locator('[data-testid="canvas.node"][data-ref="pod:default/server"]')).toBeVisible();
    await expect(example.frame.getByTestId('embed.problem')).toHaveCount(0);
    await page.screenshot({ path: 'e2e/screenshots/embed-01-superseded.png' });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: 'e2e/screenshots/embed-01-superseded-1024.png' });
  });

  test('a flood of 1,000 loads: one ack, 999 superseded, no error; a message over 20 MiB is refused saying so', async ({ page }) => {
    test.setTimeout(90_000);
    const example = new EmbedExample(page);
    await example.open();
    await listen(page);
    await page.evaluate(() => {
      const frame = document.getElementById('hopscope') as HTMLIFrameElement;
      const yaml = (n: number) =>
        [
          'apiVersion: hopscope/v1',
          'kind: Topology',
          `metadata: { name: flood-${n} }`,
          'cluster:',
          '  cni: { plugin: flannel, mode: vxlan }',
          '  podCIDR: 10.244.0.0/16',
          '  vpc: { cidr: 10.0.0.0/16, vswitches: [{ name: vsw, cidr: 10.0.0.0/24 }] }',
          'nodes:',
          '  - { name: node-1, ip: 10.0.0.11 }',
          'pods:',
          '  - { name: a, namespace: default, node: node-1 }',
        ].join('\n');
      for (let i = 1; i <= 1000; i++) frame.contentWindow!.postMessage({ type: 'load', id: `flood-${i}`, yaml: yaml(i) }, location.origin);
    });
    await expect.poll(async () => (await answers(page)).length, { timeout: 60_000 }).toBe(1000);
    const all = await answers(page);
    expect(all.filter((a) => a.type === 'hopscope:error')).toEqual([]);
    expect(all.filter((a) => a.type === 'hopscope:ack').map((a) => a.id)).toEqual(['flood-1000']);
    expect(all.filter((a) => a.type === 'hopscope:superseded')).toHaveLength(999);
    await expect(example.frame.locator('[data-testid="canvas.node"][data-ref="pod:default/a"]')).toBeVisible();

    await page.evaluate(() => {
      const frame = document.getElementById('hopscope') as HTMLIFrameElement;
      frame.contentWindow!.postMessage({ type: 'load', id: 'huge', yaml: 'x'.repeat(21 * 1024 * 1024) }, location.origin);
    });
    await expect
      .poll(async () => (await answers(page)).find((a) => a.id === 'huge'), { timeout: 20_000 })
      .toMatchObject({
        type: 'hopscope:error',
        error: expect.stringContaining('larger than 20 MiB'),
      });
  });

  test('an origins= entry with capitals and a trailing slash still lets that page in', async ({ page }) => {
    // The page on 127.0.0.1, the embed on localhost: two origins.
    await page.goto(`http://127.0.0.1:${port}/embed-example.html`);
    await listen(page);
    const embed = `http://localhost:${port}`;
    await page.evaluate(
      ({ embed, origins }) => {
        const frame = document.getElementById('hopscope') as HTMLIFrameElement;
        frame.src = `${embed}/?embed=1&scenario=ack-flannel&from=pod%3Adefault%2Fcentos-67756b6dc8-rmmxt&to=172.23.96.24%3A80&origins=${encodeURIComponent(origins)}`;
      },
      { embed, origins: `HTTP://127.0.0.1:${port}/` },
    );
    const frame = page.frameLocator('#hopscope');
    await expect(frame.getByTestId('playback.position')).toContainText('hop 1 /');
    await expect
      .poll(async () => {
        await page.evaluate(
          (embed) => (document.getElementById('hopscope') as HTMLIFrameElement).contentWindow!.postMessage({ type: 'step', delta: 1, id: 'hello' }, embed),
          embed,
        );
        return (await answers(page)).some((a) => a.id === 'hello' && a.type === 'hopscope:ack');
      })
      .toBe(true);
    await expect(frame.getByTestId('playback.position')).not.toContainText('hop 1 /');
  });
});
