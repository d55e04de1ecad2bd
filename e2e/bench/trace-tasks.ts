/**
 * What the main thread's tasks from Trace to a second after its first hop is drawn are made of, run by run: the app on a
 * generated cluster (?generate=N) at the working view, the bench's request typed in, then Trace pressed under a Chromium
 * trace with V8's sampler (every 0.2 ms); each task over LONG thread-ms is printed with its work by kind and its hottest
 * functions (read them in an unminified build: `npx vite build --minify false`).
 *
 *   E2E_PORT=4184 npx tsx e2e/bench/trace-tasks.ts 1000 3 dist [LONG]
 */
import { loadavg } from 'node:os';
import { alternate } from './ab';
import { endTrace, mainThreadEvents, selfTimes, startTrace } from './chrome-trace';
import { firstNodeAt, openApp, requestFor, snapshotOf, workingView } from './compare';

const [nodes, runs, dir, long = '20'] = process.argv.slice(2);
if (!nodes || !runs || !dir) throw new Error('usage: tsx e2e/bench/trace-tasks.ts NODES RUNS DIST [LONG_MS]');
interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
const req = requestFor(Number(nodes));
const ms = (us: number) => (us / 1000).toFixed(1);
await alternate([dir], Number(runs), async (page, _dir, run) => {
  await openApp(page, Number(nodes));
  await workingView(page, 'app', firstNodeAt(await snapshotOf(page)));
  await page.getByTestId('trace.from').fill(req.from);
  await page.getByTestId('trace.to').fill(req.to);
  await page.getByTestId('trace.to').press('Escape');
  await page.waitForTimeout(1000);
  // Each task's DOM elements added, by where (the canvas, or the nearest test id): a frame's style and layout counts are of
  // what tasks before it added (the panels' deferred render, a hand-over of the canvas), which the stamps name.
  await page.evaluate(() => {
    const size = (n: Node) => (n instanceof Element ? 1 + n.querySelectorAll('*').length : 0);
    new MutationObserver((records) => {
      const where = new Map<string, number>();
      for (const r of records) {
        const n = Array.from(r.addedNodes).reduce((sum, x) => sum + size(x), 0);
        const t = r.target as Element;
        const k = t.closest('.react-flow') ? 'canvas' : (t.closest('[data-testid]')?.getAttribute('data-testid') ?? t.tagName);
        if (n) where.set(k, (where.get(k) ?? 0) + n);
      }
      if (where.size) console.timeStamp(`added ${[...where].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    }).observe(document.body, { childList: true, subtree: true });
  });
  const cdp = await page.context().newCDPSession(page);
  await startTrace(cdp);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  // Starting the sampler is a task of its own (~0.2-0.3 s): not the app's.
  await page.waitForTimeout(500);
  await page.evaluate(() => setTimeout(() => (document.querySelector('[data-testid="trace.run"]') as HTMLButtonElement).click()));
  await page.waitForFunction(() => !!document.querySelector('[data-testid="playback.marker"]'), null, { polling: 100, timeout: 60_000 });
  await page.waitForTimeout(1000);
  const profile = (await cdp.send('Profiler.stop')).profile as Profile;
  const all = await endTrace(cdp);
  const events = mainThreadEvents(all);
  const added = all.filter((e) => e.name === 'TimeStamp');
  const tasks = events.filter((e) => e.name === 'RunTask');
  console.log(
    `run ${run} (load ${loadavg()[0]!.toFixed(1)}): ${tasks.length} tasks, thread ${ms(tasks.reduce((s, t) => s + (t.tdur ?? 0), 0))} ms, longest ${ms(Math.max(...tasks.map((t) => t.tdur ?? 0)))}`,
  );
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const names = new Map(
    profile.nodes.map((n) => [n.id, `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`]),
  );
  for (const t of tasks.filter((t) => (t.tdur ?? 0) >= Number(long) * 1000)) {
    const kinds = [...selfTimes(events, t.ts, t.ts + t.dur!, (e) => e.tdur ?? e.dur!)]
      .filter(([, us]) => us >= 1000)
      .sort((a, b) => b[1] - a[1])
      .map(([k, us]) => `${k} ${ms(us)}`)
      .join(', ');
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    let at = profile.startTime;
    profile.samples.forEach((id, i) => {
      at += profile.timeDeltas[i]!;
      if (!(at >= t.ts && at < t.ts + t.dur!)) return;
      const dt = profile.timeDeltas[i + 1] ?? 0;
      self.set(names.get(id)!, (self.get(names.get(id)!) ?? 0) + dt);
      const seen = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
        const f = names.get(n)!;
        if (!seen.has(f)) total.set(f, (total.get(f) ?? 0) + dt);
        seen.add(f);
      }
    });
    if (process.env.TOTAL)
      console.log(
        '    inclusive: ' +
          [...total]
            .sort((a, b) => b[1] - a[1])
            .slice(0, Number(process.env.TOTAL))
            .map(([f, us]) => `${f} ${ms(us)}`)
            .join(', '),
      );
    const stamps = added.filter((e) => e.ts >= t.ts && e.ts < t.ts + t.dur!).map((e) => e.args?.data?.message);
    if (stamps.length) console.log(`    ${stamps.join('; ')}`);
    const hot = [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([f, us]) => `${f} ${ms(us)}`)
      .join(', ');
    // Counts, which a loaded machine does not inflate: the elements its style recalculations styled, the objects its layouts laid out.
    const inside = events.filter((e) => e.ts >= t.ts && e.ts < t.ts + t.dur!);
    const styled = inside.reduce((n, e) => n + (e.name === 'UpdateLayoutTree' ? (e.args?.elementCount ?? 0) : 0), 0);
    const dirty = inside.reduce((n, e) => n + (e.name === 'Layout' ? (e.args?.beginData?.dirtyObjects ?? 0) : 0), 0);
    console.log(
      `  task at +${ms(t.ts - tasks[0]!.ts)}: thread ${ms(t.tdur ?? 0)} (wall ${ms(t.dur!)}): ${kinds}; ${styled} styled, ${dirty} laid out\n    ${hot}`,
    );
  }
});
