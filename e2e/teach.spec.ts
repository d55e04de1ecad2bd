import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures/teach';

const shot = (name: string) => `e2e/screenshots/teach-${name}.png`;

test.describe('Lessons, as a learner', () => {
  test('opens a lesson from the library, predicts, plays, and is scored against the engine', async ({ app, lessons, playback, page }) => {
    await app.open();
    await lessons.openLibrary.click();
    await expect(lessons.library.getByTestId('library.cni')).toHaveCount(3);
    await expect(lessons.library.locator('[data-cni="terway"]')).toContainText('C4');
    await expect(lessons.library.getByTestId('library.faults')).toContainText('D4');
    await page.screenshot({ path: shot('01-library') });

    await lessons.open('a2');
    await expect(lessons.title).toHaveText('A ClusterIP whose backend is on another node');
    await expect(lessons.narrative).toContainText('IPVS');
    // Nothing traced yet: the learner predicts first.
    await expect(app.verdict).toHaveCount(0);
    await expect(app.from).toHaveValue('pod:default/centos-67756b6dc8-rmmxt');
    await expect(app.to).toHaveValue('192.168.13.23:80');
    await page.screenshot({ path: shot('02-predict') });

    await lessons.predict({ verdict: 'delivered', source: '172.23.96.23', stacks: '3' });
    await expect(playback.play).toHaveAttribute('data-playing', 'true');
    await expect(lessons.caption).toBeVisible();
    // The score, and what to notice (it often states the outcome), wait for the end of the trip.
    await expect(lessons.notices).toHaveCount(0);
    await expect(lessons.score).toHaveCount(0);
    await playback.last.click();
    await expect(lessons.notices).toHaveCount(2);

    const got = await lessons.scoreByKind();
    const verdict = await app.verdict.getAttribute('data-verdict');
    const source = (await page.getByTestId('trace.sourceSeen').textContent())?.trim();
    const stacks = (await page.getByTestId('trace.kernelStacks').textContent())?.trim();
    expect(got).toEqual({ verdict: verdict === 'delivered', source: source === '172.23.96.23', stacks: stacks === '3' });
    const right = Object.values(got).filter(Boolean).length;
    await expect(lessons.score).toHaveAttribute('data-right', String(right));
    await expect(page.getByTestId('score.total')).toHaveText(`${right} of 3 right`);
    await page.screenshot({ path: shot('03-scored') });
  });

  test('finds the fault: symptom, a wrong guess, the culprit, the fix', async ({ app, lessons, page }) => {
    await app.open();
    await lessons.open('d4');
    await expect(lessons.symptom).toContainText('ping node-2 works');
    await expect(app.verdict).not.toHaveAttribute('data-verdict', 'delivered');
    await lessons.pointAt('nodes[0]', 'nodes[0].kernel.ipForward');
    await expect(lessons.faultResult).toHaveAttribute('data-correct', 'false');
    await expect(lessons.fix).toHaveCount(0);
    await lessons.pointAt('nodes[1]', 'nodes[1].kernel.ipForward');
    await expect(lessons.faultResult).toHaveAttribute('data-correct', 'true');
    await expect(lessons.fix).toContainText('sysctl -w net.ipv4.ip_forward=1');
    await page.screenshot({ path: shot('04-fault-found') });
  });

  test('presenter mode: large type, keys only', async ({ app, lessons, page }) => {
    await app.open();
    await lessons.open('a1');
    await lessons.present.click();
    await expect(lessons.presenter).toBeVisible();
    await expect(lessons.presenterTitle).toHaveText('Two pods on one node');
    await page.keyboard.press('n');
    await expect(lessons.presenterTitle).toHaveText('A ClusterIP whose backend is on another node');
    await page.keyboard.press('p');
    await expect(lessons.presenterTitle).toHaveText('Two pods on one node');
    await page.screenshot({ path: shot('05-presenter') });
    await page.keyboard.press('Escape');
    await expect(lessons.presenter).toHaveCount(0);
    await expect(lessons.panel).toBeVisible();
  });

  test('reads the lesson in Chinese, and the choice is remembered', async ({ app, lessons, page }) => {
    await app.open();
    await page.getByTestId('prefs.language').selectOption('zh');
    await expect(app.run).toHaveText('追踪');
    await lessons.open('a1');
    await expect(lessons.title).toHaveText('同节点 Pod 互访');
    await expect(lessons.narrative).toContainText('cni0 网桥');
    await expect(lessons.submit).toHaveText('确定并播放');
    await page.screenshot({ path: shot('06-chinese') });
    await page.reload();
    await expect(app.run).toHaveText('追踪');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  });

  test('switches to the dark theme and keeps it', async ({ app, page }) => {
    await app.open();
    await app.trace('pod:default/centos-67756b6dc8-rmmxt', '172.23.96.163:80');
    await expect(app.verdict).toBeVisible();
    await page.getByTestId('prefs.theme').click();
    await expect(page.locator('html')).toHaveClass(/dark/);
    const bg = await page.locator('main').evaluate((el) => getComputedStyle(el.parentElement!).backgroundColor);
    expect(bg).not.toBe('rgb(248, 250, 252)');
    await page.screenshot({ path: shot('07-dark') });
    await page.reload();
    await expect(page.locator('html')).toHaveClass(/dark/);
  });
});

test.describe('Share links', () => {
  test('copies a link that opens the same document, trace and frame in a new page', async ({ app, share, playback, page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await app.open();
    await app.trace('pod:default/centos-67756b6dc8-rmmxt', '192.168.13.23:80');
    await app.followBackend('172.23.96.163:80');
    await expect(app.deliveredTo).toContainText('172.23.96.163');
    await playback.first.click();
    for (let i = 0; i < 3; i++) await playback.forward.click();
    const position = await playback.position.textContent();
    expect(position).toMatch(/^hop 4 \//);
    // The node view: another tab, and a node other than the one the packet is on.
    await playback.tab('ipvs').click();
    await playback.nodeView.getByTestId('nodeview.node').selectOption('ap-southeast-1.10.0.1.216');
    await expect(playback.nodeView.getByTestId('nodeview.text')).toContainText('TCP');

    const link = await share.copyLink();
    await expect(share.status).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    expect(new URL(link).searchParams.get('doc')).toBeTruthy();
    await page.screenshot({ path: shot('08-share') });

    const other = await context.newPage();
    await other.goto(link);
    await expect(other.getByTestId('doc.title')).toHaveText((await page.getByTestId('doc.title').textContent())!);
    await expect(other.getByTestId('trace.verdict')).toHaveText('delivered');
    await expect(other.getByTestId('trace.deliveredTo')).toContainText('172.23.96.163');
    await expect(other.getByTestId('playback.position')).toHaveText(position!);
    await expect(other.getByTestId('playback.play')).toHaveAttribute('data-playing', 'false');
    await expect(other.locator('[data-testid="nodeview.tab"][data-tab="ipvs"]')).toHaveAttribute('aria-selected', 'true');
    await expect(other.getByTestId('nodeview.node')).toHaveValue('ap-southeast-1.10.0.1.216');
    await expect(other.getByTestId('nodeview.text')).toHaveText((await playback.nodeView.getByTestId('nodeview.text').textContent())!);
    await other.screenshot({ path: shot('09-shared-opened') });
  });

  test('a document too large for a link is saved as a file, with a clear message', async ({ share, page }) => {
    // A generated cluster of ten nodes encodes to about 17 KB.
    await page.goto('/?generate=10');
    await expect(page.getByTestId('canvas.node').first()).toBeVisible();
    await expect(page.getByTestId('doc.status')).toHaveText('');
    const download = page.waitForEvent('download');
    await share.open.click();
    await expect(share.tooLarge).toContainText('too large for a link');
    expect((await download).suggestedFilename()).toMatch(/\.json$/);
    await page.screenshot({ path: shot('10-too-large') });
  });

  test('Share on a 1,000-node cluster says at once it is too large for a link and saves its JSON, written by the worker', async ({ app, page, share }) => {
    test.setTimeout(180_000);
    const writers: string[] = [];
    page.on('request', (r) => void (/write-document\.worker-[^/]*\.js$/.test(r.url()) && writers.push(r.url())));
    await app.openGenerated(1000, 120_000);
    const download = page.waitForEvent('download', { timeout: 120_000 });
    await share.open.click();
    await expect(share.tooLarge).toContainText('too large for a link');
    await expect(share.tooLarge).toContainText('generated-flannel-1000-nodes-seed-1.json');
    const file = test.info().outputPath('cluster.json');
    await (await download).saveAs(file);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { nodes: unknown[]; pods: unknown[] };
    expect(doc.nodes).toHaveLength(1000);
    expect(doc.pods).toHaveLength(30_000);
    // 6.5 MB pretty-printed by the worker, not on the page's thread.
    expect(writers).toHaveLength(1);
    await page.keyboard.press('Escape');
    await expect(share.panel).toBeHidden();
  });
});

test.describe('Embed', () => {
  test('embed-example.html drives the iframe through postMessage', async ({ embedExample, page }) => {
    await embedExample.open();
    const before = await embedExample.position.textContent();
    expect(before).toMatch(/^hop 1 \/ \d+/);
    await embedExample.send('Step ▶');
    await expect(embedExample.position).toContainText('hop 2 /');
    await expect(embedExample.log).toContainText('"type":"hopscope:ack","for":"step"');
    await expect(embedExample.frameReadout).toContainText('2 /');
    await embedExample.send('Step ▶');
    await embedExample.send('◀ Step');
    await expect(embedExample.position).toContainText('hop 2 /');

    await embedExample.send('中文');
    await expect(embedExample.frame.getByTestId('embed.open')).toContainText('在 Hopscope 中打开');
    await embedExample.send('Play');
    await expect(embedExample.frame.getByTestId('playback.play')).toHaveAttribute('data-playing', 'true');
    await embedExample.send('Pause');
    await expect(embedExample.frame.getByTestId('playback.play')).toHaveAttribute('data-playing', 'false');

    await embedExample.send('Send a bad message');
    await expect(embedExample.log).toContainText('hopscope:error');

    await embedExample.send('Load a two-pod document');
    await expect(embedExample.frame.locator('[data-testid="canvas.node"][data-ref="pod:default/server"]')).toBeVisible();
    await expect(embedExample.log).toContainText('"for":"load"');
    await expect(embedExample.log).not.toContainText('"for":"load","id":9,"error"');
    // Read-only and chrome-less: no trace bar, no editor, a link out.
    await expect(embedExample.frame.getByTestId('trace.run')).toHaveCount(0);
    await expect(embedExample.frame.getByTestId('embed.open')).toBeVisible();
    await page.screenshot({ path: shot('11-embed') });
  });

  test('ignores messages from origins it was not told about', async ({ page }) => {
    await page.goto('/?embed=1&scenario=ack-flannel&from=pod%3Adefault%2Fcentos-67756b6dc8-rmmxt&to=172.23.96.24%3A80');
    await expect(page.getByTestId('playback.position')).toContainText('hop 1 /');
    // A message claiming another origin is not acted on: it and a trusted one are handled in order,
    // so hop 3 (not 5) after both shows only the trusted step counted.
    await page.evaluate(() => {
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'step', delta: 2 }, origin: 'https://evil.example', source: window }));
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'step', delta: 2 }, origin: location.origin, source: window }));
    });
    await expect(page.getByTestId('playback.position')).toContainText('hop 3 /');
  });
});
