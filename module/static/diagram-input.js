/* diagram-input.js — mouse, wheel and keyboard on the diagram: hit tests
 * through the spatial buckets, pan by dragging the floor, zoom at the
 * cursor, click / shift-click / shift-drag box selection, dragging servers
 * (or a selected cluster's area, which moves its members) to move them,
 * dragging from one server onto another to connect them (Connect mode, or
 * Alt-drag), the middle button to pan from anywhere, the context menu, and the keys (Delete, Escape, Ctrl+A,
 * + and -, arrows, F, C, /). Mixed into the Diagram by diagram.js.
 * SPDX-License-Identifier: BSD-3-Clause */
(function (U) {
  'use strict';
  var TW = U.TW, TH = U.TH;
  var DRAG_START = 4;  /* pixels before a press becomes a drag */
  var PAN_STEP = 60;   /* pixels per arrow key */

  var M = U.inputMethods = {};

  M.local = function (e) {
    var r = this.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  /* The front-most server under screen point p, or null. */
  M.hitServer = function (p, skip) {
    var v = this.view, z = v.z, lod = U.lodOf(z), t = v.toTile(p.x, p.y);
    var reach = Math.min(64, Math.ceil(10 / (TH * z / 2)) + 3), best = null;
    var types = this.model.types;
    this.model.grid.each(t.x - reach, t.y - reach, t.x + 1.5, t.y + 1.5, function (s) {
      if (skip && skip(s)) return;
      var sx = v.px(s.x, s.y), sy = v.py(s.x, s.y), dx = p.x - sx, dy = p.y - sy, hit;
      if (lod === 'icon') {
        var top = (U.ICON_TOP[(types[s.type] || types[0]).name] || 100) * z;
        hit = Math.abs(dx) <= 0.4 * TW * z && dy >= -top && dy <= 0.45 * TH * z;
      } else if (lod === 'cube') {
        hit = Math.abs(dx) <= 0.32 * TW * z && dy >= -0.8 * TH * z && dy <= 0.35 * TH * z;
      } else if (lod === 'flat') {
        hit = Math.abs(dx) / (0.5 * TW * z) + Math.abs(dy) / (0.5 * TH * z) <= 1.2;
      } else {
        var d = Math.max(5, TW * z * 0.4);
        hit = Math.abs(dx) <= d && Math.abs(dy) <= d;
      }
      if (hit && (!best || s.x + s.y < best.x + best.y)) best = s;
    });
    return best;
  };

  /* The smallest cluster area under p, or null. */
  M.hitCluster = function (p) {
    var t = this.view.toTile(p.x, p.y), best = null, area = Infinity;
    this.model.areas();
    for (var i = 0; i < this.model.clusters.length; i++) {
      var cl = this.model.clusters[i], a = cl.area;
      if (!a || t.x < a.x0 - 0.5 || t.x > a.x1 + 0.5 || t.y < a.y0 - 0.5 || t.y > a.y1 + 0.5) continue;
      var n = (a.x1 - a.x0 + 1) * (a.y1 - a.y0 + 1);
      if (n < area) { area = n; best = cl; }
    }
    return best;
  };

  /* The connection drawn nearest to p (within 6 px), or null. */
  M.hitConn = function (p) {
    var v = this.view, best = null, bestD = 6, routed = U.lodOf(v.z) === 'icon';
    function seg(x0, y0, x1, y1) {
      var dx = x1 - x0, dy = y1 - y0, l = dx * dx + dy * dy;
      var t = l ? U.clamp(((p.x - x0) * dx + (p.y - y0) * dy) / l, 0, 1) : 0;
      var ex = x0 + t * dx - p.x, ey = y0 + t * dy - p.y;
      return Math.sqrt(ex * ex + ey * ey);
    }
    for (var i = 0; i < this.model.conns.length; i++) {
      var c = this.model.conns[i], ax = v.px(c.a.x, c.a.y), ay = v.py(c.a.x, c.a.y);
      var bx = v.px(c.b.x, c.b.y), by = v.py(c.b.x, c.b.y), d;
      if (Math.min(ax, bx) - 6 > p.x || Math.max(ax, bx) + 6 < p.x ||
          Math.min(ay, by) - 6 > p.y || Math.max(ay, by) + 6 < p.y) continue;
      if (routed) {
        var m = U.bend(c.a, c.b), mx = v.px(m.x, m.y), my = v.py(m.x, m.y);
        d = Math.min(seg(ax, ay, mx, my), seg(mx, my, bx, by));
      } else {
        d = seg(ax, ay, bx, by);
      }
      if (d < bestD) { bestD = d; best = c; }
    }
    return best;
  };

  /* ---- selection ---- */

  M.selected = function () {
    return this.model.servers.filter(function (s) { return s.sel; });
  };
  M.clearSelection = function () {
    this.model.servers.forEach(function (s) { s.sel = false; });
    this.model.clusters.forEach(function (c) { c.sel = false; });
    this.selChanged();
  };
  M.setSelected = function (list, add) {
    if (!add) this.clearSelection();
    for (var i = 0; i < list.length; i++) list[i].sel = true;
    this.selChanged();
  };
  M.selChanged = function () {
    this.invalidate('static');
    this.showStatus();
  };

  /* ---- pointer ---- */

  M.onPointerDown = function (e) {
    var p = this.local(e);
    if (e.button === 1) { /* the middle button pans, whatever is under it */
      e.preventDefault();
      this.drag = { kind: 'pan', start: p, ox: this.view.ox, oy: this.view.oy, moved: false, servers: [] };
      this.capture(e);
      return;
    }
    if (e.button !== 0) return;
    this.closeMenus();
    this.canvas.focus({ preventScroll: true });
    if (this.inMinimap(p)) {
      this.drag = { kind: 'minimap' };
      this.minimapPan(p);
      this.capture(e);
      return;
    }
    var hit = this.hitServer(p), edit = this.opts.edit;
    if (this.connectFrom) { /* "Connect to..." from the menu: this click picks */
      var from = this.connectFrom;
      this.connectFrom = null;
      this.showStatus();
      if (hit && hit !== from) { this.askConnect(from, hit, p); this.drag = { kind: 'none' }; return; }
    }
    if (hit && edit && (this.mode === 'connect' || e.altKey)) {
      this.drag = { kind: 'connect', from: hit, p: p, target: null };
    } else if (hit) {
      if (e.shiftKey || e.ctrlKey || e.metaKey) {
        hit.sel = !hit.sel;
        this.selChanged();
        this.drag = { kind: 'none' };
      } else {
        var only = hit.sel && this.selected().length > 1;
        if (!hit.sel) this.setSelected([hit]);
        this.drag = { kind: edit ? 'move-pending' : 'pan', start: p, servers: this.selected(),
                      ox: this.view.ox, oy: this.view.oy, moved: false, only: only ? hit : null };
      }
    } else {
      var cl = this.hitCluster(p);
      if (e.shiftKey) {
        this.drag = { kind: 'box', x0: p.x, y0: p.y, x1: p.x, y1: p.y };
      } else if (cl && cl.sel && edit) {
        this.drag = { kind: 'move-pending', start: p, servers: this.selected(), cluster: cl };
      } else {
        this.drag = { kind: 'pan', start: p, ox: this.view.ox, oy: this.view.oy, moved: false, cluster: cl };
      }
    }
    this.capture(e);
  };

  M.capture = function (e) {
    try { this.canvas.setPointerCapture(e.pointerId); } catch (err) { /* not captured: fine */ }
  };

  M.onPointerMove = function (e) {
    var p = this.local(e), d = this.drag;
    this.pointer = p;
    if (!d) { this.hoverAt(p); return; }
    this.lastInput = performance.now();
    if (d.kind === 'minimap') {
      this.minimapPan(p);
    } else if (d.kind === 'pan') {
      if (!d.moved && Math.abs(p.x - d.start.x) + Math.abs(p.y - d.start.y) < DRAG_START) return;
      d.moved = true;
      this.view.ox = d.ox + p.x - d.start.x;
      this.view.oy = d.oy + p.y - d.start.y;
      this.invalidate('static');
    } else if (d.kind === 'move-pending') {
      if (Math.abs(p.x - d.start.x) + Math.abs(p.y - d.start.y) < DRAG_START) return;
      this.startMove(d);
    } else if (d.kind === 'move') {
      var t0 = this.view.toTile(d.start.x, d.start.y), t1 = this.view.toTile(p.x, p.y);
      var dx = Math.round(t1.x - t0.x), dy = Math.round(t1.y - t0.y);
      if (dx !== d.dx || dy !== d.dy) {
        d.dx = dx; d.dy = dy;
        for (var i = 0; i < d.servers.length; i++) {
          d.servers[i].x = d.orig[i].x + dx;
          d.servers[i].y = d.orig[i].y + dy;
        }
        this.invalidate('overlay');
      }
    } else if (d.kind === 'connect') {
      d.p = p;
      d.target = this.hitServer(p, function (s) { return s === d.from; });
      this.invalidate('overlay');
    } else if (d.kind === 'box') {
      d.x1 = p.x; d.y1 = p.y;
      this.invalidate('overlay');
    }
  };

  M.startMove = function (d) {
    d.kind = 'move';
    d.dx = d.dy = 0;
    d.orig = d.servers.map(function (s) { return { x: s.x, y: s.y }; });
    this.dragSet = new Set(d.servers);
    this.hideTip();
    this.invalidate('static');
  };

  M.onPointerUp = function (e) {
    var d = this.drag, p = this.local(e);
    this.drag = null;
    if (!d) return;
    if (d.kind === 'pan' && !d.moved) {
      if (d.only) this.setSelected([d.only]);
      else if (d.cluster) this.selectCluster(d.cluster, e.shiftKey);
      else if (!d.servers) this.clearSelection();
    } else if (d.kind === 'move-pending') {
      if (d.only) this.setSelected([d.only]);
    } else if (d.kind === 'move') {
      this.dragSet = null;
      this.finishMove(d);
    } else if (d.kind === 'connect') {
      this.invalidate('overlay');
      if (d.target) this.askConnect(d.from, d.target, p);
    } else if (d.kind === 'box') {
      this.boxSelect(d, e.shiftKey);
      this.invalidate('overlay');
    }
    this.invalidate('static');
  };

  M.selectCluster = function (cl, add) {
    if (!add) this.clearSelection();
    cl.sel = true;
    cl.members.forEach(function (s) { s.sel = true; });
    this.selChanged();
  };

  M.boxSelect = function (d, add) {
    var x0 = Math.min(d.x0, d.x1), x1 = Math.max(d.x0, d.x1);
    var y0 = Math.min(d.y0, d.y1), y1 = Math.max(d.y0, d.y1), v = this.view, hit = [];
    var c = [v.toTile(x0, y0), v.toTile(x1, y0), v.toTile(x0, y1), v.toTile(x1, y1)];
    var tx0 = Math.min(c[0].x, c[1].x, c[2].x, c[3].x), tx1 = Math.max(c[0].x, c[1].x, c[2].x, c[3].x);
    var ty0 = Math.min(c[0].y, c[1].y, c[2].y, c[3].y), ty1 = Math.max(c[0].y, c[1].y, c[2].y, c[3].y);
    this.model.grid.each(tx0, ty0, tx1, ty1, function (s) {
      var px = v.px(s.x, s.y), py = v.py(s.x, s.y);
      if (px >= x0 && px <= x1 && py >= y0 && py <= y1) hit.push(s);
    });
    if (hit.length || !add) this.setSelected(hit, add);
  };

  /* Is tile (x, y) taken by a server not in moving? */
  M.tileTaken = function (x, y, moving) {
    var taken = false;
    this.model.grid.each(x, y, x, y, function (s) {
      if (s.x === x && s.y === y && !moving.has(s)) taken = true;
    });
    return taken;
  };

  /* Drops the moved servers on free tiles (FossFLOW: one per tile) and
   * saves their positions in one request. */
  M.finishMove = function (d) {
    var moving = new Set(d.servers), placed = new Set(), moves = [], self = this, i;
    if (!d.dx && !d.dy) { this.invalidate('static'); return; }
    for (i = 0; i < d.servers.length; i++) {
      var s = d.servers[i], x = s.x, y = s.y, r = 0, found = false;
      while (!found && r <= 20) {
        for (var ax = -r; ax <= r && !found; ax++) {
          for (var ay = -r; ay <= r && !found; ay++) {
            if (Math.max(Math.abs(ax), Math.abs(ay)) !== r) continue;
            var k = (x + ax) + ',' + (y + ay);
            if (!placed.has(k) && !this.tileTaken(x + ax, y + ay, moving)) {
              s.x = x + ax; s.y = y + ay; placed.add(k); found = true;
            }
          }
        }
        r++;
      }
      moves.push([s.id, s.x, s.y]);
    }
    var changes = d.servers.map(function (sv) { return { kind: 'move', id: sv.id, x: sv.x, y: sv.y }; });
    /* Put them back, then move them through the one path that updates
     * the buckets, order and areas. */
    for (i = 0; i < d.servers.length; i++) { d.servers[i].x = d.orig[i].x; d.servers[i].y = d.orig[i].y; }
    this.edits = (this.edits || 0) + 1; /* answers asked for before are stale */
    this.applyChanges(changes);
    this.saveMoves(moves).then(null, function (err) {
      self.applyChanges(d.servers.map(function (sv, j) {
        return { kind: 'move', id: sv.id, x: d.orig[j].x, y: d.orig[j].y };
      }));
      self.showStatus(self.t('diagram_status_error', err.message), 'error');
    });
  };

  M.onWheel = function (e) {
    e.preventDefault();
    var p = this.local(e), unit = e.deltaMode === 1 ? 0.05 : e.deltaMode === 2 ? 1 : 0.0015;
    var f = Math.exp(-U.clamp(e.deltaY * unit, -1, 1));
    this.lastInput = performance.now();
    this.view.zoomAt(p.x, p.y, this.view.z * f);
    this.invalidate('static');
    this.hoverAt(p);
  };

  M.onDblClick = function (e) {
    var s = this.hitServer(this.local(e));
    if (s && !this.opts.snapshot) this.openDetails(s);
  };

  M.onContextMenu = function (e) {
    e.preventDefault();
    var p = this.local(e), s = this.hitServer(p);
    if (s) {
      if (!s.sel) this.setSelected([s]);
      this.serverMenu(s, p);
      return;
    }
    var c = this.hitConn(p);
    if (c) { this.connMenu(c, p); return; }
    var cl = this.hitCluster(p);
    if (cl) { this.clusterMenu(cl, p); return; }
    this.floorMenu(p);
  };

  /* ---- hover ---- */

  M.hoverAt = function (p) {
    if (this.inMinimap(p)) { this.setHover(null, null, p); return; }
    var s = this.hitServer(p);
    this.setHover(s, s ? null : this.hitCluster(p), p);
  };

  M.setHover = function (s, cl, p) {
    var changed = s !== this.hover || cl !== this.hoverCluster;
    this.hover = s;
    this.hoverCluster = cl;
    if (!changed && (s || cl) && !this.tip.hidden) this.moveFloat(this.tip, p); /* same box, new place */
    else if (s) this.showTip(s, p);
    else if (cl) this.showClusterTip(cl, p);
    else this.hideTip();
    if (changed) this.invalidate('overlay');
  };

  M.onLeave = function () {
    if (!this.drag) this.setHover(null, null, null);
  };

  /* ---- keyboard ---- */

  M.onKey = function (e) {
    var k = e.key, v = this.view, ctrl = e.ctrlKey || e.metaKey;
    if (e.target && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(e.target.tagName)) {
      if (k === 'Escape') { e.target.blur(); this.closeMenus(); }
      return;
    }
    var handled = true;
    if (k === 'Escape') {
      if (this.drag && this.drag.kind === 'move') {
        var d = this.drag;
        d.servers.forEach(function (s, i) { s.x = d.orig[i].x; s.y = d.orig[i].y; });
        this.dragSet = null;
      }
      this.drag = null;
      this.closeMenus();
      this.setMode('select');
      this.clearSelection();
    } else if ((k === 'Delete' || k === 'Backspace') && this.opts.edit) {
      var sel = this.selected();
      if (sel.length) this.deleteServers(sel);
    } else if (ctrl && (k === 'a' || k === 'A')) {
      this.setSelected(this.model.servers);
    } else if (k === '+' || k === '=') {
      this.zoomBy(1.25);
    } else if (k === '-' || k === '_') {
      this.zoomBy(0.8);
    } else if (k === 'ArrowLeft') {
      v.ox += PAN_STEP;
    } else if (k === 'ArrowRight') {
      v.ox -= PAN_STEP;
    } else if (k === 'ArrowUp') {
      v.oy += PAN_STEP;
    } else if (k === 'ArrowDown') {
      v.oy -= PAN_STEP;
    } else if ((k === 'f' || k === 'F') && !ctrl) {
      this.fit();
    } else if ((k === 'c' || k === 'C') && !ctrl && this.opts.edit) {
      this.setMode(this.mode === 'connect' ? 'select' : 'connect');
    } else if (k === '/') {
      if (this.searchInput) this.searchInput.focus();
    } else if (k === 'ContextMenu' || (e.shiftKey && k === 'F10')) {
      var s = this.selected()[0];
      if (s) this.serverMenu(s, { x: v.px(s.x, s.y), y: v.py(s.x, s.y) });
    } else {
      handled = false;
    }
    if (handled) {
      e.preventDefault();
      this.lastInput = performance.now();
      this.invalidate('static');
    }
  };

  M.zoomBy = function (f) {
    this.lastInput = performance.now();
    this.view.zoomAt(this.view.w / 2, this.view.h / 2, this.view.z * f);
    this.invalidate('static');
  };
})(window.ucDiagram = window.ucDiagram || {});
