/**
 * A trace on generated Flannel clusters (?generate=N, 100 and 1,000 nodes) beside a plain React
 * Flow page of the same graph built in the same run (see compare.ts): press Trace → the packet's
 * first hop drawn (the plain page: the path's nodes set marked → drawn marked), the longest
 * main-thread task in that span, and the longest task and frames per second while the trace plays.
 * Figures, not assertions: tables printed and written to test-results/bench/playback.md.
 *
 *   npm run bench:ui      (BENCH_RUNS=3, BENCH_SIZES=100,1000 by default)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { test, type Page } from '@playwright/test';
import {
  firstNodeAt,
  longestTask,
  markToDrawn,
  openApp,
  openPlain,
  RUNS,
  SIZES,
  snapshotOf,
  table,
  traceToFirstHop,
  workingView,
  requestFor,
  Rows,
} from './compare';

const out: string[] = [];

test.afterAll(() => {
  mkdirSync('test-results/bench', { recursive: true });
  writeFileSync('test-results/bench/playback.md', out.join('\n') + '\n');
});

async function playFor(page: Page, ms: number) {
  await page.getByTestId('playback.first').click();
  const t0 = await page.evaluate(() => performance.now());
  const frames = await page.evaluate(
    (ms) =>
      new Promise<number>((resolve) => {
        (document.querySelector('[data-testid="playback.play"]') as HTMLButtonElement).click();
        const start = performance.now();
        let n = 0;
        const step = (t: number) => (++n, t - start < ms ? requestAnimationFrame(step) : resolve((n * 1000) / (t - start)));
        requestAnimationFrame(step);
      }),
    ms,
  );
  return { fps: Math.round(frames * 10) / 10, longestTaskMs: await longestTask(page, t0) };
}

for (const nodes of SIZES) {
  test(`trace and playback: ${nodes} nodes beside plain React Flow`, async ({ browser }) => {
    test.setTimeout(RUNS * 400_000);
    const req = requestFor(nodes);
    const rows = new Rows();
    for (let run = 0; run < RUNS; run++) {
      const app = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await openApp(app, nodes);
      const snap = await snapshotOf(app);
      await workingView(app, 'app', firstNodeAt(snap));
      const tr = await traceToFirstHop(app, req.from, req.to);
      const play = await playFor(app, 5000);
      await app.close();

      const plain = await browser.newPage();
      await openPlain(plain, snap);
      await workingView(plain, 'plain', firstNodeAt(snap));
      const mk = await markToDrawn(plain, tr.path.length ? tr.path : [snap.graph.nodes.find((n) => n.id.startsWith('node:'))!.id]);
      await plain.close();

      rows.measured('Trace → first hop drawn (ms)', tr.ms, mk.ms);
      rows.measured('longest task, trace (ms)', tr.longestTaskMs, mk.longestTaskMs);
      rows.measured('playback fps', play.fps);
      rows.measured('longest task, playback (ms)', play.longestTaskMs);
      console.log(
        `run ${run + 1}: trace ${JSON.stringify({ ms: tr.ms, task: tr.longestTaskMs, path: tr.path.length })} plain ${JSON.stringify(mk)} playback ${JSON.stringify(play)}`,
      );
    }
    const t = table(`trace, ${nodes} nodes (${req.from} → ${req.to}), ${RUNS} runs`, rows.all);
    console.log(t);
    out.push(t);
  });
}
