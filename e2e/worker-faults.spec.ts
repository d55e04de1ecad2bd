import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import type { AppPage } from './pages/AppPage';
import type { EditorPage } from './pages/EditorPage';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';

test.describe('A simulator that fails', () => {
  test('a worker that throws on a document is replaced, reloads the last good document, and the app says what happened', async ({ app, editor, page }) => {
    // Every simulator worker this page starts (the editor's: editor.worker.ts) throws (uncaught, outside the RPC of src/worker/rpc.ts) on a message naming E2E-CRASH.
    let workers = 0;
    await page.route(/(sim|editor)\.worker-[^/]*\.js$/, async (route) => {
      workers++;
      const response = await route.fetch();
      const body = `${await response.text()}\nself.addEventListener('message', (e) => { if (JSON.stringify(e.data ?? null).includes('E2E-CRASH')) throw new Error('e2e crash'); });\n`;
      await route.fulfill({ response, body });
    });
    await app.open('ack-flannel');
    await app.trace(CENTOS, '172.23.96.24:80');
    await expect(app.deliveredTo).toContainText('172.23.96.24');
    expect(workers).toBe(1);

    await page.getByTestId('file.input').setInputFiles({
      name: 'killer.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from('apiVersion: hopscope/v1\nkind: Topology\nmetadata: { name: E2E-CRASH }\n'),
    });
    await expect(editor.notice).toContainText('The simulator failed');
    await expect(editor.notice).toContainText('e2e crash');
    await expect(page.getByTestId('import.problems')).toContainText('e2e crash');
    await expect.poll(() => workers).toBe(2);
    // The document on screen is the one that was there, and the new simulator traces it.
    await expect(app.node(CENTOS)).toBeVisible();
    await page.screenshot({ path: 'e2e/screenshots/worker-01-crashed.png' });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: 'e2e/screenshots/worker-01-crashed-1024.png' });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('import.close').click();
    await app.trace(CENTOS, '172.23.96.162:80');
    await expect(app.deliveredTo).toContainText('172.23.96.162');
    await expect(app.error).toHaveCount(0);
  });
});

test.describe('A trace cancelled while it runs', () => {
  /** Every simulator worker the page starts stops answering (a loop that never ends, as a search that never would) on a
   * search for every outcome, so the person cancels it, and the worker is replaced. Returns how many were started. */
  async function hangOnAllOutcomes(page: Page) {
    let workers = 0;
    await page.route(/(sim|editor)\.worker-[^/]*\.js$/, async (route) => {
      workers++;
      const response = await route.fetch();
      const body = `${await response.text()}\nself.addEventListener('message', (e) => { const c = e.data; if (c && c.method === 'trace' && c.args[0] && c.args[0].choice && c.args[0].choice.all) for (;;); });\n`;
      await route.fulfill({ response, body });
    });
    return () => workers;
  }

  const NGINX = 'pod:default/nginx-7d6877d777-6jkfg';
  /** ACK Flannel opened and traced to the pod at 172.23.96.24, then that pod deleted and traced again: it reaches no pod. */
  async function tracedWithItsPodDeleted(app: AppPage, editor: EditorPage, page: Page) {
    await app.open('ack-flannel');
    await app.trace(CENTOS, '172.23.96.24:80');
    await expect(app.deliveredTo).toContainText('172.23.96.24');
    await editor.select(NGINX);
    await page.getByTestId('edit.delete').click();
    await expect(app.node(NGINX)).toHaveCount(0);
    await app.run.click();
    await expect(app.run).toBeEnabled();
    await expect(app.verdict).not.toHaveText('delivered');
    await expect(app.deliveredTo).toHaveText('—');
  }

  test('the simulator started in its place holds the document on screen, edited, not the one opened', async ({ app, editor, page }) => {
    const workers = await hangOnAllOutcomes(page);
    await tracedWithItsPodDeleted(app, editor, page);
    const edited = await app.verdict.textContent();
    await page.getByTestId('trace.all').click();
    await page.getByTestId('trace.cancel').click();
    await expect.poll(workers).toBe(2);
    // Traced again (a new random choice), in the new worker: about the document on screen, still without the pod.
    await page.getByTestId('trace.reroll').click();
    // (Until it answers, the result shown is the one before: wait for the trace to end.)
    await expect(app.run).toBeEnabled();
    await expect(app.verdict).toHaveText(edited ?? '');
    await expect(app.deliveredTo).toHaveText('—');
    await page.screenshot({ path: 'e2e/screenshots/worker-03-cancelled-edited.png' });
  });

  test('an edit made while it ran is validated by the simulator started in its place, not marked failed', async ({ app, editor, page }) => {
    const workers = await hangOnAllOutcomes(page);
    await tracedWithItsPodDeleted(app, editor, page);
    await page.getByTestId('trace.all').click();
    // While the search runs (its worker never answers), the deletion is undone: that edit's load waits behind the search.
    await page.getByTestId('edit.undo').click();
    await expect(app.node(NGINX)).toHaveCount(1);
    await page.getByTestId('trace.cancel').click();
    await expect.poll(workers).toBe(2);
    // Traced again in the new worker: about the edit (the pod back), not refused as a document the simulator could not load.
    await page.getByTestId('trace.reroll').click();
    await expect(app.run).toBeEnabled();
    await expect(app.deliveredTo).toContainText('172.23.96.24');
    await expect(page.getByTestId('trace.error')).toHaveCount(0);
    await page.screenshot({ path: 'e2e/screenshots/worker-04-cancelled-edit-waiting.png' });
  });
});

test.describe('A simulator that cannot start', () => {
  test('a worker script that never loads is retried, then the app says it stopped and to reload, in the reader’s language', async ({ app, page }) => {
    // The simulator's script cannot be fetched (a deploy that lost a chunk, a proxy that blocks it): every worker fails to load.
    let tries = 0;
    await page.route(/(sim|editor)\.worker-[^/]*\.js$/, (route) => {
      tries++;
      return route.abort();
    });
    await app.open('ack-flannel');
    await page.getByTestId('prefs.language').selectOption('zh');
    const notice = page.getByTestId('editor.notice');
    // The last notice must not claim a restart that did not happen.
    await expect(notice).toContainText('未再重新启动');
    await expect(notice).toContainText('重新加载页面');
    // The banner over the canvas (the document could not be loaded) says the same, worded, not the worker's English.
    await expect(page.getByTestId('doc.problems')).toContainText('重新加载页面');
    await expect(page.getByTestId('doc.problems')).not.toContainText('worker');
    expect(tries).toBe(4);
    // The document on screen is still drawn (its picture comes from the other worker).
    await expect(app.node(CENTOS)).toBeVisible();
    await page.screenshot({ path: 'e2e/screenshots/worker-03-stopped-zh.png' });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: 'e2e/screenshots/worker-03-stopped-zh-1024.png' });
  });
});

test.describe('An embed whose simulator fails', () => {
  test('a load that kills the worker is answered with an error, the embed says the simulator was restarted, and the next load works', async ({ page }) => {
    await page.route(/(sim|editor)\.worker-[^/]*\.js$/, async (route) => {
      const response = await route.fetch();
      const body = `${await response.text()}\nself.addEventListener('message', (e) => { if (JSON.stringify(e.data ?? null).includes('E2E-CRASH')) throw new Error('e2e crash'); });\n`;
      await route.fulfill({ response, body });
    });
    await page.goto('/embed-example.html');
    const frame = page.frameLocator('#hopscope');
    await expect(frame.getByTestId('playback.position')).toContainText('hop 1 /');
    await page.evaluate(() => {
      (document.getElementById('hopscope') as HTMLIFrameElement).contentWindow!.postMessage(
        { type: 'load', id: 'killer', yaml: 'apiVersion: hopscope/v1\nkind: Topology\nmetadata: { name: E2E-CRASH }\n' },
        location.origin,
      );
    });
    await expect(page.locator('#log')).toContainText(/"type":"hopscope:error","for":"load","id":"killer","error":"[^"]*e2e crash/);
    await expect(frame.getByTestId('editor.notice')).toContainText('restarted');
    await page.screenshot({ path: 'e2e/screenshots/worker-02-embed-crashed.png' });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: 'e2e/screenshots/worker-02-embed-crashed-1024.png' });
    await page.getByRole('button', { name: 'Load a two-pod document', exact: true }).click();
    await expect(page.locator('#log')).toContainText('"type":"hopscope:ack","for":"load","id":1');
    await expect(frame.locator('[data-testid="canvas.node"][data-ref="pod:default/server"]')).toBeVisible();
    await expect(frame.getByTestId('editor.notice')).toHaveCount(0);
  });
});
