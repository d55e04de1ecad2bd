/**
 * A kubectl import's first frame, A/B, thread by thread: builds served in turn on one port (see ab.ts), each importing
 * the same generated N-node cluster (File → Import from cluster over the app's own document, as bench:load's import
 * row) under a Chromium trace of the page's threads, and printed per build: Import → first frame and → ready, and
 * each thread's thread time from Import to the first frame (on a shared machine a wall time is mostly waiting for a
 * core; the thread time is what the page ran). Figures for comparing builds in the same minutes, not for the issue's
 * targets (those are bench:load's and bench:editor's).
 *
 * Also from the moment the file was picked (a build may read it before Import), and PAUSE=ms waits that long between
 * the pick and the press, as a person reading the dialog would (0: pressed as soon as it is enabled, as bench:ui does).
 *
 *   npx vite build && E2E_PORT=4183 npx tsx e2e/bench/import-ab.ts 1000 3 /tmp/base/dist dist
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { eachBuild, Figures, launch, newPage, threads } from './ab';
import { endTrace, type TraceEvent } from './chrome-trace';
import { markPick, pickToPress, pressImport, writeKubectlCluster } from './compare';
import { KubectlImport } from '../pages/KubectlImport';

const CATEGORIES = 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,toplevel';
const isTask = (e: TraceEvent) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask';

/** A thread's top-level tasks: those no other task of it holds. */
function topTasks(own: TraceEvent[]): TraceEvent[] {
  const top: TraceEvent[] = [];
  for (const e of own.filter(isTask)) if (!top.length || e.ts >= top[top.length - 1]!.ts + top[top.length - 1]!.dur!) top.push(e);
  return top;
}

const PAUSE = Number(process.env.PAUSE ?? 0);
const [nodes, runs, ...builds] = process.argv.slice(2);
if (!nodes || !runs || builds.length === 0) throw new Error('usage: tsx e2e/bench/import-ab.ts NODES RUNS DIST ...');
const cluster = writeKubectlCluster(Number(nodes), join(mkdtempSync(join(tmpdir(), 'import-ab-')), `cluster-${nodes}.json`));
const browser = await launch();
const figures = new Figures();
await eachBuild(builds, Number(runs), async (dir, run) => {
  const page = await newPage(browser);
  await page.goto('/');
  await page.getByTestId('trace.run').waitFor();
  await page.waitForFunction(`!document.querySelector('[data-testid="trace.run"]')?.disabled`, null, { timeout: 120_000 });
  const kubectl = new KubectlImport(page);
  await kubectl.open();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReturnAsStream' });
  await markPick(page);
  await kubectl.file.setInputFiles(cluster.file);
  await page.waitForFunction(`!document.querySelector('[data-testid="kubectl.import"]')?.disabled`);
  // (PAUSE=ms: a person reading the dialog between picking the file and pressing Import; 0 presses at once.)
  if (PAUSE > 0) await page.waitForTimeout(PAUSE);
  const firstFrame = await pressImport(page, cluster.elements);
  const fromPick = firstFrame + (await pickToPress(page));
  const ready = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const start = performance.getEntriesByName('import-pressed')[0]!.startTime;
        const poll = () => {
          const b = document.querySelector<HTMLButtonElement>('[data-testid="trace.run"]');
          if (b && !b.disabled && (document.querySelector('[data-testid="doc.status"]')?.textContent ?? '') === '') resolve(performance.now() - start);
          else setTimeout(poll, 50);
        };
        poll();
      }),
  );
  const events = await endTrace(cdp);
  await page.close();
  const pressed = events.find((e) => e.name === 'import-pressed')?.ts;
  if (pressed === undefined) throw new Error('the press mark is not in the trace');
  const picked = events.find((e) => e.name === 'import-picked')?.ts;
  if (picked === undefined) throw new Error('the pick mark is not in the trace');
  const frameAt = pressed + firstFrame * 1000;
  figures.record(`${dir} first frame`, Math.round(firstFrame));
  figures.record(`${dir} first frame from the pick`, Math.round(fromPick));
  figures.record(`${dir} ready`, Math.round(ready));
  const cpu: string[] = [];
  for (const [name, own] of threads(events)) {
    const tasks = topTasks(own);
    const busy = (from: number) => Math.round(tasks.filter((t) => t.ts >= from && t.ts < frameAt).reduce((n, t) => n + (t.tdur ?? t.dur!), 0) / 1000);
    const ms = busy(pressed);
    if (busy(picked) === 0) continue;
    figures.record(`${dir} ${name}: thread time to first frame`, ms);
    // (From the pick: work a build does while the dialog is up, before Import, is counted too.)
    figures.record(`${dir} ${name}: thread time from the pick`, busy(picked));
    // (When a worker's first task ran, from Import: one started by the import starts after it.)
    if (name !== 'main') figures.record(`${dir} ${name}: first task at`, Math.round((own[0]!.ts - pressed) / 1000));
    cpu.push(`${name} ${ms} (from the pick ${busy(picked)})`);
    // (TASKS=1: each thread's tasks of 20 ms or more from Import to the first frame: start, wall and thread time.)
    if (process.env.TASKS) {
      const long = tasks.filter((t) => t.ts >= pressed && t.ts < frameAt && t.dur! >= 20_000);
      const at = (us: number) => Math.round(us / 1000);
      console.log(`  ${name}: ${long.map((t) => `@${at(t.ts - pressed)} ${at(t.dur!)}/${at(t.tdur ?? t.dur!)}`).join(' ')}`);
    }
  }
  // (MARKS=1: the performance marks and measures of every thread, from Import: a build with marks added by hand.)
  if (process.env.MARKS) {
    const at = (us: number) => Math.round((us - pressed) / 1000);
    const timing = events.filter((e) => (e as { cat?: string }).cat?.includes('user_timing') && e.ts >= pressed && e.name !== 'import-pressed');
    for (const b of timing.filter((e) => e.ph === 'b')) {
      const end = timing.find((e) => e.ph === 'e' && e.name === b.name && e.tid === b.tid && e.ts >= b.ts);
      figures.record(`${dir} ${b.name} from`, at(b.ts));
      if (end) figures.record(`${dir} ${b.name} to`, at(end.ts));
    }
    for (const m of timing.filter((e) => e.ph === 'R' || e.ph === 'I' || e.ph === 'n')) figures.record(`${dir} ${m.name} at`, at(m.ts));
    console.log(`  marks: ${timing.map((e) => `${e.name}${e.ph === 'b' ? '(' : e.ph === 'e' ? ')' : ''}@${at(e.ts)}`).join(' ')}`);
  }
  console.log(
    `run ${run}, ${dir} (load ${loadavg()[0]!.toFixed(1)}): first frame ${Math.round(firstFrame)} (from the pick ${Math.round(fromPick)}), ready ${Math.round(ready)} ms; thread ms ${cpu.join(', ')}`,
  );
});
await browser.close();
figures.print(`kubectl import of ${nodes} nodes: Import → first frame, → ready, and each thread's time before the first frame, ${runs} runs`);
