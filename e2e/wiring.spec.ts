import { writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { kubectlListText } from '../src/scenarios/generate-kubectl';
import { expect, test } from './fixtures/wiring';
import { KubectlImport } from './pages/KubectlImport';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';
const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/screenshots/wiring-${name}.png` });
/** The canvas under the CNI call panel: what the call left on a node box, with the routes listed under it. */
async function nodeShot(page: Page, nodeBox: Locator, name: string) {
  const panel = page.getByTestId('cni');
  const viewport = page.viewportSize()!;
  await panel.evaluate((el) => (el.style.visibility = 'hidden'));
  // A taller window, so the whole node box is on the canvas.
  await page.setViewportSize({ width: viewport.width, height: 1400 });
  const box = (await nodeBox.boundingBox())!;
  await page.screenshot({ path: `e2e/screenshots/wiring-${name}.png`, clip: { x: box.x - 8, y: box.y - 12, width: box.width + 60, height: box.height + 90 } });
  await page.setViewportSize(viewport);
  await panel.evaluate((el) => (el.style.visibility = ''));
}

/** Wait for the packet marker's move to the current hop to finish (for a screenshot). */
const settled = (page: Page) => page.getByTestId('playback.marker').evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));

/** The request leg as "where device" per hop, as the timeline lists it. */
async function requestPath(page: Page): Promise<string[]> {
  const rows = page.locator('[data-testid="timeline.hop"][data-leg="request"]');
  return (await rows.getByTestId('timeline.where').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

test.describe('CNI wiring, as an architect reviewing the cluster', () => {
  test('switching the built-in cluster’s CNI mode changes the animated path', async ({ app, playback, wiring, page }) => {
    await app.open();
    await app.trace(CENTOS, '172.23.96.163:80');
    await expect(app.verdict).toHaveText('delivered');
    await playback.last.click();
    const flannel = await requestPath(page);
    expect(flannel.some((h) => h.includes('cni0'))).toBe(true);
    await expect(page.getByTestId('nodeview.tab')).not.toContainText(['terway-cli show factory']);
    await shot(page, '01-flannel-vpc-route');

    await wiring.switchTo('terway/ipvlan-ebpf', 'ipvs');
    // The pod named by its IP follows it to its new address, and the trace runs again by itself.
    await expect(app.to).not.toHaveValue('172.23.96.163:80');
    await expect(app.verdict).toHaveText('delivered');
    await expect(app.deliveredTo).toContainText('nginx1-76c99b49df-7plsr');
    await playback.last.click();
    const terway = await requestPath(page);
    expect(terway).not.toEqual(flannel);
    expect(terway.some((h) => h.includes('cni0'))).toBe(false);
    expect(terway.some((h) => h.includes('eth1'))).toBe(true);
    await expect(page.getByTestId('nodeview.tab').filter({ hasText: 'terway-cli show factory' })).toBeVisible();
    await expect(page.getByTestId('nodeview.tab').filter({ hasText: 'cilium bpf lb list' })).toBeVisible();
    await shot(page, '02-terway-ipvlan-ebpf');

    await wiring.switchTo('calico/ipip', 'iptables');
    // (Terway's trace said 'delivered' too: the path is read until the trace run again after the switch is drawn.)
    await expect
      .poll(async () => {
        await playback.last.click();
        return (await requestPath(page)).some((h) => h.includes('tunl0'));
      })
      .toBe(true);
    await expect(app.verdict).toHaveText('delivered');
    await shot(page, '03-calico-ipip');
    // One undo brings the previous wiring back.
    await page.getByTestId('edit.undo').click();
    await expect(page.getByTestId('doc.title').locator('..')).toContainText('terway ipvlan-ebpf');
  });

  test('the compare view shows the differences for one workload', async ({ app, wiring, page }) => {
    await app.open();
    await app.from.fill(CENTOS);
    await app.to.fill('svc:default/nginx1:80');
    // The To field's suggestions hang over the toolbar below it: close them, as a person would.
    await app.to.press('Escape');
    await wiring.openCompare.click();
    await expect(wiring.compare).toBeVisible();
    await expect(wiring.side('a').getByTestId('compare.label')).toHaveText('flannel vpc-route + ipvs');
    await expect(wiring.side('b').getByTestId('compare.label')).toHaveText('terway ipvlan-ebpf + ipvs');
    await expect(wiring.differences.first()).toBeVisible();
    await expect(wiring.differences.filter({ hasText: 'service address resolved at' })).toHaveCount(1);
    await expect(wiring.differences.filter({ hasText: 'kernel stacks' })).toHaveCount(1);
    // IPVS on the node's veth side against eBPF on the pod's own eth0.
    await expect(wiring.side('a').getByTestId('compare.resolved')).toContainText('node:');
    await expect(wiring.side('b').getByTestId('compare.resolved')).toContainText('pod:default/centos');
    await expect(wiring.side('a').getByTestId('compare.hop').first()).toBeVisible();
    await shot(page, '04-compare-terway');

    // Another built-in document as side B.
    await wiring.compareWith.selectOption('wiring:calico/bgp/iptables');
    await expect(wiring.side('b').getByTestId('compare.label')).toHaveText('calico bgp + iptables');
    await shot(page, '05-compare-calico-bgp');
    await page.keyboard.press('Escape');
    await expect(wiring.compare).toHaveCount(0);

    // In Chinese the differences read in Chinese; without a destination the view says what to choose.
    await page.getByTestId('prefs.language').selectOption('zh');
    await wiring.openCompare.click();
    await wiring.compareWith.selectOption('wiring:terway/ipvlan-ebpf/ipvs');
    await expect(wiring.differences.filter({ hasText: '服务地址解析位置' })).toHaveCount(1);
    await expect(wiring.differences.filter({ hasText: '经过的内核协议栈' })).toHaveCount(1);
    await shot(page, '05b-compare-chinese');
    await page.keyboard.press('Escape');
    await app.to.fill('');
    await app.to.press('Escape');
    await wiring.openCompare.click();
    await expect(page.getByTestId('compare.error')).toContainText('请先选择一个请求');
  });
});

test.describe('Every built-in survives every wiring (issue 11)', () => {
  const CLIENT = 'pod:default/client-6b7f8d9c4-z8x7v';
  test('the shop cluster switches to Flannel vxlan by mouse: the header says so, no problems, and the trace runs', async ({ app, wiring, page }) => {
    await app.open('shop-calico');
    const header = page.getByTestId('doc.title').locator('..');
    await expect(header).toContainText('calico ipip');
    // Calico enforces web-from-pods-but-client: the client is refused by the web pod's policy.
    await app.trace(CLIENT, 'svc:shop/web:80');
    await expect(app.verdict).not.toHaveText('delivered');
    const before = await app.verdict.textContent();
    // Between the nodes the packet travels inside the tunnel: the packet detail names IP-in-IP.
    const tunnelled = app.hopRows.filter({ hasText: 'node-1' }).filter({ hasText: /eth0\s*out/ });
    await tunnelled.click();
    await expect(page.getByTestId('detail.layer.outer')).toHaveText('outer (IP-in-IP)');

    await wiring.cni.click();
    await wiring.cni.selectOption('flannel/vxlan');
    await wiring.apply.click();
    await expect(header).toContainText('flannel vxlan');
    await expect(app.problems).toHaveCount(0);
    await expect(page.getByTestId('editor.notice')).toContainText('Rewired to flannel vxlan');
    // The trace on screen ran again: Flannel enforces no NetworkPolicy, so the client now reaches web.
    await expect(app.verdict).toHaveText('delivered');
    expect(before).not.toBe('delivered');
    await expect(app.deliveredTo).toContainText('web-5d9f7c8b6-a1b2c');
    await tunnelled.click();
    await expect(page.getByTestId('detail.layer.outer')).toHaveText('outer (VXLAN)');
    await shot(page, '09-shop-flannel-vxlan');
    await page.setViewportSize({ width: 1024, height: 768 });
    await shot(page, '09b-shop-flannel-vxlan-1024');
    await page.setViewportSize({ width: 1440, height: 900 });

    // Compare works for every wiring it offers.
    await wiring.openCompare.click();
    await expect(wiring.side('b').getByTestId('compare.label')).toBeVisible();
    const options = (await wiring.compareWith.locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value))).filter((v) =>
      v.startsWith('wiring:'),
    );
    expect(options).toHaveLength(19);
    for (const o of options) {
      await wiring.compareWith.selectOption(o);
      const [plugin, mode, proxy] = o.slice('wiring:'.length).split('/');
      await expect(wiring.side('b').getByTestId('compare.label')).toHaveText(`${plugin} ${mode} + ${proxy}`);
      await expect(page.getByTestId('compare.error')).toHaveCount(0);
    }
    await page.keyboard.press('Escape');

    // One undo brings Calico IPIP back, and the policy with it.
    await page.getByTestId('edit.undo').click();
    await expect(header).toContainText('calico ipip');
    await expect(app.problems).toHaveCount(0);
  });

  test('in Chinese, a wiring the document cannot take is refused in Chinese and nothing changes', async ({ app, wiring, page }) => {
    await app.open();
    await page.getByTestId('prefs.language').selectOption('zh');
    // Twelve pods in a VPC of sixteen addresses: Terway's vSwitch (the VPC) has no room for them.
    const pods = Array.from({ length: 12 }, (_, i) => `  - { name: p${i}, node: n1 }`).join('\n');
    const tiny = `apiVersion: hopscope/v1\nkind: Topology\nmetadata: { name: tiny }\ncluster:\n  cni: { plugin: flannel, mode: vxlan }\n  podCIDR: 10.244.0.0/16\n  vpc: { cidr: 10.0.0.0/28 }\nnodes:\n  - { name: n1, ip: 10.0.0.2 }\npods:\n${pods}\n`;
    await page.getByTestId('file.input').setInputFiles({ name: 'tiny.yaml', mimeType: 'application/yaml', buffer: Buffer.from(tiny) });
    const header = page.getByTestId('doc.title').locator('..');
    await expect(header).toContainText('flannel vxlan');
    await expect(page.getByTestId('edit.undo')).toBeDisabled();

    await wiring.cni.click();
    await wiring.cni.selectOption('terway/eniip');
    await wiring.apply.click();
    const notice = page.getByTestId('editor.notice');
    await expect(notice).toContainText('无法切换到 terway eniip');
    await expect(notice).toContainText('文档未作任何改动');
    await expect(notice.getByTestId('editor.notice.problem').first()).toContainText('pods[');
    await expect(notice.getByTestId('editor.notice.problem').first()).not.toContainText(/[a-z]{4,} [a-z]{4,} [a-z]{4,}/);
    await expect(header).toContainText('flannel vxlan');
    await expect(app.problems).toHaveCount(0);
    await expect(page.getByTestId('edit.undo')).toBeDisabled();
    await expect(wiring.cni).toHaveValue('flannel/vxlan');
    await shot(page, '11-refused-chinese');
    await page.setViewportSize({ width: 1024, height: 768 });
    await shot(page, '11b-refused-chinese-1024');
  });

  test('in Chinese, a comparison that cannot be made says why in Chinese', async ({ app, wiring, page }) => {
    await app.open('shop-calico');
    await page.getByTestId('prefs.language').selectOption('zh');
    await app.from.fill(CLIENT);
    await app.to.fill('svc:shop/web:80');
    await wiring.openCompare.click();
    await expect(wiring.side('b').getByTestId('compare.label')).toBeVisible();
    // Another built-in document has no such pod: the request cannot run there.
    await wiring.compareWith.selectOption('doc:ack-flannel');
    await expect(page.getByTestId('compare.error')).toHaveAttribute('data-key', 'missingOnB');
    await expect(page.getByTestId('compare.error')).toContainText('另一侧没有 pod:default/client-6b7f8d9c4-z8x7v');
    await expect(page.getByTestId('compare.error')).not.toContainText('the topology');
    await shot(page, '10-compare-error-chinese');
    await page.setViewportSize({ width: 1024, height: 768 });
    await shot(page, '10b-compare-error-chinese-1024');
  });
});

test.describe('The CNI call, as a trainer adding pods', () => {
  test('a pod dropped on a node plays its CNI ADD; removing it plays DEL; a full ENI stops the chain', async ({ editor, wiring, page }) => {
    await editor.open();
    await editor.dropPodOn('node:ap-southeast-1.10.0.0.180');
    await expect(wiring.cniPanel).toHaveAttribute('data-status', 'done');
    await expect(wiring.cniPanel).toContainText('CNI ADD');
    await expect(wiring.cniSteps).toHaveCount(4);
    expect(await wiring.cniSteps.evaluateAll((els) => els.map((e) => e.getAttribute('data-plugin')))).toEqual(['flannel', 'host-local', 'bridge', 'portmap']);
    await wiring.cniSteps.filter({ hasText: 'bridge' }).getByRole('button').click();
    await expect(wiring.cniPanel.getByTestId('cni.stdin')).toContainText('"type": "bridge"');
    await expect(wiring.cniPanel.getByTestId('cni.stdout')).toContainText('"ips"');
    await expect(wiring.cniEffects.first()).toContainText('veth pair');
    const ip = (await wiring.cniPanel.getByTestId('cni.effect').nth(1).textContent())!.match(/eth0 (\d+\.\d+\.\d+\.\d+)/)![1]!;
    // The pod drawn on the canvas got the address the plugin chain allocated.
    await expect(page.getByTestId('editor.notice')).toContainText(ip);
    // On the canvas: the new veth as a port chip on the node box, the pod lit with its address, the routes added.
    const nodeBox = page.locator('[data-testid="canvas.node"][data-ref="node:ap-southeast-1.10.0.0.180"]');
    const veth = (await wiring.cniEffects.first().textContent())!.match(/veth[0-9a-f]{8}/)![0];
    await expect(nodeBox.getByTestId('canvas.cni.device')).toHaveAttribute('data-device', veth);
    await expect(nodeBox.getByTestId('canvas.cni.device')).toBeVisible();
    await expect(page.locator('[data-testid="canvas.node"][data-cni="added"]')).toContainText(ip);
    const added = (await page.locator('[data-testid="canvas.node"][data-cni="added"]').getAttribute('data-ref'))!;
    await expect(nodeBox.getByTestId('canvas.cni.route').first()).toContainText('dev eth0');
    await shot(page, '06-cni-add');
    await nodeShot(page, nodeBox, '06b-cni-add-node');

    await page.keyboard.press('Delete');
    await expect(wiring.cniPanel).toContainText('CNI DEL');
    await expect(wiring.cniEffects.last()).toContainText(ip);
    await expect(nodeBox.getByTestId('canvas.cni.device')).toHaveAttribute('data-command', 'DEL');
    await expect(nodeBox.getByTestId('canvas.cni.route')).toContainText(ip);
    await shot(page, '07-cni-del');
    await nodeShot(page, nodeBox, '07b-cni-del-node');
    // Undone, the pod is back: the DEL no longer shows, on the panel or the node (it said the pod on screen was deleted).
    await editor.undo().click();
    await expect(editor.element(added)).toBeVisible();
    await expect(wiring.cniPanel).toBeHidden();
    await expect(nodeBox.getByTestId('canvas.cni.device')).toHaveCount(0);
    await editor.redo().click();
    await expect(editor.element(added)).toHaveCount(0);

    // Terway: an ENI with no free address makes terway fail and the chain stop.
    await wiring.switchTo('terway/eniip', 'ipvs');
    await wiring.selectNode('node:ap-southeast-1.10.0.0.180');
    const enis = editor.field('enis');
    await enis.fill((await enis.inputValue()).replace(/"maxIPs":\d+/, '"maxIPs":2'));
    await enis.press('Enter');
    await expect(enis).toHaveValue(/"maxIPs":2/);
    await editor.dropPodOn('node:ap-southeast-1.10.0.0.180');
    await expect(wiring.cniPanel).toHaveAttribute('data-ok', 'false');
    await expect(wiring.cniPanel.getByTestId('cni.error')).toContainText('no free IP on the ENIs');
    await expect(wiring.cniSteps.last()).toHaveAttribute('data-ok', 'false');
    await expect(nodeBox.getByTestId('canvas.cni.error')).toContainText('no free IP on the ENIs');
    await expect(nodeBox.getByTestId('canvas.cni.device')).toHaveCount(0);
    await shot(page, '08-cni-add-fails');
    await nodeShot(page, nodeBox, '08b-cni-add-fails-node');
  });
  test('the call of a document replaced closes: a built-in opened, or an import drawn while it is validated', async ({
    editor,
    wiring,
    lessons,
    page,
  }, info) => {
    const file = info.outputPath('cluster-30.json');
    writeFileSync(file, kubectlListText({ nodes: 30, seed: 1 }, 'json'));
    await editor.open();
    await editor.dropPodOn('node:ap-southeast-1.10.0.0.180');
    await expect(wiring.cniPanel).toHaveAttribute('data-status', 'done');
    await lessons.open('a1');
    await expect(wiring.cniPanel).toBeHidden();
    await expect(page.getByTestId('canvas.cni.device')).toHaveCount(0);

    await editor.dropPodOn('node:ap-southeast-1.10.0.0.180');
    await expect(wiring.cniPanel).toHaveAttribute('data-status', 'done');
    const title = (await page.getByTestId('doc.title').textContent())!;
    // Every moment the page shows the imported cluster's title: the call of the document it replaced may be on none.
    await page.evaluate((was) => {
      const w = window as unknown as { callOverImport: boolean };
      w.callOverImport = false;
      new MutationObserver(() => {
        const now = document.querySelector('[data-testid="doc.title"]')?.textContent;
        if (now !== was && document.querySelector('[data-testid="cni"]')) w.callOverImport = true;
      }).observe(document, { subtree: true, childList: true, characterData: true });
    }, title);
    const kubectl = new KubectlImport(page);
    await kubectl.open();
    await kubectl.upload(file);
    await kubectl.import.click();
    await expect(kubectl.done).toBeVisible();
    await kubectl.close.click();
    await expect(page.getByTestId('doc.title')).toContainText('Imported from kubectl');
    expect(await page.evaluate(() => (window as unknown as { callOverImport: boolean }).callOverImport)).toBe(false);
    await expect(wiring.cniPanel).toBeHidden();
    await shot(page, '09-cni-closed-on-import');
  });
});

test.describe('Troubleshooting, as a learner', () => {
  test('a fault switched on in the inspector shows on the node and stops the trace', async ({ app, wiring, page }) => {
    await app.open('shop-calico');
    await wiring.selectNode('node:node-2');
    await wiring.breakNode('linkDown', 'tunl0');
    await expect(wiring.canvasFaults.filter({ hasText: 'tunl0 down' })).toBeVisible();
    await wiring.breakNode('ipForward');
    await expect(page.locator('[data-testid="canvas.fault"][data-owner="node:node-2"]')).toContainText('+1');
    await app.trace('pod:shop/api-7f8c9d6b5-d3e4f', '10.244.2.10:80');
    await expect(app.verdict).not.toHaveText('delivered');
    await shot(page, '09-fault-badges');
    // Repair both: the warning goes and the request gets through.
    await wiring.faults.getByTestId('faults.remove').first().click();
    await wiring.faults.getByTestId('faults.remove').first().click();
    await expect(wiring.canvasFaults).toHaveCount(0);
    await app.run.click();
    await expect(app.verdict).toHaveText('delivered');
  });

  test('plays “find the fault” end to end: the MTU lesson, the error travelling back, the culprit, the fix', async ({ app, lessons, page }) => {
    await app.open();
    await lessons.open('d8');
    await expect(lessons.symptom).toContainText('uploading a file');
    await expect(app.verdict).toHaveText('unreachable');
    // The lesson's packet is on the trace bar: 1500 bytes, don't fragment.
    await expect(page.getByTestId('trace.size')).toHaveValue('1500');
    await expect(page.getByTestId('trace.df')).toBeChecked();
    const icmp = page.getByTestId('timeline.icmp').first();
    await expect(icmp).toContainText('fragmentation needed');
    await icmp.click();
    await expect(page.getByTestId('canvas.icmp')).toContainText('fragmentation needed');
    await settled(page);
    await shot(page, '10-fault-lesson-symptom');
    await lessons.pointAt('nodes[1]', 'nodes[1].kernel.ipForward');
    await expect(lessons.faultResult).toHaveAttribute('data-correct', 'false');
    await lessons.pointAt('cluster', 'cluster.cni.mtu');
    await expect(lessons.faultResult).toHaveAttribute('data-correct', 'true');
    await expect(lessons.fix).toContainText('1480');
    await shot(page, '11-fault-lesson-found');
  });

  test('UDP, ICMP ping with size and DF, and a refused port coming back as ICMP', async ({ app, page }) => {
    await app.open('shop-calico');
    await app.trace('pod:shop/api-7f8c9d6b5-d3e4f', '10.244.2.10:9999', 'UDP');
    await expect(app.verdict).toHaveText('refused');
    await expect(page.getByTestId('timeline.icmp').first()).toContainText('port unreachable');
    await page.getByTestId('trace.size').fill('1500');
    await page.getByTestId('trace.df').check();
    await app.trace('pod:shop/api-7f8c9d6b5-d3e4f', '10.244.2.10', 'ICMP');
    await expect(page.getByTestId('detail')).toContainText('1500 B');
  });
});

test.describe('Ingress, as a reviewer', () => {
  test('an http:// request is traced through the ingress controller as two connections', async ({ app, playback, page }) => {
    await app.open('shop-calico');
    await app.trace('external:internet-client', 'http://shop.example.com/api/items');
    await expect(app.verdict).toHaveText('delivered');
    await expect(app.deliveredTo).toContainText('shop/api-');
    const l7 = page.getByTestId('timeline.l7');
    await expect(l7).toHaveCount(1);
    await expect(page.getByTestId('timeline.connection2')).toBeVisible();
    await expect(page.locator('[data-testid="timeline.hop"][data-connection="2"]').first()).toBeVisible();
    await expect(page.locator('[data-testid="timeline.hop"][data-hook="NetworkPolicy"]').first()).toBeVisible();
    await page.locator('[data-testid="timeline.hop"][data-hook="L7 proxy"]').click();
    await expect(page.getByTestId('canvas.hook')).toContainText('L7 proxy');
    await expect(playback.currentRow).toContainText('ingress-nginx-controller');
    await settled(page);
    await shot(page, '12-ingress-l7');
  });
});
