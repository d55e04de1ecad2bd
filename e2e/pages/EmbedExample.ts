import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';

/** public/embed-example.html: a page with Hopscope in an iframe and buttons that post it messages. */
export class EmbedExample {
  readonly frame: FrameLocator;
  readonly position: Locator;
  readonly log: Locator;
  readonly frameReadout: Locator;

  constructor(readonly page: Page) {
    this.frame = page.frameLocator('#hopscope');
    this.position = this.frame.getByTestId('playback.position');
    this.log = page.locator('#log');
    this.frameReadout = page.locator('#frame');
  }

  async open() {
    await this.page.goto('/embed-example.html');
    await expect(this.frame.getByTestId('embed')).toBeVisible();
    await expect(this.position).toContainText('hop 1 /');
  }

  /** Click one of the page's command buttons by its label. */
  async send(label: string) {
    await this.page.getByRole('button', { name: label, exact: true }).click();
  }
}
