/**
 * Where a kubectl import's time goes, thread by thread: the import of a generated N-node cluster (as bench:load's
 * import row: File → Import from cluster over the app's own document) under a Chromium trace of every thread of the
 * page (the main thread, the sim worker, the place worker). Each thread's tasks over 10 ms are printed in order, from
 * Import pressed: start and end (ms after the press), wall and thread time, and what they ran by self time; then each
 * thread's busy thread time before the first frame and before ready. Marks the app makes (performance.measure, in a
 * worker too) are listed with their spans. Figures for finding where the time goes, not for comparing speeds (the
 * trace costs something): those are bench:load's. Written to test-results/bench-import/import.md.
 *
 *   npx vite build && BENCH_SIZES=1000 E2E_PORT=4183 npx playwright test -c e2e/bench/import-profile.config.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { endTrace, selfTimes, type TraceEvent } from './chrome-trace';
import { instrument, SIZES, writeKubectlCluster } from './compare';
import { KubectlImport } from '../pages/KubectlImport';

const TASK_MS = 10;
const out: string[] = [];
test.afterAll(() => {
  mkdirSync('test-results/bench-import', { recursive: true });
  writeFileSync('test-results/bench-import/import.md', out.join('\n') + '\n');
});

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel', 'v8'].join(',');

for (const nodes of SIZES) {
  test(`where an import's time goes: ${nodes} nodes`, async ({ browser }, info) => {
    test.setTimeout(600_000);
    const cluster = writeKubectlCluster(nodes, info.outputPath(`cluster-${nodes}.json`));
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await instrument(page);
    await page.goto('/');
    await expect(page.getByTestId('trace.run')).toBeEnabled();
    const kubectl = new KubectlImport(page);
    await kubectl.open();
    // (The file, kept for the floor below: the input lets go of it once the dialog has it.)
    await page.evaluate(() =>
      document.addEventListener('change', (e) => ((window as unknown as { __file?: File }).__file ??= (e.target as HTMLInputElement).files?.[0]), true),
    );
    await kubectl.file.setInputFiles(cluster.file);
    await expect(kubectl.import).toBeEnabled();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReturnAsStream' });
    const { pressed, firstFrame } = await page.evaluate(
      (refs) =>
        new Promise<{ pressed: number; firstFrame: number }>((resolve) => {
          const wanted = new Set(refs);
          const start = performance.now();
          performance.mark('import-pressed');
          (document.querySelector('[data-testid="kubectl.import"]') as HTMLButtonElement).click();
          const poll = () =>
            Array.from(document.querySelectorAll('[data-testid="canvas.node"]')).some((e) => wanted.has(e.getAttribute('data-ref') ?? ''))
              ? (performance.mark('import-first-frame'), resolve({ pressed: start, firstFrame: performance.now() - start }))
              : requestAnimationFrame(poll);
          requestAnimationFrame(poll);
        }),
      cluster.elements,
    );
    await page.waitForFunction(
      `(() => { const b = document.querySelector('[data-testid="trace.run"]'); return b && !b.disabled && (document.querySelector('[data-testid="doc.status"]')?.textContent ?? '') === ''; })()`,
      null,
      { timeout: 600_000, polling: 100 },
    );
    const ready = (await page.evaluate(() => performance.now())) - pressed;
    await page.evaluate(() => performance.mark('import-ready'));
    await page.waitForTimeout(500);
    const events = await endTrace(cdp);
    // The floor: the same file read and parsed (JSON.parse) in a worker of its own, and nothing else.
    await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReturnAsStream' });
    const floorWall = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const src = `onmessage = async (e) => { const t0 = performance.now(); const text = await e.data.text(); const t1 = performance.now(); JSON.parse(text); postMessage([t1 - t0, performance.now() - t1]); };`;
          const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
          w.onmessage = (e: MessageEvent<number[]>) => (w.terminate(), resolve(e.data));
          w.postMessage((window as unknown as { __file: File }).__file);
        }),
    );
    const floorEvents = await endTrace(cdp);
    await page.close();
    const floorThreads = new Set(
      floorEvents.filter((e) => e.name === 'thread_name' && e.args?.name?.startsWith('DedicatedWorker')).map((e) => `${e.pid}:${e.tid}`),
    );
    const floorCpu = floorEvents
      .filter((e) => floorThreads.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'))
      .reduce((sum, e) => sum + (e.tdur ?? 0), 0);

    // The trace's clock (µs) at the press: the main thread's mark.
    const press = events.find((e) => e.name === 'import-pressed')?.ts ?? 0;
    const at = (us: number) => Math.round((us - press) / 1000);
    const names = new Map<string, string>();
    for (const e of events) if (e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
    const ours = events.filter((e) => e.ph === 'X' && e.dur !== undefined && e.ts >= press);
    const byThread = new Map<string, TraceEvent[]>();
    for (const e of ours) {
      const name = names.get(`${e.pid}:${e.tid}`) ?? '';
      if (name !== 'CrRendererMain' && !name.startsWith('DedicatedWorker')) continue;
      const key = `${name} ${e.tid}`;
      (byThread.get(key) ?? byThread.set(key, []).get(key)!).push(e);
    }
    const lines = [
      `\n${nodes} nodes: first frame ${Math.round(firstFrame)} ms, ready ${Math.round(ready)} ms (load average ${(await import('node:os'))
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')})`,
      `- floor (the file read and JSON.parse alone, in a worker): read ${Math.round(floorWall[0]!)} ms + parse ${Math.round(floorWall[1]!)} ms wall, worker thread time ${Math.round(floorCpu / 1000)} ms`,
    ];
    const TOP = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
    for (const [thread, list] of byThread) {
      list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
      // Top-level tasks: those no other task of the thread holds.
      const tasks: TraceEvent[] = [];
      for (const e of list) if (TOP.has(e.name) && !tasks.some((t) => t.ts <= e.ts && e.ts < t.ts + t.dur!)) tasks.push(e);
      const busy = (until: number) => tasks.filter((t) => at(t.ts) < until).reduce((s, t) => s + (t.tdur ?? t.dur!), 0) / 1000;
      lines.push(`- ${thread}: thread time before the first frame ${Math.round(busy(firstFrame))} ms, before ready ${Math.round(busy(ready))} ms`);
      for (const t of tasks.filter((x) => x.dur! >= TASK_MS * 1000)) {
        const self = [...selfTimes(list, t.ts, t.ts + t.dur!)].filter(([n, us]) => us >= 2000 && !TOP.has(n)).sort((a, b) => b[1] - a[1]);
        lines.push(
          `  - ${at(t.ts)}–${at(t.ts + t.dur!)} ms: ${Math.round(t.dur! / 1000)} ms (cpu ${t.tdur === undefined ? '?' : Math.round(t.tdur / 1000)}): ${self
            .map(([n, us]) => `${n} ${Math.round(us / 1000)}`)
            .join(', ')}`,
        );
      }
    }
    // performance.measure's spans (a begin and an end event each, on the thread that measured) and performance.mark's marks.
    const timing = (events as (TraceEvent & { cat?: string; id?: string; id2?: { local?: string } })[]).filter((e) => e.cat?.includes('user_timing'));
    const spans = timing
      .filter((e) => e.ph === 'b')
      .map((b) => {
        const end = timing.find((e) => e.ph === 'e' && e.name === b.name && e.tid === b.tid && e.ts >= b.ts);
        return `${b.name} ${at(b.ts)}–${end ? at(end.ts) : '?'} (${end ? Math.round((end.ts - b.ts) / 1000) : '?'} ms, ${names.get(`${b.pid}:${b.tid}`) ?? b.tid})`;
      });
    if (spans.length) lines.push(`- spans:\n${spans.map((s) => `  - ${s}`).join('\n')}`);
    const marks = timing.filter((e) => (e.ph === 'R' || e.ph === 'I' || e.ph === 'n') && e.ts >= press).map((e) => `${e.name}@${at(e.ts)}`);
    if (marks.length) lines.push(`- marks: ${marks.join(', ')}`);
    console.log(lines.join('\n'));
    out.push(...lines);
  });
}
