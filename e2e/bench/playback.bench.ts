/**
 * How playback costs the main thread, in headless Chromium: the longest task (PerformanceObserver
 * 'longtask', i.e. over 50 ms) and frames per second (requestAnimationFrame), while a trace plays
 * on the built-in cluster and on a generated 100-node cluster (?generate=100).
 * Figures, not assertions: they are printed and written to test-results/bench/playback.json.
 *
 *   npm run bench:ui
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { generateFlannelCluster, pickTraceRequests } from '../../src/scenarios/generate';

interface Window {
  ms: number;
  frames: number;
  fps: number;
  longestTaskMs: number;
  longTasks: number;
  worstFrameMs: number;
}

const results: Record<string, unknown> = {};

/** Installed before the app loads: long tasks since start, and a rAF counter that can be reset. */
function instrument(page: Page) {
  return page.addInitScript(() => {
    const w = window as unknown as { __bench: unknown };
    const tasks: { start: number; duration: number }[] = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    let t0 = performance.now();
    let frames = 0;
    let worst = 0;
    let last = performance.now();
    const tick = (now: number) => {
      frames++;
      worst = Math.max(worst, now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    w.__bench = {
      reset() {
        t0 = performance.now();
        frames = 0;
        worst = 0;
        last = performance.now();
      },
      read() {
        const now = performance.now();
        const inWindow = tasks.filter((t) => t.start >= t0);
        return {
          ms: Math.round(now - t0),
          frames,
          fps: Math.round((frames / ((now - t0) / 1000)) * 10) / 10,
          longestTaskMs: Math.round(Math.max(0, ...inWindow.map((t) => t.duration))),
          longTasks: inWindow.length,
          worstFrameMs: Math.round(worst),
        };
      },
      allTasks: () => tasks.map((t) => Math.round(t.duration)),
    };
  });
}

const reset = (page: Page) => page.evaluate(() => (window as unknown as { __bench: { reset(): void } }).__bench.reset());
const read = (page: Page) => page.evaluate(() => (window as unknown as { __bench: { read(): Window } }).__bench.read());

async function measure(page: Page, label: string, url: string, playMs: number) {
  await instrument(page);
  const t0 = Date.now();
  await page.goto(url);
  await expect(page.getByTestId('timeline')).toBeVisible({ timeout: 120_000 });
  const loadAndTraceMs = Date.now() - t0;
  const untilFirstPlay = await read(page);

  // Playback at the default speed, from the first hop.
  await page.getByTestId('playback.first').click();
  await page.getByTestId('playback.play').click();
  await reset(page);
  await page.waitForTimeout(playMs);
  const playback = await read(page);

  // Stepping by hand as fast as keys repeat, and a node view switch on each of a few hops.
  await page.getByTestId('playback.play').click();
  await reset(page);
  for (let i = 0; i < 15; i++) await page.keyboard.press(i % 5 === 4 ? 'ArrowLeft' : 'ArrowRight');
  await page.waitForTimeout(500);
  const stepping = await read(page);

  const hops = await page.getByTestId('timeline.hop').count();
  const canvasNodes = await page.locator('.react-flow__node').count();
  results[label] = { url, hops, renderedCanvasNodes: canvasNodes, loadAndTraceMs, untilFirstPlay, playback, stepping };
  console.log(`\n${label}: ${hops} hops, ${canvasNodes} canvas nodes rendered, load+trace ${loadAndTraceMs} ms`);
  console.log(`  until playing: longest task ${untilFirstPlay.longestTaskMs} ms (${untilFirstPlay.longTasks} long tasks)`);
  console.log(
    `  playback ${playback.ms} ms: ${playback.fps} fps, worst frame ${playback.worstFrameMs} ms, longest task ${playback.longestTaskMs} ms (${playback.longTasks} long tasks)`,
  );
  console.log(`  stepping: ${stepping.fps} fps, worst frame ${stepping.worstFrameMs} ms, longest task ${stepping.longestTaskMs} ms`);
}

test.afterAll(() => {
  mkdirSync('test-results/bench', { recursive: true });
  writeFileSync('test-results/bench/playback.json', JSON.stringify(results, null, 2));
});

test('playback on the built-in ACK Flannel cluster (A2 via the ClusterIP)', async ({ page }) => {
  const q = new URLSearchParams({ from: 'pod:default/centos-67756b6dc8-rmmxt', to: '192.168.13.23:80', pick: '172.23.96.163:80' });
  await measure(page, 'built-in', `/?${q}`, 10_000);
});

test('playback on a generated 100-node Flannel cluster (a pod to a ClusterIP)', async ({ page }) => {
  const doc = generateFlannelCluster({ nodes: 100 });
  const pick = pickTraceRequests(doc, 50).find((r) => r.kind === 'pod-clusterip')!.request;
  const q = new URLSearchParams({ generate: '100', from: pick.from, to: pick.to, ...(pick.protocol ? { proto: pick.protocol } : {}) });
  await measure(page, '100 nodes', `/?${q}`, 10_000);
});
