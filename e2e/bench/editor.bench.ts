/**
 * The editor on generated Flannel clusters (?generate=N: 100 nodes / 3,000 pods, 1,000 nodes /
 * 30,000 pods) beside a plain React Flow page drawing the same graph, built in the same run
 * (see compare.ts): first canvas frame, ready (validated: Trace enabled), the longest main-thread
 * task during load, and pan frames per second and longest task at a normal working view (0.6×).
 * Figures, not assertions: tables printed and written to test-results/bench-editor/editor.md.
 *
 *   npm run bench:editor      (BENCH_RUNS=3, BENCH_SIZES=100,1000 by default)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { test } from '@playwright/test';
import { firstNodeAt, openApp, openPlain, pan, RUNS, SIZES, snapshotOf, table, workingView, type Row } from './compare';

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

function snapshotNodes(nodes: number) {
  return `${nodes * 30} pods, ${nodes * 3} services`;
}
