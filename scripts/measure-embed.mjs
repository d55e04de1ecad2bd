/* global process, URL, console */
// What an embed loads: serve a built dist/, open the embed of a built-in in Chromium, and sum the
// gzip sizes (level 9) of every JS and CSS file the page and its worker requested.
// Usage: node scripts/measure-embed.mjs [distDir] [query]
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const dist = process.argv[2] ?? 'dist';
const query = process.argv[3] ?? '/?embed=1&scenario=ack-flannel&autoplay=1';
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
const page = await browser.newPage();
const seen = new Set();
page.context().on('request', (r) => seen.add(new URL(r.url()).pathname));
page.on('request', (r) => seen.add(new URL(r.url()).pathname));
page.on('worker', (w) => seen.add(new URL(w.url()).pathname));
await page.goto(`http://localhost:${port}${query}`);
await page.waitForTimeout(4000);
await browser.close();
server.close();
let total = 0;
const rows = [];
for (const p of [...seen].sort()) {
  if (!/\.(js|css)$/.test(p)) continue;
  const gz = gzipSync(readFileSync(join(dist, p)), { level: 9 }).length;
  total += gz;
  rows.push([p, gz]);
}
for (const [p, gz] of rows.sort((a, b) => b[1] - a[1])) console.log(`${(gz / 1024).toFixed(1).padStart(7)} KB  ${p}`);
console.log(`${(total / 1024).toFixed(1).padStart(7)} KB  total (gzip -9) for ${query}`);
