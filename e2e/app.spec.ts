import { expect, test } from './fixtures/test';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';

test.describe('The first screen, on the built-in ACK Flannel cluster', () => {
  test('draws every node and pod of the document', async ({ app }) => {
    await app.open();
    await expect(app.page.getByTestId('doc.title')).toContainText('ACK Flannel');
    for (const node of ['ap-southeast-1.10.0.0.180', 'ap-southeast-1.10.0.1.216', 'ap-southeast-1.10.0.1.206']) {
      await expect(app.node(`node:${node}`)).toBeVisible();
    }
    await expect(app.canvas.locator('[data-kind="pod"]')).toHaveCount(5);
    await expect(app.node(CENTOS)).toContainText('172.23.96.23');
    await expect(app.node('svc:default/nginx1')).toContainText('192.168.13.23');
    await expect(app.node('slb:slb-nginx1')).toContainText('8.219.164.113');
    await expect(app.node('external:internet-client')).toBeVisible();
    await expect(app.node('vpc')).toBeVisible();
    await app.page.screenshot({ path: 'test-results/screenshots/first-screen.png' });
  });

  test('traces a pod to a ClusterIP on another node (A2): delivered through IPVS DNAT', async ({ app }) => {
    await app.open();
    await app.trace(CENTOS, '192.168.13.23:80');

    await expect(app.verdict).toHaveText('delivered');
    await expect(app.hopRows.first()).toBeVisible();
    expect(await app.hopRows.count()).toBeGreaterThan(3);
    await expect(app.hopRows.filter({ hasText: 'DNAT' }).first()).toBeVisible();
    await expect(app.error).toHaveCount(0);

    // IPVS offers three backends; follow the one on node .206, as the article draws it.
    await app.followBackend('172.23.96.163:80');
    await expect(app.deliveredTo).toContainText('172.23.96.163');
    await expect(app.verdict).toHaveText('delivered');
    await expect(app.hops.getByTestId('timeline.where').filter({ hasText: 'ap-southeast-1.10.0.1.206' }).first()).toBeVisible();
    await expect(app.hopRows.filter({ hasText: 'DNAT' }).first()).toContainText('192.168.13.23:80 → 172.23.96.163:80');

    await app.page.screenshot({ path: 'test-results/screenshots/trace-a2.png' });
    if (process.env.UPDATE_DOCS_SCREENSHOT) await app.page.screenshot({ path: 'docs/screenshot.png' });
  });

  test('traces a pod to a pod on another node (A2): through the VPC, client IP kept', async ({ app }) => {
    await app.open();
    await app.trace(CENTOS, '172.23.96.163:80');
    await expect(app.verdict).toHaveText('delivered');
    await expect(app.hops).toContainText('vpc');
    await expect(app.page.getByTestId('trace.sourceSeen')).toHaveText('172.23.96.23');
    await expect(app.node('node:ap-southeast-1.10.0.1.206')).toHaveClass(/amber/);
  });

  test('a pod to an SLB with no local endpoint is refused, and says why (A3)', async ({ app }) => {
    await app.open();
    await app.trace(CENTOS, '8.219.164.113:80');
    await expect(app.verdict).toHaveText('refused');
    await expect(app.reason).toBeVisible();
    await expect(app.reason).not.toBeEmpty();
  });

  test('clicking pods on the canvas selects them and leaves From and To; their menu sets them', async ({ app, page }) => {
    await app.open();
    // (From and To are filled once the document is validated, which may come after its first frame.)
    await expect(app.run).toBeEnabled();
    const from = await app.from.inputValue();
    const to = await app.to.inputValue();
    await app.node('pod:default/nginx-7d6877d777-6jkfg').click();
    await app.node('pod:default/nginx1-76c99b49df-s6z79').click({ modifiers: ['Shift'] });
    await expect(app.from).toHaveValue(from);
    await expect(app.to).toHaveValue(to);
    await app.node('pod:default/nginx-7d6877d777-6jkfg').click({ button: 'right' });
    await page.getByTestId('tracemenu.from').click();
    await expect(app.from).toHaveValue('pod:default/nginx-7d6877d777-6jkfg');
    await app.node('pod:default/nginx1-76c99b49df-7plsr').click({ button: 'right' });
    await page.getByTestId('tracemenu.to').first().click();
    await expect(app.to).toHaveValue('172.23.96.163:80');
  });
});

test.describe('A request that cannot run is explained, not thrown', () => {
  test('garbage in To says what a destination looks like', async ({ app }) => {
    await app.open();
    await app.trace(CENTOS, 'not a destination!!');
    await expect(app.error).toBeVisible();
    await expect(app.error).toContainText('IP:PORT');
    await expect(app.error).toContainText('not a destination!!');
    await expect(app.verdict).toHaveCount(0);
    await expect(app.hops).toHaveCount(0);
  });

  test('a missing port for TCP asks for one', async ({ app }) => {
    await app.open();
    await app.trace(CENTOS, '172.23.96.163');
    await expect(app.error).toContainText('needs one, e.g. 172.23.96.163:80');
  });

  test('an empty To asks for a destination', async ({ app }) => {
    await app.open();
    await app.to.fill('');
    await app.run.click();
    await expect(app.error).toContainText('Enter a destination');
  });

  test('a service that does not exist is reported by the engine in words', async ({ app }) => {
    await app.open();
    await app.trace(CENTOS, 'svc:default/no-such-service:80');
    await expect(app.error).toBeVisible();
    await expect(app.error).toContainText('no-such-service');
    await expect(app.hops).toHaveCount(0);
    // The page is still usable afterwards.
    await app.trace(CENTOS, '172.23.96.24:80');
    await expect(app.error).toHaveCount(0);
  });
});
