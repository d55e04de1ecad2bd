/**
 * A person's everyday actions on a big cluster beyond the toolbar's edits (edits-ab.ts has those), A/B: builds served in
 * turn on one port (see ab.ts), each opened on a generated cluster (?generate=N) at the working view, then, one after
 * the other: a node selected and deselected, From and To typed, a node dragged twice and the second move undone, the kube-proxy mode
 * switched and back, the title typed into, Trace, a step and 3 s of playback, Find typed into, every node expanded. Each action is traced
 * (Chromium trace of the main thread) until the page has been still a moment; printed per build and action: the
 * longest task's thread time (and its wall time) and the main thread's time in all. HOT=1 also samples the page's
 * script and names the longest tasks' functions (read them in an unminified build: `npx vite build --minify false`).
 * Found with it: the autosave's IndexedDB read and write on the page (library.worker.ts), a document's text written
 * per edit. Figures for finding what to fix and comparing builds in the same minutes, not for the issue's targets.
 *
 *   npx vite build && E2E_PORT=4185 npx tsx e2e/bench/actions-ab.ts 1000 1 /tmp/base/dist dist
 *   ONLY=Expand …: that action alone
 */
import { loadavg } from 'node:os';
import type { Page } from '@playwright/test';
import { alternate, Figures, pageTasks } from './ab';
import { endTrace, hotFunctions, mainThreadEvents, selfTimes, startTrace, type CpuProfile } from './chrome-trace';
import { dragFirstNode, firstNodeAt, openApp, requestFor, snapshotOf, workingView } from './compare';

const [nodes, runs, ...builds] = process.argv.slice(2);
if (!nodes || !runs || builds.length === 0) throw new Error('usage: tsx e2e/bench/actions-ab.ts NODES RUNS DIST ...');
const HOT = !!process.env.HOT;
// ONLY=<part of an action's name>: that action alone (e.g. ONLY=Expand).
const ONLY = process.env.ONLY;
const ms = (us: number) => Math.round(us / 1000);
const longest = new Figures();
const req = requestFor(Number(nodes));

const ACTIONS: [string, (page: Page) => Promise<unknown>, number?][] = [
  ['select a node', (page) => page.locator('[data-testid="canvas.node"]').first().click()],
  ['Escape (deselect)', (page) => page.keyboard.press('Escape')],
  ['type one key into From', (page) => page.getByTestId('trace.from').pressSequentially('p')],
  [
    'fill From and To',
    async (page) => {
      await page.getByTestId('trace.from').fill(req.from);
      await page.getByTestId('trace.to').fill(req.to);
      await page.getByTestId('trace.to').press('Escape');
    },
  ],
  ['drag a node', dragFirstNode, 2500],
  // (The layout pinned by the first move: a move from then on.)
  ['drag it again', dragFirstNode, 2500],
  ['undo the move', (page) => page.getByTestId('edit.undo').click(), 2500],
  [
    'kube-proxy mode → iptables',
    async (page) => {
      await page.getByTestId('sidebar.cluster').click();
      await page.getByTestId('cluster.field.kubeProxy.mode').selectOption('iptables');
    },
    3000,
  ],
  ['kube-proxy mode → ipvs', (page) => page.getByTestId('cluster.field.kubeProxy.mode').selectOption('ipvs'), 3000],
  ['type 3 keys into the title', (page) => page.getByTestId('cluster.field.metadata.title').pressSequentially('abc'), 2500],
  ['Trace', (page) => page.getByTestId('trace.run').click(), 2000],
  ['a step forward', (page) => page.getByTestId('playback.forward').click()],
  ['play 3 s', (page) => page.getByTestId('playback.play').click(), 3000],
  [
    'type into Find',
    async (page) => {
      await page.getByTestId('view.find').click();
      await page.keyboard.type('node-1');
    },
  ],
  // (Last: the picture after it has every pod box. Find's box closed first, so the toolbar is free.)
  [
    'Expand nodes',
    async (page) => {
      await page.keyboard.press('Escape');
      await page.getByTestId('view.collapse').click();
    },
    4000,
  ],
];

await alternate(builds, Number(runs), async (page, dir, run) => {
  await openApp(page, Number(nodes));
  await workingView(page, 'app', firstNodeAt(await snapshotOf(page)));
  await page.waitForTimeout(2000);
  const cdp = await page.context().newCDPSession(page);
  console.log(`run ${run}, ${dir} (load average ${loadavg()[0]!.toFixed(1)}):`);
  for (const [name, act, settle = 1200] of ACTIONS.filter(([name]) => !ONLY || name.includes(ONLY))) {
    await startTrace(cdp);
    if (HOT) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    let failed = '';
    try {
      await act(page);
      await page.waitForTimeout(settle);
    } catch (e) {
      failed = ` (not done: ${(e as Error).message.split('\n')[0]})`;
    }
    const profile = HOT ? ((await cdp.send('Profiler.stop')).profile as CpuProfile) : undefined;
    const events = mainThreadEvents(await endTrace(cdp));
    const tasks = pageTasks(events);
    const top = [...tasks].sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0));
    const sum = tasks.reduce((n, t) => n + (t.tdur ?? 0), 0);
    console.log(`  ${name}: longest ${ms(top[0]?.tdur ?? 0)} ms (wall ${ms(top[0]?.dur ?? 0)}), ${ms(sum)} ms in all${failed}`);
    for (const t of HOT ? top.slice(0, 2).filter((x) => (x.tdur ?? 0) > 20_000) : []) {
      const kinds = [...selfTimes(events, t.ts, t.ts + t.dur!, (e) => e.tdur ?? e.dur!)].filter(([n, us]) => us >= 1000 && n !== 'RunTask');
      console.log(`    ${ms(t.tdur!)} ms: ${kinds.map(([n, us]) => `${n} ${ms(us)}`).join(', ')}; ${hotFunctions(profile!, t.ts, t.ts + t.dur!, 8)}`);
    }
    longest.record(`${dir} ${name}`, ms(top[0]?.tdur ?? 0));
  }
});
longest.print(`longest task's thread time per action, ${nodes} nodes, ${runs} runs`);
