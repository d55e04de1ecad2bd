/**
 * Opening a big cluster, and nothing else: `?generate=N` and the kubectl import of the same cluster, each beside the
 * plain React Flow page drawing the same graph (compare.ts), and the imported cluster reopened by a reload: first canvas frame, ready (validated: Trace enabled) and
 * the longest main-thread task until a second after ready. The load rows of bench:editor, without its pan and zoom,
 * so a change to the load path is measured in minutes. Written to test-results/bench-load/load.md.
 *
 *   npm run bench:load      (BENCH_RUNS=3, BENCH_SIZES=100,1000 by default; BENCH_ONLY=generate or import for one of the two)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { test } from '@playwright/test';
import { importInto, writeKubectlCluster, openApp, openPlain, reopen, RUNS, SIZES, snapshotOf, table, Rows } from './compare';

const out: string[] = [];
const ONLY = process.env.BENCH_ONLY;

test.afterAll(() => {
  mkdirSync('test-results/bench-load', { recursive: true });
  writeFileSync('test-results/bench-load/load.md', out.join('\n') + '\n');
});

for (const nodes of SIZES) {
  test(`load: ${nodes} nodes, generated and imported, beside plain React Flow`, async ({ browser }, info) => {
    test.setTimeout(RUNS * 600_000);
    const cluster = writeKubectlCluster(nodes, info.outputPath(`cluster-${nodes}.json`));
    const rows = new Rows();
    for (let run = 0; run < RUNS; run++) {
      if (ONLY !== 'import') {
        const app = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        const a = await openApp(app, nodes);
        const snap = await snapshotOf(app);
        await app.close();
        const plain = await browser.newPage();
        const p = await openPlain(plain, snap);
        await plain.close();
        rows.measured('?generate: first canvas frame (ms)', a.firstFrameMs, p.firstFrameMs);
        rows.measured('?generate: ready (ms)', a.readyMs, p.readyMs);
        rows.measured('?generate: longest task during load (ms)', a.loadLongestTaskMs, p.loadLongestTaskMs);
        console.log(`run ${run + 1}: ?generate app ${JSON.stringify(a)} plain ${JSON.stringify(p)}`);
      }
      if (ONLY !== 'generate') {
        const imported = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        const i = await importInto(imported, cluster.file, cluster.elements);
        const isnap = await snapshotOf(imported);
        const r = await reopen(imported);
        await imported.close();
        const iplain = await browser.newPage();
        const ip = await openPlain(iplain, isnap);
        await iplain.close();
        rows.measured('import: Import → first frame (ms)', i.firstFrameMs, ip.firstFrameMs);
        rows.measured('import: file picked → first frame (ms)', i.fromPickMs, ip.firstFrameMs);
        rows.measured('import: Import → ready (ms)', i.readyMs, ip.readyMs);
        rows.measured('import: longest task from Import to ready (ms)', i.loadLongestTaskMs, ip.loadLongestTaskMs);
        rows.measured('reopen (reload on the imported cluster): first canvas frame (ms)', r.firstFrameMs, ip.firstFrameMs);
        rows.measured('reopen: ready (ms)', r.readyMs, ip.readyMs);
        rows.measured('reopen: longest task during load (ms)', r.loadLongestTaskMs, ip.loadLongestTaskMs);
        console.log(`run ${run + 1}: import app ${JSON.stringify({ import: i, reopen: r })} plain ${JSON.stringify(ip)}`);
      }
    }
    const t = table(`load, ${nodes} nodes (${nodes * 30} pods), ${RUNS} runs`, rows.all);
    console.log(t);
    out.push(t);
  });
}
