import { expect, test } from './fixtures/test';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';
const N180 = 'ap-southeast-1.10.0.0.180';

test.describe("Interfaces as `ip` shows them (ACK Flannel article: find a pod's veth by eth0@ifN)", () => {
  test("the pod's eth0@ifN leads to line N: on its node, the veth on cni0 that points back at if2", async ({ app, playback }) => {
    await app.open();
    await app.trace(CENTOS, '172.23.96.163:80');
    await playback.pause();
    const text = playback.nodeView.getByTestId('nodeview.text');

    // In the pod's own namespace: lo is 1 and eth0 is 2, its peer's ifindex after the @.
    await playback.nodeView.getByTestId('nodeview.node').selectOption(CENTOS);
    await playback.tab('link').click();
    await expect(playback.tab('link')).toHaveAttribute('aria-selected', 'true');
    await expect(text).toContainText(/2: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP>/);
    // A pod has no iptables of its own: its tabs are the `ip` ones.
    await expect(playback.tab('nat')).toHaveCount(0);
    const peer = /2: eth0@if(\d+):/.exec((await text.textContent()) ?? '')![1]!;

    // On the node, `ip addr | grep N:` finds the host end.
    await playback.nodeView.getByTestId('nodeview.node').selectOption(N180);
    await playback.tab('addr').click();
    await expect(text).toContainText(new RegExp(`${peer}: veth[0-9a-f]{8}@if2: .* master cni0 `));
    await expect(text).toContainText('scope global cni0');
  });
});

test.describe('Port chips on node boxes', () => {
  for (const { doc, from, to } of [
    { doc: undefined, from: CENTOS, to: '192.168.13.23:80' },
    { doc: 'shop-calico', from: 'pod:shop/api-7f8c9d6b5-d3e4f', to: '10.244.2.10:80' },
  ]) {
    test(`show each device's whole name, clear of the path and its hop dots (${doc ?? 'ack-flannel'})`, async ({ app, playback }) => {
      await app.open(doc);
      await app.trace(from, to);
      await expect(app.verdict).toBeVisible();
      await playback.pause();
      const ports = app.canvas.getByTestId('canvas.port');
      await expect(ports.first()).toBeVisible();
      const problems = await ports.evaluateAll((chips) => {
        const dots = Array.from(document.querySelectorAll('[data-testid="canvas.hop"]')).map((d) => d.getBoundingClientRect());
        const out: string[] = [];
        for (const chip of chips as HTMLElement[]) {
          const name = chip.textContent ?? '';
          if (chip.scrollWidth > chip.clientWidth + 1 || chip.scrollHeight > chip.clientHeight + 1) out.push(`${name}: cut`);
          if (!chip.title.includes(name)) out.push(`${name}: title "${chip.title}"`);
          // The glyphs themselves, not the chip's padding.
          const range = document.createRange();
          range.selectNodeContents(chip);
          for (const t of Array.from(range.getClientRects())) {
            const hit = dots.some((d) => d.left < t.right - 1 && d.right > t.left + 1 && d.top < t.bottom - 1 && d.bottom > t.top + 1);
            if (hit) out.push(`${name}: a hop dot covers it`);
          }
        }
        return out;
      });
      expect(await ports.count()).toBeGreaterThanOrEqual(3);
      expect(problems).toEqual([]);
    });
  }
});

test("a node's interfaces are listed whole in the inspector, and a port chip's tooltip names its ifindex, link, addresses and MTU", async ({
  app,
  editor,
  playback,
}) => {
  await app.open();
  await app.trace(CENTOS, '192.168.13.23:80');
  await expect(app.verdict).toHaveText('delivered');
  await playback.pause();
  // The chips: `4: veth…@if2 · mtu 1500`, `3: cni0 · 172.23.96.1/26 · mtu 1500`.
  const node = app.node(`node:${N180}`);
  await expect(node.locator('[data-testid="canvas.port"][data-device^="veth"]')).toHaveAttribute('title', /^\d+: veth[0-9a-f]{8}@if2 · mtu \d+ /);
  await expect(node.locator('[data-testid="canvas.port"][data-device="cni0"]')).toHaveAttribute('title', /^\d+: cni0 · 172\.23\.96\.\d+\/26 · mtu \d+ /);

  // Selecting the node (on its header, clear of its pods) lists every device, as `ip addr` has them.
  await node.click({ position: { x: 150, y: 12 } });
  const legend = editor.inspector.getByTestId('inspector.interfaces');
  await expect(legend).toBeVisible();
  const rows = legend.getByTestId('inspector.interface');
  await expect(rows.first()).toContainText('1: lo');
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
  const byName = new Map(cells.map((c) => [c[0]!.replace(/^\d+: /, '').replace(/@.*/, ''), c] as const));
  expect(byName.get('eth0')?.[1]).toBe('10.0.0.180/16');
  expect(byName.get('cni0')?.[1]).toMatch(/^172\.23\.96\.\d+\/26$/);
  expect([...byName.keys()].filter((n) => n.startsWith('veth')).length).toBeGreaterThanOrEqual(2);
  for (const c of cells) expect(Number(c[2])).toBeGreaterThan(0);
  // The same ifindexes the node view's `ip addr` prints.
  await playback.nodeView.getByTestId('nodeview.node').selectOption(N180);
  await playback.tab('addr').click();
  const text = playback.nodeView.getByTestId('nodeview.text');
  for (const c of cells) await expect(text).toContainText(`${c[0]}: `);
});
