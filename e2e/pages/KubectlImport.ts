import { expect, type Locator, type Page } from '@playwright/test';

/** File → Import from cluster: paste or upload kubectl output, pick the CNI when asked, read problems or warnings. */
export class KubectlImport {
  readonly dialog: Locator;
  readonly text: Locator;
  readonly file: Locator;
  readonly cni: Locator;
  readonly import: Locator;
  readonly cancel: Locator;
  readonly close: Locator;
  readonly done: Locator;
  readonly warnings: Locator;
  readonly problems: Locator;
  readonly problemItems: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId('kubectl.dialog');
    this.text = page.getByTestId('kubectl.text');
    this.file = page.getByTestId('kubectl.file');
    this.cni = page.getByTestId('kubectl.cni');
    this.import = page.getByTestId('kubectl.import');
    this.cancel = page.getByTestId('kubectl.cancel');
    this.close = page.getByTestId('kubectl.close');
    this.done = page.getByTestId('kubectl.done');
    this.warnings = page.getByTestId('kubectl.warnings');
    this.problems = page.getByTestId('kubectl.problems');
    this.problemItems = page.getByTestId('kubectl.problem');
  }

  async open() {
    await this.page.getByTestId('file.menu').click();
    await this.page.getByTestId('file.import-kubectl').click();
    await expect(this.dialog).toBeVisible();
  }

  async upload(path: string) {
    await this.file.setInputFiles(path);
    await expect(this.page.getByTestId('kubectl.file-name')).toContainText(path.split('/').at(-1)!);
  }

  async paste(text: string) {
    await this.text.fill(text);
  }
}
