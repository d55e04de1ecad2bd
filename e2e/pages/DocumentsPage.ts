import { expect, type Locator, type Page } from '@playwright/test';

/** File → Documents (the library in the browser) and the storage notes at the top of the window. */
export class DocumentsPage {
  readonly dialog: Locator;
  readonly rows: Locator;
  readonly unreadable: Locator;
  readonly notes: Locator;
  readonly docName: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId('documents');
    this.rows = page.getByTestId('documents.row');
    this.unreadable = page.getByTestId('documents.unreadable');
    this.notes = page.getByTestId('storage.notes');
    this.docName = page.getByTestId('doc.name');
  }

  async open() {
    await this.page.getByTestId('file.menu').click();
    await this.page.getByTestId('file.documents').click();
    await expect(this.dialog).toBeVisible();
  }

  async close() {
    await this.page.getByTestId('documents.close').click();
    await expect(this.dialog).toHaveCount(0);
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="documents.row"][data-name="${name}"]`);
  }

  /** Open the document called `name` from the dialog. */
  async openDocument(name: string) {
    if (!(await this.dialog.isVisible())) await this.open();
    await this.row(name).getByTestId('documents.open').click();
    await expect(this.dialog).toHaveCount(0);
    await expect(this.docName).toHaveText(name);
  }

  note(kind: string): Locator {
    return this.page.getByTestId(`storage.note.${kind}`);
  }

  /** Press a note's Download and read what it saved. */
  async downloadFrom(note: Locator): Promise<string> {
    const [d] = await Promise.all([this.page.waitForEvent('download'), note.getByTestId('storage.download').click()]);
    const path = await d.path();
    const { readFileSync } = await import('node:fs');
    return readFileSync(path, 'utf8');
  }

  /**
   * Waits until the document on screen has finished opening (this tab's pointer to it is written, after its validation:
   * a built-in is drawn before), so storage changed after this is not written over by the opening.
   */
  async opened() {
    await expect.poll(() => this.page.evaluate(() => sessionStorage.getItem('hopscope.tab.doc'))).not.toBeNull();
  }

  /** Runs `fn` where the library's IndexedDB is opened (its worker: library-storage.ts), e.g. to make its writes fail. */
  async inStorage(fn: () => void) {
    const isLibrary = (w: { url(): string }) => w.url().includes('library.worker');
    const worker = this.page.workers().find(isLibrary) ?? (await this.page.waitForEvent('worker', { predicate: isLibrary }));
    await worker.evaluate(fn);
  }

  /** The stored entries, put straight into the browser's IndexedDB (as another version or a fault would leave them). */
  async seed(entries: Record<string, string>) {
    await this.page.evaluate(async (e) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('hopscope', 1);
        r.onupgradeneeded = () => r.result.createObjectStore('documents');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const tx = db.transaction('documents', 'readwrite');
      for (const [k, v] of Object.entries(e)) tx.objectStore('documents').put(v, k);
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    }, entries);
  }
}
