import { expect, test } from './fixtures/test';
import { PickingPage } from './pages/PickingPage';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';
const NGINX = 'pod:default/nginx1-76c99b49df-7plsr';
const SVC = 'svc:default/nginx1';
const SLB = 'slb:slb-nginx1';
const CLIENT = 'external:internet-client';
const N180 = 'node:ap-southeast-1.10.0.0.180';

test.describe('Choosing From and To is apart from selecting and editing', () => {
  test('clicking or selecting any element leaves From and To as they were', async ({ app, page }) => {
    const pick = new PickingPage(page);
    await app.open();
    await app.from.fill(CENTOS);
    await app.to.fill('192.168.13.23:80');
    for (const ref of [NGINX, SVC, SLB, CLIENT, N180, CENTOS]) {
      await pick.select(ref);
      await expect(page.locator('.react-flow__node.selected').locator(`[data-ref="${ref}"]`)).toHaveCount(1);
      await expect(app.from).toHaveValue(CENTOS);
      await expect(app.to).toHaveValue('192.168.13.23:80');
    }
    // Shift-click (which used to set To) selects too, and sets nothing.
    await pick.element(NGINX).click({ modifiers: ['Shift'], position: { x: 30, y: 12 } });
    await expect(app.to).toHaveValue('192.168.13.23:80');
    await expect(pick.menu).toHaveCount(0);
  });

  test('the menu of an element sets From and To, offering the service ports, LB and NodePorts', async ({ app, page }) => {
    const pick = new PickingPage(page);
    await app.open();
    await pick.openMenu(NGINX);
    await pick.menuFrom.click();
    await expect(app.from).toHaveValue(NGINX);
    await expect(pick.menu).toHaveCount(0);

    // From a pod, the service's ClusterIP comes first; its load balancer and NodePorts are offered too.
    await pick.openMenu(SVC);
    await expect(pick.menuFrom).toHaveCount(0);
    await expect(pick.menuTo.first()).toHaveAttribute('data-value', 'svc:default/nginx1:80');
    await expect(pick.toOption('svc:default/nginx1:80@lb')).toBeVisible();
    await expect(pick.toOption(`svc:default/nginx1:80@${N180}`)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(pick.menu).toHaveCount(0);

    // From the internet client, the load balancer comes first and the ClusterIP last.
    await pick.openMenu(CLIENT);
    await pick.menuFrom.click();
    await expect(app.from).toHaveValue(CLIENT);
    await pick.openMenu(SVC);
    await expect(pick.menuTo.first()).toHaveAttribute('data-kind', 'lb');
    await expect(pick.menuTo.last()).toHaveAttribute('data-kind', 'clusterIP');
    await pick.menuTo.first().click();
    await expect(app.to).toHaveValue('svc:default/nginx1:80@lb');
    await app.run.click();
    await expect(app.verdict).toBeVisible();

    // A node offers itself as From and its NodePorts as To.
    await pick.openMenu(N180);
    await expect(pick.menuFrom).toBeVisible();
    await pick.toOption(`svc:default/nginx2:80@${N180}`).click();
    await expect(app.to).toHaveValue(`svc:default/nginx2:80@${N180}`);
  });

  test('the keyboard opens the menu of the selected element (Shift+F10 and the ContextMenu key)', async ({ app, page }) => {
    const pick = new PickingPage(page);
    await app.open();
    await pick.select(SLB);
    await page.keyboard.press('Shift+F10');
    await expect(pick.menu).toHaveAttribute('data-ref', SLB);
    await expect(pick.menuTo.first()).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(app.to).toHaveValue('svc:default/nginx1:80@lb');
    await pick.select(CENTOS);
    await page.keyboard.press('ContextMenu');
    await expect(pick.menu).toHaveAttribute('data-ref', CENTOS);
    await page.keyboard.press('ArrowDown');
    await expect(pick.menuTo.first()).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect(app.from).toHaveValue(CENTOS);
  });

  test('the pick buttons arm a one-shot pick; Escape cancels it', async ({ app, page }) => {
    const pick = new PickingPage(page);
    await app.open();
    await app.from.fill(CENTOS);
    await app.to.fill('192.168.13.23:80');

    await pick.pickFrom.click();
    await expect(pick.pickFrom).toHaveAttribute('aria-pressed', 'true');
    await expect(pick.canvas).toHaveAttribute('data-armed', 'from');
    await pick.select(NGINX);
    await expect(app.from).toHaveValue(NGINX);
    await expect(pick.pickFrom).toHaveAttribute('aria-pressed', 'false');
    // One shot: the next click sets nothing.
    await pick.select(CENTOS);
    await expect(app.from).toHaveValue(NGINX);

    // To on a service: its choices are offered, only as To.
    await pick.pickTo.click();
    await pick.select(SVC);
    await expect(pick.menu).toBeVisible();
    await expect(pick.menuFrom).toHaveCount(0);
    await pick.toOption('svc:default/nginx1:80@lb').click();
    await expect(app.to).toHaveValue('svc:default/nginx1:80@lb');

    // To on a pod: its one address, at once.
    await pick.pickTo.click();
    await pick.select(CENTOS);
    await expect(app.to).toHaveValue('172.23.96.23:80');

    // Escape cancels: the next click sets nothing.
    await pick.pickTo.click();
    await expect(pick.canvas).toHaveAttribute('data-armed', 'to');
    await page.keyboard.press('Escape');
    await expect(pick.pickTo).toHaveAttribute('aria-pressed', 'false');
    await expect(pick.canvas).not.toHaveAttribute('data-armed', /.+/);
    await pick.select(NGINX);
    await expect(app.to).toHaveValue('172.23.96.23:80');
  });

  test('with an element selected, ←/→ step the packet and move nothing; Alt+arrows nudge it', async ({ app, playback, page }) => {
    const pick = new PickingPage(page);
    await app.open();
    await app.trace(CENTOS, '192.168.13.23:80');
    await expect(app.verdict).toBeVisible();
    await playback.pause();
    await playback.first.click();
    await playback.at(0);

    await pick.select(SVC);
    const undo = page.getByTestId('edit.undo');
    await expect(undo).toBeDisabled();
    // Where the element is on the canvas (the camera may pan to keep the packet's label in view).
    const placed = () => pick.element(SVC).evaluate((el) => (el.closest('.react-flow__node') as HTMLElement).style.transform);
    const at = await placed();
    await page.keyboard.press('ArrowRight');
    await playback.at(1);
    await page.keyboard.press('ArrowRight');
    await playback.at(2);
    await page.keyboard.press('ArrowLeft');
    await playback.at(1);
    await page.keyboard.press('End');
    const last = (await playback.rows.count()) - 1;
    await playback.at(last);
    await page.keyboard.press('Home');
    await playback.at(0);
    expect(await placed()).toBe(at);
    await expect(undo).toBeDisabled();
    await expect(app.to).toHaveValue('192.168.13.23:80');

    // Alt+→ nudges the selection (one undoable edit) and leaves the packet where it is.
    await page.keyboard.press('Alt+ArrowRight');
    const x = (transform: string) => Number(/translate\((-?[\d.]+)px/.exec(transform)![1]);
    await expect.poll(async () => x(await placed())).toBeGreaterThan(x(at));
    await expect(undo).toBeEnabled();
    await playback.at(0);
  });

  test('? lists every shortcut; Escape closes the list', async ({ app, page }) => {
    const pick = new PickingPage(page);
    await app.open();
    await page.keyboard.press('?');
    await expect(pick.shortcuts).toBeVisible();
    // Every key the playback and editor handlers answer (usePlaybackKeys, useEditorKeys), and the pointer gestures.
    const every = [
      'Space',
      '← / →',
      'Home / End',
      '] / [',
      'Shift+F10 / ContextMenu',
      'Esc',
      '?',
      'Alt+← ↑ → ↓',
      'Alt+Shift+← ↑ → ↓',
      'Ctrl/⌘+Z · Shift+Ctrl/⌘+Z · Ctrl/⌘+Y',
      'Ctrl/⌘+C · Ctrl/⌘+V · Ctrl/⌘+D',
      'Delete / Backspace',
      'Ctrl/⌘+click · Shift+drag',
    ];
    await expect(pick.shortcutRows).toHaveCount(every.length);
    for (const keys of every) {
      await expect(pick.shortcutRows.filter({ hasText: keys }).first()).toBeVisible();
    }
    await page.keyboard.press('Escape');
    await expect(pick.shortcuts).toHaveCount(0);
    await page.getByTestId('playback.shortcuts').click();
    await expect(pick.shortcuts).toBeVisible();
  });
});
