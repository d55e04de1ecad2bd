/**
 * Opening from the document library, A/B: builds served in turn on one port (see ab.ts). Per build: a first visit's `/`
 * (the library empty: the first built-in's first frame), then a generated cluster (?generate=N) stored in the library and
 * reopened by a reload (a reviewer's cluster the next morning): first canvas frame and ready (ms since navigation), the
 * longest task during the reopen. Figures for comparing builds in the same minutes, not for the targets.
 *
 *   npx vite build && E2E_PORT=4185 npx tsx e2e/bench/reopen-ab.ts 1000 3 /tmp/base/dist dist
 */
import { loadavg } from 'node:os';
import { alternate, Figures } from './ab';
import { dragFirstNode, instrument, openApp, reopen } from './compare';

const [nodes, runs, ...builds] = process.argv.slice(2);
if (!nodes || !runs || builds.length === 0) throw new Error('usage: tsx e2e/bench/reopen-ab.ts NODES RUNS DIST ...');
const figures = new Figures();
const stored = `new Promise((resolve) => {
  const r = indexedDB.open('hopscope', 1);
  r.onsuccess = () => {
    const q = r.result.transaction('documents', 'readonly').objectStore('documents').count();
    q.onsuccess = () => (r.result.close(), resolve(q.result));
  };
  r.onerror = () => resolve(0);
})`;
await alternate(builds, Number(runs), async (page, dir, run) => {
  await instrument(page);
  await page.goto('/');
  await page.waitForFunction(`(window).__drawnAt !== null`, null, { timeout: 60_000 });
  const first = await page.evaluate(`(window).__drawnAt`);
  figures.record(`${dir} / first frame`, Math.round(Number(first)));
  await openApp(page, Number(nodes));
  // A generated cluster is stored once edited: a node moved.
  await dragFirstNode(page);
  await page.waitForFunction(`${stored}.then((n) => n > 1)`, null, { timeout: 60_000, polling: 500 });
  await page.waitForTimeout(1500);
  const r = await reopen(page);
  console.log(`run ${run}, ${dir} (load average ${loadavg()[0]!.toFixed(1)}): / ${first}, reopen ${JSON.stringify(r)}`);
  figures.record(`${dir} reopen first frame`, r.firstFrameMs);
  figures.record(`${dir} reopen ready`, r.readyMs);
  figures.record(`${dir} reopen longest task`, r.loadLongestTaskMs);
});
figures.print(`a first visit's / and ?generate=${nodes} reopened from the library, ${runs} runs`);
