/**
 * The zoom's frames, A/B: builds (and CSS what-ifs) served in turn on one port, each opened on a generated cluster
 * (?generate=N) at the working view and zoomed 0.6× → ZOOM_OUT → 0.6× in a fixed number of animation frames
 * (FRAMES), twice, under a Chromium trace; printed per build: the longest task's thread time, each zoom's
 * thread time by kind of work, and (SERIES=1) every task over 3 ms as thread ms / paint + layerize ms.
 *
 * NOTE: why not bench:editor's zoom row. On a machine shared with other jobs a task's wall time is mostly waiting
 * for a core, and a zoom timed by the clock takes bigger steps (more boxes coming into view a frame) when the
 * machine is slower; a fixed number of steps does the same work each run, and thread time is what the page ran.
 * Figures for comparing builds in the same minutes, not for the targets (those are the bench's).
 * PLAIN=1 also zooms the plain React Flow page of the same graph, from each DIST's bench-plain/ (`npx vite build -c
 * e2e/bench/plain.vite.config.ts` in that tree, after its app build).
 *
 *   git worktree add /tmp/base main && (cd /tmp/base && ln -s $PWD/node_modules . && npx vite build)
 *   npx vite build && E2E_PORT=4182 npx tsx e2e/bench/zoom-ab.ts 1000 3 /tmp/base/dist dist 'dist|.react-flow__node > * {display:none}'
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { endTrace, mainThreadEvents, selfTimes, startTrace, type TraceEvent } from './chrome-trace';
import { firstNodeAt, openApp, openPlain, snapshotOf, workingView, ZOOM_OUT } from './compare';

const FRAMES = Number(process.env.FRAMES ?? 60);
const PORT = Number(process.env.E2E_PORT ?? 4173);

/** The main thread's complete events while `span` runs, in order (an enclosing event before those inside it). */
async function traced(cdp: CDPSession, span: () => Promise<void>): Promise<TraceEvent[]> {
  await startTrace(cdp);
  await span();
  const events = await endTrace(cdp);
  return mainThreadEvents(events);
}

/** Thread time (µs) by kind of work of the events starting in [from, to) (see selfTimes). */
const threadTimes = (events: TraceEvent[], from?: number, to?: number) => selfTimes(events, from, to, (e) => e.tdur ?? e.dur!);

const ms = (us: number) => Math.round(us / 1000);
const kinds = (self: Map<string, number>, least: number) =>
  [...self]
    .filter(([, us]) => us >= least)
    .sort((a, b) => b[1] - a[1])
    .map(([name, us]) => `${name} ${ms(us)}`)
    .join(', ');

/** One zoom's figures: its longest task's thread time (ms), printed with the work of every task by kind. */
function report(events: TraceEvent[]): number {
  const tasks = events.filter((e) => e.name === 'RunTask');
  const longest = Math.max(0, ...tasks.map((t) => t.tdur ?? 0));
  const total = tasks.reduce((sum, t) => sum + (t.tdur ?? 0), 0);
  console.log(`  thread ${ms(total)} ms in all: ${kinds(threadTimes(events), 2000)}`);
  for (const t of [...tasks].sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0)).slice(0, 3))
    console.log(`  task of ${ms(t.tdur ?? 0)} ms (wall ${ms(t.dur!)}): ${kinds(threadTimes(events, t.ts, t.ts + t.dur!), 1000)}`);
  if (process.env.SERIES) {
    const series = tasks
      .filter((t) => (t.tdur ?? 0) > 3000)
      .map((t) => {
        const self = threadTimes(events, t.ts, t.ts + t.dur!);
        return `${ms(t.tdur!)}/${ms((self.get('Paint') ?? 0) + (self.get('Layerize') ?? 0))}`;
      });
    console.log(`  tasks over 3 ms (thread / paint + layerize): ${series.join(' ')}`);
  }
  return ms(longest);
}

/** 0.6× → ZOOM_OUT → 0.6× about the canvas's centre in FRAMES animation frames, as compare.ts zoomAcross but by step, not by clock. */
async function zoomInSteps(page: Page, api: '__hopscopeCanvas' | '__plain') {
  await page.evaluate(
    ([frames, low, api]) =>
      new Promise<void>((resolve) => {
        type View = { x: number; y: number; zoom: number };
        const a = (window as unknown as Record<string, { viewport: { get(): View; set(v: View): void } }>)[api]!;
        const box = document.querySelector('.react-flow')!.getBoundingClientRect();
        const [cx, cy] = [box.width / 2, box.height / 2];
        const v0 = a.viewport.get();
        const [fx, fy] = [(cx - v0.x) / v0.zoom, (cy - v0.y) / v0.zoom];
        let i = 0;
        const step = () => {
          const phase = (i / frames) * 2;
          const k = phase < 1 ? phase : 2 - phase;
          const zoom = v0.zoom * Math.pow(low / v0.zoom, k);
          a.viewport.set({ x: cx - fx * zoom, y: cy - fy * zoom, zoom });
          if (i++ < frames) requestAnimationFrame(step);
          else resolve();
        };
        requestAnimationFrame(step);
      }),
    [FRAMES, ZOOM_OUT, api] as const,
  );
  // The frames after the last step (boxes still coming in, a layer settling) count.
  await page.waitForTimeout(300);
}

async function serve(dir: string): Promise<ChildProcess> {
  const server = spawn('npx', ['vite', 'preview', '--outDir', dir, '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  for (let i = 0; i < 150; i++) {
    try {
      await fetch(`http://localhost:${PORT}/`);
      return server;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`no preview server on ${PORT}`);
}

async function newPage(browser: import('@playwright/test').Browser) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, baseURL: `http://localhost:${PORT}` });
  // tsx (esbuild) names the functions it compiles with a __name helper that the page does not have.
  await page.addInitScript('window.__name = (f) => f');
  return page;
}

const [nodes, runs, ...builds] = process.argv.slice(2);
if (!nodes || !runs || builds.length === 0) throw new Error('usage: tsx e2e/bench/zoom-ab.ts NODES RUNS DIST[|CSS] ...');
if (process.env.PLAIN) for (const b of builds) if (!existsSync(`${b.split('|')[0]}/bench-plain`)) throw new Error(`no plain page in ${b.split('|')[0]}`);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const longest = new Map<string, number[]>();
const record = (key: string, value: number) => longest.set(key, [...(longest.get(key) ?? []), value]);
for (let run = 1; run <= Number(runs); run++) {
  for (const build of builds) {
    const [dir, css] = build.split('|') as [string, string | undefined];
    const server = await serve(dir);
    try {
      const page = await newPage(browser);
      await openApp(page, Number(nodes));
      const snap = await snapshotOf(page);
      const at = firstNodeAt(snap);
      if (css) await page.addStyleTag({ content: css });
      await workingView(page, 'app', at);
      const cdp = await page.context().newCDPSession(page);
      for (const pass of ['zoom', 'again']) {
        console.log(`run ${run}, ${build}, ${pass} (load average ${loadavg()[0]!.toFixed(1)}):`);
        record(`${build} ${pass}`, report(await traced(cdp, () => zoomInSteps(page, '__hopscopeCanvas'))));
      }
      await page.close();
      if (process.env.PLAIN) {
        const plain = await newPage(browser);
        await openPlain(plain, snap);
        await workingView(plain, 'plain', at);
        const pcdp = await plain.context().newCDPSession(plain);
        console.log(`run ${run}, plain page of ${build}:`);
        record(`plain page of ${build}`, report(await traced(pcdp, () => zoomInSteps(plain, '__plain'))));
        await plain.close();
      }
    } finally {
      process.kill(-server.pid!);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
await browser.close();
console.log(`\nlongest task's thread time during a zoom of ${FRAMES} frames, ${nodes} nodes (ms, min / median / max of ${runs}):`);
for (const [key, xs] of longest) {
  const s = [...xs].sort((a, b) => a - b);
  console.log(`- ${key}: ${s[0]} / ${s[Math.floor(s.length / 2)]} / ${s[s.length - 1]}`);
}
