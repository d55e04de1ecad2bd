import { expect, test } from './fixtures/test';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';
const NGINX = 'pod:default/nginx-7d6877d777-6jkfg';

test.describe('An honest trace', () => {
  test('a duplicate IP, then Trace: refused with the problem named, never the last valid version’s result; an edit marks a result stale until re-run', async ({
    app,
    editor,
    page,
  }) => {
    await app.open('ack-flannel');
    await app.trace(CENTOS, '172.23.96.24:80');
    await expect(app.deliveredTo).toContainText('172.23.96.24');
    await expect(page.getByTestId('trace.stale')).toHaveCount(0);

    // A harmless edit with the keyboard: the result is from the version before it, and says so.
    await editor.select(NGINX);
    const labels = editor.field('labels');
    await labels.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('app=nginx,tier=web');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('trace.stale')).toBeVisible();
    await expect(page.getByTestId('canvas.stale')).toBeVisible();
    await page.screenshot({ path: 'e2e/screenshots/honest-01-stale.png' });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: 'e2e/screenshots/honest-01-stale-1024.png' });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('trace.retrace').click();
    await expect(page.getByTestId('trace.stale')).toHaveCount(0);
    await expect(page.getByTestId('canvas.stale')).toHaveCount(0);
    await expect(app.deliveredTo).toContainText('172.23.96.24');

    // nginx gets centos's address: a duplicate. The stale result says the document has problems now.
    await editor.select(NGINX);
    const ip = editor.field('ip');
    await ip.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('172.23.96.23');
    await page.keyboard.press('Enter');
    await expect(editor.wrapper(NGINX)).toHaveAttribute('data-problem', /172\.23\.96\.23/);
    await expect(page.getByTestId('trace.stale')).toContainText('problems');
    await expect(page.getByTestId('canvas.stale')).toBeVisible();

    // Trace: refused, naming the problem; no result of another version is shown.
    await app.run.click();
    await expect(app.error).toContainText('has problems');
    await expect(page.getByTestId('trace.firstProblem')).toContainText('pods[1].ip');
    await expect(page.getByTestId('trace.result')).toHaveCount(0);
    await expect(app.deliveredTo).toHaveCount(0);
    await expect(page.getByTestId('canvas.stale')).toHaveCount(0);
    await page.screenshot({ path: 'e2e/screenshots/honest-02-refused.png' });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: 'e2e/screenshots/honest-02-refused-1024.png' });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('trace.showProblems').click();
    await expect(page.getByTestId('problems.item').filter({ hasText: 'pods[1].ip' })).toBeVisible();

    // Undo: valid again, Trace answers for this document.
    await editor.undo().click();
    await expect(editor.wrapper(NGINX)).not.toHaveAttribute('data-problem', /./);
    await app.run.click();
    await expect(app.deliveredTo).toContainText('172.23.96.24');
    await expect(app.error).toHaveCount(0);
  });

  test('a /33 service CIDR shows its problem and asks nothing; a valid one is asked about', async ({ app, editor, page }) => {
    await app.open('ack-flannel');
    await editor.tab('cluster');
    const cidr = page.getByTestId('cluster.field.serviceCIDR');
    await cidr.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('192.168.0.0/33');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('cluster').getByText('prefix length must be 0-32')).toBeVisible();
    await expect(page.getByTestId('readdress')).toHaveCount(0);
    // The service kept its cluster IP.
    await expect(editor.element('svc:default/nginx')).toContainText('192.168.20.10');
    await page.screenshot({ path: 'e2e/screenshots/honest-03-cidr33.png' });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: 'e2e/screenshots/honest-03-cidr33-1024.png' });
    await page.setViewportSize({ width: 1440, height: 900 });

    await cidr.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('192.168.0.0/16');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('cluster').getByText('prefix length must be 0-32')).toHaveCount(0);
    await expect(page.getByTestId('readdress')).toHaveCount(0);

    await cidr.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('10.200.0.0/16');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('readdress')).toBeVisible();
    await page.getByTestId('readdress.cancel').click();
    await expect(editor.element('svc:default/nginx')).toContainText('192.168.20.10');
  });

  test('in Chinese: the out-of-date badge and the refusal read in Chinese', async ({ app, editor, page }) => {
    await app.open('ack-flannel');
    await page.getByTestId('prefs.language').selectOption('zh');
    await app.trace(CENTOS, '172.23.96.24:80');
    await expect(app.deliveredTo).toContainText('172.23.96.24');
    await editor.select(NGINX);
    await editor.field('ip').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('172.23.96.23');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('canvas.stale')).toContainText('追踪已过期');
    await expect(page.getByTestId('trace.stale')).toContainText('现在有问题');
    await page.screenshot({ path: 'e2e/screenshots/honest-04-stale-zh.png' });
    await app.run.click();
    await expect(app.error).toContainText('当前文档有问题');
    await expect(page.getByTestId('trace.showProblems')).toHaveText('查看问题');
    await page.screenshot({ path: 'e2e/screenshots/honest-05-refused-zh.png' });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: 'e2e/screenshots/honest-05-refused-zh-1024.png' });
  });
});
