import { expect, type Locator, type Page } from '@playwright/test';

/** The CNI switch in the toolbar, the compare view, the CNI call panel and the node's fault controls. */
export class WiringPanel {
  readonly cni: Locator;
  readonly kubeProxy: Locator;
  readonly apply: Locator;
  readonly openCompare: Locator;
  readonly compare: Locator;
  readonly compareWith: Locator;
  readonly differences: Locator;
  readonly cniPanel: Locator;
  readonly cniSteps: Locator;
  readonly cniEffects: Locator;
  readonly faults: Locator;
  readonly canvasFaults: Locator;

  constructor(readonly page: Page) {
    this.cni = page.getByTestId('wiring.cni');
    this.kubeProxy = page.getByTestId('wiring.kubeProxy');
    this.apply = page.getByTestId('wiring.apply');
    this.openCompare = page.getByTestId('compare.open');
    this.compare = page.getByTestId('compare');
    this.compareWith = page.getByTestId('compare.with');
    this.differences = page.getByTestId('compare.difference');
    this.cniPanel = page.getByTestId('cni');
    this.cniSteps = this.cniPanel.getByTestId('cni.step');
    this.cniEffects = this.cniPanel.getByTestId('cni.effect');
    this.faults = page.getByTestId('faults');
    this.canvasFaults = page.getByTestId('canvas.fault');
  }

  /** Switch the loaded cluster to `plugin/mode` (and kube-proxy mode) and wait for the new wiring. */
  async switchTo(wiring: string, kubeProxy?: string) {
    await this.cni.selectOption(wiring);
    if (kubeProxy) await this.kubeProxy.selectOption(kubeProxy);
    await this.apply.click();
    await expect(this.page.getByTestId('doc.title').locator('..')).toContainText(wiring.replace('/', ' '));
  }

  /** One side of the compare view. */
  side(which: 'a' | 'b'): Locator {
    return this.compare.getByTestId(`compare.side.${which}`);
  }

  /** Select a node box by its header (its middle is covered by its pods) so the inspector shows it. */
  async selectNode(ref: string) {
    await this.page
      .getByTestId('canvas')
      .locator(`[data-testid="canvas.node"][data-ref="${ref}"]`)
      .click({ position: { x: 30, y: 30 } });
    await expect(this.page.getByTestId('inspector')).toHaveAttribute('data-ref', /^nodes\[/);
  }

  /** Switch a fault on for the node shown in the inspector. */
  async breakNode(kind: string, option?: string) {
    await this.page.getByTestId('faults.kind').selectOption(kind);
    if (option) await this.page.getByTestId('faults.option').selectOption(option);
    await this.page.getByTestId('faults.add').click();
  }
}
