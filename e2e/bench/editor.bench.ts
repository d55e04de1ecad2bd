/**
 * The editor on generated Flannel clusters (?generate=N: 100 nodes / 3,000 pods, 1,000 nodes /
 * 30,000 pods) beside a plain React Flow page drawing the same graph, built in the same run
 * (see compare.ts): first canvas frame, ready (validated: Trace enabled), the longest main-thread
 * task during load, and pan frames per second and longest task at a normal working view (0.6×).
 * A kubectl import of the same cluster (`kubectl get … -o json` as generate-kubectl.ts writes it, uploaded through
 * File → Import from cluster): from pressing Import to the imported cluster's first frame and to ready, the longest
 * task in that span, beside the plain page drawing the imported graph.
 * Figures, not assertions: tables printed and written to test-results/bench-editor/editor.md.
 *
 *   npm run bench:editor      (BENCH_RUNS=3, BENCH_SIZES=100,1000 by default)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { generateFlannelCluster } from '../../src/scenarios/generate';
import { kubectlListText } from '../../src/scenarios/generate-kubectl';
import { KubectlImport } from '../pages/KubectlImport';
import { firstNodeAt, instrument, longestTask, openApp, openPlain, pan, RUNS, SIZES, snapshotOf, table, workingView, type Row } from './compare';

const out: string[] = [];

test.afterAll(() => {
  mkdirSync('test-results/bench-editor', { recursive: true });
  writeFileSync('test-results/bench-editor/editor.md', out.join('\n') + '\n');
});

for (const nodes of SIZES) {
  test(`editor: ${nodes} nodes beside plain React Flow`, async ({ browser }) => {
    test.setTimeout(RUNS * 400_000);
    const rows: Record<string, Row> = {};
    const row = (metric: string) => (rows[metric] ??= { metric, app: [], plain: [] });
    for (let run = 0; run < RUNS; run++) {
      const app = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const a = await openApp(app, nodes);
      const snap = await snapshotOf(app);
      const at = firstNodeAt(snap);
      await workingView(app, 'app', at);
      const ap = await pan(app, 'app');
      const drawn = await app.locator('.react-flow__node').count();
      await app.close();

      const plain = await browser.newPage();
      const p = await openPlain(plain, snap);
      await workingView(plain, 'plain', at);
      const pp = await pan(plain, 'plain');
      const plainDrawn = await plain.locator('.react-flow__node').count();
      await plain.close();

      row('first canvas frame (ms)').app.push(a.firstFrameMs);
      row('first canvas frame (ms)').plain.push(p.firstFrameMs);
      row('ready (ms)').app.push(a.readyMs);
      row('ready (ms)').plain.push(p.readyMs);
      row('longest task during load (ms)').app.push(a.loadLongestTaskMs);
      row('longest task during load (ms)').plain.push(p.loadLongestTaskMs);
      row('pan fps at 0.6×').app.push(ap.fps);
      row('pan fps at 0.6×').plain.push(pp.fps);
      row('longest task during pan (ms)').app.push(ap.longestTaskMs);
      row('longest task during pan (ms)').plain.push(pp.longestTaskMs);
      row('nodes drawn at the working view').app.push(drawn);
      row('nodes drawn at the working view').plain.push(plainDrawn);
      console.log(`run ${run + 1}: app ${JSON.stringify({ ...a, pan: ap, drawn })} plain ${JSON.stringify({ ...p, pan: pp, drawn: plainDrawn })}`);
    }
    const t = table(`editor, ${nodes} nodes (${snapshotNodes(nodes)}), ${RUNS} runs`, Object.values(rows));
    console.log(t);
    out.push(t);
  });
}

for (const nodes of SIZES) {
  test(`kubectl import: ${nodes} nodes beside plain React Flow`, async ({ browser }, info) => {
    test.setTimeout(RUNS * 900_000);
    const file = info.outputPath(`cluster-${nodes}.json`);
    writeFileSync(file, kubectlListText({ nodes, seed: 1 }, 'json'));
    const first = `node:${generateFlannelCluster({ nodes, seed: 1 }).nodes[0]!.name}`;
    const rows: Record<string, Row> = {};
    const row = (metric: string) => (rows[metric] ??= { metric, app: [], plain: [] });
    for (let run = 0; run < RUNS; run++) {
      const app = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const a = await importInto(app, file, first);
      const snap = await snapshotOf(app);
      await app.close();
      const plain = await browser.newPage();
      const p = await openPlain(plain, snap);
      await plain.close();
      row('Import → first frame of the cluster (ms)').app.push(a.firstFrameMs);
      row('Import → first frame of the cluster (ms)').plain.push(p.firstFrameMs);
      row('Import → ready (ms)').app.push(a.readyMs);
      row('Import → ready (ms)').plain.push(p.readyMs);
      row('longest task from Import to ready (ms)').app.push(a.loadLongestTaskMs);
      row('longest task from Import to ready (ms)').plain.push(p.loadLongestTaskMs);
      console.log(`run ${run + 1}: app ${JSON.stringify(a)} plain ${JSON.stringify(p)}`);
    }
    const t = table(`kubectl import, ${nodes} nodes (${snapshotNodes(nodes)}), ${RUNS} runs`, Object.values(rows));
    console.log(t);
    out.push(t);
  });
}

/** Upload `file` in File → Import from cluster on the app's own cluster and time from Import to the cluster drawn and ready. */
async function importInto(page: Page, file: string, first: string) {
  await instrument(page);
  await page.goto('/');
  await expect(page.getByTestId('trace.run')).toBeEnabled();
  const kubectl = new KubectlImport(page);
  await kubectl.open();
  await kubectl.file.setInputFiles(file);
  await expect(kubectl.import).toBeEnabled();
  const t0 = await page.evaluate(() => performance.now());
  // Pressed and watched from the page: the first frame holding the imported cluster's first node is seen before it paints.
  const firstFrameMs = await page.evaluate(
    (ref) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        (document.querySelector('[data-testid="kubectl.import"]') as HTMLButtonElement).click();
        const poll = () =>
          document.querySelector(`[data-testid="canvas.node"][data-ref="${ref}"]`) ? resolve(performance.now() - start) : requestAnimationFrame(poll);
        requestAnimationFrame(poll);
      }),
    first,
  );
  await page.waitForFunction(
    `(() => { const b = document.querySelector('[data-testid="trace.run"]'); return b && !b.disabled && (document.querySelector('[data-testid="doc.status"]')?.textContent ?? '') === ''; })()`,
    null,
    { timeout: 600_000, polling: 100 },
  );
  const readyMs = (await page.evaluate(() => performance.now())) - t0;
  await page.waitForTimeout(1000);
  return { firstFrameMs: Math.round(firstFrameMs), readyMs: Math.round(readyMs), loadLongestTaskMs: await longestTask(page, t0) };
}

function snapshotNodes(nodes: number) {
  return `${nodes * 30} pods, ${nodes * 3} services`;
}
