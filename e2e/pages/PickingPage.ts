import { expect, type Locator, type Page } from '@playwright/test';

/** Choosing From and To on the canvas: an element's menu, the pick buttons beside From and To, the shortcuts dialog. */
export class PickingPage {
  readonly menu: Locator;
  readonly menuFrom: Locator;
  readonly menuTo: Locator;
  readonly pickFrom: Locator;
  readonly pickTo: Locator;
  readonly shortcuts: Locator;
  readonly shortcutRows: Locator;
  readonly canvas: Locator;

  constructor(readonly page: Page) {
    this.menu = page.getByTestId('tracemenu');
    this.menuFrom = this.menu.getByTestId('tracemenu.from');
    this.menuTo = this.menu.getByTestId('tracemenu.to');
    this.pickFrom = page.getByTestId('trace.pickFrom');
    this.pickTo = page.getByTestId('trace.pickTo');
    this.shortcuts = page.getByTestId('shortcuts');
    this.shortcutRows = this.shortcuts.getByTestId('shortcuts.row');
    this.canvas = page.getByTestId('canvas');
  }

  element(ref: string): Locator {
    return this.canvas.locator(`[data-testid="canvas.node"][data-ref="${ref}"]`);
  }

  /** Right-click an element (near its top-left corner, on its own box) and wait for its menu. */
  async openMenu(ref: string) {
    await this.element(ref).click({ button: 'right', position: { x: 30, y: 12 } });
    await expect(this.menu).toBeVisible();
    await expect(this.menu).toHaveAttribute('data-ref', ref);
  }

  /** A destination the open menu offers, by its value (e.g. `svc:default/nginx1:80@lb`). */
  toOption(value: string): Locator {
    return this.menu.locator(`[data-testid="tracemenu.to"][data-value="${value}"]`);
  }

  /** A plain left click on an element, as a person selecting it. */
  async select(ref: string) {
    await this.element(ref).click({ position: { x: 30, y: 12 } });
  }
}
