import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import LZString from 'lz-string';
import { DocumentsPage } from './pages/DocumentsPage';
import { EditorPage } from './pages/EditorPage';
import { KubectlImport } from './pages/KubectlImport';
import { LessonPanel } from './pages/LessonPanel';

const test = base.extend<{ editor: EditorPage; docs: DocumentsPage; lessons: LessonPanel; kubectl: KubectlImport }>({
  editor: async ({ page }, use) => use(new EditorPage(page)),
  docs: async ({ page }, use) => use(new DocumentsPage(page)),
  lessons: async ({ page }, use) => use(new LessonPanel(page)),
  kubectl: async ({ page }, use) => use(new KubectlImport(page)),
});

const { compressToEncodedURIComponent } = LZString;
const shot = (name: string) => `e2e/screenshots/documents-${name}.png`;
const FILE = fileURLToPath(new URL('../src/model/testdata/calico-bgp-tor.yaml', import.meta.url));
const KUBECTL = fileURLToPath(new URL('../src/model/testdata/kubectl-ack-flannel.yaml', import.meta.url));
const LINKED = {
  apiVersion: 'hopscope/v1',
  kind: 'Topology',
  metadata: { name: 'linked' },
  cluster: {
    cni: { plugin: 'flannel', mode: 'vxlan' },
    kubeProxy: { mode: 'iptables' },
    podCIDR: '10.244.0.0/16',
    serviceCIDR: '10.96.0.0/12',
    vpc: { cidr: '10.0.0.0/16' },
  },
  nodes: [{ name: 'far', ip: '10.0.0.50' }],
};

/** File → Save as JSON: the document on screen, as text. */
async function savedJson(page: Page, editor: EditorPage): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), editor.fileMenu('save-json')]);
  return readFileSync(await d.path(), 'utf8');
}

/** Two nodes and a pod on the first, dragged from the palette onto a new document. */
async function buildCluster(editor: EditorPage) {
  await editor.fileMenu('new');
  await expect(editor.elements).toHaveCount(0);
  await editor.drop('node', { x: 330, y: 260 });
  await expect(editor.element('node:node-1')).toBeVisible();
  await editor.drop('node', { x: 700, y: 260 });
  await expect(editor.element('node:node-2')).toBeVisible();
  await editor.dropPodOn('node:node-1');
  await expect(editor.element('pod:default/pod-1')).toContainText('10.244.0.2');
}

test.describe('Never lose a user’s work: File → Documents', () => {
  test('a cluster built by hand survives a lesson, a file, a share link, a kubectl import and reloads, byte for byte', async ({
    editor,
    docs,
    lessons,
    kubectl,
    page,
  }) => {
    test.setTimeout(120_000);
    await editor.open();
    await buildCluster(editor);
    await expect(docs.docName).toHaveText('untitled 1');
    const built = await savedJson(page, editor);
    expect(built).toContain('node-2');

    /** It is listed, opens with its undo history, and saves to the same bytes. */
    const expectKept = async (step: string) => {
      await docs.open();
      await expect(docs.row('untitled 1')).toBeVisible();
      await page.screenshot({ path: shot(`kept-${step}`) });
      await docs.openDocument('untitled 1');
      await expect(editor.elements).toHaveCount(3);
      await expect(editor.undo()).toBeEnabled();
      expect(await savedJson(page, editor)).toBe(built);
    };

    // A lesson replaces it: the person is told where it went; after a reload it is still there.
    await lessons.open('a1');
    await expect(editor.notice).toContainText('Your cluster “untitled 1” is in File → Documents.');
    await page.screenshot({ path: shot('01-lesson-notice') });
    await page.getByTestId('lesson.close').click();
    await page.reload();
    await expectKept('lesson');

    // File → Open.
    await page.getByTestId('file.input').setInputFiles(FILE);
    await expect(docs.docName).toHaveText('calico-bgp-tor.yaml');
    await expect(editor.notice).toContainText('untitled 1');
    await page.reload();
    await expectKept('open');

    // A share link.
    await page.goto(`/?doc=${compressToEncodedURIComponent(JSON.stringify(LINKED))}`);
    await expect(editor.element('node:far')).toBeVisible();
    await page.reload();
    await expect(editor.element('node:far')).toBeVisible();
    await expectKept('link');

    // Import from cluster.
    await kubectl.open();
    await kubectl.upload(KUBECTL);
    await kubectl.import.click();
    await expect(kubectl.done).toBeVisible();
    await kubectl.close.click();
    await expect(editor.notice).toContainText('untitled 1');
    await page.reload();
    await expectKept('kubectl');

    // Everything that arrived is in the library too; the built-in lesson copy is not (it was never edited).
    await docs.open();
    await expect(docs.rows).toHaveCount(4);
    await expect(docs.row('linked')).toBeVisible();
    await expect(docs.row('kubectl-ack-flannel.yaml')).toBeVisible();
    await page.screenshot({ path: shot('02-documents') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: shot('02-documents-1024') });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  test('rename, duplicate, delete with undo, export', async ({ editor, docs, page }) => {
    await editor.open();
    await buildCluster(editor);
    await docs.open();
    const row = docs.row('untitled 1');
    await row.getByTestId('documents.rename').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('my cluster');
    await page.keyboard.press('Enter');
    await expect(docs.row('my cluster')).toBeVisible();
    await expect(docs.docName).toHaveText('my cluster');
    await docs.row('my cluster').getByTestId('documents.duplicate').click();
    await expect(docs.row('my cluster (copy)')).toBeVisible();
    const [d] = await Promise.all([page.waitForEvent('download'), docs.row('my cluster (copy)').getByTestId('documents.export').click()]);
    expect(JSON.parse(readFileSync(await d.path(), 'utf8')).nodes).toHaveLength(2);
    await docs.row('my cluster (copy)').getByTestId('documents.delete').click();
    await expect(docs.row('my cluster (copy)')).toHaveCount(0);
    await expect(page.getByTestId('documents.deleted')).toContainText('my cluster (copy)');
    await page.screenshot({ path: shot('03-deleted') });
    await page.getByTestId('documents.undo-delete').click();
    await expect(docs.row('my cluster (copy)')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(docs.dialog).toHaveCount(0);
  });

  test('in Chinese: the menu, the Documents dialog and the notes', async ({ editor, docs, page }) => {
    await editor.open();
    await page.getByTestId('prefs.language').selectOption('zh');
    await buildCluster(editor);
    await page.getByTestId('file.menu').click();
    await expect(page.getByTestId('file.documents')).toHaveText('文档…');
    await page.screenshot({ path: shot('12-zh-menu') });
    await page.getByTestId('file.documents').click();
    await expect(docs.dialog).toContainText('你创建、打开或修改过的所有文档');
    for (const [w, h] of [
      [1440, 900],
      [1024, 768],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: shot(`13-zh-documents-${w}`) });
    }
    await docs.close();
    await editor.fileMenu('new');
    await expect(editor.notice).toContainText('你的集群“untitled 1”保存在 文件 → 文档 中。');
    await page.goto('/?doc=broken');
    await expect(docs.note('brokenLink')).toContainText('此链接中的文档已损坏（无法解压）');
    await page.screenshot({ path: shot('14-zh-broken-link-1024') });
  });

  test('a built-in opens as a read-only copy; editing it makes a document of your own', async ({ editor, docs, page }) => {
    await editor.open();
    await expect(docs.docName).toHaveText('not saved (a copy)');
    await docs.open();
    await expect(docs.rows).toHaveCount(0);
    await docs.close();
    // The first edit: a title typed in the Cluster tab.
    await editor.tab('cluster');
    await page.getByTestId('cluster.field.metadata.title').click();
    await page.keyboard.type('my copy');
    await page.keyboard.press('Enter');
    await expect(editor.undo()).toBeEnabled();
    await expect(docs.docName).toHaveText('ack-flannel');
    await docs.open();
    await expect(docs.rows).toHaveCount(1);
    await expect(docs.row('ack-flannel')).toBeVisible();
    await page.screenshot({ path: shot('15-builtin-copy') });
  });

  test('an edit followed at once by a reload is not lost (the journal written as the page goes away)', async ({ editor, docs, page }) => {
    await editor.open();
    await editor.fileMenu('new');
    await editor.drop('node', { x: 330, y: 260 });
    await expect(editor.element('node:node-1')).toBeVisible();
    // From here IndexedDB writes fail, as one cut short by a closing page would: only the journal can keep the edit.
    await docs.inStorage(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('cut short', 'AbortError');
      };
    });
    await editor.drop('node', { x: 700, y: 260 });
    await expect(editor.element('node:node-2')).toBeVisible();
    await page.reload();
    await expect(editor.element('node:node-2')).toBeVisible();
    await expect(docs.docName).toHaveText('untitled 1');
    await expect(editor.undo()).toBeEnabled();
  });

  test('a library whose worker cannot start keeps documents all the same (IndexedDB opened on the page)', async ({ editor, docs, page }) => {
    let refused = 0;
    await page.route(/\/assets\/library\.worker-[\w-]+\.js$/, (route) => (refused++, route.abort()));
    await editor.open();
    await editor.fileMenu('new');
    await editor.drop('node', { x: 330, y: 260 });
    await expect(editor.element('node:node-1')).toBeVisible();
    await expect.poll(() => editor.storedNodeNames()).toContain('node-1');
    expect(refused).toBeGreaterThan(0);
    await expect(docs.note('unavailable')).toHaveCount(0);
  });

  test('a find-the-fault lesson closes with its document: File → New', async ({ editor, lessons, page }) => {
    await editor.open();
    await lessons.open('d3');
    await expect(lessons.panel).toBeVisible();
    await editor.fileMenu('new');
    await expect(editor.elements).toHaveCount(0);
    await expect(lessons.panel).toHaveCount(0);
    await expect(page.getByTestId('doc.name')).toHaveText('new, not saved yet');
  });
});

test.describe('Storage and links are not trusted', () => {
  test('unreadable entries (invalid JSON, wrong schema, newer version): the app starts, says so, and the raw text downloads', async ({
    editor,
    docs,
    page,
  }) => {
    await editor.open();
    await docs.opened();
    const raw = { cut: '{"v":2,"id":"cut","name":"half', alien: '{"v":2,"name":5}', newer: '{"v":9,"name":"from the future"}' };
    await docs.seed(raw);
    await page.evaluate(() => sessionStorage.setItem('hopscope.tab.doc', 'cut'));
    await page.reload();
    const note = docs.note('unreadable');
    await expect(note).toContainText('3 stored entries could not be read');
    await expect(note).toContainText('not valid JSON');
    await expect(editor.canvas.locator('[data-kind="vpc"]')).toBeVisible();
    await expect(editor.elements).toHaveCount(0);
    await page.screenshot({ path: shot('04-unreadable') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: shot('04-unreadable-1024') });
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(JSON.parse(await docs.downloadFrom(note))).toEqual(raw);
    await docs.open();
    await expect(docs.unreadable).toHaveCount(3);
    const [d] = await Promise.all([page.waitForEvent('download'), docs.unreadable.filter({ hasText: 'cut' }).getByTestId('documents.download-raw').click()]);
    expect(readFileSync(await d.path(), 'utf8')).toBe(raw.cut);
    await page.screenshot({ path: shot('05-unreadable-dialog') });
  });

  test('an entry listed by its name whose document is damaged: Export says so in its row and offers the stored text', async ({ editor, docs, page }) => {
    await editor.open();
    const hurt = '{"v":2,"id":"hurt","name":"half kept","created":1,"modified":2,"rev":1,"doc":{"apiVersion":"hopscope/v1","nod';
    await docs.seed({ hurt });
    await docs.open();
    const row = page.getByTestId('documents').locator('tr', { hasText: 'half kept' });
    await expect(row.getByTestId('documents.damaged')).toHaveCount(0);
    await row.getByTestId('documents.export').click();
    await expect(row.getByTestId('documents.damaged')).toContainText('not valid JSON');
    const [d] = await Promise.all([page.waitForEvent('download'), row.getByTestId('documents.download-raw').click()]);
    expect(readFileSync(await d.path(), 'utf8')).toBe(hurt);
    await page.screenshot({ path: shot('05b-damaged-row') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await expect(row.getByTestId('documents.download-raw')).toBeVisible();
    await page.screenshot({ path: shot('05b-damaged-row-1024') });
  });

  test('an old autosave whose pods hold null starts on its last good copy, with a message and the bad text downloadable', async ({ editor, docs, page }) => {
    await editor.open();
    await docs.opened();
    const bad = {
      apiVersion: 'hopscope/v1',
      kind: 'Topology',
      metadata: { name: 'mine' },
      cluster: { cni: { plugin: 'flannel', mode: 'vxlan' } },
      nodes: 'abc',
      pods: [null],
    };
    const good = { ...LINKED, metadata: { name: 'mine' } };
    await page.evaluate(
      ([b, g]) => {
        localStorage.removeItem('hopscope.migrated.v2');
        sessionStorage.clear();
        localStorage.setItem('hopscope.autosave.v1', JSON.stringify({ doc: b, past: [], future: [] }));
        localStorage.setItem('hopscope.lastgood.v1', JSON.stringify(g));
      },
      [bad, good],
    );
    await page.reload();
    await expect(docs.note('invalidStored')).toContainText('“mine” did not validate');
    await expect(editor.element('node:far')).toBeVisible();
    await expect(editor.redo()).toBeEnabled();
    expect(JSON.parse(await docs.downloadFrom(docs.note('invalidStored')))).toEqual(bad);
    await page.screenshot({ path: shot('06-last-good') });
    // Redo draws the malformed version without breaking the page (its problems listed), Undo goes back.
    await editor.redo().click();
    await expect(editor.element('node:far')).toHaveCount(0);
    await editor.tab('problems');
    await expect(page.getByTestId('problems.item').first()).toBeVisible();
    await page.screenshot({ path: shot('06-last-good-redo') });
    await editor.undo().click();
    await expect(editor.element('node:far')).toBeVisible();
  });

  test('a full quota: the change is not lost from the screen, the app says so and offers the document', async ({ editor, docs, page }) => {
    await editor.open();
    await docs.inStorage(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await editor.fileMenu('new');
    await editor.drop('node', { x: 330, y: 260 });
    await expect(docs.note('quota')).toContainText('storage is full');
    expect(await docs.downloadFrom(docs.note('quota'))).toContain('node-1');
    await page.screenshot({ path: shot('07-quota') });
  });

  test('a broken share link says so and why, and never shows the sample; in an embed too', async ({ editor, docs, page }) => {
    await page.goto('/?doc=this-is-not-a-document');
    await expect(docs.note('brokenLink')).toContainText('This link’s document is broken (it does not decompress)');
    await expect(editor.elements).toHaveCount(0);
    await page.screenshot({ path: shot('08-broken-link') });
    expect(await docs.downloadFrom(docs.note('brokenLink'))).toBe('this-is-not-a-document');

    // Valid JSON, malformed document: refused like a file, not drawn.
    const malformed = compressToEncodedURIComponent(
      JSON.stringify({ apiVersion: 'hopscope/v1', kind: 'Topology', metadata: { name: 'x' }, cluster: {}, pods: null, nodes: 'abc' }),
    );
    await page.goto(`/?doc=${malformed}`);
    await expect(page.getByTestId('import.problems')).toBeVisible();
    await page.getByTestId('import.close').click();
    await expect(editor.elements).toHaveCount(0);

    await page.goto('/?embed=1&doc=this-is-not-a-document');
    await expect(page.getByTestId('embed.problem')).toContainText('This link’s document is broken');
    await page.goto(`/?embed=1&doc=${malformed}`);
    await expect(page.getByTestId('embed.problem')).toContainText("nodes: expected a list, got the text 'abc'");
    await page.screenshot({ path: shot('09-embed-broken') });
  });

  test('two tabs on one document: the later writer is warned and nothing is overwritten', async ({ editor, docs, page, context }) => {
    await editor.open();
    await buildCluster(editor);
    await expect(docs.docName).toHaveText('untitled 1');
    const other = await context.newPage();
    const editor2 = new EditorPage(other);
    const docs2 = new DocumentsPage(other);
    await other.goto('/');
    await expect(docs2.docName).toHaveText('untitled 1');
    await expect(editor2.elements).toHaveCount(3);

    // The first tab changes it: the second is told at once.
    await editor.drop('node', { x: 1000, y: 260 });
    await expect(editor.element('node:node-3')).toBeVisible();
    await expect(docs2.note('changedElsewhere')).toContainText('“untitled 1” was just changed in another tab');
    await other.screenshot({ path: shot('10-other-tab') });

    // The second writes anyway: its version becomes a document of its own.
    await editor2.drop('node', { x: 1000, y: 260 });
    await expect(docs2.note('conflict')).toContainText('this tab’s changes are saved as “untitled 1 (2)”');
    await expect(docs2.docName).toHaveText('untitled 1 (2)');
    await other.screenshot({ path: shot('11-conflict') });
    await docs2.open();
    await expect(docs2.rows).toHaveCount(2);
    await docs2.close();
    // The first tab's document is intact.
    await page.reload();
    await expect(editor.elements).toHaveCount(4);
  });
});
