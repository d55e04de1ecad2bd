/**
 * The toolbar's edits of a big cluster, A/B: builds served in turn on one port (see ab.ts), each opened on a generated
 * cluster (?generate=N) and, once ready, pressed as a person would, one after the other: Expand nodes, Collapse nodes,
 * Expand nodes again, Auto-layout, then Undo (of the auto-layout). Each press is traced (Chromium trace of the main
 * thread) from the click until the new picture is in (the place worker's count of pictures placed moved on) and the
 * page has been still for a second; printed per build and press: the longest task's thread time, the main thread's time
 * in all, and the work of the longest tasks by kind. HOT=1 also samples the page's script and lists each press's
 * longest task's functions by self time (HOTN of them, 12 by default; read them in an unminified build:
 * `npx vite build --minify false --outDir DIR`).
 * Figures for comparing builds in the same minutes, not for the targets.
 *
 *   npx vite build && E2E_PORT=4182 npx tsx e2e/bench/edits-ab.ts 1000 3 /tmp/base/dist dist
 */
import { loadavg } from 'node:os';
import type { CDPSession, Page } from '@playwright/test';
import { alternate, Figures, report } from './ab';
import { endTrace, hotFunctions, mainThreadEvents, startTrace, type CpuProfile, type TraceEvent } from './chrome-trace';
import { openApp } from './compare';

const HOT = !!process.env.HOT;
const ms = (us: number) => Math.round(us / 1000);

type Api = { __hopscopeCanvas: { placements(): { worker: { places: number } } } };
const places = (page: Page) => page.evaluate(() => (window as unknown as Api).__hopscopeCanvas.placements().worker.places);

interface Press {
  name: string;
  testId: string;
  /** What the page shows once the press is done (besides a new picture placed). */
  done: string;
}

const PRESSES: Press[] = [
  { name: 'Expand nodes', testId: 'view.collapse', done: `document.querySelector('[data-testid="view.collapse"]')?.textContent === 'Collapse nodes'` },
  { name: 'Collapse nodes', testId: 'view.collapse', done: `document.querySelector('[data-testid="view.collapse"]')?.textContent === 'Expand nodes'` },
  { name: 'Expand nodes again', testId: 'view.collapse', done: `document.querySelector('[data-testid="view.collapse"]')?.textContent === 'Collapse nodes'` },
  { name: 'Auto-layout', testId: 'edit.autolayout', done: `!document.querySelector('[data-testid="edit.undo"]')?.disabled` },
  { name: 'Undo (the auto-layout)', testId: 'edit.undo', done: `!!document.querySelector('[data-testid="edit.undo"]')?.disabled` },
];

/** The page still for `quiet` ms (no frame later than `gap` ms after the one before): the press's work is over. */
const still = (page: Page, quiet = 1000, gap = 60) =>
  page.evaluate(
    ([q, g]) =>
      new Promise<void>((done) => {
        let last = performance.now();
        let since = last;
        const tick = (now: number) => {
          if (now - last > g!) since = now;
          last = now;
          if (now - since >= q!) done();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    [quiet, gap],
  );

/** One press, traced: the click (in a task of its own, so a long task does not hold the click's return), its picture, a still second. */
async function press(page: Page, cdp: CDPSession, p: Press): Promise<{ events: TraceEvent[]; profile?: CpuProfile }> {
  const before = await places(page);
  if (HOT) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await startTrace(cdp);
  await page.evaluate((id) => void setTimeout(() => (document.querySelector(`[data-testid="${id}"]`) as HTMLButtonElement).click()), p.testId);
  await page.waitForFunction(p.done, null, { timeout: 170_000, polling: 100 });
  await page.waitForFunction((n) => (window as unknown as Api).__hopscopeCanvas.placements().worker.places > n, before, { timeout: 170_000, polling: 100 });
  await still(page);
  const profile = HOT ? ((await cdp.send('Profiler.stop')).profile as CpuProfile) : undefined;
  return { events: mainThreadEvents(await endTrace(cdp)), profile };
}

const [nodes, runs, ...builds] = process.argv.slice(2);
if (!nodes || !runs || builds.length === 0) throw new Error('usage: tsx e2e/bench/edits-ab.ts NODES RUNS DIST ...');
const longest = new Figures();
const total = new Figures();
await alternate(builds, Number(runs), async (page, dir, run) => {
  await openApp(page, Number(nodes));
  await still(page);
  const cdp = await page.context().newCDPSession(page);
  console.log(`run ${run}, ${dir} (load average ${loadavg()[0]!.toFixed(1)}):`);
  for (const p of PRESSES) {
    const { events, profile } = await press(page, cdp, p);
    console.log(` ${p.name}:`);
    longest.record(`${dir} ${p.name}`, report(events));
    const tasks = events.filter((e) => e.name === 'RunTask');
    total.record(`${dir} ${p.name}`, ms(tasks.reduce((n, t) => n + (t.tdur ?? 0), 0)));
    if (profile) {
      const top = [...tasks].sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))[0];
      if (top) console.log(`  longest task's script by self time (ms): ${hotFunctions(profile, top.ts, top.ts + top.dur!, Number(process.env.HOTN ?? 12))}`);
    }
  }
});
longest.print(`longest task's thread time from each press to its picture drawn, ${nodes} nodes, ${runs} runs`);
total.print(`main thread's time from each press to its picture drawn and a still second, ${nodes} nodes, ${runs} runs`);
