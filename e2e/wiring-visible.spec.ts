import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import type { EditorPage } from './pages/EditorPage';

// Wiring you can see: handles show on the selected element, a drop anywhere on a pod connects,
// a drop that does nothing says why, new elements never cover others, and the palette adds by key.

const handle = (editor: EditorPage, ref: string, id: 'edit-in' | 'edit-out') => editor.wrapper(ref).locator(`.react-flow__handle[data-handleid="${id}"]`);
// Shown: opaque and visible; hidden: see-through and not painted at all (a transparent box is still painted, on a layer of its own, which a zoom lays out again each frame).
const shown = (l: Locator) => l.evaluate((el) => `${getComputedStyle(el).opacity} ${getComputedStyle(el).visibility}`);

async function boxOf(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not on screen');
  return b;
}

const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;

/** Press on a handle and release at a screen point, moving as a hand would. */
async function dragFrom(page: Page, from: Locator, to: { x: number; y: number }) {
  const a = await boxOf(from);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

/** A new document with one node holding one pod, and a service. */
async function nodePodService(editor: EditorPage) {
  await editor.open();
  await editor.fileMenu('new');
  await expect(editor.elements).toHaveCount(0);
  await editor.drop('node', { x: 300, y: 300 });
  await expect(editor.element('node:node-1')).toBeVisible();
  await editor.dropPodOn('node:node-1');
  await expect(editor.element('pod:default/pod-1')).toBeVisible();
  await editor.drop('service', { x: 340, y: 80 });
  await expect(editor.element('svc:default/svc-1')).toBeVisible();
}

test.describe('Wiring you can see', () => {
  test('the selected service shows its handles; an unselected, unhovered pod does not', async ({ editor, page }) => {
    await editor.open();
    const svc = editor.canvas.locator('[data-testid="canvas.node"][data-kind="service"]').first();
    const ref = await svc.getAttribute('data-ref');
    if (!ref) throw new Error('no service on the built-in');
    const pod = editor.canvas.locator('[data-testid="canvas.node"][data-kind="pod"]').first();
    const podRef = (await pod.getAttribute('data-ref'))!;
    await page.mouse.move(2, 2);
    await expect.poll(() => shown(handle(editor, ref, 'edit-out'))).toBe('0 hidden');

    await editor.select(ref);
    // Away from it: still shown, because it is selected.
    await page.mouse.move(2, 2);
    await expect(editor.wrapper(ref)).toHaveClass(/selected/);
    await expect.poll(() => shown(handle(editor, ref, 'edit-out'))).toBe('1 visible');
    await expect.poll(() => shown(handle(editor, ref, 'edit-in'))).toBe('1 visible');
    // Large enough to grab (12 px at zoom 1).
    expect(await handle(editor, ref, 'edit-out').evaluate((el) => getComputedStyle(el).width)).toBe('12px');
    await expect.poll(() => shown(handle(editor, podRef, 'edit-in'))).toBe('0 hidden');
    // The handle a service's line ends at is never painted.
    expect(await shown(editor.wrapper(podRef).locator('.react-flow__handle:not(.hs-edit-handle)'))).toMatch(/ hidden$/);

    // Hovering a pod shows its handle too.
    await pod.hover();
    await expect.poll(() => shown(handle(editor, podRef, 'edit-in'))).toBe('1 visible');
  });

  test("a drag from a service's handle released on a pod's body connects; on nothing or on a node it says why", async ({ editor, page }) => {
    await nodePodService(editor);
    const svc = 'svc:default/svc-1';
    // (the service is selected since it was added: look at the pod, then at the service, to open its inspector)
    await editor.select('pod:default/pod-1');
    await editor.select(svc);
    await expect(editor.field('selector')).toHaveValue('');

    // Released on empty canvas: nothing changes, and the notice says what a service connects to.
    const pane = await boxOf(editor.pane);
    await dragFrom(page, handle(editor, svc, 'edit-out'), { x: pane.x + pane.width - 60, y: pane.y + pane.height - 120 });
    await expect(editor.notice).toContainText('A service selects pods: drop on a pod.');
    await expect(editor.field('selector')).toHaveValue('');
    await expect(page.locator('.react-flow__edge')).toHaveCount(0);

    // Released on the node's header (not a pod): the same reason.
    await editor.notice.getByRole('button').click();
    await expect(editor.notice).toBeHidden();
    const node = await boxOf(editor.element('node:node-1'));
    await dragFrom(page, handle(editor, svc, 'edit-out'), { x: node.x + node.width - 30, y: node.y + 16 });
    await expect(editor.notice).toContainText('A service selects pods: drop on a pod.');

    // Released on the middle of the pod's box, far from its handle: the service selects it.
    const pod = await boxOf(editor.element('pod:default/pod-1'));
    await dragFrom(page, handle(editor, svc, 'edit-out'), { x: pod.x + pod.width * 0.7, y: pod.y + pod.height * 0.7 });
    await expect(editor.notice).toContainText('svc-1 selects it');
    await expect(page.locator('.react-flow__edge')).toHaveCount(1);
    await expect(editor.field('selector')).toHaveValue('app=svc-1');

    // Again on the same pod: nothing to do, and it says so.
    await dragFrom(page, handle(editor, svc, 'edit-out'), { x: pod.x + pod.width * 0.3, y: pod.y + pod.height * 0.6 });
    await expect(editor.notice).toContainText('svc-1 already selects pod-1.');

    // With a second pod just below, a release on the first pod's lower edge (next to the second's
    // handle) is still a drop on the first: the pod under the pointer, not the nearest handle.
    await editor.dropPodOn('node:node-1');
    await expect(editor.element('pod:default/pod-2')).toBeVisible();
    const first = await boxOf(editor.element('pod:default/pod-1'));
    await dragFrom(page, handle(editor, svc, 'edit-out'), { x: first.x + first.width / 2, y: first.y + first.height - 3 });
    await expect(editor.notice).toContainText('svc-1 already selects pod-1.');
    await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  });

  test('two nodes, and two services, dropped at the same spot never overlap', async ({ editor }) => {
    await editor.open();
    await editor.fileMenu('new');
    await editor.drop('node', { x: 400, y: 300 });
    await expect(editor.element('node:node-1')).toBeVisible();
    await editor.drop('node', { x: 400, y: 300 });
    await expect(editor.element('node:node-2')).toBeVisible();
    await editor.drop('service', { x: 420, y: 320 });
    await expect(editor.element('svc:default/svc-1')).toBeVisible();
    await editor.drop('service', { x: 420, y: 320 });
    await expect(editor.element('svc:default/svc-2')).toBeVisible();
    // Everything in view (the canvas draws only what is on screen).
    await editor.page.getByTestId('canvas.fit').click();
    // NOTE: the fit is animated; boxes read during it are read at different zooms (a false overlap on a busy machine).
    const view = () => editor.page.evaluate(() => (document.querySelector('.react-flow__viewport') as HTMLElement).style.transform);
    let last = '';
    await expect.poll(async () => last === (last = await view())).toBe(true);
    const refs = ['node:node-1', 'node:node-2', 'svc:default/svc-1', 'svc:default/svc-2'];
    const boxes = await Promise.all(refs.map((r) => boxOf(editor.element(r))));
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i]!, boxes[j]!), `${refs[i]} and ${refs[j]}`).toBe(false);
  });

  test('palette items are added by keyboard and by click, in view, clear of what is there', async ({ editor, page }) => {
    await nodePodService(editor);
    // Look somewhere else first: the new element must come where the person is looking.
    const pane = await boxOf(editor.pane);
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height - 40);
    await page.mouse.down();
    await page.mouse.move(pane.x + pane.width / 2 - 500, pane.y + pane.height - 300, { steps: 8 });
    await page.mouse.up();

    await page.getByTestId('palette.external').focus();
    await page.keyboard.press('Enter');
    const client = editor.element('external:client-1');
    await expect(client).toBeVisible();
    const c = await boxOf(client);
    expect(c.x).toBeGreaterThanOrEqual(pane.x);
    expect(c.y).toBeGreaterThanOrEqual(pane.y);
    expect(c.x + c.width).toBeLessThanOrEqual(pane.x + pane.width);
    expect(c.y + c.height).toBeLessThanOrEqual(pane.y + pane.height);

    // Space on the same item adds another, beside the first.
    await page.keyboard.press(' ');
    const second = editor.element('external:client-2');
    await expect(second).toBeVisible();
    expect(overlap(await boxOf(second), await boxOf(client))).toBe(false);

    // A pod by click goes on the node.
    await page.getByTestId('palette.pod').click();
    await expect(editor.element('pod:default/pod-2')).toBeVisible();
    await expect(editor.notice).toContainText('pod-2 runs on node-1');
  });
});
