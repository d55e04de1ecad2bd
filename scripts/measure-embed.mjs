/* global process, URL, console */
// What an embed loads: serve a built dist/, open embeds in Chromium, and sum the gzip sizes (level 9)
// of every JS and CSS file the page and its worker requested.
// Usage: npm run bench:embed            (a built-in in English and in Chinese, and a user's document by link)
//        node scripts/measure-embed.mjs [distDir] [query]   (one query, with its files)
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import lz from 'lz-string';

const dist = process.argv[2] ?? 'dist';
// A user's document: the ACK built-in renamed (so the worker cannot answer it from its stored validation).
const own = JSON.parse(readFileSync('src/scenarios/json/ack-flannel.json', 'utf8'));
own.metadata.name = 'my-cluster';
const queries = process.argv[3]
  ? [[process.argv[3], process.argv[3]]]
  : [
      ['built-in, English', '/?embed=1&scenario=ack-flannel&autoplay=1'],
      ['built-in, Chinese', '/?embed=1&scenario=ack-flannel&autoplay=1&lng=zh'],
      ['a document by link', `/?embed=1&autoplay=1&doc=${lz.compressToEncodedURIComponent(JSON.stringify(own))}`],
    ];
const types = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.svg': 'image/svg+xml', '.json': 'application/json' };
const server = createServer((req, res) => {
  const p = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
  const file = join(dist, p || 'index.html');
  const f = existsSync(file) && !file.endsWith('/') ? file : join(dist, 'index.html');
  res.setHeader('content-type', types[extname(f)] ?? 'application/octet-stream');
  res.end(readFileSync(f));
});
await new Promise((r) => server.listen(0, r));
const port = server.address().port;
const exe = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox', '--disable-gpu'] });

async function measure(query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = new Set();
  context.on('request', (r) => seen.add(new URL(r.url()).pathname));
  page.on('worker', (w) => seen.add(new URL(w.url()).pathname));
  await page.goto(`http://localhost:${port}${query}`);
  await page.getByTestId('playback').waitFor();
  await page.waitForTimeout(3000);
  await context.close();
  const rows = [];
  for (const p of [...seen].sort()) {
    if (!/\.(js|css)$/.test(p)) continue;
    rows.push([p, gzipSync(readFileSync(join(dist, p)), { level: 9 }).length]);
  }
  return rows.sort((a, b) => b[1] - a[1]);
}

const kb = (n) => `${(n / 1024).toFixed(1).padStart(7)} KB`;
for (const [label, query] of queries) {
  const rows = await measure(query);
  if (queries.length === 1) for (const [p, gz] of rows) console.log(`${kb(gz)}  ${p}`);
  console.log(`${kb(rows.reduce((s, [, gz]) => s + gz, 0))}  total (gzip -9): ${label}`);
}
await browser.close();
server.close();
