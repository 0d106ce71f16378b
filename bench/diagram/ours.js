/* ours.js BASE USER PASS LABEL — measures unlimited-cluster's diagram on a
 * running server (BASE = http://127.0.0.1:PORT): load (data size, fetch,
 * parse, first paint after the data arrived, navigation to first paint),
 * the time of one full redraw of the whole estate, and hover, pan and
 * zoom at two zoom levels (the whole estate fitted to the screen, and
 * close enough for icons and names). For each interaction, from the
 * page's own frame log (Diagram.perfLog): the latency from the input
 * event to the end of the frame that shows it, and the script's work in
 * that frame; plus the notes' wall method (input sent -> two animation
 * frames). Prints one JSON object.
 * SPDX-License-Identifier: BSD-3-Clause */
'use strict';
const { launch, summary, wall, round } = require('./common');

const [base, user, pass, label] = process.argv.slice(2);
const STEPS = +(process.env.STEPS || 40);

function fig(list) {
  const s = summary(list);
  return { n: s.n, p50: round(s.p50), p95: round(s.p95), max: round(s.max) };
}

async function main() {
  const browser = await launch();
  const ctx = await browser.newContext({ httpCredentials: { username: user, password: pass },
                                         viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  const t0 = Date.now();
  await page.goto(base + '/unlimited-cluster/diagram.cgi?full=1&poll=3600&live=0', { timeout: 120000 });
  await page.waitForFunction(() => window.ucDiagram && ucDiagram.stats() && ucDiagram.stats().firstPaintMs != null,
                             null, { timeout: 120000, polling: 50 });
  const gotoPaint = Date.now() - t0;
  const st = await page.evaluate(() => ucDiagram.stats());
  /* One full redraw of the fitted estate, five times. */
  const redraw = await page.evaluate(() => {
    const d = ucDiagram.instance(), out = [];
    for (let i = 0; i < 5; i++) { d.renderStatic(); out.push(d.lastStaticMs); }
    return { ms: out, lod: d.lastStats.lod, drawn: d.lastStats.servers, conns: d.lastStats.conns };
  });
  await page.evaluate(() => { const d = ucDiagram.instance(); d.perfLog = []; d.legend.hidden = true; });
  const result = {
    label, servers: st.servers, conns: st.conns, clusters: st.clusters, bytes: st.bytes,
    fetchMs: round(st.fetchMs), parseMs: round(st.parseMs), firstPaintMs: round(st.firstPaintMs),
    bootToPaintMs: round(st.loadMs), navigationToPaintMs: gotoPaint,
    fullRedraw: { p50: round(redraw.ms.sort((a, b) => a - b)[2]), lod: redraw.lod, drawn: redraw.drawn, conns: redraw.conns },
    views: {}
  };
  for (const where of ['fit', 'close']) {
    if (where === 'close') {
      await page.evaluate(() => {
        const d = ucDiagram.instance(), s = d.model.servers[Math.floor(d.model.servers.length / 2)];
        d.view.centre(s.x, s.y, 0.6);
        d.lastInput = 0;
        d.renderStatic();
        d.compose();
      });
    }
    await page.waitForTimeout(300);
    /* Points: servers in view, and an empty spot to drag the floor from. */
    const pts = await page.evaluate((n) => {
      const d = ucDiagram.instance(), v = d.view, r = d.canvas.getBoundingClientRect(), out = [];
      const vis = (d.lastStats.visible || []).filter(s => s._px > 20 && s._px < v.w - 220 && s._py > 20 && s._py < v.h - 20 &&
        document.elementFromPoint(r.left + s._px, r.top + s._py) === d.canvas);
      for (let i = 0; i < n; i++) {
        const s = vis[Math.floor((i * 7919) % Math.max(1, vis.length))];
        if (s) out.push({ x: r.left + s._px, y: r.top + s._py });
      }
      let empty = null;
      for (let y = 30; y < v.h - 30 && !empty; y += 17) {
        for (let x = 30; x < v.w - 250 && !empty; x += 23) {
          if (!d.hitServer({ x, y }) && !d.hitCluster({ x, y }) &&
              document.elementFromPoint(r.left + x, r.top + y) === d.canvas) empty = { x: r.left + x, y: r.top + y };
        }
      }
      return { servers: out, empty: empty || { x: r.left + 5, y: r.top + 5 } };
    }, STEPS);
    const block = {};
    /* Frame intervals while input streams without pause: an rAF loop
     * records every frame's start; p95 of the gaps is the frame time. */
    const stream = async (name, fn) => {
      await page.evaluate(() => {
        window.__frames = [];
        window.__rec = true;
        const loop = t => { if (window.__rec) { window.__frames.push(t); requestAnimationFrame(loop); } };
        requestAnimationFrame(loop);
      });
      await fn();
      const f = await page.evaluate(() => { window.__rec = false; return window.__frames; });
      const gaps = [];
      for (let i = 1; i < f.length; i++) gaps.push(f[i] - f[i - 1]);
      block[name].frame = fig(gaps);
      await page.waitForTimeout(400);
    };
    const take = async (name, fn) => {
      await page.evaluate(() => { ucDiagram.instance().perfLog = []; });
      const w = await wall(page, STEPS, fn);
      const log = await page.evaluate(() => ucDiagram.instance().perfLog);
      const lat = log.filter(f => f.input).map(f => f.end - f.input);
      const work = log.filter(f => f.input).map(f => f.end - f.start);
      block[name] = { latency: fig(lat), work: fig(work), wall: fig(w), fullFrames: log.filter(f => f.full).length };
      await page.waitForTimeout(400); /* input pauses: the layer is redrawn */
      block[name].redrawAfterMs = round(await page.evaluate(() => ucDiagram.instance().lastStaticMs));
    };
    const hoverAt = async i => {
      const p = i % 2 ? pts.servers[i % pts.servers.length] : { x: pts.empty.x + (i % 5), y: pts.empty.y };
      await page.mouse.move(p ? p.x : 100 + i, p ? p.y : 100);
    };
    await take('hover', hoverAt);
    await stream('hover', async () => { for (let i = 0; i < 2 * STEPS; i++) await hoverAt(i); });
    /* pan with the middle button: it drags the view from anywhere (a
     * dense estate has no bare floor at close zoom) */
    await page.mouse.move(640, 400);
    await page.mouse.down({ button: 'middle' });
    await take('pan', async i => page.mouse.move(640 + (i + 1) * 6, 400 + (i + 1) * 3));
    await stream('pan', async () => page.mouse.move(500, 340, { steps: 2 * STEPS }));
    await page.mouse.up({ button: 'middle' });
    await page.mouse.move(640, 400);
    await take('zoom', async i => page.mouse.wheel(0, i % 2 ? 100 : -100));
    /* the comparison with isoflow zooms with the buttons, as it must */
    await take('zoomButton', async i => page.click(i % 2 ? '[data-act="zoom-out"]' : '[data-act="zoom-in"]'));
    block.zoomButton.frame = null;
    await stream('zoom', async () => { for (let i = 0; i < 2 * STEPS; i++) await page.mouse.wheel(0, i % 4 < 2 ? -60 : 60); });
    const s2 = await page.evaluate(() => ucDiagram.stats());
    block.lod = s2.lod;
    block.zoomLevel = Math.round(s2.zoom * 1000) / 1000;
    block.drawn = s2.drawn;
    result.views[where] = block;
  }
  result.errors = errors;
  console.log(JSON.stringify(result));
  await browser.close();
}

main().catch(e => { console.error(e); process.exit(1); });
