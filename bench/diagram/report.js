/* report.js OURS.json... ISOFLOW.json — the diagram benchmark's table:
 * load and interaction figures for each of our estates, the isoflow
 * component at its size, the ratios isoflow/ours at the same size (same
 * harness, the notes' wall method), and the issue's targets checked
 * (exit 1 when one is missed): 10,000 servers + 20,000 connections first
 * paint <= 1 s after the data arrived and pan/zoom/hover frames <= 33 ms
 * at p95; 100,000 servers from navigation to first paint <= 5 s.
 * SPDX-License-Identifier: BSD-3-Clause */
'use strict';
const fs = require('fs');

const files = process.argv.slice(2);
const runs = files.map(f => JSON.parse(fs.readFileSync(f, 'utf8')));
const ours = runs.filter(r => r.label !== 'isoflow');
const iso = runs.find(r => r.label === 'isoflow');
const out = [];
const v = x => (x == null ? '-' : String(x));
let failed = 0;

out.push('| estate | data (KB) | fetch ms | parse ms | first paint after data ms | navigation to paint ms | full redraw ms (LOD) |');
out.push('|---|---:|---:|---:|---:|---:|---|');
for (const r of ours) {
  out.push(`| ${r.servers} servers, ${r.conns} links | ${Math.round(r.bytes / 1024)} | ${v(r.fetchMs)} | ${v(r.parseMs)} | ` +
           `${v(r.firstPaintMs)} | ${v(r.navigationToPaintMs)} | ${v(r.fullRedraw.p50)} (${r.fullRedraw.lod}) |`);
}
out.push('');
out.push('Per interaction, p50 / p95 ms: latency = input event to the end of the frame that shows it; ' +
         'frame = gap between frames while input streams; wall = input sent to two frames later (the notes\' method).');
out.push('');
out.push('| estate | view (LOD) | interaction | latency | frame | wall |');
out.push('|---|---|---|---|---|---|');
for (const r of ours) {
  for (const w of Object.keys(r.views)) {
    const b = r.views[w];
    for (const k of ['hover', 'pan', 'zoom', 'zoomButton']) {
      const x = b[k];
      if (!x) continue;
      const f = x.frame ? `${v(x.frame.p50)} / ${v(x.frame.p95)}` : '-';
      out.push(`| ${r.servers} | ${w} (${b.lod}) | ${k} | ${v(x.latency.p50)} / ${v(x.latency.p95)} | ${f} | ${v(x.wall.p50)} / ${v(x.wall.p95)} |`);
    }
  }
}
if (iso) {
  const same = ours.find(r => r.servers === iso.servers);
  out.push('');
  out.push(`isoflow ${iso.servers} servers + ${iso.conns} links (same harness): render ${iso.renderMs} ms, painted ${iso.firstPaintMs} ms; ` +
           `wall p50 hover ${v(iso.hover.p50)}, zoom ${v(iso.zoom.p50)}, pan ${v(iso.pan.p50)} ms`);
  if (same) {
    const w = same.views.fit;
    const ratio = (a, b) => (a && b ? (a / b).toFixed(1) + 'x' : '-');
    out.push('');
    out.push(`| ${iso.servers} servers | isoflow 1.1.1 | ours | isoflow / ours |`);
    out.push('|---|---:|---:|---:|');
    out.push(`| first paint (ms) | ${iso.firstPaintMs} | ${v(same.firstPaintMs)} | ${ratio(iso.firstPaintMs, same.firstPaintMs)} |`);
    out.push(`| hover, wall p50 (ms) | ${v(iso.hover.p50)} | ${v(w.hover.wall.p50)} | ${ratio(iso.hover.p50, w.hover.wall.p50)} |`);
    out.push(`| zoom button, wall p50 (ms) | ${v(iso.zoom.p50)} | ${v(w.zoomButton.wall.p50)} | ${ratio(iso.zoom.p50, w.zoomButton.wall.p50)} |`);
    out.push(`| pan step, wall p50 (ms) | ${v(iso.pan.p50)} | ${v(w.pan.wall.p50)} | ${ratio(iso.pan.p50, w.pan.wall.p50)} |`);
  }
}
out.push('');
const t10 = ours.find(r => r.servers === 10000), t100 = ours.find(r => r.servers === 100000);
function target(ok, text) { out.push(`- ${ok ? 'met' : 'MISSED'}: ${text}`); if (!ok) failed++; }
if (t10) {
  target(t10.firstPaintMs <= 1000, `10,000 servers: first paint ${t10.firstPaintMs} ms after the data arrived (<= 1000)`);
  let worst = 0;
  for (const w of Object.keys(t10.views)) for (const k of ['hover', 'pan', 'zoom']) {
    const f = t10.views[w][k].frame;
    if (f && f.p95 > worst) worst = f.p95;
  }
  target(worst <= 33, `10,000 servers: worst pan/zoom/hover frame p95 ${worst} ms (<= 33)`);
}
if (t100) target(t100.navigationToPaintMs <= 5000, `100,000 servers: navigation to first paint ${t100.navigationToPaintMs} ms (<= 5000)`);
for (const r of runs) if (r.errors && r.errors.length) target(false, `${r.label}: page errors ${JSON.stringify(r.errors).slice(0, 200)}`);
console.log(out.join('\n'));
process.exit(failed ? 1 : 0);
