import { expect, type Locator, type Page } from '@playwright/test';

/** The editor: palette, canvas, inspector, cluster and problems panels, File menu, undo/redo. */
export class EditorPage {
  readonly canvas: Locator;
  readonly pane: Locator;
  readonly elements: Locator;
  readonly inspector: Locator;
  readonly problems: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('canvas');
    this.pane = this.canvas.locator('.react-flow__pane');
    // Everything the person added (the VPC box is always there).
    this.elements = this.canvas.locator('[data-testid="canvas.node"]:not([data-kind="vpc"])');
    this.inspector = page.getByTestId('inspector');
    this.problems = page.getByTestId('problems');
    this.notice = page.getByTestId('editor.notice');
  }

  async open() {
    await this.page.goto('/');
    await expect(this.canvas.locator('[data-kind="vpc"]')).toBeVisible();
  }

  async shot(name: string) {
    await this.page.screenshot({ path: `e2e/screenshots/${name}.png` });
  }

  /** The documents stored in the browser's library (IndexedDB), as the autosave wrote them. */
  private storedDocs(): Promise<{ pods?: { name?: string; ip?: unknown }[]; nodes?: { name?: string }[] }[]> {
    return this.page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('hopscope', 1);
        r.onupgradeneeded = () => r.result.createObjectStore('documents');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const all = db.transaction('documents', 'readonly').objectStore('documents').getAll();
      const texts = await new Promise<unknown[]>((resolve) => (all.onsuccess = () => resolve(all.result)));
      db.close();
      return texts.flatMap((t) => {
        try {
          const doc = (JSON.parse(String(t)) as { doc?: object }).doc;
          return doc ? [doc] : [];
        } catch {
          return [];
        }
      });
    });
  }

  /** The addresses a pod has in the documents stored in the browser's library (IndexedDB), as the autosave wrote them. */
  async storedPodAddresses(pod: string): Promise<string[]> {
    const pods = (await this.storedDocs()).flatMap((d) => d.pods ?? []);
    return pods.filter((p) => p.name === pod && typeof p.ip === 'string').map((p) => p.ip as string);
  }

  /** The node names of the documents stored in the library. */
  async storedNodeNames(): Promise<string[]> {
    return (await this.storedDocs()).flatMap((d) => (d.nodes ?? []).map((n) => String(n.name)));
  }

  /** A canvas element by reference (`node:NAME`, `pod:NS/NAME`, `svc:NS/NAME`, …). */
  element(ref: string): Locator {
    return this.canvas.locator(`[data-testid="canvas.node"][data-ref="${ref}"]`);
  }

  /** React Flow's wrapper of an element: carries selection and the problem marker. */
  wrapper(ref: string): Locator {
    return this.canvas.locator(`.react-flow__node[data-id="${ref}"]`);
  }

  async fileMenu(item: 'new' | 'open' | 'save-yaml' | 'save-json') {
    await this.page.getByTestId('file.menu').click();
    await this.page.getByTestId(`file.${item}`).click();
  }

  /** Drag a palette item onto the canvas at a point of the pane (pixels from its top-left). */
  async drop(kind: 'node' | 'pod' | 'service' | 'loadBalancer' | 'external' | 'router', at: { x: number; y: number }) {
    await this.page.getByTestId(`palette.${kind}`).dragTo(this.pane, { targetPosition: at, force: true });
  }

  /** Drag a palette pod onto an element (a node box), just below its header. */
  async dropPodOn(nodeRef: string) {
    const box = await this.element(nodeRef).boundingBox();
    const pane = await this.pane.boundingBox();
    if (!box || !pane) throw new Error(`${nodeRef} is not on screen`);
    await this.drop('pod', { x: box.x - pane.x + box.width / 2, y: box.y - pane.y + 48 });
  }

  async select(ref: string) {
    await this.element(ref).click();
    await expect(this.inspector).toBeVisible();
  }

  field(name: string): Locator {
    return this.page.getByTestId(`inspector.field.${name}`);
  }

  /** Type into a field of the selected element and commit it (Enter). */
  async setField(name: string, value: string) {
    const f = this.field(name);
    await f.fill(value);
    await f.press('Enter');
  }

  async choose(name: string, value: string) {
    await this.field(name).selectOption(value);
  }

  /** Drag from an element's connection handle to another element. */
  async connect(fromRef: string, toRef: string) {
    const src = this.wrapper(fromRef).locator('.react-flow__handle.source[data-handleid="edit-out"]');
    const dst = this.wrapper(toRef).locator('.react-flow__handle.target[data-handleid="edit-in"]');
    await this.wrapper(fromRef).hover();
    const a = await src.boundingBox();
    const b = await dst.boundingBox();
    if (!a || !b) throw new Error('handles not on screen');
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
    await this.page.mouse.up();
  }

  async tab(name: 'inspector' | 'cluster' | 'problems') {
    await this.page.getByTestId(`sidebar.${name}`).click();
  }

  undo(): Locator {
    return this.page.getByTestId('edit.undo');
  }

  redo(): Locator {
    return this.page.getByTestId('edit.redo');
  }
}
