/* diagram.js — the Diagram: boots on the page's root element (again on
 * every Authentic PJAX visit, dropping the previous instance), loads the
 * data (or reads it from an HTML snapshot), keeps the picture on one
 * canvas (a cached layer of the scene, blitted and transformed while the
 * user pans and zooms, redrawn when input pauses; hover, drags, selection
 * box and minimap drawn over it each frame), polls for changes, and
 * exposes window.ucDiagram.applyChanges() for the live event stream and
 * read-only stats() for tests.
 * SPDX-License-Identifier: BSD-3-Clause */
(function (U) {
  'use strict';
  var TW = U.TW, TH = U.TH;
  var IDLE_MS = 150;      /* input pause after which the layer is redrawn */
  var SMALL = 1500;       /* estates this small are redrawn during input too */
  var MINI_W = 200, MINI_H = 130, MINI_PAD = 10;
  var METRICS_POLL_MAX = 5000; /* servers: above, metrics on hover only */
  var instance = null;

  function readJSON(id) {
    var n = document.getElementById(id);
    if (!n) return null;
    try { return JSON.parse(n.textContent); } catch (e) { return null; }
  }

  function mixin(proto, methods) {
    for (var k in methods) if (Object.prototype.hasOwnProperty.call(methods, k)) proto[k] = methods[k];
  }

  function Diagram(root) {
    var ds = root.dataset;
    this.root = root;
    this.tBoot = performance.now();
    this.opts = {
      src: ds.src || 'diagram_data.cgi',
      edit: ds.edit === '1',
      exportHtml: ds['export'] === '1' && ds.snapshot !== '1',
      poll: parseFloat(ds.poll) || 0,
      full: ds.full === '1' || ds.snapshot === '1',
      snapshot: ds.snapshot === '1',
      focus: ds.focus || '',
      layout: ds.layout || 'auto',
      scoped: ds.scoped === '1'
    };
    if (this.opts.snapshot) this.opts.edit = false;
    this.texts = readJSON('ucd-texts') || {};
    this.listeners = [];
    this.timers = {};
    this.mode = 'select';
    this.model = null;
    this.hover = null;
    this.drag = null;
    this.polls = 0;
    this.buildUI();
    this.ctx = this.canvas.getContext('2d');
    this.layer = document.createElement('canvas');
    this.lctx = this.layer.getContext('2d');
    this.view = new U.View(800, 600);
    this.dpr = window.devicePixelRatio || 1;
    this.bind();
    this.resize();
    this.showStatus(this.t('diagram_status_loading'), 'sticky');
    this.load();
  }
  mixin(Diagram.prototype, U.inputMethods);
  mixin(Diagram.prototype, U.uiMethods);
  mixin(Diagram.prototype, U.exportMethods);
  var P = Diagram.prototype;

  P.listen = function (target, type, fn, opt) {
    var self = this, h = function (e) {
      if (self.destroyed) return;
      /* for the benchmark: when did the input that the next frame shows
       * arrive (perfLog is set by bench/diagram only) */
      if (self.perfLog && !self.inputAt && e.timeStamp) self.inputAt = e.timeStamp;
      fn.call(self, e);
    };
    target.addEventListener(type, h, opt || false);
    this.listeners.push([target, type, h, opt || false]);
  };

  P.bind = function () {
    var c = this.canvas;
    this.listen(c, 'pointerdown', this.onPointerDown);
    this.listen(c, 'pointermove', this.onPointerMove);
    this.listen(c, 'pointerup', this.onPointerUp);
    this.listen(c, 'pointercancel', this.onPointerUp);
    this.listen(c, 'pointerleave', this.onLeave);
    this.listen(c, 'wheel', this.onWheel, { passive: false });
    this.listen(c, 'dblclick', this.onDblClick);
    this.listen(c, 'contextmenu', this.onContextMenu);
    this.listen(c, 'keydown', this.onKey);
    this.listen(this.menu, 'keydown', this.onMenuKey);
    var self = this;
    if (window.ResizeObserver) {
      this.resizer = new ResizeObserver(function () { self.resize(); });
      this.resizer.observe(this.stage);
    } else {
      this.listen(window, 'resize', this.resize);
    }
  };

  P.resize = function () {
    var w = Math.max(50, this.stage.clientWidth), h = Math.max(50, this.stage.clientHeight);
    var v = this.view, dpr = this.dpr;
    if (w === v.w && h === v.h && this.canvas.width === Math.round(w * dpr)) return;
    v.ox += (w - v.w) / 2;
    v.oy += (h - v.h) / 2;
    v.w = w;
    v.h = h;
    this.canvas.width = this.layer.width = Math.round(w * dpr);
    this.canvas.height = this.layer.height = Math.round(h * dpr);
    this.layerView = null;
    this.invalidate('static');
  };

  /* ---- data ---- */

  P.load = function () {
    var self = this;
    if (this.opts.snapshot) {
      var doc = readJSON('ucd-data');
      if (doc) this.setModel(doc, performance.now());
      return;
    }
    var t0 = performance.now();
    fetch(this.opts.src, { credentials: 'same-origin' }).then(function (r) {
      return r.text().then(function (txt) {
        var t1 = performance.now(), doc = JSON.parse(txt);
        if (!r.ok || doc.error) throw new Error(doc.error ? doc.error.message : 'HTTP ' + r.status);
        self.fetchMs = t1 - t0;
        self.bytes = txt.length;
        self.setModel(doc, t1);
      });
    }).then(null, function (err) {
      self.showStatus(self.t('diagram_status_error', err.message), 'error');
      self.schedulePoll(5);
    });
  };

  P.setModel = function (doc, tArrived) {
    var self = this, t = performance.now();
    this.model = new U.Model(doc);
    this.parseMs = performance.now() - t;
    if (doc.can_edit === false) this.opts.edit = false;
    if (doc.snapshot && doc.now) this.snapshotNote = this.t('diagram_snapshot_note', new Date(doc.now * 1000).toLocaleString());
    var legend = this.buildLegend();
    legend.hidden = this.legend.hidden;
    this.stage.replaceChild(legend, this.legend);
    this.legend = legend;
    var focus = this.opts.focus && this.model.get(this.opts.focus);
    if (focus) this.focusServer(focus);
    else this.fit();
    this.renderStatic();
    this.compose();
    this.showStatus(this.model.servers.length ? null : this.t('diagram_no_servers'));
    requestAnimationFrame(function () {
      self.firstPaintMs = performance.now() - tArrived;
      self.loadMs = performance.now() - self.tBoot;
    });
    if (!this.opts.snapshot) {
      this.schedulePoll(this.opts.poll);
      this.scheduleMetrics();
    }
  };

  P.alive = function () {
    if (this.destroyed) return false;
    if (!document.body.contains(this.root)) { this.destroy(); return false; }
    return true;
  };

  var STREAM_POLL = 60; /* s: the fingerprint poll while live.js streams */

  P.schedulePoll = function (seconds) {
    var self = this;
    clearTimeout(this.timers.poll);
    if (!seconds) return;
    /* The live event stream (live.js) brings changes as they happen; the
     * poll then only checks, rarely, that nothing was missed. */
    if (document.documentElement.getAttribute('data-uc-live') === 'stream' && seconds >= 1)
      seconds = Math.max(seconds, STREAM_POLL);
    this.timers.poll = setTimeout(function () { self.poll(); }, seconds * 1000);
  };

  P.pollSoon = function () {
    if (!this.opts.snapshot) {
      var self = this;
      clearTimeout(this.timers.poll);
      this.timers.poll = setTimeout(function () { self.poll(); }, 300);
    }
  };

  /* Asks whether anything changed (fingerprint); applies the difference
   * when it did. Waits while the user drags. */
  P.poll = function () {
    var self = this;
    if (!this.alive()) return;
    if (!this.model) { this.load(); return; }
    if (this.drag) { this.schedulePoll(1); return; }
    this.polls++;
    /* An answer asked for before one of our own edits landed could undo
     * it in the picture: such an answer is dropped and asked again. */
    var edits = this.edits || 0;
    fetch(this.opts.src + '?since=' + encodeURIComponent(this.model.fp) + '&ssince=' +
          encodeURIComponent(this.model.sfp), { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (doc) {
        if (!self.alive()) return;
        if (doc.error) throw new Error(doc.error.message);
        self.offline = 0;
        if ((self.edits || 0) !== edits) { self.pollSoon(); return; }
        if (doc.status != null) {
          var ch = self.model.statesChanges(doc.status);
          if (ch === false) {
            self.model.fp = ''; /* out of step: the whole estate next time */
            self.schedulePoll(0.3);
            return;
          }
          self.model.sfp = doc.sfp;
          self.applyChanges(ch);
        } else if (!doc.same) {
          self.applyDoc(doc);
        }
        self.schedulePoll(self.opts.poll);
      }).then(null, function () {
        if (!self.alive()) return;
        self.offline = Math.min(6, (self.offline || 0) + 1);
        self.showStatus(self.t('diagram_status_offline'), 'error');
        self.schedulePoll(Math.max(self.opts.poll || 5, 5) * self.offline);
      });
  };

  P.applyDoc = function (doc) {
    var m = this.model, changes = m.diff(doc);
    m.fp = doc.fp;
    m.sfp = doc.sfp;
    if (changes.length) this.applyChanges(changes);
    m.docOrder = m.nextOrder.map(function (k) { return m.byId.get(k) || null; });
    return changes.length;
  };

  /* The whole document again (after "arrange"). */
  P.reload = function () {
    var self = this, edits = this.edits || 0;
    return fetch(this.opts.src, { credentials: 'same-origin' }).then(function (r) { return r.json(); })
      .then(function (doc) {
        if (doc.error || !self.alive()) return;
        if ((self.edits || 0) !== edits) self.pollSoon();
        else self.applyDoc(doc);
      });
  };

  /* Metrics: every few polls for an estate of a few thousand servers;
   * for a larger one only the hovered server's, when the tooltip opens
   * (the monitoring daemon rewrites them all every round). */
  P.scheduleMetrics = function () {
    var self = this, every = Math.max(5, 3 * (this.opts.poll || 5));
    clearTimeout(this.timers.metrics);
    if (!this.opts.poll || this.model.servers.length > METRICS_POLL_MAX) return;
    this.timers.metrics = setTimeout(function () {
      if (!self.alive()) return;
      fetch(self.opts.src + '?msince=' + Math.floor(self.model.metricsAt), { credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (m) {
          if (m && !m.error && m.checked && m.checked.length) {
            var r = self.model.readMetrics(m, m.ids.split('\n'));
            self.changed(r);
          }
        }).then(null, function () { /* the next round tries again */ })
        .then(function () { self.scheduleMetrics(); });
    }, every * 1000);
  };

  /* The hovered server's metrics, at most every 10 s (large estates). */
  P.hoverMetrics = function (s) {
    var self = this, now = Date.now();
    if (this.opts.snapshot || !this.model || this.model.servers.length <= METRICS_POLL_MAX ||
        (s.mAsked && now - s.mAsked < 10000)) return;
    s.mAsked = now;
    fetch(this.opts.src + '?msince=0&id=' + encodeURIComponent(s.id), { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (m) {
        if (m && !m.error && m.checked && m.checked.length && self.alive()) {
          self.changed(self.model.readMetrics(m, m.ids.split('\n')));
        }
      }).then(null, function () { s.mAsked = 0; });
  };

  /* The one entry point for changes from outside: the live event stream
   * (events.cgi) calls window.ucDiagram.applyChanges(list). See
   * Model.apply for the kinds. */
  P.applyChanges = function (list) {
    if (!this.model) return null;
    var r = this.model.apply(list);
    this.changed(r);
    return r;
  };

  P.changed = function (r) {
    if (!r || !r.count) return;
    if (r.positions || r.topology || r.states || r.clusters) {
      this.miniDirty = true;
      if (this.hover && this.hover.dead) this.hover = null;
      this.invalidate('static');
    }
    if (this.hover && !this.tip.hidden && this.pointer) this.showTip(this.hover, this.pointer);
    this.showStatus();
  };

  /* ---- view ---- */

  P.fit = function () {
    var b = this.model && this.model.bounds();
    if (b) this.fitTo(b);
    else this.view.centre(0, 0, 0.5);
    this.invalidate('static');
  };

  P.fitTo = function (b) {
    this.view.fit(b, 24, 1);
    this.lastInput = 0;
    this.invalidate('static');
  };

  P.focusServer = function (s) {
    this.setSelected([s]);
    this.view.centre(s.x, s.y, Math.max(this.view.z, 0.45));
    this.flash = { s: s, until: performance.now() + 1600 };
    this.invalidate('static');
  };

  /* ---- drawing ---- */

  P.invalidate = function (what) {
    if (what === 'static') this.staticDirty = true;
    if (!this.raf && !this.destroyed) {
      var self = this;
      this.raf = requestAnimationFrame(function () { self.raf = 0; self.frame(); });
    }
  };

  P.frame = function () {
    if (!this.alive() || !this.model) return;
    var now = performance.now(), busy = now - (this.lastInput || 0) < IDLE_MS, full = false;
    /* A small estate is redrawn in every frame of a drag, unless that
     * proved slow on this machine (frames over 28 ms apart): then, as
     * for large estates, the cached picture moves until the input
     * pauses. */
    var gap = now - (this.lastFrameAt || 0);
    if (busy && this.lastFull && gap > 28 && gap < 250) this.slowDraw = true;
    if (!busy) this.slowDraw = false;
    if (this.staticDirty) {
      if (!busy || !this.layerView || (this.small() && !this.slowDraw)) { this.renderStatic(); full = true; }
      else this.idleRedraw();
    }
    this.lastFull = full;
    this.lastFrameAt = now;
    this.compose();
    if (this.perfLog && this.perfLog.length < 100000) {
      this.perfLog.push({ input: this.inputAt || 0, start: now, end: performance.now(), full: full });
      this.inputAt = 0;
    }
    if (this.flash && now < this.flash.until) this.invalidate('overlay');
    else this.flash = null;
  };

  /* Cheap enough to redraw in every frame of a drag (the canvas is drawn
   * in software: the script's time is only part of the cost). */
  P.small = function () {
    return this.model.servers.length <= SMALL && this.model.conns.length <= 2 * SMALL;
  };

  P.idleRedraw = function () {
    var self = this;
    clearTimeout(this.timers.idle);
    this.timers.idle = setTimeout(function () { self.invalidate('static'); }, IDLE_MS + 10);
  };

  P.renderStatic = function () {
    var c = this.lctx, dpr = this.dpr;
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    var st = U.drawScene(c, this.view, this.model, { exclude: this.dragSet, hover: this.hover });
    this.layerView = this.view.copy();
    this.lastStaticMs = st.ms;
    this.lastStats = st;
    this.staticRenders = (this.staticRenders || 0) + 1;
    this.staticDirty = false;
  };

  /* The layer (drawn for layerView) placed for the current view, then
   * everything that moves with the pointer. */
  P.compose = function () {
    var c = this.ctx, v = this.view, lv = this.layerView, dpr = this.dpr;
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (lv) {
      var s = v.z / lv.z, dx = v.ox - s * lv.ox, dy = v.oy - s * lv.oy;
      c.fillStyle = U.BACKGROUND;
      if (s === 1) {
        /* A pan: whole pixels (a plain copy), background only where the
         * picture does not reach. */
        dx = Math.round(dx);
        dy = Math.round(dy);
        if (dx > 0) c.fillRect(0, 0, dx, v.h);
        if (dx < 0) c.fillRect(v.w + dx, 0, -dx, v.h);
        if (dy > 0) c.fillRect(0, 0, v.w, dy);
        if (dy < 0) c.fillRect(0, v.h + dy, v.w, -dy);
      } else {
        c.fillRect(0, 0, v.w, v.h);
      }
      /* A scaled blit only stands in until the next redraw: fast beats
       * smooth. */
      c.imageSmoothingEnabled = false;
      c.drawImage(this.layer, 0, 0, this.layer.width, this.layer.height, dx, dy, v.w * s, v.h * s);
      c.imageSmoothingEnabled = true;
    }
    this.drawOverlay(c);
    this.drawMinimap(c);
    this.composed = (this.composed || 0) + 1;
  };

  function ring(c, v, s, colour, width, grow) {
    var x = v.px(s.x, s.y), y = v.py(s.x, s.y), hw = Math.max(6, TW * v.z * 0.5) * grow, hh = Math.max(4, TH * v.z * 0.5) * grow;
    c.beginPath();
    c.moveTo(x - hw, y); c.lineTo(x, y - hh); c.lineTo(x + hw, y); c.lineTo(x, y + hh); c.closePath();
    c.strokeStyle = colour;
    c.lineWidth = width;
    c.stroke();
  }

  P.drawOverlay = function (c) {
    var v = this.view, d = this.drag, m = this.model, lod = U.lodOf(v.z), i;
    if (d && d.kind === 'move') {
      var moving = this.dragSet;
      c.strokeStyle = 'rgba(30,136,229,0.8)';
      c.lineWidth = Math.max(1, U.clamp(6 * v.z, 1, 4));
      c.beginPath();
      for (i = 0; i < d.servers.length; i++) {
        var s = d.servers[i];
        var sc = m.connsOf(s);
        for (var k = 0; k < sc.length; k++) {
          var cn = sc[k], o = cn.a === s ? cn.b : cn.a;
          if (moving.has(o) && o !== cn.b) continue; /* drawn once */
          c.moveTo(v.px(s.x, s.y), v.py(s.x, s.y));
          c.lineTo(v.px(o.x, o.y), v.py(o.x, o.y));
        }
      }
      c.stroke();
      var list = d.servers.slice().sort(function (a, b) { return (b.x + b.y) - (a.x + a.y); });
      for (i = 0; i < list.length && i < 3000; i++) {
        var sv = list[i];
        if (lod === 'icon') U.drawServer(c, sv, v.px(sv.x, sv.y), v.py(sv.x, sv.y), v.z, m.types);
        else ring(c, v, sv, (m.types[sv.type] || m.types[0]).color, 3, 0.7);
      }
    }
    if (d && d.kind === 'connect') {
      var a = d.from, ax = v.px(a.x, a.y), ay = v.py(a.x, a.y);
      var bx = d.target ? v.px(d.target.x, d.target.y) : d.p.x, by = d.target ? v.py(d.target.x, d.target.y) : d.p.y;
      c.setLineDash([8, 5]);
      c.strokeStyle = U.SELECT_COLOUR;
      c.lineWidth = 2.5;
      c.beginPath(); c.moveTo(ax, ay); c.lineTo(bx, by); c.stroke();
      c.setLineDash([]);
      ring(c, v, a, U.SELECT_COLOUR, 2.5, 1);
      if (d.target) ring(c, v, d.target, '#2e7d32', 3, 1.1);
    }
    if (this.connectFrom) ring(c, v, this.connectFrom, U.SELECT_COLOUR, 2.5, 1.1);
    if (d && d.kind === 'box') {
      var x0 = Math.min(d.x0, d.x1), y0 = Math.min(d.y0, d.y1);
      c.fillStyle = 'rgba(21,101,192,0.1)';
      c.fillRect(x0, y0, Math.abs(d.x1 - d.x0), Math.abs(d.y1 - d.y0));
      c.strokeStyle = U.SELECT_COLOUR;
      c.lineWidth = 1;
      c.strokeRect(x0 + 0.5, y0 + 0.5, Math.abs(d.x1 - d.x0), Math.abs(d.y1 - d.y0));
    }
    var h = this.hover;
    if (h && !h.dead && !(d && d.kind === 'move')) {
      ring(c, v, h, '#ff8f00', 2.5, 1.05);
      if (lod !== 'icon' || TW * v.z < 56) {
        U.label(c, h.name, v.px(h.x, h.y), v.py(h.x, h.y) + Math.max(8, TH * v.z * 0.5) + 16, 13, '#263238', 'rgba(255,255,255,0.92)');
      }
    }
    if (this.flash) {
      var f = this.flash, t = (f.until - performance.now()) / 1600;
      if (!f.s.dead) ring(c, v, f.s, 'rgba(255,143,0,' + U.clamp(t, 0, 1) + ')', 4, 1.2 + (1 - t) * 1.5);
    }
  };

  /* ---- minimap (drawn in a corner of the same canvas) ---- */

  P.miniRect = function () {
    var v = this.view;
    if (!this.model || !this.model.servers.length || v.w < 2.5 * MINI_W) return null;
    return { x: v.w - MINI_W - MINI_PAD, y: v.h - MINI_H - MINI_PAD, w: MINI_W, h: MINI_H };
  };

  P.inMinimap = function (p) {
    var r = this.miniRect();
    return !!r && p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;
  };

  /* Scene bounds -> minimap box transform (cached with its picture). */
  P.miniRefresh = function () {
    var now = performance.now();
    if (this.mini && !this.miniDirty) return this.mini;
    if (this.mini && now - this.mini.at < 500) { this.invalidate('overlay'); return this.mini; }
    var b = this.model.bounds(), r = this.miniRect();
    var sx0 = U.sceneX(b.x0, b.y1), sx1 = U.sceneX(b.x1, b.y0), sy0 = U.sceneY(b.x1, b.y1), sy1 = U.sceneY(b.x0, b.y0);
    var k = Math.min((r.w - 8) / Math.max(1, sx1 - sx0), (r.h - 8) / Math.max(1, sy1 - sy0));
    var cv = this.mini && this.mini.img || document.createElement('canvas');
    cv.width = r.w;
    cv.height = r.h;
    var c = cv.getContext('2d'), m = this.model, ox = (r.w - (sx1 - sx0) * k) / 2 - sx0 * k, oy = (r.h - (sy1 - sy0) * k) / 2 - sy0 * k;
    c.fillStyle = 'rgba(255,255,255,0.92)';
    c.fillRect(0, 0, r.w, r.h);
    var paths = [];
    for (var i = 0; i < m.servers.length; i++) {
      var s = m.servers[i], p = paths[s.type] || (paths[s.type] = new Path2D());
      p.rect(ox + U.sceneX(s.x, s.y) * k - 1, oy + U.sceneY(s.x, s.y) * k - 1, 2, 2);
    }
    paths.forEach(function (p, t) { c.fillStyle = m.types[t] ? m.types[t].color : '#888'; c.fill(p); });
    this.mini = { img: cv, k: k, ox: ox, oy: oy, at: now };
    this.miniDirty = false;
    return this.mini;
  };

  P.drawMinimap = function (c) {
    var r = this.miniRect();
    if (!r) return;
    var mm = this.miniRefresh(), v = this.view;
    c.drawImage(mm.img, r.x, r.y);
    c.strokeStyle = 'rgba(38,50,56,0.5)';
    c.lineWidth = 1;
    c.strokeRect(r.x + 0.5, r.y + 0.5, r.w - 1, r.h - 1);
    /* the part on screen */
    var x0 = r.x + mm.ox + (-v.ox / v.z) * mm.k, y0 = r.y + mm.oy + (-v.oy / v.z) * mm.k;
    var w = v.w / v.z * mm.k, h = v.h / v.z * mm.k;
    c.save();
    c.beginPath();
    c.rect(r.x, r.y, r.w, r.h);
    c.clip();
    c.strokeStyle = U.SELECT_COLOUR;
    c.lineWidth = 1.5;
    c.strokeRect(x0, y0, Math.max(2, w), Math.max(2, h));
    c.restore();
  };

  P.minimapPan = function (p) {
    var r = this.miniRect(), mm = this.mini;
    if (!r || !mm) return;
    var sx = (p.x - r.x - mm.ox) / mm.k, sy = (p.y - r.y - mm.oy) / mm.k, v = this.view;
    v.ox = v.w / 2 - v.z * sx;
    v.oy = v.h / 2 - v.z * sy;
    this.lastInput = performance.now();
    this.invalidate('static');
  };

  /* ---- life ---- */

  P.destroy = function () {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.raf) cancelAnimationFrame(this.raf);
    for (var k in this.timers) if (Object.prototype.hasOwnProperty.call(this.timers, k)) clearTimeout(this.timers[k]);
    clearTimeout(this.statusTimer);
    clearTimeout(this.searchTimer);
    this.listeners.forEach(function (l) { l[0].removeEventListener(l[1], l[2], l[3]); });
    this.listeners = [];
    if (this.resizer) this.resizer.disconnect();
    if (instance === this) instance = null;
  };

  /* Read-only facts for tests and the benchmark. */
  P.stats = function () {
    var m = this.model, st = this.lastStats || {};
    return {
      ready: !!m, servers: m ? m.servers.length : 0, conns: m ? m.conns.length : 0,
      clusters: m ? m.clusters.length : 0, drawn: st.servers || 0, drawnConns: st.conns || 0,
      lod: st.lod || null, zoom: this.view.z, lastRenderMs: this.lastStaticMs || 0,
      staticRenders: this.staticRenders || 0, composed: this.composed || 0,
      firstPaintMs: this.firstPaintMs == null ? null : this.firstPaintMs,
      loadMs: this.loadMs == null ? null : this.loadMs, fetchMs: this.fetchMs || 0,
      parseMs: this.parseMs || 0, bytes: this.bytes || 0,
      selected: m ? this.selected().map(function (s) { return s.id; }) : [],
      hover: this.hover ? this.hover.id : null, fp: m ? m.fp : '', polls: this.polls,
      version: m ? m.version : 0, mode: this.mode, edit: this.opts.edit,
      snapshot: this.opts.snapshot, lastExport: this.lastExport || null
    };
  };

  /* Where server id is on the page (client pixels), for tests. */
  P.screenOf = function (id) {
    var s = this.model && this.model.get(id);
    if (!s) return null;
    var r = this.canvas.getBoundingClientRect(), v = this.view, lod = U.lodOf(v.z);
    var lift = lod === 'icon' ? (U.ICON_TOP[(this.model.types[s.type] || {}).name] || 100) * v.z * 0.35 : 0;
    return { x: r.left + v.px(s.x, s.y), y: r.top + v.py(s.x, s.y) - lift };
  };

  P.server = function (id) {
    var s = this.model && this.model.get(id);
    if (!s) return null;
    return {
      id: s.id, name: s.name, x: s.x, y: s.y, placed: s.placed, type: this.model.types[s.type].name,
      status: this.model.states[s.status], clusters: s.clusters.map(function (c) { return c.name; }),
      conns: this.model.connsOf(s).map(function (c) { return { from: c.a.id, to: c.b.id, type: this.model.ctypes[c.type] }; }, this),
      metrics: s.m ? { cpu: s.m.cpu, mem: s.m.mem, disk: s.m.disk } : null
    };
  };

  U.Diagram = Diagram;

  /* Starts the diagram in root (the page's inline script calls this on
   * every visit); a previous instance is stopped first. */
  U.boot = function (root) {
    if (instance) instance.destroy();
    if (!root) return null;
    instance = new Diagram(root);
    return instance;
  };
  U.instance = function () { return instance; };
  U.applyChanges = function (list) { return instance ? instance.applyChanges(list) : null; };
  U.stats = function () { return instance ? instance.stats() : null; };
  U.screenOf = function (id) { return instance ? instance.screenOf(id) : null; };
  U.server = function (id) { return instance ? instance.server(id) : null; };
  U.ready = true;
})(window.ucDiagram = window.ucDiagram || {});
