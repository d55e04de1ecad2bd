/**
 * The editor's worker on a generated cluster, A/B (see ab.ts): each build opened on ?generate=N under a Chromium trace,
 * and printed per build: ready (ms since navigation), the worker's thread time until ready and its longest task
 * until then (the load's parse and validation run in one), and whether the page or a worker fetched zod's compiler
 * (model/schema-compiler.ts, a chunk a document with a list of 2,000 elements or more loads before it is validated).
 *
 *   npx vite build && E2E_PORT=4183 npx tsx e2e/bench/validate-worker-ab.ts 1000 3 /tmp/base/dist dist
 */
import { alternate, Figures, threads } from './ab';
import { endTrace, markClock, outermostTasks } from './chrome-trace';
import { openApp } from './compare';

const CATEGORIES = 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,toplevel';
const ms = (us: number) => Math.round(us / 1000);

const [nodes, runs, ...builds] = process.argv.slice(2);
if (!nodes || !runs || builds.length === 0) throw new Error('usage: tsx e2e/bench/validate-worker-ab.ts NODES RUNS DIST ...');
const figures = new Figures();
await alternate(builds, Number(runs), async (page, dir, run) => {
  await page.goto('/favicon.svg');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReturnAsStream' });
  const loaded = await openApp(page, Number(nodes));
  const originOf = await markClock(page, 'validate-ab.clock');
  const events = await endTrace(cdp);
  const origin = originOf(events);
  const readyAt = origin + loaded.readyMs * 1000;
  const compiler = events.some((e) => e.name === 'ResourceSendRequest' && /schema-compiler/.test(String((e.args as { data?: { url?: string } }).data?.url)));
  const worker = threads(events).get('editor.worker') ?? [];
  // (Outermost tasks only: a task nested in another of the same time counted twice.)
  const tasks = outermostTasks(worker).filter((e) => e.ts >= origin && e.ts < readyAt);
  const cpu = ms(tasks.reduce((n, t) => n + (t.tdur ?? t.dur!), 0));
  const longest = ms(Math.max(0, ...tasks.map((t) => t.tdur ?? t.dur!)));
  figures.record(`${dir} ready`, loaded.readyMs);
  figures.record(`${dir} editor.worker: thread time to ready`, cpu);
  figures.record(`${dir} editor.worker: longest task to ready`, longest);
  console.log(`run ${run}, ${dir}: ready ${loaded.readyMs} ms, editor.worker ${cpu} ms (longest task ${longest}), compiler fetched: ${compiler}`);
});
figures.print(`?generate=${nodes}: ready and the editor's worker until then, ${runs} runs`);
