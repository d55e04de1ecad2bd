import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures/test';

test.describe('Building a cluster on the canvas, as a new user', () => {
  test('two Flannel nodes, three pods and a NodePort service by dragging and typing; a duplicate IP found and fixed; restored, undone, redone, saved and re-imported', async ({
    editor,
    page,
  }) => {
    test.setTimeout(90_000);
    await editor.open();
    await editor.fileMenu('new');
    await expect(editor.elements).toHaveCount(0);
    await editor.tab('cluster');
    await expect(page.getByTestId('cluster.field.cni.plugin')).toHaveValue('flannel');
    await editor.shot('editor-01-new');

    // Two nodes, dropped from the palette.
    await editor.drop('node', { x: 330, y: 260 });
    await expect(editor.element('node:node-1')).toBeVisible();
    await editor.drop('node', { x: 700, y: 260 });
    await expect(editor.element('node:node-2')).toBeVisible();
    await expect(editor.element('node:node-1')).toContainText('10.0.0.10');
    await expect(editor.element('node:node-2')).toContainText('10.0.0.11');
    await editor.shot('editor-02-nodes');

    // Three pods: two on node-1, one on node-2; IPAM gives them addresses from each node's block.
    await editor.dropPodOn('node:node-1');
    await expect(editor.element('pod:default/pod-1')).toContainText('10.244.0.2');
    await editor.dropPodOn('node:node-1');
    await expect(editor.element('pod:default/pod-2')).toContainText('10.244.0.3');
    await editor.dropPodOn('node:node-2');
    await expect(editor.element('pod:default/pod-3')).toContainText('10.244.1.2');
    await expect(editor.notice).toContainText('pod-3 runs on node-2: IP 10.244.1.2');
    await editor.shot('editor-03-pods');

    // Label two of them by typing, add a NodePort service and have it select them.
    await editor.select('pod:default/pod-1');
    await editor.setField('labels', 'app=web');
    await editor.select('pod:default/pod-3');
    await editor.setField('labels', 'app=web');
    await editor.drop('service', { x: 480, y: 60 });
    await expect(editor.element('svc:default/svc-1')).toBeVisible();
    await editor.select('svc:default/svc-1');
    await editor.setField('name', 'web');
    await expect(editor.element('svc:default/web')).toBeVisible();
    await editor.choose('type', 'NodePort');
    await editor.setField('selector', 'app=web');
    await expect(editor.element('svc:default/web')).toContainText('10.96.0.2');
    await expect(editor.element('svc:default/web')).toContainText('80:30000/TCP');
    await expect(page.locator('.react-flow__edge')).toHaveCount(2);
    await expect(page.getByTestId('doc.status')).not.toContainText('problems');
    await editor.shot('editor-04-service');

    // A duplicate IP: the element and the problems panel say so; fixed by letting IPAM choose.
    await editor.select('pod:default/pod-2');
    await editor.setField('ip', '10.244.0.2');
    await expect(editor.wrapper('pod:default/pod-2')).toHaveAttribute('data-problem', /10\.244\.0\.2/);
    await expect(page.getByTestId('inspector.problem').first()).toContainText('10.244.0.2');
    await editor.tab('problems');
    const problem = page.getByTestId('problems.item').filter({ hasText: 'pods[1].ip' });
    await expect(problem).toBeVisible();
    await editor.shot('editor-05-duplicate-ip');
    await page.getByTestId('sidebar.inspector').click();
    await editor.select('pod:default/pod-1');
    await editor.tab('problems');
    await problem.click();
    await expect(editor.inspector).toHaveAttribute('data-ref', 'pods[1]');
    await editor.setField('ip', '');
    await expect(editor.wrapper('pod:default/pod-2')).not.toHaveAttribute('data-problem');
    await expect(editor.element('pod:default/pod-2')).toContainText('10.244.0.3');
    await editor.tab('problems');
    await expect(page.getByTestId('problems.item')).toHaveCount(0);
    await editor.shot('editor-06-fixed');

    // Reload once the fixed document is in the library (the autosave is debounced): it comes back, with its history.
    await expect.poll(() => editor.storedPodAddresses('pod-2')).toEqual(['10.244.0.3']);
    await page.reload();
    await expect(editor.element('svc:default/web')).toContainText('10.96.0.2');
    await expect(editor.elements).toHaveCount(6);
    await editor.shot('editor-07-restored');

    // Undo everything back to the empty cluster, then redo it all.
    let undos = 0;
    while (await editor.undo().isEnabled()) {
      await editor.undo().click();
      undos++;
    }
    await expect(editor.elements).toHaveCount(0);
    await editor.shot('editor-08-undone');
    for (let i = 0; i < undos; i++) await editor.redo().click();
    await expect(editor.redo()).toBeDisabled();
    await expect(editor.element('svc:default/web')).toContainText('10.96.0.2');
    await expect(editor.element('pod:default/pod-2')).toContainText('10.244.0.3');
    await editor.shot('editor-09-redone');

    // Save as YAML, open it again: the same document; the CLI accepts it.
    const saved = test.info().outputPath('saved.yaml');
    const [download] = await Promise.all([page.waitForEvent('download'), editor.fileMenu('save-yaml')]);
    await download.saveAs(saved);
    const text = readFileSync(saved, 'utf8');
    expect(text).toContain('name: web');
    await page.getByTestId('file.input').setInputFiles(saved);
    await expect(editor.undo()).toBeDisabled();
    await expect(editor.elements).toHaveCount(6);
    const again = test.info().outputPath('again.yaml');
    const [d2] = await Promise.all([page.waitForEvent('download'), editor.fileMenu('save-yaml')]);
    await d2.saveAs(again);
    expect(readFileSync(again, 'utf8')).toBe(text);
    const out = execFileSync('npm', ['run', '-s', 'validate', '--', saved], { encoding: 'utf8' });
    expect(out).toContain('valid');
    await editor.shot('editor-10-reimported');
  });

  test('refuses an invalid file with its problems and leaves the canvas as it was', async ({ editor, page }) => {
    await editor.open();
    const before = await editor.elements.count();
    await page
      .getByTestId('file.input')
      .setInputFiles({ name: 'broken.yaml', mimeType: 'application/yaml', buffer: Buffer.from('apiVersion: hopscope/v1\nkind: Topology\nnodes: 3\n') });
    await expect(page.getByTestId('import.problems')).toContainText('broken.yaml was not opened');
    await expect(page.getByTestId('import.problems')).toContainText('metadata');
    await editor.shot('editor-11-refused');
    await page.getByTestId('import.close').click();
    await expect(editor.elements).toHaveCount(before);
  });
});
