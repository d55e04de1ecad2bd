import { expect, type Locator, type Page } from '@playwright/test';

/** The first screen: the canvas, the trace bar and the result panel. */
export class AppPage {
  readonly canvas: Locator;
  readonly canvasNodes: Locator;
  readonly from: Locator;
  readonly to: Locator;
  readonly protocol: Locator;
  readonly run: Locator;
  readonly verdict: Locator;
  readonly reason: Locator;
  readonly error: Locator;
  readonly hops: Locator;
  readonly hopRows: Locator;
  readonly problems: Locator;
  readonly deliveredTo: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('canvas');
    this.canvasNodes = this.canvas.getByTestId('canvas.node');
    this.from = page.getByTestId('trace.from');
    this.to = page.getByTestId('trace.to');
    this.protocol = page.getByTestId('trace.protocol');
    this.run = page.getByTestId('trace.run');
    this.verdict = page.getByTestId('trace.verdict');
    this.reason = page.getByTestId('trace.reason');
    this.error = page.getByTestId('trace.error');
    this.hops = page.getByTestId('timeline');
    this.hopRows = this.hops.locator('[data-testid="timeline.hop"][data-leg="request"]');
    this.problems = page.getByTestId('doc.problems');
    this.deliveredTo = page.getByTestId('trace.deliveredTo');
  }

  /** Open the app on a built-in document and wait until its cluster is drawn. */
  async open(scenario?: string) {
    await this.page.goto(scenario ? `/?scenario=${encodeURIComponent(scenario)}` : '/');
    await expect(this.problems).toHaveCount(0);
    await expect(this.canvasNodes.first()).toBeVisible();
  }

  /** Open a generated cluster of `nodes` nodes and wait until it is validated and drawn (a big one is placed in a worker: Trace may be ready first). */
  async openGenerated(nodes: number, timeout = 60_000) {
    await this.page.goto(`/?generate=${nodes}`);
    await expect(this.run).toBeEnabled({ timeout });
    await expect(this.canvasNodes.first()).toBeVisible({ timeout });
  }

  /** A canvas element by its reference, e.g. `pod:default/NAME`, `node:NAME`, `svc:NS/NAME`. */
  node(ref: string): Locator {
    return this.canvas.locator(`[data-testid="canvas.node"][data-ref="${ref}"]`);
  }

  /** Trace again following this backend where a load-balancing decision offers it (no-op if already taken). */
  async followBackend(addr: string) {
    const option = this.hops.getByTestId('trace.choice').filter({ hasText: addr }).first();
    await expect(option).toBeVisible();
    if (await option.isEnabled()) await option.click();
  }

  /** Type a request into the trace bar, closing each field's suggestion list (it covers the canvas on large clusters). */
  async request(from: string, to: string) {
    await this.from.fill(from);
    await this.page.keyboard.press('Escape');
    await this.to.fill(to);
    await this.page.keyboard.press('Escape');
  }

  /** Fill the trace bar and press Trace. */
  async trace(from: string, to: string, protocol: 'TCP' | 'UDP' | 'ICMP' = 'TCP') {
    await this.from.fill(from);
    await this.to.fill(to);
    await this.protocol.selectOption(protocol);
    await this.run.click();
  }
}
