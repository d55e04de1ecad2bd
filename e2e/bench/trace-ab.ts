/**
 * A trace's frames, A/B: builds served in turn on one port (see zoom-ab.ts), each opened on a generated cluster
 * (?generate=N) at the working view, where the bench's request is traced (Trace → the packet drawn at its first hop and
 * the second after, as bench:ui does) under a Chromium trace; printed per build: the longest task's thread time and the
 * work of the longest tasks by kind.
 * Figures for comparing builds in the same minutes, not for the targets (those are the bench's).
 *
 *   npx vite build && E2E_PORT=4184 npx tsx e2e/bench/trace-ab.ts 1000 3 /tmp/base/dist dist
 */
import { loadavg } from 'node:os';
import { alternate, Figures, report, traced } from './ab';
import { firstNodeAt, openApp, requestFor, snapshotOf, traceToFirstHop, workingView } from './compare';

const [nodes, runs, ...builds] = process.argv.slice(2);
if (!nodes || !runs || builds.length === 0) throw new Error('usage: tsx e2e/bench/trace-ab.ts NODES RUNS DIST ...');
const req = requestFor(Number(nodes));
const longest = new Figures();
await alternate(builds, Number(runs), async (page, dir, run) => {
  await openApp(page, Number(nodes));
  const at = firstNodeAt(await snapshotOf(page));
  const cdp = await page.context().newCDPSession(page);
  await workingView(page, 'app', at);
  console.log(`run ${run}, ${dir} (load average ${loadavg()[0]!.toFixed(1)}):`);
  longest.record(dir, report(await traced(cdp, () => traceToFirstHop(page, req.from, req.to).then(() => {}))));
});
longest.print(`longest task's thread time from Trace to the first hop and the second after, ${nodes} nodes, ${runs} runs`);
