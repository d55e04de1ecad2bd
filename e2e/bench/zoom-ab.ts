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
 * EXPAND=1 zooms with every node expanded (bench:editor's expanded rows; the plain page is then of the collapsed graph).
 * PLAIN=1 also zooms the plain React Flow page of the same graph, from each DIST's bench-plain/ (`npx vite build -c
 * e2e/bench/plain.vite.config.ts` in that tree, after its app build).
 *
 *   git worktree add /tmp/base main && (cd /tmp/base && ln -s $PWD/node_modules . && npx vite build)
 *   npx vite build && E2E_PORT=4182 npx tsx e2e/bench/zoom-ab.ts 1000 3 /tmp/base/dist dist 'dist|.react-flow__node > * {display:none}'
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { Figures, newPage, report, serve, traced } from './ab';
import { expandAll, firstNodeAt, openApp, openPlain, snapshotOf, workingView, ZOOM_OUT } from './compare';

const FRAMES = Number(process.env.FRAMES ?? 60);

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

const [nodes, runs, ...builds] = process.argv.slice(2);
if (!nodes || !runs || builds.length === 0) throw new Error('usage: tsx e2e/bench/zoom-ab.ts NODES RUNS DIST[|CSS] ...');
if (process.env.PLAIN) for (const b of builds) if (!existsSync(`${b.split('|')[0]}/bench-plain`)) throw new Error(`no plain page in ${b.split('|')[0]}`);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const longest = new Figures();
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
      // (EXPAND=1: every node expanded first, as bench:editor's expanded rows.)
      if (process.env.EXPAND) await expandAll(page, at);
      const cdp = await page.context().newCDPSession(page);
      for (const pass of ['zoom', 'again']) {
        console.log(`run ${run}, ${build}, ${pass} (load average ${loadavg()[0]!.toFixed(1)}):`);
        longest.record(`${build} ${pass}`, report(await traced(cdp, () => zoomInSteps(page, '__hopscopeCanvas'))));
      }
      await page.close();
      if (process.env.PLAIN) {
        const plain = await newPage(browser);
        await openPlain(plain, snap);
        await workingView(plain, 'plain', at);
        const pcdp = await plain.context().newCDPSession(plain);
        console.log(`run ${run}, plain page of ${build}:`);
        longest.record(`plain page of ${build}`, report(await traced(pcdp, () => zoomInSteps(plain, '__plain'))));
        await plain.close();
      }
    } finally {
      process.kill(-server.pid!);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
await browser.close();
longest.print(`longest task's thread time during a zoom of ${FRAMES} frames, ${nodes} nodes, ${runs} runs`);
