import { expect, test } from './fixtures/test';

// After a deploy, a page opened before it asks for chunks that are gone; offline, for chunks it never fetched.
test.describe('A part of the app that cannot be loaded', () => {
  test('File → Import from cluster whose code cannot be fetched says so with a Reload; the page stays, and the reload keeps the edit', async ({
    editor,
    page,
  }) => {
    await editor.open();
    await editor.fileMenu('new');
    await editor.drop('node', { x: 330, y: 260 });
    await expect(editor.element('node:node-1')).toBeVisible();

    const gone = /KubectlImportDialog-[^/]*\.js$/;
    await page.route(gone, (route) => route.abort('failed'));
    await page.getByTestId('file.menu').click();
    await page.getByTestId('file.import-kubectl').click();

    const banner = page.getByTestId('app.load-failure');
    await expect(banner).toContainText('could not be loaded');
    await expect(banner).toContainText('KubectlImportDialog');
    // The rest of the page is there and works: the canvas, the edit, the menus.
    await expect(editor.element('node:node-1')).toBeVisible();
    await expect(page.getByTestId('kubectl.dialog')).toHaveCount(0);
    await editor.drop('node', { x: 700, y: 260 });
    await expect(editor.element('node:node-2')).toBeVisible();
    await page.screenshot({ path: 'e2e/screenshots/load-failure-01-1440.png' });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: 'e2e/screenshots/load-failure-01-1024.png' });
    await page.setViewportSize({ width: 1440, height: 900 });

    // Back online (or the new deploy served): the reload keeps the cluster, and the dialog opens.
    await page.unroute(gone);
    await page.getByTestId('app.reload').click();
    await expect(editor.element('node:node-2')).toBeVisible();
    await expect(banner).toHaveCount(0);
    await page.getByTestId('file.menu').click();
    await page.getByTestId('file.import-kubectl').click();
    await expect(page.getByTestId('kubectl.dialog')).toBeVisible();
  });
});

test('The editor whose code cannot be fetched says so with a Reload, in place of a blank page', async ({ page }) => {
  await page.route(/\/App-[^/]*\.js$/, (route) => route.abort('failed'));
  await page.goto('/');
  const banner = page.getByTestId('app.load-failure');
  await expect(banner).toContainText('could not be loaded');
  await expect(page.getByTestId('app.reload')).toBeVisible();
});
