/**
 * What the A/B scripts share (zoom-ab.ts, trace-ab.ts): builds served in turn on one port, a page for each, a span of
 * the page's work under a Chromium trace, and its tasks' thread time (on a machine shared with other jobs a task's wall
 * time is mostly waiting for a core; its thread time is what the page ran).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { endTrace, mainThreadEvents, selfTimes, startTrace, type TraceEvent } from './chrome-trace';

export const PORT = Number(process.env.E2E_PORT ?? 4173);

/** The main thread's complete events while `span` runs, in order (an enclosing event before those inside it). */
export async function traced(cdp: CDPSession, span: () => Promise<void>): Promise<TraceEvent[]> {
  await startTrace(cdp);
  await span();
  const events = await endTrace(cdp);
  return mainThreadEvents(events);
}

/**
 * The page's own tasks among a traced span's: a tenth or more of the task's time is work inside it. NOTE: the first task
 * after Tracing.start (and Profiler.start) is the tracer's own, 100–350 ms with next to nothing inside.
 */
export const pageTasks = (events: TraceEvent[]) =>
  events.filter((e) => {
    if (e.name !== 'RunTask') return false;
    const inside = [...selfTimes(events, e.ts, e.ts + e.dur!)].reduce((n, [name, us]) => n + (name === 'RunTask' ? 0 : us), 0);
    return inside >= Math.max(500, e.dur! / 10);
  });

/** Thread time (µs) by kind of work of the events starting in [from, to) (see selfTimes). */
const threadTimes = (events: TraceEvent[], from?: number, to?: number) => selfTimes(events, from, to, (e) => e.tdur ?? e.dur!);

const ms = (us: number) => Math.round(us / 1000);
const kinds = (self: Map<string, number>, least: number) =>
  [...self]
    .filter(([, us]) => us >= least)
    .sort((a, b) => b[1] - a[1])
    .map(([name, us]) => `${name} ${ms(us)}`)
    .join(', ');

/** One span's figures: its longest task's thread time (ms), printed with the work of every task by kind. */
export function report(events: TraceEvent[]): number {
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

/** A preview server of the build in `dir` on PORT (stop it with `process.kill(-server.pid)`). */
export async function serve(dir: string): Promise<ChildProcess> {
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

/** `measure` run on each build in `dirs` in turn, `runs` times, each build served on PORT while it runs. */
export async function eachBuild(dirs: string[], runs: number, measure: (dir: string, run: number) => Promise<void>) {
  for (let run = 1; run <= runs; run++)
    for (const dir of dirs) {
      const server = await serve(dir);
      try {
        await measure(dir, run);
      } finally {
        process.kill(-server.pid!);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
}

export async function newPage(browser: Browser) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, baseURL: `http://localhost:${PORT}` });
  // tsx (esbuild) names the functions it compiles with a __name helper that the page does not have.
  await page.addInitScript('window.__name = (f) => f');
  return page;
}

/** Chromium as the A/B scripts run it. */
export const launch = () => chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });

/** `runs` rounds of the builds in `dirs`, each served in turn on PORT: `visit` gets a new page (closed after) of it. */
export async function alternate(dirs: string[], runs: number, visit: (page: Page, dir: string, run: number) => Promise<void>): Promise<void> {
  const browser = await launch();
  try {
    await eachBuild(dirs, runs, async (dir, run) => {
      const page = await newPage(browser);
      await visit(page, dir, run);
      await page.close();
    });
  } finally {
    await browser.close();
  }
}

/** Each key's figures, run by run, printed at the end as min / median / max. */
export class Figures {
  private readonly byKey = new Map<string, number[]>();
  record(key: string, value: number) {
    this.byKey.set(key, [...(this.byKey.get(key) ?? []), value]);
  }
  print(title: string) {
    console.log(`\n${title} (ms, min / median / max):`);
    for (const [key, xs] of this.byKey) {
      const s = [...xs].sort((a, b) => a - b);
      console.log(`- ${key}: ${s[0]} / ${s[Math.floor(s.length / 2)]} / ${s[s.length - 1]} (${s.join(', ')})`);
    }
  }
}

/** Each of the renderer's threads that ran script (the page's main thread, its workers), by name, with its complete events in order. */
export function threads(events: TraceEvent[]): Map<string, TraceEvent[]> {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const out = new Map<string, TraceEvent[]>();
  if (!main) return out;
  const names = events.filter((e) => e.name === 'thread_name' && e.pid === main.pid);
  let workers = 0;
  for (const t of names) {
    const name = t.args?.name ?? '';
    if (name !== 'CrRendererMain' && !name.startsWith('DedicatedWorker')) continue;
    const own = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    // (A worker is named by the script it evaluated first.)
    const script = own.map((e) => (e.args as { data?: { url?: string } } | undefined)?.data?.url).find((u) => u && /worker/.test(u));
    out.set(
      name === 'CrRendererMain'
        ? 'main'
        : (script
            ?.split('/')
            .pop()
            ?.replace(/-[\w-]+\.js$/, '') ?? `worker ${++workers}`),
      own,
    );
  }
  return out;
}
