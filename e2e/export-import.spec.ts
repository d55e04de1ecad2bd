import { writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test as base, type Page } from '@playwright/test';
import { AppPage } from './pages/AppPage';
import { ExportMenu } from './pages/ExportMenu';
import { KubectlImport } from './pages/KubectlImport';
import { PlaybackPanel } from './pages/PlaybackPanel';
import { generateFlannelCluster } from '../src/scenarios/generate';
import { kubectlListText } from '../src/scenarios/generate-kubectl';

/** A pod `web` on n1 (10.244.0.5), in kubectl's words. */
const WEB_POD =
  '- {apiVersion: v1, kind: Pod, metadata: {name: web, namespace: default, labels: {app: web}}, spec: {nodeName: n1, containers: [{name: web, image: nginx}]}, status: {phase: Running, podIP: 10.244.0.5}}';

/** `kubectl get … -o yaml` of node n1 (192.168.0.10, pod CIDR 10.244.0.0/24) and `items`, one YAML flow line each. */
const kubectlList = (...items: string[]) =>
  [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- {apiVersion: v1, kind: Node, metadata: {name: n1}, spec: {podCIDR: 10.244.0.0/24}, status: {addresses: [{type: InternalIP, address: 192.168.0.10}]}}',
    ...items,
  ].join('\n');

const test = base.extend<{ app: AppPage; exports: ExportMenu; kubectl: KubectlImport; playback: PlaybackPanel }>({
  app: async ({ page }, use) => use(new AppPage(page)),
  exports: async ({ page }, use) => use(new ExportMenu(page)),
  kubectl: async ({ page }, use) => use(new KubectlImport(page)),
  playback: async ({ page }, use) => use(new PlaybackPanel(page)),
});

const shot = (name: string) => `e2e/screenshots/io-${name}.png`;
const FIXTURE = fileURLToPath(new URL('../src/model/testdata/kubectl-ack-flannel.yaml', import.meta.url));
const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';
// Share of pixels a picture may differ by: room for font antialiasing between runs, not for a moved or missing element.
const PICTURE_TOLERANCE = 0.01;

test.describe('Exports', () => {
  test('the canvas as PNG and SVG at the current hop, the trace as Markdown, JSON and pcapng', async ({ app, exports, playback, page }) => {
    await app.open('ack-flannel');
    await app.trace(CENTOS, '172.23.96.24:80');
    await expect(app.verdict).toBeVisible();
    // NOTE: a trace plays from its first hop: on a busy machine it may have stepped on before the first click.
    await playback.first.click();
    await playback.forward.click();
    await playback.forward.click();
    await expect(playback.position).toContainText('hop 3 /');

    await exports.open();
    await page.screenshot({ path: shot('01-export-menu') });

    const png = await exports.save('png');
    expect(png.name).toMatch(/-hop-3\.png$/);
    expect(png.bytes.length).toBeGreaterThan(10_000);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await writeFile(shot('02-exported'), png.bytes);
    // The picture is the thing under test: compared with the committed baseline (e2e/export-import.spec.ts-snapshots/).
    expect(png.bytes).toMatchSnapshot('exported-hop-3.png', { maxDiffPixelRatio: PICTURE_TOLERANCE });

    const svg = await exports.save('svg');
    expect(svg.name).toMatch(/-hop-3\.svg$/);
    const text = svg.bytes.toString('utf8');
    expect(text.length).toBeGreaterThan(1_000);
    const parsed = await page.evaluate((s) => {
      const d = new DOMParser().parseFromString(s, 'image/svg+xml');
      return { root: d.documentElement.nodeName, error: d.getElementsByTagName('parsererror').length, text: d.documentElement.textContent ?? '' };
    }, text);
    expect(parsed).toMatchObject({ root: 'svg', error: 0 });
    // The picture holds the cluster's elements, not an empty frame; it is vector art with a caption, not a page snapshot.
    expect(parsed.text).toContain('centos-67756b6dc8-rmmxt');
    expect(parsed.text).toContain('Hop 3/');
    expect(text).not.toContain('foreignObject');
    expect(text.length).toBeLessThan(150 * 1024);

    const md = await exports.save('markdown');
    expect(md.name).toMatch(/\.md$/);
    expect(md.bytes.toString('utf8')).toMatch(/^\|.*\|$/m);

    const json = await exports.save('json');
    expect(json.name).toMatch(/\.json$/);
    const trace = JSON.parse(json.bytes.toString('utf8')) as { verdict?: string };
    expect(trace.verdict).toBe('delivered');

    const pcap = await exports.save('pcapng');
    expect(pcap.name).toMatch(/\.pcapng$/);
    expect(pcap.bytes.length).toBeGreaterThan(100);
    // A pcapng starts with its section header block.
    expect(pcap.bytes.readUInt32LE(0)).toBe(0x0a0d0d0a);
    await expect(exports.error).toHaveCount(0);

    // The SVG drawn by the browser on its own, to look at.
    const view = await page.context().newPage();
    await view.setViewportSize({ width: 1200, height: 800 });
    await view.setContent(`<body style="margin:0"><img style="max-width:100%" src="data:image/svg+xml;base64,${svg.bytes.toString('base64')}"></body>`);
    await view.waitForFunction(() => document.images[0]?.complete && document.images[0].naturalWidth > 0);
    await view.screenshot({ path: shot('03-exported-svg') });
    await expect(view).toHaveScreenshot('exported-svg-hop-3.png', { maxDiffPixelRatio: PICTURE_TOLERANCE });
    await view.close();
  });
});

/** Every <text> of an SVG, drawn by the browser with real fonts, inside the viewBox; its theme. */
async function checkPicture(page: Page, svg: string, path: string) {
  const view = await page.context().newPage();
  const [w, h] = (/width="(\d+)" height="(\d+)"/.exec(svg) ?? []).slice(1).map(Number) as [number, number];
  await view.setViewportSize({ width: Math.min(w, 2400), height: Math.min(h, 2400) });
  await view.setContent(`<body style="margin:0">${svg.replace(/^<\?xml[^>]*>/, '')}</body>`);
  const outside = await view.evaluate(() => {
    const root = document.querySelector('svg')!;
    const vb = root.viewBox.baseVal;
    return Array.from(root.querySelectorAll('text'))
      .map((t) => ({ t: t.textContent, b: t.getBBox() }))
      .filter(({ b }) => b.x < vb.x || b.y < vb.y || b.x + b.width > vb.x + vb.width || b.y + b.height > vb.y + vb.height)
      .map(({ t }) => t);
  });
  expect(outside).toEqual([]);
  await view.screenshot({ path });
  await view.close();
}

test.describe('Pictures that open again', () => {
  test('an exported SVG and PNG carry the document and the request: File → Open and a drop on the canvas bring them back', async ({
    app,
    exports,
    playback,
    page,
  }) => {
    await app.open('ack-flannel');
    await app.trace(CENTOS, '192.168.13.23:80');
    await expect(app.verdict).toBeVisible();
    // NOTE: a trace plays from its first hop: on a busy machine it may have stepped on before the first click.
    await playback.first.click();
    await playback.forward.click();
    await playback.forward.click();
    await expect(playback.position).toContainText('hop 3 /');
    await page.getByTestId('file.menu').click();
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('file.save-json').click()]);
    const documentJson = await readFile(await saved.path(), 'utf8');

    const svg = await exports.save('svg');
    const svgText = svg.bytes.toString('utf8');
    expect(svgText).toContain('<metadata>');
    expect(svgText).toContain('data-theme="light"');
    await checkPicture(page, svgText, shot('13-picture-light'));
    const png = await exports.save('png');
    await writeFile(shot('14-picture-png'), png.bytes);

    // Dark: the picture follows the theme on screen.
    await page.getByTestId('prefs.theme').click();
    const dark = await exports.save('svg');
    expect(dark.bytes.toString('utf8')).toContain('data-theme="dark"');
    await checkPicture(page, dark.bytes.toString('utf8'), shot('15-picture-dark'));
    const darkPng = await exports.save('png');
    await writeFile(shot('16-picture-dark-png'), darkPng.bytes);
    await page.getByTestId('prefs.theme').click();

    const expectRestored = async () => {
      await expect(page.getByTestId('doc.title')).toHaveText('ACK Flannel (VPC route) with IPVS');
      await expect(app.node(CENTOS)).toBeVisible();
      await expect(app.from).toHaveValue(CENTOS);
      await expect(app.to).toHaveValue('192.168.13.23:80');
      await expect(app.verdict).toBeVisible();
      // At the hop the picture showed.
      await expect(playback.position).toContainText('hop 3 /');
      await page.getByTestId('file.menu').click();
      const [again] = await Promise.all([page.waitForEvent('download'), page.getByTestId('file.save-json').click()]);
      expect(await readFile(await again.path(), 'utf8')).toBe(documentJson);
    };

    for (const picture of [
      { name: svg.name, mimeType: 'image/svg+xml', buffer: svg.bytes },
      { name: png.name, mimeType: 'image/png', buffer: png.bytes },
    ]) {
      await app.open('calico-bgp-tor');
      await expect(app.node(CENTOS)).toHaveCount(0);
      await page.getByTestId('file.input').setInputFiles(picture);
      await expectRestored();
    }
    await page.screenshot({ path: shot('17-picture-reopened') });

    // Dropped on the canvas.
    await app.open('calico-bgp-tor');
    const data = await page.evaluateHandle(
      ({ b64, name }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type: 'image/png' }));
        return dt;
      },
      { b64: png.bytes.toString('base64'), name: png.name },
    );
    await app.canvas.dispatchEvent('dragover', { dataTransfer: data });
    await app.canvas.dispatchEvent('drop', { dataTransfer: data });
    await expectRestored();

    // A picture without a document is refused with a word, the canvas untouched.
    await page.getByTestId('file.input').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png.bytes.subarray(0, 33) });
    await expect(page.getByTestId('editor.notice')).toContainText('photo.png is a picture without a Hopscope document inside');
    await expect(app.node(CENTOS)).toBeVisible();
    await page.screenshot({ path: shot('18-picture-refused-1440') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await expect(page.getByTestId('editor.notice')).toBeVisible();
    await page.screenshot({ path: shot('19-picture-refused-1024') });
  });
});

test.describe('Import from cluster', () => {
  test('kubectl output through the dialog becomes the canvas; warnings are shown', async ({ app, kubectl, page }) => {
    await app.open('calico-bgp-tor');
    await expect(app.node('node:ap-southeast-1.10.0.0.180')).toHaveCount(0);
    await kubectl.open();
    await kubectl.upload(FIXTURE);
    await page.screenshot({ path: shot('04-kubectl-dialog') });
    await kubectl.import.click();
    await expect(kubectl.done).toBeVisible();
    await expect(kubectl.warnings.or(page.getByText('Everything in the input was imported.'))).toBeVisible();
    await page.screenshot({ path: shot('05-kubectl-imported') });
    await kubectl.close.click();
    await expect(kubectl.dialog).toHaveCount(0);
    for (const n of ['ap-southeast-1.10.0.0.180', 'ap-southeast-1.10.0.1.216', 'ap-southeast-1.10.0.1.206']) {
      await expect(app.node(`node:${n}`)).toBeVisible();
    }
    await expect(app.node(CENTOS)).toBeVisible();
    await expect(page.getByTestId('doc.status')).toHaveText('');
    await expect(page.getByTestId('doc.title')).toContainText('Imported from kubectl (nodes: 3, pods: ');
    await page.screenshot({ path: shot('06-kubectl-canvas') });
  });

  test('an Import cancelled while its cluster is made never reaches the canvas; the one imported next does', async ({ app, kubectl, page }, info) => {
    test.setTimeout(120_000);
    // ~40 MB of kubectl output: its Import is still being made when Cancel is pressed.
    const file = info.outputPath('cluster-300.json');
    writeFileSync(file, kubectlListText({ nodes: 300, seed: 1 }, 'json'));
    const cancelled = generateFlannelCluster({ nodes: 300, seed: 1 });
    // Every title the page shows, however briefly (a document drawn then replaced at once is seen here).
    await page.addInitScript(() => {
      const w = window as unknown as { __titles: string[] };
      w.__titles = [];
      new MutationObserver(() => {
        const t = document.querySelector('[data-testid="doc.title"]')?.textContent ?? '';
        if (w.__titles.at(-1) !== t) w.__titles.push(t);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await app.open('calico-bgp-tor');
    await kubectl.open();
    await kubectl.upload(file);
    await kubectl.import.click();
    await expect(kubectl.import).toBeDisabled();
    await kubectl.cancel.click();
    await expect(kubectl.dialog).toHaveCount(0);

    await kubectl.open();
    await kubectl.upload(FIXTURE);
    await kubectl.import.click();
    await expect(kubectl.done).toBeVisible({ timeout: 60_000 });
    await kubectl.close.click();
    await expect(app.node('node:ap-southeast-1.10.0.0.180')).toBeVisible();
    await expect(page.getByTestId('doc.status')).toHaveText('', { timeout: 60_000 });
    await expect(app.run).toBeEnabled();
    await expect(page.getByTestId('doc.title')).toContainText('Imported from kubectl (nodes: 3, pods: ');
    await expect(app.node(`node:${cancelled.nodes[0]!.name}`)).toHaveCount(0);
    const titles = await page.evaluate(() => (window as unknown as { __titles: string[] }).__titles);
    expect(titles.filter((t) => t.includes('nodes: 300'))).toEqual([]);
    await page.screenshot({ path: shot('06b-kubectl-cancelled-then-imported') });
  });

  test('garbage is refused with its problems and the canvas untouched; an unknown CNI is asked for', async ({ app, kubectl, page }) => {
    await app.open('ack-flannel');
    const title = await page.getByTestId('doc.title').textContent();
    const count = await app.canvasNodes.count();

    await kubectl.open();
    await kubectl.paste('this: is [not kubectl output\n  - at all: {');
    await kubectl.import.click();
    await expect(kubectl.problems).toBeVisible();
    await expect(kubectl.problemItems.first()).not.toBeEmpty();
    await expect(kubectl.problems).toContainText('canvas is as it was');
    await page.screenshot({ path: shot('07-kubectl-garbage') });

    await kubectl.paste('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    await kubectl.import.click();
    await expect(kubectl.problemItems.first()).toBeVisible();

    // Nodes and pods, but nothing that tells the CNI: the dialog asks for it and tries again.
    await kubectl.paste(kubectlList(WEB_POD));
    await kubectl.import.click();
    await expect(kubectl.problems).toContainText('cluster.cni');
    await expect(kubectl.cni).toBeVisible();
    await page.screenshot({ path: shot('08-kubectl-ask-cni') });
    await kubectl.cancel.click();

    // Nothing of it reached the canvas.
    await expect(page.getByTestId('doc.title')).toHaveText(title ?? '');
    await expect(app.canvasNodes).toHaveCount(count);
    await expect(app.node('node:n1')).toHaveCount(0);

    // The same input with the CNI picked imports.
    await kubectl.open();
    await kubectl.paste(kubectlList(WEB_POD));
    await kubectl.import.click();
    await expect(kubectl.cni).toBeVisible();
    await kubectl.cni.selectOption('flannel:vxlan');
    await kubectl.import.click();
    await expect(kubectl.done).toBeVisible();
    await kubectl.close.click();
    await expect(app.node('node:n1')).toBeVisible();
    await expect(app.node('pod:default/web')).toBeVisible();
  });

  test('a cluster whose document does not validate is refused naming the Kubernetes object; the canvas stays as it was', async ({ app, kubectl, page }) => {
    await app.open('ack-flannel');
    const title = await page.getByTestId('doc.title').textContent();
    const count = await app.canvasNodes.count();
    await kubectl.open();
    // Two pods with one address: read and made into a document, which its validation refuses.
    await kubectl.paste(
      kubectlList(
        '- {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: default}, spec: {nodeName: n1}, status: {phase: Running, podIP: 10.244.0.5}}',
        '- {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: default}, spec: {nodeName: n1}, status: {phase: Running, podIP: 10.244.0.5}}',
      ),
    );
    // (Nothing in it tells the CNI: the dialog asks first.)
    await kubectl.import.click();
    await kubectl.cni.selectOption('flannel:vxlan');
    await kubectl.import.click();
    await expect(kubectl.problems).toContainText('canvas is as it was');
    await expect(kubectl.problemItems.filter({ hasText: 'pods[1].ip' })).toContainText('(Pod default/b)');
    await kubectl.cancel.click();
    await expect(page.getByTestId('doc.title')).toHaveText(title ?? '');
    await expect(app.canvasNodes).toHaveCount(count);
    await expect(app.node('pod:default/b')).toHaveCount(0);
    await expect(page.getByTestId('doc.status')).toHaveText('');
  });
});

test.describe('Chinese', () => {
  test('the playback bar, the editor and the menus read in Chinese', async ({ app, playback, page }) => {
    await app.open('ack-flannel');
    await app.trace(CENTOS, '172.23.96.24:80');
    await expect(app.verdict).toBeVisible();
    await page.getByTestId('prefs.language').selectOption('zh');
    await expect(playback.play).toContainText(/播放|暂停/);
    // The engine's notes on the hops are worded in Chinese too (the bridge between two pods of a node).
    await expect(page.getByTestId('timeline.hop').filter({ hasText: '网桥 cni0 把帧转发到' }).first()).toBeVisible();
    await expect(playback.position).toContainText('跳');
    await expect(page.getByTestId('playback')).toContainText('速度');
    await expect(page.getByTestId('file.menu')).toContainText('文件');
    await expect(page.getByTestId('edit.undo')).toContainText('撤销');
    await expect(page.getByTestId('palette')).toContainText('拖到画布上');
    await expect(page.getByTestId('sidebar.inspector')).toHaveText('属性');
    await expect(page.getByTestId('sidebar.cluster')).toHaveText('集群');
    await expect(page.getByTestId('export.menu')).toContainText('导出');
    // What an edit says comes in Chinese too: a pod dropped beside the nodes is refused with a hint.
    await page.getByTestId('palette.pod').dragTo(page.getByTestId('canvas').locator('.react-flow__pane'), { targetPosition: { x: 60, y: 320 }, force: true });
    await expect(page.getByTestId('editor.notice')).toContainText('请把 Pod 拖到节点上');
    await expect(page.getByTestId('detail')).toContainText('报文');
    await page.screenshot({ path: shot('09-chinese') });
    await page.getByTestId('sidebar.cluster').click();
    await expect(page.getByTestId('cluster')).toContainText('CNI 插件');
    // A change that moves addresses asks first, in Chinese, and Escape leaves everything as it was.
    await page.getByTestId('cluster.field.podCIDR').fill('172.30.0.0/16');
    await page.getByTestId('cluster.field.podCIDR').press('Enter');
    await expect(page.getByTestId('readdress')).toContainText('把 cluster.podCIDR 改为 172.30.0.0/16？');
    await expect(page.getByTestId('readdress')).toContainText('个 Pod IP 将重新分配');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('readdress')).toHaveCount(0);
    await expect(page.getByTestId('cluster.field.podCIDR')).toHaveValue('172.23.96.0/20');
    await page.getByTestId('file.menu').click();
    await expect(page.getByTestId('file.import-kubectl')).toHaveText('从集群导入…');
    await page.screenshot({ path: shot('10-chinese-file-menu') });
    await page.getByTestId('file.import-kubectl').click();
    await expect(page.getByTestId('kubectl.dialog')).toContainText('从运行中的集群导入');
    await page.screenshot({ path: shot('11-chinese-import') });
    // A document the import made that does not validate: its problems in Chinese, each naming the object it came from.
    await page
      .getByTestId('kubectl.text')
      .fill(
        kubectlList(
          '- {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: default}, spec: {nodeName: n1}, status: {phase: Running, podIP: 10.244.0.5}}',
          '- {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: default}, spec: {nodeName: n1}, status: {phase: Running, podIP: 10.244.0.5}}',
        ),
      );
    await page.getByTestId('kubectl.import').click();
    await page.getByTestId('kubectl.cni').selectOption('flannel:vxlan');
    await page.getByTestId('kubectl.import').click();
    const clash = page.getByTestId('kubectl.problem').filter({ hasText: 'pods[1].ip' });
    await expect(clash).toContainText('(Pod default/b)');
    await expect(clash).toContainText('来自');
    await expect(clash).not.toContainText(' from ');
    await page.screenshot({ path: shot('11b-chinese-import-refused') });
    // A destination the trace bar cannot read is explained in Chinese as well.
    await page.keyboard.press('Escape');
    await app.to.fill('hello world');
    await app.run.click();
    await expect(page.getByTestId('trace.error')).toContainText('“hello world”不是有效的目的地');
    // And so is why a packet went no further: the engine's reason, worded in Chinese.
    await app.trace(CENTOS, '8.219.164.113:80');
    await expect(page.getByTestId('trace.reason')).toContainText('IPVS 虚拟服务 8.219.164.113:80（default/nginx1:http 的 loadBalancer）没有真实服务器');
    await expect(page.getByTestId('trace.reason')).toContainText('本节点一个都没有');
    await expect(page.getByTestId('timeline.drop')).toContainText('被拒绝');
    await page.screenshot({ path: shot('12-chinese-reason') });
    // The validator's problems are worded in Chinese as well: under the field and in the Problems tab.
    await page.getByTestId('sidebar.cluster').click();
    // (cni.version: a field that re-addresses nothing, so no question comes first)
    await page.getByTestId('cluster.field.cni.version').fill('one');
    await page.getByTestId('cluster.field.cni.version').press('Enter');
    await expect(page.getByTestId('cluster').getByTestId('inspector.problem')).toHaveText('\'one\' 不是版本号：写成 "1.2.1" 这样');
    await page.getByTestId('sidebar.problems').click();
    await expect(page.getByTestId('problems.item')).toContainText("'one' 不是版本号");
    await page.getByTestId('edit.undo').click();
    await expect(page.getByTestId('problems.item')).toHaveCount(0);
  });

  test("what the import left out or assumed reads in Chinese, the importer's own words too", async ({ app, kubectl, page }) => {
    await app.open('ack-flannel');
    await page.getByTestId('prefs.language').selectOption('zh');
    await expect(page.getByTestId('file.menu')).toContainText('文件');
    await kubectl.open();
    await kubectl.paste(
      kubectlList(WEB_POD, '- {apiVersion: v1, kind: Pod, metadata: {name: job, namespace: default}, spec: {nodeName: n1}, status: {phase: Succeeded}}'),
    );
    await page.getByTestId('kubectl.import').click();
    await page.getByTestId('kubectl.cni').selectOption('flannel:vxlan');
    await page.getByTestId('kubectl.import').click();
    await expect(kubectl.done).toBeVisible();
    // The finished pod left out (a skip reason nested in the warning) and kube-proxy's mode assumed: the importer's words.
    await expect(kubectl.warnings).toContainText('已省略，已结束（Succeeded）：default/job');
    await expect(kubectl.warnings).toContainText('输入中没有 kube-proxy 的模式');
    await expect(kubectl.warnings).not.toContainText('left out');
    await expect(kubectl.warnings).not.toContainText('is assumed');
    await page.screenshot({ path: shot('11c-chinese-import-warnings') });
    await kubectl.close.click();
    await expect(app.node('pod:default/web')).toBeVisible();
    // The document's made-up title is worded in the reader's language too, with what it holds.
    await expect(page.getByTestId('doc.title')).toHaveText('从 kubectl 导入（节点 1 个，Pod 1 个，Service 0 个）');
  });
});
