/**
 * The editor on generated Flannel clusters (?generate=N: 100 nodes / 3,000 pods, 1,000 nodes /
 * 30,000 pods) beside a plain React Flow page drawing the same graph, built in the same run
 * (see compare.ts): first canvas frame, ready (validated: Trace enabled), the longest main-thread
 * task during load, and pan frames per second and longest task at a normal working view (0.6×); then a
 * zoom out and in across the level-of-detail threshold (FAR_ZOOM, src/layout/lod.ts), and the same pan
 * and zoom with every node expanded (each beside the plain page of the expanded graph).
 * A kubectl import of the same cluster (`kubectl get … -o json` as generate-kubectl.ts writes it, uploaded through
 * File → Import from cluster): from pressing Import to the imported cluster's first frame and to ready, the longest
 * task in that span, beside the plain page drawing the imported graph.
 * Figures, not assertions: tables printed and written to test-results/bench-editor/editor.md.
 *
 *   npm run bench:editor      (BENCH_RUNS=3, BENCH_SIZES=100,1000 by default)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { test } from '@playwright/test';
import {
  expandAll,
  firstNodeAt,
  importInto,
  writeKubectlCluster,
  openApp,
  openPlain,
  pan,
  RUNS,
  SIZES,
  snapshotOf,
  table,
  workingView,
  Rows,
  type Snap,
  zoomAcross,
  ZOOM_OUT,
} from './compare';

const out: string[] = [];

test.afterAll(() => {
  mkdirSync('test-results/bench-editor', { recursive: true });
  writeFileSync('test-results/bench-editor/editor.md', out.join('\n') + '\n');
});

for (const nodes of SIZES) {
  test(`editor: ${nodes} nodes beside plain React Flow`, async ({ browser }) => {
    test.setTimeout(RUNS * 400_000);
    const rows = new Rows();
    for (let run = 0; run < RUNS; run++) {
      const app = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const a = await openApp(app, nodes);
      const snap = await snapshotOf(app);
      const at = firstNodeAt(snap);
      await workingView(app, 'app', at);
      const ap = await pan(app, 'app');
      const drawn = await app.locator('.react-flow__node').count();
      const az = await zoomAcross(app, 'app');
      // Every node expanded, as the toolbar's Expand does: pods drawn one by one near, as a layer far.
      await expandAll(app, at);
      const open = await snapshotOf(app);
      const ape = await pan(app, 'app');
      const aze = await zoomAcross(app, 'app');
      await app.close();

      const p = await plainRun(browser, snap, at);
      const pe = await plainRun(browser, open, at);

      rows.measured('first canvas frame (ms)', a.firstFrameMs, p.load.firstFrameMs);
      rows.measured('ready (ms)', a.readyMs, p.load.readyMs);
      rows.measured('longest task during load (ms)', a.loadLongestTaskMs, p.load.loadLongestTaskMs);
      rows.measured('pan fps at 0.6×', ap.fps, p.pan.fps);
      rows.measured('longest task during pan (ms)', ap.longestTaskMs, p.pan.longestTaskMs);
      rows.measured('nodes drawn at the working view', drawn, p.drawn);
      rows.measured(`zoom 0.6× ↔ ${ZOOM_OUT}× fps`, az.fps, p.zoom.fps);
      rows.measured('longest task during zoom (ms)', az.longestTaskMs, p.zoom.longestTaskMs);
      rows.measured('expanded: pan fps at 0.6×', ape.fps, pe.pan.fps);
      rows.measured('expanded: longest task during pan (ms)', ape.longestTaskMs, pe.pan.longestTaskMs);
      rows.measured(`expanded: zoom 0.6× ↔ ${ZOOM_OUT}× fps`, aze.fps, pe.zoom.fps);
      rows.measured('expanded: longest task during zoom (ms)', aze.longestTaskMs, pe.zoom.longestTaskMs);
      console.log(
        `run ${run + 1}: app ${JSON.stringify({ ...a, pan: ap, drawn, zoom: az, expanded: { pan: ape, zoom: aze } })} plain ${JSON.stringify({ ...p, expanded: pe })}`,
      );
    }
    const t = table(`editor, ${nodes} nodes (${snapshotNodes(nodes)}), ${RUNS} runs`, rows.all);
    console.log(t);
    out.push(t);
  });
}

for (const nodes of SIZES) {
  test(`kubectl import: ${nodes} nodes beside plain React Flow`, async ({ browser }, info) => {
    test.setTimeout(RUNS * 900_000);
    const cluster = writeKubectlCluster(nodes, info.outputPath(`cluster-${nodes}.json`));
    const rows = new Rows();
    for (let run = 0; run < RUNS; run++) {
      const app = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const a = await importInto(app, cluster.file, cluster.elements);
      const snap = await snapshotOf(app);
      await app.close();
      const plain = await browser.newPage();
      const p = await openPlain(plain, snap);
      await plain.close();
      rows.measured('Import → first frame of the cluster (ms)', a.firstFrameMs, p.firstFrameMs);
      rows.measured('file picked → first frame of the cluster (ms)', a.fromPickMs, p.firstFrameMs);
      rows.measured('Import → ready (ms)', a.readyMs, p.readyMs);
      rows.measured('longest task from Import to ready (ms)', a.loadLongestTaskMs, p.loadLongestTaskMs);
      console.log(`run ${run + 1}: app ${JSON.stringify(a)} plain ${JSON.stringify(p)}`);
    }
    const t = table(`kubectl import, ${nodes} nodes (${snapshotNodes(nodes)}), ${RUNS} runs`, rows.all);
    console.log(t);
    out.push(t);
  });
}

function snapshotNodes(nodes: number) {
  return `${nodes * 30} pods, ${nodes * 3} services`;
}

/** The plain page of `snap`: load, pan and zoom at the working view. */
async function plainRun(browser: import('@playwright/test').Browser, snap: Snap, at: { x: number; y: number }) {
  const page = await browser.newPage();
  const load = await openPlain(page, snap);
  await workingView(page, 'plain', at);
  const p = await pan(page, 'plain');
  const drawn = await page.locator('.react-flow__node').count();
  const zoom = await zoomAcross(page, 'plain');
  await page.close();
  return { load, pan: p, drawn, zoom };
}
