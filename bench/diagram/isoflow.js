/* isoflow.js DIR N — measures the `isoflow` npm component at N servers and
 * N connections, the notes' way (../../../shared/notes/fossflow.md §6.1):
 * DIR holds index.html and the esbuild bundle, served from 127.0.0.1 by a
 * few lines of Node; load = root.render() until every node image is in the
 * page, painted = two animation frames later; then the wall time from
 * each input until two animation frames ran, for 20 hovers over nodes,
 * 6 zoom button clicks and 8 pan-tool drag steps. Prints one JSON object.
 * SPDX-License-Identifier: BSD-3-Clause */
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const { launch, summary, wall, round } = require('./common');

const [dir, nArg] = process.argv.slice(2);
const N = +nArg || 1000;
const LIMIT_MS = +(process.env.ISOFLOW_LIMIT_MS || 300000); /* per interaction block */

function fig(list) {
  const s = summary(list);
  return { n: s.n, p50: round(s.p50), p95: round(s.p95), max: round(s.max) };
}

function serve() {
  const types = { '.html': 'text/html', '.js': 'text/javascript' };
  const srv = http.createServer((req, res) => {
    const f = path.join(dir, path.basename(req.url.split('?')[0]) || 'index.html');
    fs.readFile(f, (err, data) => {
      if (err) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'Content-Type': types[path.extname(f)] || 'application/octet-stream' });
      res.end(data);
    });
  });
  return new Promise(r => srv.listen(0, '127.0.0.1', () => r(srv)));
}

async function main() {
  const srv = await serve();
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${srv.address().port}/index.html`);
  await page.waitForFunction(() => window.__bench);
  const renderMs = await page.evaluate(n => window.__bench.render(n), N);
  const t = Date.now();
  await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
  const paintedMs = renderMs + (Date.now() - t);
  const result = { label: 'isoflow', servers: N, conns: N, renderMs: round(renderMs), firstPaintMs: round(paintedMs) };
  const imgs = await page.$$eval('#root img', els => els.slice(0, 400).map(e => {
    const r = e.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }).filter(p => p.x > 50 && p.x < 1230 && p.y > 80 && p.y < 760));
  result.hover = fig(await wall(page, 20, i => {
    const p = imgs.length ? imgs[(i * 37) % imgs.length] : { x: 300 + i * 20, y: 400 };
    return page.mouse.move(p.x + (i % 3), p.y);
  }, LIMIT_MS));
  result.zoom = fig(await wall(page, 6, i => page.click(`[aria-label="${i % 2 ? 'Zoom out' : 'Zoom in'}"]`), LIMIT_MS));
  await page.click('[aria-label="Pan"]');
  await page.mouse.move(640, 450);
  await page.mouse.down();
  result.pan = fig(await wall(page, 8, i => page.mouse.move(640 + (i + 1) * 15, 450 + (i + 1) * 8), LIMIT_MS));
  await page.mouse.up();
  result.errors = errors;
  console.log(JSON.stringify(result));
  await browser.close();
  srv.close();
}

main().catch(e => { console.error(e); process.exit(1); });
