import { expect, type Locator, type Page } from '@playwright/test';

/** The header's Share button and what it shows: the link, the iframe snippet, or the too-large message. */
export class ShareMenu {
  readonly open: Locator;
  readonly panel: Locator;
  readonly link: Locator;
  readonly snippet: Locator;
  readonly copy: Locator;
  readonly copyEmbed: Locator;
  readonly status: Locator;
  readonly tooLarge: Locator;

  constructor(readonly page: Page) {
    this.open = page.getByTestId('share.open');
    this.panel = page.getByTestId('share.panel');
    this.link = page.getByTestId('share.link');
    this.snippet = page.getByTestId('share.snippet');
    this.copy = page.getByTestId('share.copy');
    this.copyEmbed = page.getByTestId('share.copyEmbed');
    this.status = page.getByTestId('share.status');
    this.tooLarge = page.getByTestId('share.tooLarge');
  }

  /** Press Share (which copies the link) and read the link from the page. */
  async copyLink(): Promise<string> {
    await this.open.click();
    await expect(this.panel).toBeVisible();
    await this.copy.click();
    return this.link.inputValue();
  }
}
