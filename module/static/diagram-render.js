/* diagram-render.js — draws the estate on a 2D canvas context, back to
 * front: floor grid, region zones, cluster areas, connections, servers,
 * labels. Only what is in view is drawn, with a level of detail chosen by
 * the on-screen size of a tile: icons, then small boxes, then floor
 * diamonds, then dots, then per-bucket aggregates; cluster areas carry
 * their member counts when servers get small. Used for the screen (into a
 * cached layer), the PNG export, and measured by the benchmark.
 * SPDX-License-Identifier: BSD-3-Clause */
(function (U) {
  'use strict';
  var TW = U.TW, TH = U.TH;

  U.BACKGROUND = '#f6faff';
  U.STATE_COLOURS = ['#9e9e9e', '#43a047', '#fdd835', '#e53935'];
  /* Connection types: colour and dash (in line widths). A link with an
   * end down is drawn in DOWN_COLOUR with its type's dash. */
  U.CONN_STYLES = {
    standard: { color: '#1e88e5', dash: [] },
    http: { color: '#00897b', dash: [4, 2.5] },
    database: { color: '#3949ab', dash: [7, 2, 1.5, 2] },
    cache: { color: '#8e24aa', dash: [1.8, 1.8] },
    monitoring: { color: '#ef6c00', dash: [0.1, 2.2] }
  };
  U.DOWN_COLOUR = '#9e9e9e';
  U.SELECT_COLOUR = '#1565c0';

  var LOD_ICON = 34, LOD_CUBE = 16, LOD_FLAT = 7; /* tile width, px */
  var AGG_LIMIT = 20000;   /* more servers in view than this: aggregates */
  var CONN_BUDGET = 30000; /* links drawn at the overview, at most */
  var LABEL_ALL = 56;      /* tile width from which every name is shown */
  U.LOD_ICON = LOD_ICON;

  U.lodOf = function (z) {
    var ts = TW * z;
    return ts >= LOD_ICON ? 'icon' : ts >= LOD_CUBE ? 'cube' : ts >= LOD_FLAT ? 'flat' : 'dot';
  };

  U.FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

  /* The floor rhombus of tiles x0..x1, y0..y1 (corners at the half tiles). */
  function floorPath(path, view, x0, y0, x1, y1) {
    path.moveTo(view.px(x0 - 0.5, y1 + 0.5), view.py(x0 - 0.5, y1 + 0.5));
    path.lineTo(view.px(x1 + 0.5, y1 + 0.5), view.py(x1 + 0.5, y1 + 0.5));
    path.lineTo(view.px(x1 + 0.5, y0 - 0.5), view.py(x1 + 0.5, y0 - 0.5));
    path.lineTo(view.px(x0 - 0.5, y0 - 0.5), view.py(x0 - 0.5, y0 - 0.5));
    path.closePath();
  }
  U.floorPath = floorPath;

  function drawGrid(ctx, view) {
    var r = view.tileRange(1), x, y, p = new Path2D();
    var x0 = Math.floor(r.x0), x1 = Math.ceil(r.x1), y0 = Math.floor(r.y0), y1 = Math.ceil(r.y1);
    for (x = x0; x <= x1; x++) {
      p.moveTo(view.px(x + 0.5, y0 - 0.5), view.py(x + 0.5, y0 - 0.5));
      p.lineTo(view.px(x + 0.5, y1 + 0.5), view.py(x + 0.5, y1 + 0.5));
    }
    for (y = y0; y <= y1; y++) {
      p.moveTo(view.px(x0 - 0.5, y + 0.5), view.py(x0 - 0.5, y + 0.5));
      p.lineTo(view.px(x1 + 0.5, y + 0.5), view.py(x1 + 0.5, y + 0.5));
    }
    ctx.strokeStyle = 'rgba(0,0,0,0.15)';
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    ctx.stroke(p);
  }

  /* Is the tile rectangle a (half tiles added) on screen at all? */
  function areaVisible(view, a) {
    var l = view.px(a.x0 - 0.5, a.y1 + 0.5), rr = view.px(a.x1 + 0.5, a.y0 - 0.5);
    var t = view.py(a.x1 + 0.5, a.y1 + 0.5), b = view.py(a.x0 - 0.5, a.y0 - 0.5);
    return rr >= 0 && l <= view.w && b >= 0 && t <= view.h;
  }

  function label(ctx, text, x, y, size, colour, bg) {
    ctx.font = '600 ' + size + 'px ' + U.FONT;
    var w = ctx.measureText(text).width;
    if (bg) {
      ctx.fillStyle = bg;
      ctx.fillRect(x - w / 2 - 4, y - size + 1, w + 8, size + 5);
    }
    ctx.fillStyle = colour;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(text, x, y);
    return w + 8;
  }
  U.label = label;

  function drawZones(ctx, view, model, ts) {
    var zones = model.zones || [];
    for (var i = 0; i < zones.length; i++) {
      var z = zones[i];
      if (!areaVisible(view, z)) continue;
      var p = new Path2D();
      floorPath(p, view, z.x0, z.y0, z.x1, z.y1);
      ctx.fillStyle = 'rgba(96,125,139,0.07)';
      ctx.fill(p);
      ctx.setLineDash([8, 6]);
      ctx.strokeStyle = 'rgba(69,90,100,0.55)';
      ctx.lineWidth = 1.5;
      ctx.stroke(p);
      ctx.setLineDash([]);
    }
  }

  /* Region names, at the left corner of each zone (after the areas, so
   * that no cluster covers them). */
  function drawZoneLabels(ctx, view, model, ts) {
    var zones = model.zones || [], size = Math.round(U.clamp(ts * 0.3, 12, 22));
    ctx.save();
    ctx.textAlign = 'left';
    ctx.font = '700 ' + size + 'px ' + U.FONT;
    ctx.fillStyle = 'rgba(55,71,79,0.85)';
    for (var i = 0; i < zones.length; i++) {
      var z = zones[i];
      if (!areaVisible(view, z)) continue;
      var lx = view.px(z.x0 - 0.5, z.y1 + 0.5), ly = view.py(z.x0 - 0.5, z.y1 + 0.5);
      ctx.fillText(z.name, Math.max(4, lx + 6), ly - 6);
    }
    ctx.restore();
  }

  function drawClusters(ctx, view, model, o) {
    for (var i = 0; i < model.clusters.length; i++) {
      var cl = model.clusters[i];
      if (!cl.area || !areaVisible(view, cl.area)) continue;
      var p = new Path2D(), a = cl.area;
      floorPath(p, view, a.x0, a.y0, a.x1, a.y1);
      ctx.fillStyle = U.rgba(cl.color, cl.sel ? 0.75 : 0.5);
      ctx.fill(p);
      ctx.strokeStyle = cl.sel ? U.SELECT_COLOUR : U.shade(cl.color, -0.35);
      ctx.lineWidth = cl.sel ? 3 : 1.2;
      ctx.stroke(p);
      if (o.stats) o.stats.areas++;
    }
  }

  /* Cluster names (with counts when servers are small) at the front
   * corner of each area; regions already carry theirs. */
  function drawClusterLabels(ctx, view, model, ts, taken) {
    var size = Math.round(U.clamp(ts * 0.22, 11, 15));
    for (var i = 0; i < model.clusters.length; i++) {
      var cl = model.clusters[i], a = cl.area;
      if (!a || !areaVisible(view, a)) continue;
      var x = view.px(a.x0 - 0.5, a.y0 - 0.5), y = view.py(a.x0 - 0.5, a.y0 - 0.5) + size + 4;
      var text = ts < LOD_ICON ? cl.name + ' \u00b7 ' + cl.members.length : cl.name;
      if (!taken.free(x, y, text.length * size * 0.6 + 10, size + 6)) continue;
      label(ctx, text, x, y, size, U.shade(cl.color, -0.7), 'rgba(255,255,255,0.8)');
    }
  }

  /* A coarse record of label boxes so that names never overlap. */
  function Taken() { this.rows = new Map(); }
  Taken.prototype.free = function (cx, cy, w, h) {
    var x0 = cx - w / 2, x1 = cx + w / 2, y0 = cy - h, y1 = cy + 4;
    var r0 = Math.floor(y0 / 24), r1 = Math.floor(y1 / 24), r, i, list;
    for (r = r0; r <= r1; r++) {
      list = this.rows.get(r);
      if (!list) continue;
      for (i = 0; i < list.length; i++) {
        var b = list[i];
        if (b[0] < x1 && b[1] > x0 && b[2] < y1 && b[3] > y0) return false;
      }
    }
    for (r = r0; r <= r1; r++) {
      list = this.rows.get(r);
      if (!list) { list = []; this.rows.set(r, list); }
      list.push([x0, x1, y0, y1]);
    }
    return true;
  };

  /* ---- connections ---- */

  /* FossFLOW's route on an empty grid: diagonal steps from the source
   * first, then straight. Returns the bend tile (may equal an end). */
  U.bend = function (a, b) {
    var dx = b.x - a.x, dy = b.y - a.y, d = Math.min(Math.abs(dx), Math.abs(dy));
    return { x: a.x + Math.sign(dx) * d, y: a.y + Math.sign(dy) * d };
  };

  function arrow(path, x0, y0, x1, y1, size) {
    var dx = x1 - x0, dy = y1 - y0, len = Math.sqrt(dx * dx + dy * dy);
    if (len < 1) return;
    dx /= len; dy /= len;
    var mx = x0 + dx * len * 0.6, my = y0 + dy * len * 0.6;
    path.moveTo(mx + dx * size, my + dy * size);
    path.lineTo(mx - dx * size * 0.6 - dy * size * 0.75, my - dy * size * 0.6 + dx * size * 0.75);
    path.lineTo(mx - dx * size * 0.6 + dy * size * 0.75, my - dy * size * 0.6 - dx * size * 0.75);
    path.closePath();
  }

  /* Liang-Barsky: the part of segment (x0,y0)-(x1,y1) inside the box
   * [x0b, x1b] x [y0b, y1b] into out, or false when none is. Dashing a
   * line costs its whole length, on screen or not: clip first. */
  function clip(x0, y0, x1, y1, b, out) {
    var t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
    var p = [-dx, dx, -dy, dy], q = [x0 - b[0], b[2] - x0, y0 - b[1], b[3] - y0];
    for (var i = 0; i < 4; i++) {
      if (p[i] === 0) {
        if (q[i] < 0) return false;
      } else {
        var r = q[i] / p[i];
        if (p[i] < 0) { if (r > t1) return false; if (r > t0) t0 = r; }
        else { if (r < t0) return false; if (r < t1) t1 = r; }
      }
    }
    out[0] = x0 + t0 * dx; out[1] = y0 + t0 * dy; out[2] = x0 + t1 * dx; out[3] = y0 + t1 * dy;
    return true;
  }

  function addSeg(path, x0, y0, x1, y1, box, seg) {
    if (!clip(x0, y0, x1, y1, box, seg)) return false;
    path.moveTo(seg[0], seg[1]);
    path.lineTo(seg[2], seg[3]);
    return true;
  }

  /* Links with an end in view are drawn in full (route, dash, arrow);
   * links only passing through are thin and plain, and at most
   * PASSING_MAX of them (evenly sampled), so that a tangle of long links
   * cannot stall the picture. */
  var PASSING_MAX = 1500;

  function drawConns(ctx, view, model, lod, o) {
    var W = view.w, H = view.h, z = view.z, n = 0, i, g;
    var routed = lod === 'icon', arrows = lod === 'icon' || lod === 'cube';
    var small = lod === 'dot' || lod === 'cells';
    var stride = small ? Math.max(1, Math.ceil(model.conns.length / CONN_BUDGET)) : 1;
    var groups = {}, ex = o.exclude, names = model.ctypes, seg = [0, 0, 0, 0];
    var hx = (TW / 2) * z, hy = (TH / 2) * z, pad = 20, box = [-pad, -pad, W + pad, H + pad];
    var pass = new Path2D(), passing = [], arrowSize = Math.max(5, 9 * z);
    for (i = 0; i < model.conns.length; i += stride) {
      var c = model.conns[i], a = c.a, b = c.b;
      if (ex && (ex.has(a) || ex.has(b))) continue;
      var ax = view.ox + hx * (a.x - a.y), ay = view.oy - hy * (a.x + a.y);
      var bx = view.ox + hx * (b.x - b.y), by = view.oy - hy * (b.x + b.y);
      if ((ax < 0 && bx < 0) || (ax > W && bx > W) || (ay < 0 && by < 0) || (ay > H && by > H)) continue;
      var inA = ax >= -pad && ax <= W + pad && ay >= -pad && ay <= H + pad;
      var inB = bx >= -pad && bx <= W + pad && by >= -pad && by <= H + pad;
      if (!inA && !inB && !small) { passing.push(c); continue; }
      var down = U.connDown(c), key = c.type * 2 + (down ? 1 : 0);
      g = groups[key];
      if (!g) g = groups[key] = { type: names[c.type] || 'standard', down: down, p: new Path2D(), h: new Path2D() };
      if (routed) {
        var m = U.bend(a, b), mx = view.px(m.x, m.y), my = view.py(m.x, m.y);
        var drawn = addSeg(g.p, ax, ay, mx, my, box, seg);
        drawn = addSeg(g.p, mx, my, bx, by, box, seg) || drawn;
        if (!drawn) continue;
        if (inB && (mx !== bx || my !== by)) arrow(g.h, mx, my, bx, by, arrowSize);
        else if (inB) arrow(g.h, ax, ay, bx, by, arrowSize);
      } else {
        if (!addSeg(g.p, ax, ay, bx, by, box, seg)) continue;
        if (arrows && inB) arrow(g.h, ax, ay, bx, by, Math.max(4, 8 * z));
      }
      n++;
    }
    var pstride = Math.max(1, Math.ceil(passing.length / PASSING_MAX));
    for (i = 0; i < passing.length; i += pstride) {
      var pc = passing[i];
      if (addSeg(pass, view.px(pc.a.x, pc.a.y), view.py(pc.a.x, pc.a.y), view.px(pc.b.x, pc.b.y),
                 view.py(pc.b.x, pc.b.y), box, seg)) n++;
    }
    var width = small ? 1 : U.clamp(6 * z, 1.2, 6);
    var keys = Object.keys(groups);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.setLineDash([]);
    if (passing.length) {
      ctx.strokeStyle = 'rgba(96,125,139,0.3)';
      ctx.lineWidth = 1;
      ctx.stroke(pass);
    }
    if (routed) { /* FossFLOW's white underlay */
      ctx.strokeStyle = 'rgba(255,255,255,0.7)';
      ctx.lineWidth = width * 2.2;
      for (i = 0; i < keys.length; i++) ctx.stroke(groups[keys[i]].p);
    }
    /* Dashes only where they can be seen: a dash pattern a few pixels
     * long over thousands of lines is what software rendering chokes on
     * (each dash is drawn as its own piece). */
    var dashed = lod === 'icon' || lod === 'cube';
    for (i = 0; i < keys.length; i++) {
      g = groups[keys[i]];
      var st = U.CONN_STYLES[g.type] || U.CONN_STYLES.standard;
      var colour = g.down ? U.DOWN_COLOUR : st.color;
      ctx.strokeStyle = small ? U.rgba(colour, 0.35) : colour;
      ctx.lineWidth = width;
      ctx.setLineDash(dashed ? st.dash.map(function (d) { return Math.max(d * width, d < 1 ? 0.1 : 3); }) : []);
      ctx.stroke(g.p);
      if (arrows) { ctx.fillStyle = colour; ctx.fill(g.h); }
    }
    ctx.setLineDash([]);
    if (o.stats) { o.stats.conns = n; o.stats.connStride = stride; o.stats.passing = passing.length; o.stats.passingStride = pstride; }
    return n;
  }

  /* ---- servers ---- */

  function statusDot(ctx, x, y, r, status) {
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = U.STATE_COLOURS[status] || U.STATE_COLOURS[0];
    ctx.fill();
    ctx.lineWidth = Math.max(1, r * 0.3);
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
  }
  U.statusDot = statusDot;

  /* The floor ring under a selected server. */
  function selRing(path, x, y, z) {
    var hw = TW * z * 0.5, hh = TH * z * 0.5;
    path.moveTo(x - hw, y); path.lineTo(x, y - hh); path.lineTo(x + hw, y); path.lineTo(x, y + hh); path.closePath();
  }

  function drawIcons(ctx, view, model, vis, o) {
    var z = view.z, types = model.types, sel = new Path2D(), anySel = false, i;
    for (i = 0; i < vis.length; i++) {
      var s = vis[i];
      if (s.sel) { selRing(sel, s._px, s._py, z); anySel = true; }
    }
    if (anySel) {
      ctx.fillStyle = 'rgba(21,101,192,0.18)';
      ctx.fill(sel);
      ctx.strokeStyle = U.SELECT_COLOUR;
      ctx.lineWidth = 2.5;
      ctx.stroke(sel);
    }
    for (i = 0; i < vis.length; i++) U.drawServer(ctx, vis[i], vis[i]._px, vis[i]._py, z, types);
  }

  /* One server's icon and state marker at screen (x, y) (tile centre). */
  U.drawServer = function (ctx, s, x, y, z, types) {
    var t = types[s.type] || types[0], sp = U.sprite(t.name, t.color, z), f = z / sp.k;
    ctx.drawImage(sp.img, x - sp.ax * f, y - sp.ay * f, sp.img.width * f, sp.img.height * f);
    var top = (U.ICON_TOP[t.name] || 100) * z;
    statusDot(ctx, x + TW * 0.22 * z, y - top + 6 * z, Math.max(3, 8 * z), s.status);
    if (s.alerts > 0 || s.rootCause) alertBadge(ctx, s, x - TW * 0.22 * z, y - top + 6 * z, z);
  };

  /* Firing alerts: a red badge with the count; a root cause gets a dark
   * ring and "!" (its dependants' alerts are folded into it). */
  function alertBadge(ctx, s, x, y, z) {
    var r = Math.max(6, 10 * z);
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = '#d32f2f';
    ctx.fill();
    ctx.lineWidth = s.rootCause ? Math.max(2, r * 0.35) : Math.max(1, r * 0.2);
    ctx.strokeStyle = s.rootCause ? '#212121' : '#ffffff';
    ctx.stroke();
    ctx.fillStyle = '#ffffff';
    ctx.font = 'bold ' + Math.round(r * 1.1) + 'px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(s.rootCause ? '!' : String(Math.min(s.alerts, 99)), x, y + 0.5);
  }

  function drawCubes(ctx, view, model, vis) {
    var z = view.z, a = 0.3, hw = (TW / 2) * z * 2 * a, hh = (TH / 2) * z * 2 * a;
    var h = TH * z * 0.45, types = model.types;
    for (var i = 0; i < vis.length; i++) {
      var s = vis[i], c = types[s.type] ? types[s.type].color : '#888888', x = s._px, y = s._py;
      if (s.sel) {
        ctx.beginPath();
        ctx.moveTo(x - TW * z / 2, y); ctx.lineTo(x, y - TH * z / 2); ctx.lineTo(x + TW * z / 2, y); ctx.lineTo(x, y + TH * z / 2);
        ctx.closePath();
        ctx.fillStyle = 'rgba(21,101,192,0.25)'; ctx.fill();
        ctx.strokeStyle = U.SELECT_COLOUR; ctx.lineWidth = 2; ctx.stroke();
      }
      /* left face, right face, top */
      ctx.beginPath();
      ctx.moveTo(x - hw, y); ctx.lineTo(x, y + hh); ctx.lineTo(x, y + hh - h); ctx.lineTo(x - hw, y - h);
      ctx.closePath(); ctx.fillStyle = c; ctx.fill();
      ctx.beginPath();
      ctx.moveTo(x + hw, y); ctx.lineTo(x, y + hh); ctx.lineTo(x, y + hh - h); ctx.lineTo(x + hw, y - h);
      ctx.closePath(); ctx.fillStyle = U.shade(c, -0.25); ctx.fill();
      ctx.beginPath();
      ctx.moveTo(x - hw, y - h); ctx.lineTo(x, y - hh - h); ctx.lineTo(x + hw, y - h); ctx.lineTo(x, y + hh - h);
      ctx.closePath(); ctx.fillStyle = U.shade(c, 0.35); ctx.fill();
      if (TW * z >= 22) statusDot(ctx, x + hw * 0.6, y - h - hh, Math.max(2.5, 5 * z), s.status);
    }
  }

  /* Batched shapes, one fill per type: floor diamonds or dots. */
  function drawBatched(ctx, view, model, vis, lod) {
    var z = view.z, types = model.types, paths = [], marks = [], i, k;
    var hw = TW * z * 0.36, hh = TH * z * 0.36, d = Math.max(2, TW * z * 0.45);
    var sel = new Path2D(), anySel = false;
    for (i = 0; i < vis.length; i++) {
      var s = vis[i], p = paths[s.type] || (paths[s.type] = new Path2D()), x = s._px, y = s._py;
      if (lod === 'flat') {
        p.moveTo(x - hw, y); p.lineTo(x, y - hh); p.lineTo(x + hw, y); p.lineTo(x, y + hh); p.closePath();
      } else {
        p.rect(x - d / 2, y - d / 2, d, d);
      }
      if (s.status >= 2 || (lod === 'flat' && TW * z >= 10)) {
        var m = marks[s.status] || (marks[s.status] = new Path2D());
        var r = lod === 'flat' ? Math.max(1.5, 4 * z * 2) : Math.max(1, d * 0.3);
        m.rect(x - r, y - (lod === 'flat' ? hh : 0) - r, 2 * r, 2 * r);
      }
      if (s.sel) { anySel = true; sel.rect(x - d, y - d, 2 * d, 2 * d); }
    }
    for (k = 0; k < paths.length; k++) {
      if (!paths[k]) continue;
      ctx.fillStyle = types[k] ? types[k].color : '#888888';
      ctx.fill(paths[k]);
    }
    for (k = 0; k < marks.length; k++) {
      if (!marks[k]) continue;
      ctx.fillStyle = U.STATE_COLOURS[k];
      ctx.fill(marks[k]);
    }
    if (anySel) { ctx.strokeStyle = U.SELECT_COLOUR; ctx.lineWidth = 2; ctx.stroke(sel); }
  }

  /* The overview: one shape per bucket in view, coloured by its commonest
   * type, more opaque the fuller it is; a red mark where a server is down. */
  function drawCells(ctx, view, model) {
    var r = view.tileRange(U.CELL), byType = [], down = new Path2D(), C = U.CELL, n = 0;
    model.grid.cells.forEach(function (c) {
      var x0 = c.cx * C, y0 = c.cy * C;
      if (x0 + C < r.x0 || x0 > r.x1 || y0 + C < r.y0 || y0 > r.y1) return;
      var ag = model.grid.aggregate(c), band = Math.min(3, Math.floor(ag.n / 6));
      var key = ag.type * 4 + band, p = byType[key] || (byType[key] = new Path2D());
      floorPath(p, view, x0, y0, x0 + C - 1, y0 + C - 1);
      if (ag.worst === 3) {
        var cx = view.px(x0 + C / 2, y0 + C / 2), cy = view.py(x0 + C / 2, y0 + C / 2);
        down.rect(cx - 2, cy - 2, 4, 4);
      }
      n += ag.n;
    });
    for (var k = 0; k < byType.length; k++) {
      if (!byType[k]) continue;
      var t = model.types[Math.floor(k / 4)];
      ctx.fillStyle = U.rgba(t ? t.color : '#888888', 0.35 + 0.2 * (k % 4));
      ctx.fill(byType[k]);
    }
    ctx.fillStyle = U.STATE_COLOURS[3];
    ctx.fill(down);
    return n;
  }

  function drawLabels(ctx, view, vis, ts, taken, hover) {
    var size = Math.round(U.clamp(ts * 0.13, 11, 14));
    for (var i = vis.length - 1; i >= 0; i--) {
      var s = vis[i];
      if (ts < LABEL_ALL && !s.sel && s !== hover) continue;
      var text = s.name.length > 28 ? s.name.slice(0, 27) + '\u2026' : s.name;
      var x = s._px, y = s._py + TH * view.z * 0.5 + size + 3;
      if (!taken.free(x, y, text.length * size * 0.62 + 10, size + 6)) continue;
      label(ctx, text, x, y, size, '#263238', 'rgba(255,255,255,0.85)');
    }
  }

  /* Draws everything on ctx for view. o: {exclude: Set of servers left
   * out (being dragged), grid: false to skip it, background, stats: an
   * object that gets counts}. Returns the stats object. */
  U.drawScene = function (ctx, view, model, o) {
    o = o || {};
    var t0 = performance.now(), z = view.z, ts = TW * z, W = view.w, H = view.h;
    var stats = o.stats = { servers: 0, conns: 0, areas: 0, lod: U.lodOf(z), connStride: 1, ms: 0 };
    ctx.setLineDash([]);
    ctx.fillStyle = o.background || U.BACKGROUND;
    ctx.fillRect(0, 0, W, H);
    model.areas();
    if (o.grid !== false && ts >= 14) drawGrid(ctx, view);
    drawZones(ctx, view, model, ts);
    drawClusters(ctx, view, model, o);
    drawZoneLabels(ctx, view, model, ts);
    var order = model.depthOrder(), vis = [], ex = o.exclude;
    var m = ts + 30, top = 110 * z, hx = (TW / 2) * z, hy = (TH / 2) * z;
    for (var i = 0; i < order.length; i++) {
      var s = order[i];
      var px = view.ox + hx * (s.x - s.y), py = view.oy - hy * (s.x + s.y);
      if (px < -m || px > W + m || py < -m || py - top > H + m) continue;
      if (ex && ex.has(s)) continue;
      s._px = px;
      s._py = py;
      vis.push(s);
    }
    var lod = stats.lod;
    if (lod === 'dot' && vis.length > AGG_LIMIT) lod = stats.lod = 'cells';
    drawConns(ctx, view, model, lod, o);
    if (lod === 'icon') drawIcons(ctx, view, model, vis, o);
    else if (lod === 'cube') drawCubes(ctx, view, model, vis);
    else if (lod === 'cells') drawCells(ctx, view, model);
    else drawBatched(ctx, view, model, vis, lod);
    stats.servers = vis.length;
    var taken = new Taken();
    drawClusterLabels(ctx, view, model, ts, taken);
    if (lod === 'icon') drawLabels(ctx, view, vis, ts, taken, o.hover);
    stats.ms = performance.now() - t0;
    stats.visible = vis;
    return stats;
  };
})(window.ucDiagram = window.ucDiagram || {});
