/**
 * An edit's cost on the page's thread after its frame, A/B: builds served in turn on one port (see ab.ts), each opened on
 * a generated cluster (?generate=N) at the working view; a node is dragged as a person would (the move is an edit, which
 * the library then stores) under a Chromium trace, for SPAN seconds after the drop. Printed per build: each task over 10 ms
 * of thread time, in order, with its work by kind, and the sum; the longest task's thread time is compared.
 * Figures for comparing builds in the same minutes, not for the targets.
 *
 * HOT=1 samples the page's script and names each task's hottest functions (read them in an unminified build).
 *
 *   npx vite build && E2E_PORT=4185 npx tsx e2e/bench/autosave-ab.ts 1000 3 /tmp/base/dist dist
 */
import { loadavg } from 'node:os';
import { alternate, Figures, pageTasks, traced } from './ab';
import type { CpuProfile } from './chrome-trace';
import { hotFunctions, selfTimes } from './chrome-trace';
import { firstNodeAt, openApp, snapshotOf, workingView } from './compare';

const [nodes, runs, ...builds] = process.argv.slice(2);
if (!nodes || !runs || builds.length === 0) throw new Error('usage: tsx e2e/bench/autosave-ab.ts NODES RUNS DIST ...');
const SPAN = Number(process.env.SPAN ?? 4) * 1000;
const ms = (us: number) => Math.round(us / 1000);
const total = new Figures();
const longest = new Figures();
await alternate(builds, Number(runs), async (page, dir, run) => {
  await openApp(page, Number(nodes));
  const cdp = await page.context().newCDPSession(page);
  await workingView(page, 'app', firstNodeAt(await snapshotOf(page)));
  // The first document's own save is done before the edit.
  await page.waitForTimeout(3000);
  const box = (await page.locator('[data-testid="canvas.node"]').first().boundingBox())!;
  const HOT = !!process.env.HOT;
  if (HOT) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  }
  let profile: CpuProfile | undefined;
  const events = await traced(cdp, async () => {
    if (HOT) await cdp.send('Profiler.start');
    await page.mouse.move(box.x + 30, box.y + 10);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 30 + i * 12, box.y + 10 + i * 4);
    await page.mouse.up();
    await page.waitForTimeout(SPAN);
    if (HOT) profile = (await cdp.send('Profiler.stop')).profile as CpuProfile;
  });
  const tasks = pageTasks(events);
  const sum = tasks.reduce((n, t) => n + (t.tdur ?? 0), 0);
  console.log(`run ${run}, ${dir} (load average ${loadavg()[0]!.toFixed(1)}): thread ${ms(sum)} ms in tasks`);
  for (const t of tasks.filter((t) => (t.tdur ?? 0) > 10_000)) {
    const kinds = [...selfTimes(events, t.ts, t.ts + t.dur!, (e) => e.tdur ?? e.dur!)]
      .filter(([n, us]) => us >= 1000 && n !== 'RunTask')
      .sort((a, b) => b[1] - a[1])
      .map(([n, us]) => `${n} ${ms(us)}`)
      .join(', ');
    console.log(`  +${ms(t.ts - tasks[0]!.ts)}: ${ms(t.tdur ?? 0)} ms (wall ${ms(t.dur!)}): ${kinds}`);
    if (profile) console.log(`      ${hotFunctions(profile, t.ts, t.ts + t.dur!, 6)}`);
  }
  total.record(dir, ms(sum));
  longest.record(dir, ms(Math.max(0, ...tasks.map((t) => t.tdur ?? 0))));
});
total.print(`thread time in tasks from the drag to ${SPAN / 1000} s after, ${nodes} nodes, ${runs} runs`);
longest.print(`longest task's thread time in that span`);
