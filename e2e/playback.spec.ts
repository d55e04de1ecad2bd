import { expect, test } from './fixtures/test';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';
const N180 = 'node:ap-southeast-1.10.0.0.180';

test.describe('Playing the packet on the built-in ACK Flannel cluster', () => {
  test('A2 via the ClusterIP: plays, badges the IPVS DNAT at the right hop, steps back, shows the reply', async ({ app, playback, page }) => {
    await app.open();
    await app.trace(CENTOS, '192.168.13.23:80');
    await app.followBackend('172.23.96.163:80');
    await expect(app.deliveredTo).toContainText('172.23.96.163');

    // It plays by itself: the marker moves on without anyone touching it.
    await expect(playback.play).toHaveAttribute('data-playing', 'true');
    await expect(playback.marker).not.toHaveAttribute('data-index', '0');
    await playback.pause();

    // The timeline is in order: the request from the client pod to the backend, then the reply back.
    const legs = await playback.rows.evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute('data-index')), r.getAttribute('data-leg')] as const));
    expect(legs.map(([i]) => i)).toEqual(legs.map((_, i) => i));
    const firstReply = legs.findIndex(([, leg]) => leg === 'reply');
    expect(firstReply).toBeGreaterThan(3);
    expect(legs.slice(firstReply).every(([, leg]) => leg === 'reply')).toBe(true);
    await expect(playback.rows.nth(0)).toContainText('centos-67756b6dc8-rmmxt');
    await expect(playback.rows.nth(firstReply - 1)).toContainText('nginx1-76c99b49df-7plsr');

    // Step from the start with the keyboard to the DNAT: the ClusterIP is seen until the node's cni0 ingress rewrites it.
    await playback.first.click();
    await playback.at(0);
    await expect(playback.label).toHaveText('172.23.96.23:41000 → 192.168.13.23:80');
    await expect(playback.natBadges).toHaveCount(0);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await playback.at(2);
    await expect(playback.current).toHaveAttribute('data-at', N180);
    await expect(playback.current).toHaveAttribute('data-device', 'cni0');
    await expect(playback.natBadges.first()).toContainText('DNAT 192.168.13.23:80 → 172.23.96.163:80 by IPVS 192.168.13.23:80 rr');
    await expect(playback.label).toHaveText('172.23.96.23:41000 → 172.23.96.163:80');
    await expect(playback.detail.getByTestId('detail.rewrite')).toContainText('DNAT 192.168.13.23:80 → 172.23.96.163:80');
    await expect(playback.detail.locator('[data-testid="detail.choice"][data-taken="true"]')).toContainText('172.23.96.163:80');
    // The node view follows the packet and highlights the nat rules this hop matched.
    await expect(playback.nodeView.getByTestId('nodeview.node')).toHaveValue('ap-southeast-1.10.0.0.180');
    await expect(playback.matchedLines.first()).toBeVisible();
    await expect(playback.matchedLines.first()).toContainText('-A PREROUTING');
    await expect(playback.stacks).toHaveText('2');
    await playback.shot('a2-dnat');

    // Step back returns to the previous hop: the veth, still addressed to the ClusterIP.
    await playback.back.click();
    await playback.at(1);
    await expect(playback.current).toHaveAttribute('data-device', /^veth/);
    await expect(playback.label).toHaveText('172.23.96.23:41000 → 192.168.13.23:80');
    await expect(playback.natBadges).toHaveCount(0);
    await playback.shot('a2-step-back');

    // The reply: un-DNATed by conntrack on the client's node, back to the ClusterIP the client called.
    const undnat = await playback.jumpTo('un-DNAT', 'reply');
    await playback.at(undnat);
    await expect(playback.marker).toHaveAttribute('data-leg', 'reply');
    await expect(playback.current).toHaveAttribute('data-at', N180);
    await expect(playback.natBadges.first()).toContainText('un-DNAT 172.23.96.163:80 → 192.168.13.23:80');
    await expect(page.getByTestId('timeline.reply')).toContainText('un-NATed by conntrack');
    await playback.shot('a2-reply');
    await playback.last.click();
    await expect(playback.label).toContainText('192.168.13.23:80 → 172.23.96.23:41000');

    // Capture points: the ClusterIP is on the wire only inside the client pod and on its veth.
    await expect(playback.captureOf('192.168.13.23')).toHaveAttribute('data-role', 'destination');
    await expect(playback.captureOf('172.23.96.23')).toHaveAttribute('data-role', 'client');

    // Conntrack after the trace, in the node view.
    await playback.tab('conntrack').click();
    await expect(playback.nodeView.getByTestId('nodeview.text')).toContainText('dst=192.168.13.23');
  });

  test('the canvas draws the packet first; the event list, packet detail and node views follow in a later task', async ({ app, playback, page }) => {
    await app.open();
    await app.request(CENTOS, '192.168.13.23:80');
    // NOTE: a MutationObserver's callback runs once per task that changed the page: what each task put on screen.
    await page.evaluate(() => {
      const w = window as unknown as { __seen: { marker: string | null; rows: number; detail: boolean; current: string | null }[] };
      w.__seen = [];
      new MutationObserver(() =>
        w.__seen.push({
          marker: document.querySelector('[data-testid="playback.marker"]')?.getAttribute('data-index') ?? null,
          rows: document.querySelectorAll('[data-testid="timeline.hop"]').length,
          detail: !!document.querySelector('[data-testid="detail"]'),
          current: document.querySelector('[data-testid="timeline.hop"][aria-current="step"]')?.getAttribute('data-index') ?? null,
        }),
      ).observe(document.body, { childList: true, subtree: true, attributes: true });
    });
    await app.run.click();
    await expect(playback.rows.first()).toBeVisible();
    await playback.pause();
    await playback.first.click();
    await playback.at(0);
    await expect(playback.currentRow).toHaveAttribute('data-index', '0');
    await playback.forward.click();
    await playback.at(1);
    await expect(playback.currentRow).toHaveAttribute('data-index', '1');
    type Seen = { marker: string | null; rows: number; detail: boolean; current: string | null };
    const seen = await page.evaluate(() => (window as unknown as { __seen: Seen[] }).__seen);
    // The task that drew the packet's first hop drew no panel; they came after it.
    const drawn = seen.findIndex((s) => s.marker !== null);
    expect(seen[drawn]).toMatchObject({ rows: 0, detail: false });
    expect(seen.slice(drawn).some((s) => s.rows > 0 && s.detail)).toBe(true);
    // A step: the packet moved to hop 1 in a task where the event list still marked hop 0.
    const stepped = seen.findIndex((s, i) => s.marker === '1' && seen[i - 1]?.marker === '0');
    expect(seen[stepped]).toMatchObject({ current: '0' });
  });

  test('the node views’ picker is drawn with the node it shows, and lists every node and pod once the page is idle', async ({ app, playback, page }) => {
    await app.open();
    await app.request(CENTOS, '192.168.13.23:80');
    // The picker's options in each task that changed the page (as above): how many it was first drawn with.
    await page.evaluate(() => {
      const w = window as unknown as { __options: number[] };
      w.__options = [];
      new MutationObserver(() => {
        const picker = document.querySelector<HTMLSelectElement>('[data-testid="nodeview.node"]');
        if (picker) w.__options.push(picker.options.length);
      }).observe(document.body, { childList: true, subtree: true });
    });
    await app.run.click();
    const picker = playback.nodeView.getByTestId('nodeview.node');
    await expect(picker).toHaveValue('ap-southeast-1.10.0.0.180');
    const first = await page.evaluate(() => (window as unknown as { __options: number[] }).__options[0]);
    // The packet's node, which it shows.
    expect(first).toBe(1);
    await playback.pause();
    // Every node, and every pod with a network namespace of its own (the centos client among them).
    await expect.poll(() => picker.locator('option').count()).toBeGreaterThan(5);
    await expect(picker.locator(`option[value="${CENTOS}"]`)).toHaveCount(1);
    await picker.selectOption(CENTOS);
    await expect(picker).toHaveValue(CENTOS);
  });

  test('selecting a hop on the canvas selects it in the timeline, and the other way round', async ({ app, playback }) => {
    await app.open();
    await app.trace(CENTOS, '172.23.96.163:80');
    await playback.pause();
    await app.canvas.locator('[data-testid="canvas.hop"][data-index="4"]').dispatchEvent('click');
    await playback.at(4);
    await playback.rows.nth(6).click();
    await playback.at(6);
    // The port chip itself (its edge: the hop's dot sits on its middle).
    await app
      .node('node:ap-southeast-1.10.0.1.206')
      .locator('[data-testid="canvas.port"][data-device="cni0"]')
      .click({ position: { x: 3, y: 4 } });
    await expect(playback.current).toHaveAttribute('data-at', 'node:ap-southeast-1.10.0.1.206');
    await expect(playback.current).toHaveAttribute('data-device', 'cni0');
  });

  test('space plays and pauses; the speed and loop controls take effect', async ({ app, playback, page }) => {
    await app.open();
    await app.trace(CENTOS, '172.23.96.163:80');
    await playback.pause();
    await playback.speed.selectOption('4');
    await playback.loop.check();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press(' ');
    await expect(playback.play).toHaveAttribute('data-playing', 'true');
    // At 4× with loop on, it passes the last hop and starts over (watched every frame: hops go by quickly).
    const last = (await playback.rows.count()) - 1;
    await page.waitForFunction(
      (lastIndex) => {
        const w = window as unknown as { seenLast?: boolean };
        const i = Number(document.querySelector('[data-testid="playback.marker"]')?.getAttribute('data-index'));
        if (i === lastIndex) w.seenLast = true;
        return w.seenLast === true && i < 3;
      },
      last,
      { polling: 'raf', timeout: 20_000 },
    );
    await page.keyboard.press(' ');
    await expect(playback.play).toHaveAttribute('data-playing', 'false');
  });

  test('on the reply, the hop counter keeps clear of the speed control beside it', async ({ app, playback, page }) => {
    await app.open();
    await app.trace(CENTOS, '192.168.13.23:80');
    await expect(app.verdict).toHaveText('delivered');
    await playback.pause();
    await playback.last.click();
    const position = page.getByTestId('playback.position');
    await expect(position).toContainText('reply');
    // The counter's text ends before the speed label starts (it ran under it at 1440 px: "reply 9speed").
    const textEnd = await position.evaluate((el) => {
      const r = document.createRange();
      r.selectNodeContents(el);
      return r.getBoundingClientRect().right;
    });
    const speed = await page.getByTestId('playback.speed').locator('xpath=..').boundingBox();
    expect(textEnd).toBeLessThanOrEqual(speed!.x);
  });

  test('A3: a pod to an SLB address with no local endpoint ends refused, with the reason at the hop', async ({ app, playback }) => {
    await app.open();
    await app.trace(CENTOS, '8.219.164.113:80');
    await expect(app.verdict).toHaveText('refused');
    await playback.pause();
    const drop = await playback.jumpTo('refused');
    await playback.at(drop);
    await expect(playback.drop).toBeVisible();
    await expect(playback.drop).toContainText('refused');
    await expect(playback.drop).toContainText('has no real server');
    await expect(playback.current).toHaveAttribute('data-at', N180);
    await expect(playback.page.getByTestId('timeline.drop')).toContainText('ICMP port unreachable');
    await expect(playback.page.getByTestId('detail.drop')).toContainText('externalTrafficPolicy=Local');
    await expect(playback.stacks).toHaveText('1.5');
    await playback.shot('a3-refused');
    // The ICMP port unreachable then travels back to the pod.
    await expect(playback.page.getByTestId('timeline.reply')).toContainText('the error travelling back');
    await playback.last.click();
    await expect(playback.label).toContainText('ICMP port unreachable');
    await expect(playback.current).toHaveAttribute('data-at', 'pod:default/centos-67756b6dc8-rmmxt');
    await expect(playback.stacks).toHaveText('1.5');
  });

  test('A5: from the internet through the SLB to a node without the pod: MASQUERADE, and the server sees 10.0.0.180', async ({ app, playback, page }) => {
    await app.open();
    await app.trace('external:internet-client', '8.219.170.20:80');
    await app.followBackend('10.0.0.180:30875');
    await expect(app.hops).toContainText('DNAT 8.219.170.20:80 → 10.0.0.180:30875');
    await app.followBackend('172.23.96.163:80');
    await expect(app.deliveredTo).toContainText('172.23.96.163');
    await expect(page.getByTestId('trace.sourceSeen')).toHaveText('10.0.0.180');
    await playback.pause();

    const masq = await playback.jumpTo('MASQUERADE');
    await playback.at(masq);
    await expect(playback.current).toHaveAttribute('data-at', N180);
    await expect(playback.current).toHaveAttribute('data-device', 'eth0');
    await expect(playback.natBadges.first()).toContainText('MASQUERADE 47.74.0.10:41000 → 10.0.0.180:41000');
    await expect(playback.label).toHaveText('10.0.0.180:41000 → 172.23.96.163:80');
    await expect(playback.captureOf('10.0.0.180')).toBeVisible();
    await playback.shot('a5-masquerade');

    // At the server's eth0 the source is the node's address, not the client's.
    await playback.jumpTo('nginx1-76c99b49df-7plsr');
    await expect(playback.detail.locator('[data-testid="detail.field"][data-layer="L3"][data-name="src"]')).toHaveText(/10\.0\.0\.180$/);
    await playback.shot('a5-server-side');
  });

  test('the URL holds the request, so a link opens on the same flow', async ({ app, page }) => {
    await app.open();
    await app.trace(CENTOS, '192.168.13.23:80');
    await app.followBackend('172.23.96.163:80');
    await expect(app.deliveredTo).toContainText('172.23.96.163');
    await expect(page).toHaveURL(/pick=172\.23\.96\.163%3A80/);
    const link = page.url();
    await page.goto('about:blank');
    await page.goto(link);
    await expect(app.verdict).toHaveText('delivered');
    await expect(app.deliveredTo).toContainText('172.23.96.163');
    await expect(app.to).toHaveValue('192.168.13.23:80');
  });

  test('all outcomes: where it lands, how likely, the source the server sees, equivalent branches grouped; a row plays that branch', async ({ app, page }) => {
    await app.open();
    await app.trace('external:internet-client', '8.219.170.20:80');
    await page.getByTestId('trace.all').click();
    const outcomes = page.getByTestId('trace.outcome');
    // 3 backend nodes × 3 pods = 9 branches; a pod reached through either node that masquerades
    // to its eth0 address is one outcome of 2 branches (engine/outcomes.ts).
    await expect(outcomes).toHaveCount(6);
    const grouped = outcomes.filter({ hasText: '2 branches' });
    await expect(grouped).toHaveCount(3);
    await expect(grouped.first().locator('td').first()).toHaveText(/^p=0\.22\s*2 branches$/);
    await expect(outcomes.filter({ hasText: '10.0.1.206:30875 → 172.23.96.163:80' }).locator('td').first()).toHaveText('p=0.11');
    await expect(grouped.first()).toContainText('source 10.0.0.180 and 1 more');
    await expect(page.getByTestId('trace.outcomesTruncated')).toHaveCount(0);
    // From the keyboard: a row is focusable, and Enter plays its branch.
    const now = /\d+\.\d+\.\d+\.\d+/.exec((await app.deliveredTo.textContent())!)![0];
    const other = outcomes
      .filter({ hasNotText: '172.23.96.163' })
      .filter({ hasNotText: `${now}:` })
      .first();
    const place = (await other.getByTestId('trace.outcome.where').textContent())!.split(':')[0]!;
    await other.focus();
    await page.keyboard.press('Enter');
    await expect(app.deliveredTo).toContainText(place);
    await expect(outcomes).toHaveCount(0);
    // And with the mouse, from the outcomes asked for again.
    await page.getByTestId('trace.all').click();
    await outcomes.filter({ hasText: '10.0.1.206:30875 → 172.23.96.163:80' }).click();
    await expect(app.deliveredTo).toContainText('172.23.96.163');
    await page.getByTestId('trace.reroll').click();
    await expect(page).toHaveURL(/seed=\d+/);
    await expect(app.verdict).toBeVisible();
  });
});
