import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures/wiring';

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
const settled = (page: Page) =>
  page.getByTestId('playback.marker').evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));

/** The request leg as "where device" per hop, as the timeline lists it. */
async function requestPath(page: Page): Promise<string[]> {
  const rows = page.locator('[data-testid="timeline.hop"][data-leg="request"]');
  return (await rows.locator('td:nth-child(2)').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
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
    await expect(app.verdict).toHaveText('delivered');
    await playback.last.click();
    const calico = await requestPath(page);
    expect(calico.some((h) => h.includes('tunl0'))).toBe(true);
    await shot(page, '03-calico-ipip');
    // One undo brings the previous wiring back.
    await page.getByTestId('edit.undo').click();
    await expect(page.getByTestId('doc.title').locator('..')).toContainText('terway ipvlan-ebpf');
  });

  test('the compare view shows the differences for one workload', async ({ app, wiring, page }) => {
    await app.open();
    await app.from.fill(CENTOS);
    await app.to.fill('svc:default/nginx1:80');
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
    await wiring.openCompare.click();
    await expect(page.getByTestId('compare.error')).toContainText('请先选择一个请求');
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
    await wiring.cniPanel.getByTestId('cni.close').click();

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
