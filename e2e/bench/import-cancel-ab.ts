/**
 * What a cancelled kubectl import still costs, A/B: builds served in turn on one port (see ab.ts), each picking the same
 * generated N-node cluster in File → Import from cluster, pressing Import and, AFTER ms later (while the worker reads,
 * parses or converts it), Cancel; then, under a Chromium trace of the page's threads, the thread time each thread ran
 * from Cancel for WATCH ms, and whether the cancelled import reached the canvas all the same (the title on screen).
 *
 *   npx vite build && E2E_PORT=4183 AFTER=400 npx tsx e2e/bench/import-cancel-ab.ts 1000 3 /tmp/base/dist dist
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { eachBuild, Figures, launch, newPage, threads } from './ab';
import { endTrace } from './chrome-trace';
import { writeKubectlCluster } from './compare';
import { KubectlImport } from '../pages/KubectlImport';

const CATEGORIES = 'devtools.timeline,disabled-by-default-devtools.timeline,toplevel';
const AFTER = Number(process.env.AFTER ?? 400);
const WATCH = Number(process.env.WATCH ?? 6000);
const [nodes, runs, ...builds] = process.argv.slice(2);
if (!nodes || !runs || builds.length === 0) throw new Error('usage: tsx e2e/bench/import-cancel-ab.ts NODES RUNS DIST ...');
const cluster = writeKubectlCluster(Number(nodes), join(mkdtempSync(join(tmpdir(), 'import-cancel-ab-')), `cluster-${nodes}.json`));
const browser = await launch();
const figures = new Figures();
await eachBuild(builds, Number(runs), async (dir, run) => {
  const page = await newPage(browser);
  await page.goto('/');
  await page.waitForFunction(`!document.querySelector('[data-testid="trace.run"]')?.disabled`, null, { timeout: 120_000 });
  const title = await page.getByTestId('doc.title').textContent();
  const kubectl = new KubectlImport(page);
  await kubectl.open();
  await kubectl.file.setInputFiles(cluster.file);
  await page.waitForFunction(`!document.querySelector('[data-testid="kubectl.import"]')?.disabled`);
  await kubectl.import.click();
  await page.waitForTimeout(AFTER);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReturnAsStream' });
  await kubectl.cancel.click();
  await page.waitForTimeout(WATCH);
  const events = await endTrace(cdp);
  const landed = (await page.getByTestId('doc.title').textContent()) !== title;
  await page.close();
  const cpu: string[] = [];
  for (const [name, own] of threads(events)) {
    // (Top-level tasks only: a task inside another is counted in it.)
    let end = -Infinity;
    let us = 0;
    for (const t of own.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')) {
      if (t.ts < end) continue;
      end = t.ts + t.dur!;
      us += t.tdur ?? t.dur!;
    }
    const ms = Math.round(us / 1000);
    figures.record(`${dir} ${name}: thread time after Cancel`, ms);
    cpu.push(`${name} ${ms}`);
  }
  figures.record(`${dir} cancelled import on screen (1: yes)`, landed ? 1 : 0);
  console.log(
    `run ${run}, ${dir} (load ${loadavg()[0]!.toFixed(1)}): after Cancel, thread ms ${cpu.join(', ')}; the cancelled import ${landed ? 'WAS' : 'was not'} opened`,
  );
});
await browser.close();
figures.print(`kubectl import of ${nodes} nodes cancelled ${AFTER} ms after Import: each thread's time in the ${WATCH} ms after Cancel, ${runs} runs`);
