/**
 * Export → PNG (or SVG: KIND=svg), A/B: builds served in turn on one port (see ab.ts), each opened on a generated
 * cluster (?generate=N) where the export is chosen and its download awaited under a Chromium trace; printed per build:
 * the longest task's thread time, all tasks' thread time, the work of the longest tasks by kind, and the wall time
 * from the click to the download. Figures for comparing builds in the same minutes.
 *
 *   npx vite build && E2E_PORT=4184 npx tsx e2e/bench/png-ab.ts 1000 3 /tmp/base/dist dist
 */
import { loadavg } from 'node:os';
import { statSync } from 'node:fs';
import { alternate, Figures, report, traced } from './ab';
import { openApp } from './compare';

const [nodes, runs, ...builds] = process.argv.slice(2);
const kind = process.env.KIND ?? 'png';
if (!nodes || !runs || builds.length === 0) throw new Error('usage: tsx e2e/bench/png-ab.ts NODES RUNS DIST ...');
const longest = new Figures();
const total = new Figures();
const bytes = new Figures();
const wall = new Figures();
await alternate(builds, Number(runs), async (page, dir, run) => {
  await openApp(page, Number(nodes));
  await page.getByTestId('export.menu').click();
  const cdp = await page.context().newCDPSession(page);
  console.log(`run ${run}, ${dir} (load average ${loadavg()[0]!.toFixed(1)}):`);
  let size = 0;
  const events = await traced(cdp, async () => {
    const t0 = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId(`export.${kind}`).click()]);
    wall.record(dir, Date.now() - t0);
    size = statSync(await download.path()).size;
  });
  longest.record(dir, report(events));
  total.record(dir, Math.round(events.filter((e) => e.name === 'RunTask').reduce((sum, t) => sum + (t.tdur ?? 0), 0) / 1000));
  bytes.record(dir, Math.round(size / 1024));
});
longest.print(`longest task's thread time of Export → ${kind}, ${nodes} nodes, ${runs} runs`);
total.print(`all tasks' thread time of Export → ${kind}, ${nodes} nodes`);
wall.print(`wall time from the click to the download, ${nodes} nodes`);
bytes.print(`${kind} size (KB, not ms)`);
