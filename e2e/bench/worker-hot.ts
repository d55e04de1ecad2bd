/**
 * What a worker's script does before a big document's first frame: the worker's own samples (Chromium's trace samples
 * every thread's script under `disabled-by-default-v8.cpu_profiler`; first-ab.ts's HOT samples the main thread alone),
 * by function and by line, from navigation to the first canvas frame. Read it in an unminified build
 * (`npx vite build --minify false --outDir DIR`). Samples are spaced in wall time: on a loaded machine a thread waiting
 * for a core stretches them, so read the proportions, not the milliseconds. WORKER names the thread (place.worker by
 * default), HOTN how many functions, LINES=1 adds the hottest lines.
 *
 *   E2E_PORT=4183 npx tsx e2e/bench/worker-hot.ts 1000 2 /tmp/nomin
 */
import { chromium } from '@playwright/test';
import { eachBuild, newPage, threads } from './ab';
import { endTrace, markClock, type TraceEvent } from './chrome-trace';
import { openApp } from './compare';

interface ProfileChunk {
  id: string;
  args: {
    data: {
      cpuProfile?: { nodes?: { id: number; callFrame: { functionName: string; url?: string; lineNumber?: number } }[]; samples?: number[] };
      timeDeltas?: number[];
      lines?: number[];
    };
  };
}

const top = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `  ${(us / 1000).toFixed(1).padStart(7)} ${k}`)
    .join('\n');

const [nodes, runs, ...builds] = process.argv.slice(2);
if (!nodes || !runs || builds.length === 0) throw new Error('usage: tsx e2e/bench/worker-hot.ts NODES RUNS DIST ...');
const thread = process.env.WORKER ?? 'place.worker';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
await eachBuild(builds, Number(runs), async (dir, run) => {
  const page = await newPage(browser);
  // (On the app's origin first, so the renderer that runs the app is the one traced.)
  await page.goto('/favicon.svg');
  const cdp = await page.context().newCDPSession(page);
  const categories = 'devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-v8.cpu_profiler,blink.user_timing,v8.execute,toplevel';
  await cdp.send('Tracing.start', { categories, transferMode: 'ReturnAsStream' });
  const loaded = await openApp(page, Number(nodes));
  const originOf = await markClock(page, 'worker-hot.clock');
  const events = await endTrace(cdp);
  await page.close();
  const origin = originOf(events);
  const frameAt = origin + loaded.firstFrameMs * 1000;
  // (A thread's profile is announced on that thread; its chunks come from the sampler's, named by the profile's id.)
  const tid = threads(events).get(thread)?.[0]?.tid;
  const profile = events.find((e) => e.name === 'Profile' && e.tid === tid) as (TraceEvent & { id: string; args: { data: { startTime: number } } }) | undefined;
  if (!profile) throw new Error(`no samples of ${thread}`);
  const chunks = events.filter((e) => e.name === 'ProfileChunk' && (e as unknown as ProfileChunk).id === profile.id) as unknown as ProfileChunk[];
  const names = new Map<number, string>();
  const self = new Map<string, number>();
  const lines = new Map<string, number>();
  let t = profile.args.data.startTime;
  let total = 0;
  let last: string | null = null;
  let lastLine = '';
  for (const c of chunks) {
    for (const n of c.args.data.cpuProfile?.nodes ?? [])
      names.set(n.id, `${n.callFrame.functionName || '(anonymous)'} ${(n.callFrame.url ?? '').split('/').pop()}:${(n.callFrame.lineNumber ?? -1) + 1}`);
    const deltas = c.args.data.timeDeltas ?? [];
    (c.args.data.cpuProfile?.samples ?? []).forEach((id, i) => {
      const dt = deltas[i] ?? 0;
      // (A sample's time is the time since the one before: counted to the function that one was in.)
      if (last !== null && t >= origin && t < frameAt && !last.startsWith('(idle)')) {
        total += dt;
        self.set(last, (self.get(last) ?? 0) + dt);
        if (lastLine) lines.set(lastLine, (lines.get(lastLine) ?? 0) + dt);
      }
      t += dt;
      last = names.get(id) ?? `#${id}`;
      const line = c.args.data.lines?.[i];
      lastLine = line ? `${last.replace(/:\d+$/, '')}:${line}` : '';
    });
  }
  console.log(`run ${run}, ${dir}: first frame ${loaded.firstFrameMs} ms; ${thread} sampled ${(total / 1000).toFixed(0)} ms before it (not idle)`);
  console.log(top(self, Number(process.env.HOTN ?? 25)));
  if (process.env.LINES) console.log(`  lines:\n${top(lines, 30)}`);
});
await browser.close();
