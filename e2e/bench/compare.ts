/**
 * Hopscope beside a plain React Flow page drawing the same graph (same ids, parents, positions,
 * sizes, stacking; default nodes; the same initial view options and canvas size), built in the
 * same run (src/bench-plain, e2e/bench/plain.vite.config.ts). Every figure is a ratio to that
 * baseline, min/median/max over RUNS runs: the machine is shared and absolute times are noise.
 */
import { writeFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { nodeId, serviceId } from '../../src/model/element-id';
import { kubectlListText } from '../../src/scenarios/generate-kubectl';
import { generateFlannelCluster, pickTraceRequests } from '../../src/scenarios/generate';
import { KubectlImport } from '../pages/KubectlImport';
import { FAR_ZOOM } from '../../src/layout/lod';

export const RUNS = Number(process.env.BENCH_RUNS ?? 3);
export const SIZES = (process.env.BENCH_SIZES ?? '100,1000').split(',').map(Number);

/** Installed before a page loads: long tasks since navigation, and the first frame with a React Flow node. */
export function instrument(page: Page) {
  return page.addInitScript(() => {
    const w = window as unknown as { __tasks: { start: number; duration: number }[]; __drawnAt: number | null };
    w.__tasks = [];
    w.__drawnAt = null;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    const tick = (now: number) => {
      if (w.__drawnAt === null && document.querySelector('.react-flow__node')) w.__drawnAt = now;
      if (w.__drawnAt === null) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** The longest main-thread task that started in [from, to) (ms since navigation). */
export const longestTask = (page: Page, from: number, to = Infinity) =>
  page.evaluate(
    ([a, b]) =>
      Math.round(
        Math.max(
          0,
          ...(window as unknown as { __tasks: { start: number; duration: number }[] }).__tasks
            .filter((t) => t.start >= a! && t.start < b!)
            .map((t) => t.duration),
        ),
      ),
    [from, to],
  );

const now = (page: Page) => page.evaluate(() => performance.now());

// NOTE: waitForFunction, not locators: Playwright's visibility checks on a page of thousands of
// elements take seconds of the page's main thread, which would count against the app.
const waitFor = (page: Page, fn: string, timeout = 170_000) => page.waitForFunction(fn, null, { timeout, polling: 100 });

type View = { x: number; y: number; zoom: number };
type Api = { panBy(dx: number, dy: number): void; viewport: { get(): View; set(v: View): void } };

export interface Loaded {
  firstFrameMs: number;
  readyMs: number;
  loadLongestTaskMs: number;
}

/** The app on a generated cluster of `nodes` nodes: first canvas frame, ready (validated: Trace enabled), the longest task until then. */
export async function openApp(page: Page, nodes: number): Promise<Loaded> {
  await instrument(page);
  await page.goto(`/?generate=${nodes}`);
  return loaded(page);
}

/**
 * `page` reloaded on the document it holds, read back from the library (a reviewer reopening their imported cluster
 * the next morning): first canvas frame, ready and the longest task, from the reload's navigation.
 */
export async function reopen(page: Page): Promise<Loaded> {
  await page.reload();
  return loaded(page);
}

/** From navigation: the first frame with a canvas node, ready (Trace enabled, nothing pending) and the longest task until a second after. */
async function loaded(page: Page): Promise<Loaded> {
  await waitFor(page, '(window).__drawnAt !== null');
  await waitFor(
    page,
    `(() => { const b = document.querySelector('[data-testid="trace.run"]'); return b && !b.disabled && (document.querySelector('[data-testid="doc.status"]')?.textContent ?? '') === ''; })()`,
  );
  const readyMs = await now(page);
  const firstFrameMs = await page.evaluate(() => (window as unknown as { __drawnAt: number }).__drawnAt);
  // Tasks still running right after ready (the first layout, the fitted view) count as load.
  await page.waitForTimeout(1000);
  return { firstFrameMs: Math.round(firstFrameMs), readyMs: Math.round(readyMs), loadLongestTaskMs: await longestTask(page, 0) };
}

/** The kubectl List of the generated N-node cluster written to `file`, and its nodes' and services' canvas ids (what importInto waits for). */
export function writeKubectlCluster(nodes: number, file: string): { file: string; elements: string[] } {
  writeFileSync(file, kubectlListText({ nodes, seed: 1 }, 'json'));
  const generated = generateFlannelCluster({ nodes, seed: 1 });
  return { file, elements: [...generated.nodes.map((n) => nodeId(n.name)), ...generated.services.map((s) => serviceId(s))] };
}

/** Upload `file` in File → Import from cluster on the app's own cluster and time from Import to the cluster drawn and ready. */
export async function importInto(page: Page, file: string, elements: string[]) {
  await instrument(page);
  await page.goto('/');
  await expect(page.getByTestId('trace.run')).toBeEnabled();
  const kubectl = new KubectlImport(page);
  await kubectl.open();
  await markPick(page);
  await kubectl.file.setInputFiles(file);
  await expect(kubectl.import).toBeEnabled();
  const t0 = await page.evaluate(() => performance.now());
  const firstFrameMs = await pressImport(page, elements);
  // (From the pick as well: the file is read as it is picked, and Import pressed at once waits for that.)
  const fromPickMs = firstFrameMs + (await pickToPress(page));
  await page.waitForFunction(
    `(() => { const b = document.querySelector('[data-testid="trace.run"]'); return b && !b.disabled && (document.querySelector('[data-testid="doc.status"]')?.textContent ?? '') === ''; })()`,
    null,
    { timeout: 600_000, polling: 100 },
  );
  const readyMs = (await page.evaluate(() => performance.now())) - t0;
  await page.waitForTimeout(1000);
  return {
    firstFrameMs: Math.round(firstFrameMs),
    fromPickMs: Math.round(fromPickMs),
    readyMs: Math.round(readyMs),
    loadLongestTaskMs: await longestTask(page, t0),
  };
}

/** Marks `import-picked` in the page when a file is next picked (call before `setInputFiles`). */
export const markPick = (page: Page) =>
  page.evaluate(() => document.addEventListener('change', () => performance.mark('import-picked'), { capture: true, once: true }));

/** The ms from the file's pick (`markPick`) to Import's press (`pressImport`). */
export const pickToPress = (page: Page) =>
  page.evaluate(() => performance.getEntriesByName('import-pressed')[0]!.startTime - performance.getEntriesByName('import-picked')[0]!.startTime);

/**
 * Presses the import dialog's Import (marked `import-pressed`) and resolves with the ms from the press to the first
 * frame holding any of the imported cluster's `elements` (ids), pressed and watched from the page: it is seen before it
 * paints (any: past 1,000 elements only those in view are mounted; at 100 nodes the view opens on services).
 */
export const pressImport = (page: Page, elements: string[]) =>
  page.evaluate(
    (refs) =>
      new Promise<number>((resolve) => {
        const wanted = new Set(refs);
        const start = performance.mark('import-pressed').startTime;
        (document.querySelector('[data-testid="kubectl.import"]') as HTMLButtonElement).click();
        const poll = () =>
          Array.from(document.querySelectorAll('[data-testid="canvas.node"]')).some((e) => wanted.has(e.getAttribute('data-ref') ?? ''))
            ? resolve(performance.now() - start)
            : requestAnimationFrame(poll);
        requestAnimationFrame(poll);
      }),
    elements,
  );

/** What the app's canvas holds, for the plain page. */
export interface Snap {
  graph: { nodes: { id: string; parentId?: string; position: { x: number; y: number } }[]; edges: unknown[] };
  width: number;
  height: number;
}
export const snapshotOf = (page: Page): Promise<Snap> =>
  page.evaluate(() => {
    const api = (window as unknown as { __hopscopeCanvas: { snapshot(): Snap['graph'] } }).__hopscopeCanvas;
    const canvas = document.querySelector('.react-flow')!.getBoundingClientRect();
    return { graph: api.snapshot(), width: Math.round(canvas.width), height: Math.round(canvas.height) };
  });

/** The plain page with `snapshot`'s graph, in a box the app's canvas size. */
export async function openPlain(page: Page, snap: Snap): Promise<Loaded> {
  await instrument(page);
  await page.route('**/plain-graph.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(snap.graph) }));
  await page.setViewportSize({ width: snap.width, height: snap.height });
  await page.goto('/bench-plain/e2e/bench/plain.html');
  await waitFor(page, '(window).__drawnAt !== null && !!(window).__plain');
  const firstFrameMs = Math.round(await page.evaluate(() => (window as unknown as { __drawnAt: number }).__drawnAt));
  await page.waitForTimeout(1000);
  return { firstFrameMs, readyMs: firstFrameMs, loadLongestTaskMs: await longestTask(page, 0) };
}

const appApi = `(window).__hopscopeCanvas`;
const plainApi = `(window).__plain`;

/** A normal working view: the first cluster node's corner near the top left, at 0.6×. */
export async function workingView(page: Page, which: 'app' | 'plain', at: { x: number; y: number }) {
  const view = { x: -at.x * 0.6 + 40, y: -at.y * 0.6 + 40, zoom: 0.6 };
  await page.evaluate(([api, v]) => (eval(api as string) as Api).viewport.set(v as View), [which === 'app' ? appApi : plainApi, view] as const);
  await page.waitForTimeout(500);
}

/** Presses the toolbar's Expand (every node drawn with its pods), comes back to the working view at `at` and waits until pods are drawn and the page is still. */
export async function expandAll(page: Page, at: { x: number; y: number }) {
  // A small cluster opens expanded (10 nodes): the same button would collapse it.
  await page.evaluate(() => {
    if (!document.querySelector('.react-flow__node-pod')) (document.querySelector('[data-testid="view.collapse"]') as HTMLButtonElement).click();
  });
  // The camera may go to the (now bigger) first nodes, as far out as draws pods as a layer.
  await page.waitForFunction('!!document.querySelector(".react-flow__node-pod, [data-testid=\'canvas.podLayer\']")', null, { timeout: 170_000, polling: 100 });
  await workingView(page, 'app', at);
  await page.waitForFunction('!!document.querySelector(".react-flow__node-pod")', null, { timeout: 170_000, polling: 100 });
  await page.waitForTimeout(1000);
}

/** Frames per second and the longest task while the view moves every animation frame for `ms`. */
export async function pan(page: Page, which: 'app' | 'plain', ms = 3000) {
  const t0 = await now(page);
  const fps = await page.evaluate(
    ([api, ms]) =>
      new Promise<number>((resolve) => {
        const a = eval(api as string) as Api;
        const start = performance.now();
        let frames = 0;
        const step = (t: number) => {
          frames++;
          a.panBy(Math.floor((t - start) / 1000) % 2 ? 14 : -14, 0);
          if (t - start < (ms as number)) requestAnimationFrame(step);
          else resolve((frames * 1000) / (t - start));
        };
        requestAnimationFrame(step);
      }),
    [which === 'app' ? appApi : plainApi, ms] as const,
  );
  return { fps: Math.round(fps * 10) / 10, longestTaskMs: await longestTask(page, t0) };
}

/** Drag the first node box drawn 120 px right and 40 down, as a mouse does (a move: an edit the library then stores). */
export async function dragFirstNode(page: Page) {
  const box = (await page.locator('[data-testid="canvas.node"]').first().boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 10);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 30 + i * 12, box.y + 10 + i * 4);
  await page.mouse.up();
}

/** The first cluster node's absolute position in the snapshot. */
export function firstNodeAt(snap: Snap): { x: number; y: number } {
  const byId = new Map(snap.graph.nodes.map((n) => [n.id, n]));
  const n = snap.graph.nodes.find((x) => x.id.startsWith('node:'))!;
  const parent = n.parentId ? byId.get(n.parentId) : undefined;
  return { x: n.position.x + (parent?.position.x ?? 0), y: n.position.y + (parent?.position.y ?? 0) };
}

/** A pod → ClusterIP request on the generated cluster (as the playback bench has always used). */
export function requestFor(nodes: number) {
  const doc = generateFlannelCluster({ nodes });
  return pickTraceRequests(doc, 50).find((r) => r.kind === 'pod-clusterip')!.request;
}

/** Press Trace and time until the packet's marker is drawn at the first hop; the longest task in that span and the second after. */
export async function traceToFirstHop(page: Page, from: string, to: string) {
  // (A <select> before the pickers became typeaheads: the bench also measures that build.)
  const fromField = page.getByTestId('trace.from');
  if ((await fromField.evaluate((e) => e.tagName)) === 'SELECT') await fromField.selectOption(from);
  else await fromField.fill(from);
  await page.getByTestId('trace.to').fill(to);
  await page.getByTestId('trace.to').press('Escape');
  await page.waitForTimeout(500);
  if (await page.evaluate(() => !!document.querySelector('[data-testid="playback.marker"]'))) throw new Error('a trace is already on the canvas');
  const t0 = await now(page);
  const ms = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        (document.querySelector('[data-testid="trace.run"]') as HTMLButtonElement).click();
        // Checked in each frame before it paints: the marker is there when the frame that draws it is being made.
        const poll = () => (document.querySelector('[data-testid="playback.marker"]') ? resolve(performance.now() - start) : requestAnimationFrame(poll));
        requestAnimationFrame(poll);
      }),
  );
  await page.waitForTimeout(1000);
  const path = await page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-testid="canvas.node"].border-amber-400'), (e) => e.getAttribute('data-ref') ?? ''),
  );
  return { ms: Math.round(ms), longestTaskMs: await longestTask(page, t0), path };
}

/** The plain page's equivalent: mark the path's nodes and time until they are drawn marked. */
export async function markToDrawn(page: Page, ids: string[]) {
  const t0 = await now(page);
  const ms = await page.evaluate(
    (ids) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        (window as unknown as { __plain: { mark(ids: string[]): void } }).__plain.mark(ids);
        const poll = () => (document.querySelector('.react-flow__node.hl') ? resolve(performance.now() - start) : requestAnimationFrame(poll));
        requestAnimationFrame(poll);
      }),
    ids,
  );
  await page.waitForTimeout(1000);
  return { ms: Math.round(ms), longestTaskMs: await longestTask(page, t0) };
}

/** The zoom out to and back from: past FAR_ZOOM, so the level of detail switches twice. */
export const ZOOM_OUT = Math.round(FAR_ZOOM * 0.75 * 100) / 100;

/** Frames per second and the longest task while the view zooms 0.6× → ZOOM_OUT → 0.6× about the canvas's centre, a step each animation frame, for `ms`. */
export async function zoomAcross(page: Page, which: 'app' | 'plain', ms = 3000) {
  const t0 = await page.evaluate(() => performance.now());
  const fps = await page.evaluate(
    ([api, ms, low]) =>
      new Promise<number>((resolve) => {
        const a = eval(api as string) as Api;
        const box = document.querySelector('.react-flow')!.getBoundingClientRect();
        const [cx, cy] = [box.width / 2, box.height / 2];
        const v0 = a.viewport.get();
        // The flow point under the centre stays there.
        const [fx, fy] = [(cx - v0.x) / v0.zoom, (cy - v0.y) / v0.zoom];
        const start = performance.now();
        let frames = 0;
        const step = (t: number) => {
          frames++;
          const phase = ((t - start) / (ms as number)) * 2;
          const k = phase < 1 ? phase : 2 - phase;
          const zoom = v0.zoom * Math.pow((low as number) / v0.zoom, Math.max(0, Math.min(1, k)));
          a.viewport.set({ x: cx - fx * zoom, y: cy - fy * zoom, zoom });
          if (t - start < (ms as number)) requestAnimationFrame(step);
          else resolve((frames * 1000) / (t - start));
        };
        requestAnimationFrame(step);
      }),
    [which === 'app' ? '(window).__hopscopeCanvas' : '(window).__plain', ms, ZOOM_OUT] as const,
  );
  return { fps: Math.round(fps * 10) / 10, longestTaskMs: await longestTask(page, t0) };
}

/** Min / median / max of a list, and of the ratios app ÷ plain run by run. */
export function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return { min: r(s[0]!), median: r(s[Math.floor(s.length / 2)]!), max: r(s[s.length - 1]!) };
}

export interface Row {
  metric: string;
  app: number[];
  plain: number[];
}

/** A bench table's rows, filled run by run: each metric's figures for the app beside the plain page's, in first-measured order. */
export class Rows {
  private readonly byMetric = new Map<string, Row>();

  /** One run's figure for `metric`: the app's, and the plain page's where it has one. */
  measured(metric: string, app: number, plain?: number): void {
    let row = this.byMetric.get(metric);
    if (!row) this.byMetric.set(metric, (row = { metric, app: [], plain: [] }));
    row.app.push(app);
    if (plain !== undefined) row.plain.push(plain);
  }

  get all(): Row[] {
    return [...this.byMetric.values()];
  }
}

/** A table: metric, app min/median/max, plain min/median/max, ratio (per run) min/median/max. */
export function table(title: string, rows: Row[]): string {
  const f = (s: ReturnType<typeof stats>) => `${s.min} / ${s.median} / ${s.max}`;
  const lines = [`\n${title}`, '| metric | Hopscope (min / median / max) | plain React Flow | ratio (min / median / max) |', '|---|---|---|---|'];
  for (const row of rows) {
    const ratios = row.app.map((a, i) => (row.plain[i] ? a / row.plain[i]! : NaN)).filter((x) => Number.isFinite(x));
    lines.push(`| ${row.metric} | ${f(stats(row.app))} | ${row.plain.length ? f(stats(row.plain)) : '—'} | ${ratios.length ? `${f(stats(ratios))}×` : '—'} |`);
  }
  return lines.join('\n');
}

export { expect };
