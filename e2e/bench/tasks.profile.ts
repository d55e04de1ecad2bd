/**
 * What the long main-thread tasks of the UI bench are made of: the app on a generated cluster (?generate=N) is
 * loaded, zoomed 0.6× ↔ ZOOM_OUT× (as bench:editor does) and traced (Trace → first hop, as bench:ui does) under a
 * Chromium trace (devtools.timeline: the renderer's own events, no JS sampling, so it adds little), and each span's
 * tasks over 50 ms are printed with their time by kind of work, self time (script, style, layout, paint,
 * layerize, commit, GC…), the elements its style recalculations styled and the layout objects its layouts found dirty (counts, which
 * a loaded machine does not inflate), and the elements mounted in the span. Each task's thread time (`cpu`) is printed beside its
 * wall time: on a machine shared with other jobs a task's wall time is mostly waiting for a core (a 736 ms zoom task
 * ran 13 ms of script), its thread time is what the page ran. HOT=1 also samples the page's script (V8's profiler,
 * every 0.2 ms: it costs more) and lists each long task's functions by self time; read them in an unminified build
 * (`npx vite build --minify false`). Figures for finding the cause, not for comparing speeds (the trace costs
 * something): those are the benches'. Written to test-results/bench-tasks/tasks.md.
 *
 *   npx vite build && BENCH_SIZES=10,100 E2E_PORT=4185 npx playwright test -c e2e/bench/tasks.config.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { test, type CDPSession, type Page } from '@playwright/test';
import { endTrace, hotFunctions, mainThreadEvents, selfTimes, startTrace, type CpuProfile, type TraceEvent } from './chrome-trace';
import { firstNodeAt, openApp, requestFor, SIZES, snapshotOf, traceToFirstHop, workingView, zoomAcross } from './compare';

const LONG_MS = 50;

const HOT = !!process.env.HOT;

async function traced<T>(cdp: CDPSession, span: () => Promise<T>): Promise<{ result: T; events: TraceEvent[]; profile?: CpuProfile }> {
  await startTrace(cdp);
  if (HOT) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const result = await span();
  const profile = HOT ? ((await cdp.send('Profiler.stop')).profile as CpuProfile) : undefined;
  return { result, events: await endTrace(cdp), profile };
}

/** The page's main thread's tasks over LONG_MS, each with its self time by event name (a nested event's time counts for it, not its parent). */
export function longTasks(events: TraceEvent[], profile?: CpuProfile) {
  const own = mainThreadEvents(events);
  return own
    .filter((t) => t.name === 'RunTask' && t.dur! > LONG_MS * 1000)
    .map((task) => {
      const self = selfTimes(own, task.ts, task.ts + task.dur!);
      const kinds = [...self].filter(([, us]) => us >= 1000).sort((a, b) => b[1] - a[1]);
      // NOTE: counts, unlike times, do not grow with the machine's load: what the task's style and layout had to do.
      const inside = own.filter((e) => e.ts >= task.ts && e.ts < task.ts + task.dur!);
      const styled = inside.reduce((n, e) => n + (e.name === 'UpdateLayoutTree' ? (e.args?.elementCount ?? 0) : 0), 0);
      const dirty = inside.reduce((n, e) => n + (e.name === 'Layout' ? (e.args?.beginData?.dirtyObjects ?? 0) : 0), 0);
      const total = Math.max(0, ...inside.map((e) => (e.name === 'Layout' ? (e.args?.beginData?.totalObjects ?? 0) : 0)));
      return {
        ms: Math.round(task.dur! / 1000),
        cpu: task.tdur === undefined ? '?' : Math.round(task.tdur / 1000),
        kinds: kinds.map(([name, us]) => `${name} ${Math.round(us / 1000)}`).join(', '),
        counts: styled || dirty ? `; ${styled} elements styled, ${dirty} of ${total} layout objects laid out` : '',
        hot: profile ? hotFunctions(profile, task.ts, task.ts + task.dur!) : '',
      };
    });
}

const mounts = (page: Page) =>
  page.evaluate(() => (window as unknown as { __hopscopeCanvas: { renders(): { mounts: number } } }).__hopscopeCanvas.renders().mounts);

const out: string[] = [];
test.afterAll(() => {
  mkdirSync('test-results/bench-tasks', { recursive: true });
  writeFileSync('test-results/bench-tasks/tasks.md', out.join('\n') + '\n');
});

for (const nodes of SIZES) {
  test(`long tasks: ${nodes} nodes, load, zoom and trace`, async ({ browser }) => {
    test.setTimeout(600_000);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    const load = await traced(cdp, () => openApp(page, nodes));
    const at = firstNodeAt(await snapshotOf(page));
    await workingView(page, 'app', at);
    const m0 = await mounts(page);
    const zoom = await traced(cdp, () => zoomAcross(page, 'app'));
    const m1 = await mounts(page);
    await workingView(page, 'app', at);
    const req = requestFor(nodes);
    const trace = await traced(cdp, () => traceToFirstHop(page, req.from, req.to));
    const m2 = await mounts(page);
    await page.close();
    const lines = [
      `\n${nodes} nodes (load average ${(await import('node:os'))
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')})`,
    ];
    for (const [span, t, mounted] of [
      ['load', load, null],
      ['zoom', zoom, m1 - m0],
      ['trace', trace, m2 - m1],
    ] as const) {
      const tasks = longTasks(t.events, t.profile);
      lines.push(`- ${span}: ${tasks.length} tasks over ${LONG_MS} ms${mounted === null ? '' : `, ${mounted} elements mounted`}`);
      for (const task of tasks.sort((a, b) => b.ms - a.ms).slice(0, 5)) {
        lines.push(`  - ${task.ms} ms (cpu ${task.cpu} ms): ${task.kinds}${task.counts}`);
        if (task.hot) lines.push(`    - script by self time (ms): ${task.hot}`);
      }
    }
    console.log(lines.join('\n'));
    out.push(...lines);
  });
}
