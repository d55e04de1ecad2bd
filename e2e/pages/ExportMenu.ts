import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';

export type ExportKind = 'png' | 'svg' | 'markdown' | 'json' | 'pcapng';

/** The header's Export menu: the canvas as PNG or SVG, the trace as Markdown, JSON or pcapng. */
export class ExportMenu {
  readonly button: Locator;
  readonly items: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.button = page.getByTestId('export.menu');
    this.items = page.getByTestId('export.items');
    this.error = page.getByTestId('export.error');
  }

  async open() {
    if (!(await this.items.isVisible())) await this.button.click();
    await expect(this.items).toBeVisible();
  }

  item(kind: ExportKind): Locator {
    return this.page.getByTestId(`export.${kind}`);
  }

  /** Choose an export and wait for its download: the file's name and bytes. */
  async save(kind: ExportKind): Promise<{ name: string; bytes: Buffer; download: Download }> {
    await this.open();
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.item(kind).click()]);
    const path = await download.path();
    return { name: download.suggestedFilename(), bytes: await readFile(path), download };
  }
}
