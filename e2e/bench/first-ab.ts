/**
 * A big document's first frame, A/B, thread by thread: builds served in turn on one port (see ab.ts), each opened on a
 * generated cluster (?generate=N) under a Chromium trace of the page's threads (the main thread and both workers), and
 * printed per build: the first canvas frame and ready (ms since navigation), each thread's thread time until the first
 * frame, the main thread's idle time until then (no task running: waiting for a worker, not for a core), and (SPANS=1)
 * each thread's busy spans until then (tasks less than GAP ms apart joined, 3 by default; those of LEAST ms of thread
 * time or more, 5 by default), with their work by kind: the critical path (what waits for what) is read from them, and
 * (MARKS=1) from the performance marks of both threads (a build with marks added by hand). HOT=1 also samples the main thread's script and lists each
 * span's functions by self time, HOTN of them, 12 by default (read them in an unminified build: `npx vite build --minify false --outDir DIR`).
 * NODES 0 opens the first built-in (`/`, what `npm start` opens): a first visit's path. COMPILE=1 adds the main thread's
 * parse and compile time before the first frame (COMPILE=names: by kind), MARKRE which instant marks MARKS=1 prints.
 * Figures for comparing builds in the same minutes, not for the issue's targets (those are bench:load's).
 *
 *   npx vite build && E2E_PORT=4183 npx tsx e2e/bench/first-ab.ts 1000 3 /tmp/base/dist dist
 */
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { eachBuild, Figures, newPage, threads } from './ab';
import { endTrace, hotFunctions, isTask, markClock, outermostTasks, selfTimes, type CpuProfile, type TraceEvent } from './chrome-trace';
import { openApp } from './compare';

const COMPILE = !!process.env.COMPILE;
const CATEGORIES = `devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,v8.execute,toplevel${COMPILE ? ',v8,disabled-by-default-v8.compile' : ''}`;
const ms = (us: number) => Math.round(us / 1000);
const HOT = !!process.env.HOT;

/**
 * The thread's busy spans in [from, to) (µs): tasks less than `gap` apart joined, each with its thread time and its work
 * by kind (outermost tasks only: see outermostTasks).
 */
function spans(events: TraceEvent[], from: number, to: number, gap = Number(process.env.GAP ?? 3000)) {
  const tasks = outermostTasks(events).filter((e) => e.ts >= from && e.ts < to);
  const out: { start: number; end: number; cpu: number; kinds: string }[] = [];
  let cur: { start: number; end: number; cpu: number } | null = null;
  const close = () => {
    if (!cur) return;
    const self = selfTimes(events, cur.start, cur.end, (e) => e.tdur ?? e.dur!);
    const kinds = [...self]
      .filter(([n, us]) => us >= 2000 && !isTask({ name: n }))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([n, us]) => `${n} ${ms(us)}`)
      .join(', ');
    out.push({ ...cur, kinds });
  };
  for (const t of tasks) {
    if (cur && t.ts - cur.end < gap) {
      cur.end = Math.max(cur.end, t.ts + t.dur!);
      cur.cpu += t.tdur ?? t.dur!;
    } else {
      close();
      cur = { start: t.ts, end: t.ts + t.dur!, cpu: t.tdur ?? t.dur! };
    }
  }
  close();
  return out;
}

const [nodes, runs, ...builds] = process.argv.slice(2);
if (!nodes || !runs || builds.length === 0) throw new Error('usage: tsx e2e/bench/first-ab.ts NODES RUNS DIST ...');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const figures = new Figures();
await eachBuild(builds, Number(runs), async (dir, run) => {
  const page = await newPage(browser);
  // (On the app's origin first, so the renderer that runs the app is the one profiled.)
  await page.goto('/favicon.svg');
  const cdp = await page.context().newCDPSession(page);
  if (HOT) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReturnAsStream' });
  const loaded = await openApp(page, Number(nodes));
  const originOf = await markClock(page, 'first-ab.clock');
  const profile = HOT ? ((await cdp.send('Profiler.stop')).profile as CpuProfile) : undefined;
  const events = await endTrace(cdp);
  await page.close();
  const origin = originOf(events);
  const frameAt = origin + loaded.firstFrameMs * 1000;
  console.log(`run ${run}, ${dir} (load average ${loadavg()[0]!.toFixed(1)}): first frame ${loaded.firstFrameMs}, ready ${loaded.readyMs} ms`);
  figures.record(`${dir} first frame`, loaded.firstFrameMs);
  figures.record(`${dir} ready`, loaded.readyMs);
  if (process.env.NET)
    for (const e of events.filter((x) => /ResourceSendRequest|ResourceFinish|ResourceReceiveResponse/.test(x.name)))
      console.log(
        `  ${ms(e.ts - origin)} ${e.name} ${JSON.stringify((e.args as { data?: { url?: string; requestId?: string } }).data?.url ?? (e.args as { data?: { requestId?: string } }).data?.requestId)}`,
      );
  if (process.env.MARKS)
    for (const e of events.filter(
      (x) => x.ph === 'R' || (x.ph === 'I' && new RegExp(process.env.MARKRE ?? 'place|text|gen|picture').test(x.name)) || x.name === 'first-ab.clock',
    ))
      if (!/^(navigationStart|first-ab)/.test(e.name)) console.log(`  mark ${e.name} at ${ms(e.ts - origin)}`);
  for (const [name, own] of threads(events)) {
    const busy = spans(own, origin, frameAt);
    const cpu = ms(busy.reduce((n, s) => n + s.cpu, 0));
    figures.record(`${dir} ${name}: thread time to first frame`, cpu);
    // (When the place worker's longest span before the frame starts: its generating and placing, on the frame's path.)
    const work = busy.reduce<(typeof busy)[number] | null>((a, s) => (!a || s.cpu > a.cpu ? s : a), null);
    if (name === 'place.worker' && work) figures.record(`${dir} place.worker: its work starts at`, ms(work.start - origin));
    // (The main thread's time with no task running: what it waited for, the workers' text or picture, not a core.)
    const idle = ms(frameAt - origin - spans(own, origin, frameAt, 0).reduce((n, s) => n + s.end - s.start, 0));
    if (name === 'main') figures.record(`${dir} main: idle before the first frame`, idle);
    if (COMPILE && name === 'main') {
      // (Outermost compile events only: a lazy compile may parse inside it.)
      const compiles = own.filter((e) => e.ts >= origin && e.ts < frameAt && /compile|parse/i.test(e.name));
      let end = 0;
      const outer = compiles.filter((e) => (e.ts >= end ? ((end = e.ts + e.dur!), true) : false));
      figures.record(`${dir} main: compile and parse before the first frame`, ms(outer.reduce((n, e) => n + (e.tdur ?? e.dur!), 0)));
      if (process.env.COMPILE === 'names') {
        const by = new Map<string, number>();
        for (const e of compiles) by.set(e.name, (by.get(e.name) ?? 0) + (e.tdur ?? e.dur!));
        console.log(`    compile events (ms, nested ones counted again): ${[...by].map(([n, us]) => `${n} ${ms(us)}`).join(', ')}`);
      }
    }
    console.log(`  ${name}: ${cpu} ms of thread time before the first frame${name === 'main' ? `, ${idle} ms idle` : ''}`);
    if (process.env.SPANS)
      for (const s of busy.filter((b) => b.cpu >= Number(process.env.LEAST ?? 5) * 1000)) {
        console.log(`    ${ms(s.start - origin)}–${ms(s.end - origin)}: cpu ${ms(s.cpu)}: ${s.kinds}`);
        if (profile && name === 'main') console.log(`      script by self time (ms): ${hotFunctions(profile, s.start, s.end, Number(process.env.HOTN ?? 12))}`);
      }
  }
});
await browser.close();
figures.print(`?generate=${nodes}: first frame, ready and each thread's time before the first frame, ${runs} runs`);
