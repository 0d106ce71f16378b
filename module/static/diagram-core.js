/* diagram-core.js — the diagram's model: FossFLOW's isometric projection
 * and tile coordinates, the view (zoom and scroll), the estate read from
 * diagram_data.cgi's compact document, a grid of buckets for hit testing,
 * and applyChanges(), the one way anything changes the model (the poller,
 * the page's own edits and the live event stream all use it).
 * Plain ES5, no libraries.
 * SPDX-License-Identifier: BSD-3-Clause */
(function (U) {
  'use strict';

  /* FossFLOW's projected tile at zoom 1 (notes: 100 units x 1.415 / 0.819). */
  var TW = 141.5, TH = 81.9;
  U.TW = TW;
  U.TH = TH;
  U.MIN_ZOOM = 0.004;
  U.MAX_ZOOM = 2;
  U.CELL = 8; /* tiles per side of a spatial bucket */

  /* Tile (x, y) -> scene pixels at zoom 1: +x up-right, +y up-left. */
  U.sceneX = function (x, y) { return (TW / 2) * (x - y); };
  U.sceneY = function (x, y) { return -(TH / 2) * (x + y); };
  /* Scene pixels -> continuous tile coordinates (the inverse). */
  U.tileOf = function (sx, sy) {
    var a = 2 * sx / TW, b = -2 * sy / TH;
    return { x: (a + b) / 2, y: (b - a) / 2 };
  };

  U.clamp = function (v, lo, hi) { return v < lo ? lo : v > hi ? hi : v; };

  /* ---- the view: screen = o + z * scene ---- */

  function View(w, h) {
    this.w = w || 800;
    this.h = h || 600;
    this.z = 0.5;
    this.ox = this.w / 2;
    this.oy = this.h / 2;
  }
  View.prototype.copy = function () {
    var v = new View(this.w, this.h);
    v.z = this.z; v.ox = this.ox; v.oy = this.oy;
    return v;
  };
  View.prototype.px = function (x, y) { return this.ox + this.z * (TW / 2) * (x - y); };
  View.prototype.py = function (x, y) { return this.oy - this.z * (TH / 2) * (x + y); };
  View.prototype.toTile = function (px, py) {
    return U.tileOf((px - this.ox) / this.z, (py - this.oy) / this.z);
  };
  /* Zooms to nz keeping the scene point under (px, py) in place. */
  View.prototype.zoomAt = function (px, py, nz) {
    nz = U.clamp(nz, U.MIN_ZOOM, U.MAX_ZOOM);
    var sx = (px - this.ox) / this.z, sy = (py - this.oy) / this.z;
    this.z = nz;
    this.ox = px - nz * sx;
    this.oy = py - nz * sy;
  };
  /* Shows tile bounds b {x0,y0,x1,y1} whole, with pad pixels around. */
  View.prototype.fit = function (b, pad, zmax) {
    var sx0 = U.sceneX(b.x0, b.y1) - TW / 2, sx1 = U.sceneX(b.x1, b.y0) + TW / 2;
    var sy0 = U.sceneY(b.x1, b.y1) - TH * 1.6, sy1 = U.sceneY(b.x0, b.y0) + TH;
    var w = Math.max(1, this.w - 2 * pad), h = Math.max(1, this.h - 2 * pad);
    var z = Math.min(w / (sx1 - sx0), h / (sy1 - sy0), zmax || 1);
    this.z = U.clamp(z, U.MIN_ZOOM, U.MAX_ZOOM);
    this.ox = this.w / 2 - this.z * (sx0 + sx1) / 2;
    this.oy = this.h / 2 - this.z * (sy0 + sy1) / 2;
  };
  /* Centres tile (x, y) at zoom z (current zoom when z is undefined). */
  View.prototype.centre = function (x, y, z) {
    if (z !== undefined) this.z = U.clamp(z, U.MIN_ZOOM, U.MAX_ZOOM);
    this.ox = this.w / 2 - this.z * U.sceneX(x, y);
    this.oy = this.h / 2 - this.z * U.sceneY(x, y);
  };
  /* The tile rectangle covering the screen (with margin tiles around). */
  View.prototype.tileRange = function (margin) {
    var c = [this.toTile(0, 0), this.toTile(this.w, 0),
             this.toTile(0, this.h), this.toTile(this.w, this.h)];
    var r = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    for (var i = 0; i < 4; i++) {
      r.x0 = Math.min(r.x0, c[i].x); r.x1 = Math.max(r.x1, c[i].x);
      r.y0 = Math.min(r.y0, c[i].y); r.y1 = Math.max(r.y1, c[i].y);
    }
    r.x0 -= margin; r.y0 -= margin; r.x1 += margin; r.y1 += margin;
    return r;
  };
  U.View = View;

  /* ---- spatial buckets (CELL x CELL tiles) ---- */

  function cellKey(cx, cy) { return (cx + 131072) * 262144 + (cy + 131072); }
  U.cellKey = cellKey;

  function Grid() { this.cells = new Map(); }
  Grid.prototype.add = function (s) {
    var cx = Math.floor(s.x / U.CELL), cy = Math.floor(s.y / U.CELL);
    var k = cellKey(cx, cy), c = this.cells.get(k);
    if (!c) { c = { cx: cx, cy: cy, items: [], agg: null }; this.cells.set(k, c); }
    c.items.push(s);
    c.agg = null;
    s.cell = c;
  };
  Grid.prototype.remove = function (s) {
    var c = s.cell;
    if (!c) return;
    var i = c.items.indexOf(s);
    if (i >= 0) { c.items[i] = c.items[c.items.length - 1]; c.items.pop(); }
    c.agg = null;
    if (c.items.length === 0) this.cells.delete(cellKey(c.cx, c.cy));
    s.cell = null;
  };
  Grid.prototype.move = function (s) {
    var cx = Math.floor(s.x / U.CELL), cy = Math.floor(s.y / U.CELL);
    if (s.cell && s.cell.cx === cx && s.cell.cy === cy) { s.cell.agg = null; return; }
    this.remove(s);
    this.add(s);
  };
  /* Calls fn(server) for servers in tiles x0..x1, y0..y1 (whole cells). */
  Grid.prototype.each = function (x0, y0, x1, y1, fn) {
    var cx0 = Math.floor(x0 / U.CELL), cx1 = Math.floor(x1 / U.CELL);
    var cy0 = Math.floor(y0 / U.CELL), cy1 = Math.floor(y1 / U.CELL);
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > this.cells.size * 2) {
      var self = this;
      this.cells.forEach(function (c) {
        if (c.cx >= cx0 && c.cx <= cx1 && c.cy >= cy0 && c.cy <= cy1) self.eachIn(c, fn);
      });
      return;
    }
    for (var cx = cx0; cx <= cx1; cx++) {
      for (var cy = cy0; cy <= cy1; cy++) {
        var c = this.cells.get(cellKey(cx, cy));
        if (c) this.eachIn(c, fn);
      }
    }
  };
  Grid.prototype.eachIn = function (c, fn) {
    for (var i = 0; i < c.items.length; i++) fn(c.items[i]);
  };
  /* Per-cell counts for the overview: n, the commonest type, the worst state. */
  Grid.prototype.aggregate = function (c) {
    if (c.agg) return c.agg;
    var byType = {}, best = 0, type = 0, worst = 0;
    var rank = [0, 1, 2, 3]; /* unknown active warning inactive */
    for (var i = 0; i < c.items.length; i++) {
      var s = c.items[i], n = (byType[s.type] || 0) + 1;
      byType[s.type] = n;
      if (n > best) { best = n; type = s.type; }
      if (rank[s.status] > rank[worst]) worst = s.status;
    }
    c.agg = { n: c.items.length, type: type, worst: worst };
    return c.agg;
  };
  U.Grid = Grid;

  /* ---- the model ---- */

  function lower(s) { return String(s).toLowerCase(); }
  /* A connection's key from its ends' serial numbers (numbers make Map
   * keys far cheaper than joined id strings: 200,000 links load in a
   * fraction of the time). */
  function pairKey(a, b) {
    return a.n < b.n ? a.n * 67108864 + b.n : b.n * 67108864 + a.n;
  }
  /* Servers start with this shared empty list and get their own on the
   * first connection or cluster (most have few; 100,000 saved arrays). */
  var NONE = Object.freeze([]);
  function push(s, field, item) {
    if (s[field] === NONE) s[field] = [];
    s[field].push(item);
  }

  /* Cluster area colours (FossFLOW's default #a5b8f3 first). */
  var AREA_COLOURS = ['#a5b8f3', '#a5e3c9', '#f3d9a5', '#e3a5d4', '#a5d8f3',
                      '#d4e3a5', '#f3b0a5', '#c3a5f3', '#a5f3e9', '#f3e7a5'];

  function Model(doc) {
    this.types = doc.types;
    this.states = doc.states;
    this.ctypes = doc.ctypes;
    this.regions = doc.regions.slice();
    this.servers = [];
    this.byId = new Map();
    this.conns = [];
    this.connByKey = new Map();
    this.clusters = [];
    this.clusterByKey = new Map();
    this.grid = new Grid();
    this.serial = 0;
    this.version = 0;
    this.orderDirty = true;
    this.areasDirty = true;
    this.order = [];
    this.fp = doc.fp || '';
    this.sfp = doc.sfp || '';
    this.metricsAt = 0;
    this.read(doc);
    /* the document's server order: what a statuses-only answer follows */
    this.docOrder = this.servers.slice();
  }

  Model.prototype.typeIndex = function (name) {
    if (typeof name === 'number') return name;
    for (var i = 0; i < this.types.length; i++) if (this.types[i].name === name) return i;
    return 0;
  };
  Model.prototype.stateIndex = function (name) {
    if (typeof name === 'number') return name;
    var i = this.states.indexOf(name);
    return i < 0 ? 0 : i;
  };
  Model.prototype.ctypeIndex = function (name) {
    if (typeof name === 'number') return name;
    var i = this.ctypes.indexOf(name);
    return i < 0 ? 0 : i;
  };
  Model.prototype.regionIndex = function (name) {
    name = name || '';
    var i = this.regions.indexOf(name);
    if (i < 0) { this.regions.push(name); i = this.regions.length - 1; }
    return i;
  };

  /* Reads the compact document (see cgi-src/lib/diagram_doc.h). */
  Model.prototype.read = function (doc) {
    var s = doc.servers, n = s.n, i;
    var ids = n ? s.id.split('\n') : [], names = n ? s.name.split('\n') : [];
    var ips = n ? s.ip.split('\n') : [];
    for (i = 0; i < n; i++) {
      var sv = {
        id: ids[i], key: lower(ids[i]), name: names[i] || ids[i], ip: ips[i] || '',
        type: s.type.charCodeAt(i) - 48, status: s.status.charCodeAt(i) - 48,
        region: s.region[i], x: s.x[i], y: s.y[i], placed: s.placed.charCodeAt(i) === 49,
        clusters: NONE, conns: NONE, m: null, cell: null, sel: false, n: this.serial++
      };
      this.servers.push(sv);
      this.byId.set(sv.key, sv);
      this.grid.add(sv);
    }
    var c = doc.conns;
    for (i = 0; i < c.n; i++) this.link(this.servers[c.from[i]], this.servers[c.to[i]], c.type.charCodeAt(i) - 48);
    for (i = 0; i < doc.clusters.length; i++) {
      var d = doc.clusters[i], members = [];
      for (var k = 0; k < d.members.length; k++) members.push(this.servers[d.members[k]]);
      this.setCluster(d.name, d.description, members);
    }
    if (doc.metrics) this.readMetrics(doc.metrics, doc.metrics.idx ? null : doc.metrics.ids.split('\n'));
    if (doc.alerts) this.readAlerts(doc.alerts);
  };

  /* Firing alerts per server and the root causes (alert_diagram.c):
   * sv.alerts = count, sv.rootCause = true; the estate's totals. */
  Model.prototype.readAlerts = function (a) {
    var ids = a.ids ? a.ids.split('\n') : [];
    this.alertTotals = { firing: a.firing || 0, critical: a.critical || 0 };
    this.alertSig = alertSig(a);
    for (var i = 0; i < ids.length; i++) {
      var sv = this.byId.get(lower(ids[i]));
      if (!sv) continue;
      sv.alerts = a.count[i] || 0;
      sv.rootCause = a.root.charCodeAt(i) === 49;
    }
  };

  /* What an alerts member says, as one string (is it news?). */
  function alertSig(a) {
    return [a.firing || 0, a.critical || 0, a.ids || '', (a.count || []).join(','), a.root || ''].join('|');
  }

  /* Replaces every server's badge with what a (newer) alerts member
   * says: servers it does not name have none. False when nothing changed. */
  Model.prototype.setAlerts = function (a) {
    if (!a || typeof a !== 'object' || alertSig(a) === this.alertSig) return false;
    for (var i = 0; i < this.servers.length; i++) {
      var sv = this.servers[i];
      if (sv.alerts || sv.rootCause) { sv.alerts = 0; sv.rootCause = false; }
    }
    this.readAlerts(a);
    return true;
  };

  var METRICS = ['cpu', 'mem', 'disk', 'net_in', 'net_out', 'latency_ms', 'uptime'];
  U.METRICS = METRICS;

  /* Metrics columns by index (full document) or by id (incremental). */
  Model.prototype.readMetrics = function (m, ids) {
    var n = m.checked.length, out = [];
    for (var i = 0; i < n; i++) {
      var ch = { kind: 'metrics', checked: m.checked[i] };
      if (ids) ch.id = ids[i]; else ch.server = this.servers[m.idx[i]];
      for (var k = 0; k < METRICS.length; k++) ch[METRICS[k]] = m[METRICS[k]][i];
      out.push(ch);
    }
    if (m.at > this.metricsAt) this.metricsAt = m.at;
    return this.apply(out);
  };

  Model.prototype.get = function (id) { return id == null ? null : this.byId.get(lower(id)) || null; };

  Model.prototype.link = function (a, b, type) {
    if (!a || !b || a === b) return null;
    var key = pairKey(a, b);
    var old = this.connByKey.get(key);
    if (old) { old.type = type; return old; }
    var c = { a: a, b: b, type: type, key: key };
    this.conns.push(c);
    this.connByKey.set(key, c);
    if (this.adjacent) { push(a, 'conns', c); push(b, 'conns', c); }
    return c;
  };

  /* Each server's own list of connections (s.conns) is made on first
   * need: loading does not pay for 200,000 pushes nobody reads. */
  Model.prototype.adjacency = function () {
    if (this.adjacent) return;
    for (var i = 0; i < this.conns.length; i++) {
      var c = this.conns[i];
      if (c.dead) continue;
      push(c.a, 'conns', c);
      push(c.b, 'conns', c);
    }
    this.adjacent = true;
  };

  /* The connections of server s. */
  Model.prototype.connsOf = function (s) {
    this.adjacency();
    return s.conns;
  };

  /* The connection between two servers (ids, any case), or null. */
  Model.prototype.connBetween = function (idA, idB) {
    var a = this.get(idA), b = this.get(idB);
    return a && b ? this.connByKey.get(pairKey(a, b)) || null : null;
  };

  function without(list, item) {
    var i = list.indexOf(item);
    if (i >= 0) list.splice(i, 1);
  }

  Model.prototype.unlink = function (c) {
    if (!c) return;
    this.connByKey.delete(c.key);
    if (this.adjacent) { without(c.a.conns, c); without(c.b.conns, c); }
    c.dead = true;
    this.connsDirty = true;
  };

  /* Creates, replaces (members given) or deletes (members null) a cluster. */
  Model.prototype.setCluster = function (name, description, members) {
    var key = lower(name), cl = this.clusterByKey.get(key), i;
    if (cl) for (i = 0; i < cl.members.length; i++) without(cl.members[i].clusters, cl);
    if (members === null) {
      if (cl) { this.clusterByKey.delete(key); without(this.clusters, cl); }
      this.areasDirty = true;
      return;
    }
    if (!cl) {
      var h = 0;
      for (i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
      cl = { name: name, key: key, description: '', members: [], color: AREA_COLOURS[h % AREA_COLOURS.length], area: null };
      this.clusters.push(cl);
      this.clusterByKey.set(key, cl);
    }
    if (description != null) cl.description = description;
    cl.members = [];
    for (i = 0; i < members.length; i++) {
      if (!members[i] || members[i].clusters.indexOf(cl) >= 0) continue;
      cl.members.push(members[i]);
      push(members[i], 'clusters', cl);
    }
    this.areasDirty = true;
  };

  Model.prototype.removeServer = function (s) {
    var i;
    var cs = this.connsOf(s).slice();
    for (i = cs.length - 1; i >= 0; i--) this.unlink(cs[i]);
    for (i = 0; i < s.clusters.length; i++) without(s.clusters[i].members, s);
    this.grid.remove(s);
    this.byId.delete(s.key);
    s.dead = true;
    this.serversDirty = true;
    this.areasDirty = true;
    this.orderDirty = true;
  };

  /* Drops dead entries from the arrays after removals (once per batch). */
  Model.prototype.compact = function () {
    if (this.serversDirty) {
      this.servers = this.servers.filter(function (s) { return !s.dead; });
      this.serversDirty = false;
    }
    if (this.connsDirty) {
      this.conns = this.conns.filter(function (c) { return !c.dead; });
      this.connsDirty = false;
    }
  };

  Model.prototype.upsert = function (d) {
    var s = this.get(d.id);
    if (!s) {
      s = { id: d.id, key: lower(d.id), name: d.id, ip: '', type: 0, status: 0, region: 0,
            x: 0, y: 0, placed: false, clusters: NONE, conns: NONE, m: null, cell: null, sel: false,
            n: this.serial++ };
      this.servers.push(s);
      this.byId.set(s.key, s);
      this.grid.add(s);
    }
    if (d.name != null) s.name = d.name || d.id;
    if (d.ip != null) s.ip = d.ip;
    if (d.type != null) s.type = this.typeIndex(d.type);
    if (d.status != null) s.status = this.stateIndex(d.status);
    if (d.region != null) s.region = typeof d.region === 'number' ? d.region : this.regionIndex(d.region);
    if (d.placed != null) s.placed = !!d.placed;
    if (d.x != null && d.y != null && (d.x !== s.x || d.y !== s.y)) {
      s.x = d.x; s.y = d.y;
      this.grid.move(s);
      this.orderDirty = true;
      this.areasDirty = true;
    }
    if (d.clusters) {
      for (var i = 0; i < d.clusters.length; i++) {
        var cl = this.clusterByKey.get(lower(d.clusters[i]));
        if (cl && s.clusters.indexOf(cl) < 0) { cl.members.push(s); push(s, 'clusters', cl); }
      }
      this.areasDirty = true;
    }
    return s;
  };

  /* Applies a list of changes; returns what they touched
   * {positions, topology, states, metrics, clusters, count}. Kinds:
   *   {kind:'status', id, status}           'active' or an index
   *   {kind:'metrics', id, cpu, mem, disk, net_in, net_out, latency_ms,
   *    uptime, checked}
   *   {kind:'move', id, x, y}
   *   {kind:'add', server:{id, name, type, ip, region, status, x, y,
   *    clusters:[names]}}                    also updates an existing one
   *   {kind:'remove', id}
   *   {kind:'connect', from, to, type}
   *   {kind:'disconnect', from, to}
   *   {kind:'cluster', name, description, members:[ids] | null}
   *   {kind:'alerts', alerts:{firing, critical, ids, count, root}}
   *                                         every badge (diagram_data.cgi
   *                                         ?part=alerts); r.alerts
   * Unknown ids and kinds are skipped (events can race with deletes). */
  Model.prototype.apply = function (changes) {
    var r = { positions: false, topology: false, states: false, metrics: false, clusters: false, alerts: false, count: 0 };
    for (var i = 0; i < changes.length; i++) {
      var ch = changes[i], s;
      switch (ch.kind) {
      case 'status':
        s = this.get(ch.id);
        if (!s) continue;
        s.status = this.stateIndex(ch.status);
        if (s.cell) s.cell.agg = null;
        r.states = true;
        break;
      case 'metrics':
        s = ch.server || this.get(ch.id);
        if (!s) continue;
        s.m = ch;
        if (ch.checked > this.metricsAt) this.metricsAt = ch.checked;
        r.metrics = true;
        break;
      case 'move':
        s = this.get(ch.id);
        if (!s || typeof ch.x !== 'number' || typeof ch.y !== 'number') continue;
        if (s.x !== ch.x || s.y !== ch.y) {
          s.x = ch.x; s.y = ch.y;
          this.grid.move(s);
        }
        s.placed = ch.placed === undefined ? true : !!ch.placed;
        this.orderDirty = this.areasDirty = r.positions = true;
        break;
      case 'add':
        if (!ch.server || !ch.server.id) continue;
        this.upsert(ch.server);
        this.orderDirty = this.areasDirty = r.positions = r.topology = true;
        break;
      case 'remove':
        s = this.get(ch.id);
        if (!s) continue;
        this.removeServer(s);
        r.positions = r.topology = true;
        break;
      case 'connect':
        if (!this.link(this.get(ch.from), this.get(ch.to), this.ctypeIndex(ch.type || 0))) continue;
        r.topology = true;
        break;
      case 'disconnect':
        var c = this.connBetween(ch.from, ch.to);
        if (!c) continue;
        this.unlink(c);
        r.topology = true;
        break;
      case 'cluster':
        var ms = null;
        if (ch.members) {
          ms = [];
          for (var k = 0; k < ch.members.length; k++) {
            var m = typeof ch.members[k] === 'object' ? ch.members[k] : this.get(ch.members[k]);
            if (m) ms.push(m);
          }
        }
        this.setCluster(ch.name, ch.description, ms);
        r.clusters = true;
        break;
      case 'alerts':
        if (!this.setAlerts(ch.alerts)) continue;
        r.alerts = r.states = true; /* badges are drawn with the statuses */
        break;
      default:
        continue;
      }
      r.count++;
    }
    this.compact();
    if (r.count) this.version++;
    return r;
  };

  /* Servers from back to front (painter's order: larger x + y first). */
  Model.prototype.depthOrder = function () {
    if (this.orderDirty) {
      this.order = this.servers.slice();
      this.order.sort(function (a, b) { return (b.x + b.y) - (a.x + a.y) || a.x - b.x; });
      this.orderDirty = false;
    }
    return this.order;
  };

  /* Cluster areas (member bounds + 1 tile, as FossFLOW rectangles) and
   * region zones (+ 2 tiles), recomputed after moves. */
  Model.prototype.areas = function () {
    if (!this.areasDirty) return;
    var i, k, s;
    for (i = 0; i < this.clusters.length; i++) {
      var cl = this.clusters[i], a = null;
      for (k = 0; k < cl.members.length; k++) {
        s = cl.members[k];
        if (!a) a = { x0: s.x, y0: s.y, x1: s.x, y1: s.y };
        else {
          if (s.x < a.x0) a.x0 = s.x; if (s.x > a.x1) a.x1 = s.x;
          if (s.y < a.y0) a.y0 = s.y; if (s.y > a.y1) a.y1 = s.y;
        }
      }
      if (a) { a.x0 -= 1; a.y0 -= 1; a.x1 += 1; a.y1 += 1; }
      cl.area = a;
    }
    var zones = {};
    for (i = 0; i < this.servers.length; i++) {
      s = this.servers[i];
      if (!s.region) continue;
      var z = zones[s.region];
      if (!z) zones[s.region] = { region: s.region, name: this.regions[s.region], x0: s.x, y0: s.y, x1: s.x, y1: s.y, n: 1 };
      else {
        if (s.x < z.x0) z.x0 = s.x; if (s.x > z.x1) z.x1 = s.x;
        if (s.y < z.y0) z.y0 = s.y; if (s.y > z.y1) z.y1 = s.y;
        z.n++;
      }
    }
    this.zones = [];
    for (k in zones) {
      if (!Object.prototype.hasOwnProperty.call(zones, k)) continue;
      var zz = zones[k];
      zz.x0 -= 2; zz.y0 -= 2; zz.x1 += 2; zz.y1 += 2;
      this.zones.push(zz);
    }
    this.zones.sort(function (a, b) { return (b.x1 - b.x0) * (b.y1 - b.y0) - (a.x1 - a.x0) * (a.y1 - a.y0); });
    this.areasDirty = false;
  };

  /* Tile bounds of everything; null when empty. */
  Model.prototype.bounds = function () {
    var b = null;
    for (var i = 0; i < this.servers.length; i++) {
      var s = this.servers[i];
      if (!b) b = { x0: s.x, y0: s.y, x1: s.x, y1: s.y };
      else {
        if (s.x < b.x0) b.x0 = s.x; if (s.x > b.x1) b.x1 = s.x;
        if (s.y < b.y0) b.y0 = s.y; if (s.y > b.y1) b.y1 = s.y;
      }
    }
    if (b) { b.x0 -= 2; b.y0 -= 2; b.x1 += 2; b.y1 += 2; }
    return b;
  };

  /* Is an end of c down? (then the link is drawn as disconnected) */
  U.connDown = function (c) { return c.a.status === 3 || c.b.status === 3; };

  /* Statuses only, one digit per server in the document's order (the
   * poller, while the topology is unchanged); false when they do not fit
   * (then the whole document is needed). */
  Model.prototype.statesChanges = function (digits) {
    var out = [];
    if (digits.length !== this.docOrder.length) return false;
    for (var i = 0; i < digits.length; i++) {
      var s = this.docOrder[i], st = digits.charCodeAt(i) - 48;
      if (!s || s.dead) return false;
      if (s.status !== st) out.push({ kind: 'status', id: s.id, status: st });
    }
    return out;
  };

  /* The changes that turn this model into the one of doc (the poller),
   * read straight from doc's columns (no second model is built); also
   * keeps doc's order for the next statuses-only answer. */
  Model.prototype.diff = function (doc) {
    var out = [], self = this, i, k, d = doc.servers, n = d.n;
    var ids = n ? d.id.split('\n') : [], names = n ? d.name.split('\n') : [];
    var ips = n ? d.ip.split('\n') : [], keys = new Array(n), seen = new Set();
    for (i = 0; i < n; i++) {
      var id = ids[i], key = lower(id), o = this.byId.get(key);
      var name = names[i] || id, ip = ips[i] || '', type = d.type.charCodeAt(i) - 48;
      var status = d.status.charCodeAt(i) - 48, region = doc.regions[d.region[i]] || '';
      var placed = d.placed.charCodeAt(i) === 49, x = d.x[i], y = d.y[i];
      keys[i] = key;
      seen.add(key);
      if (!o || o.name !== name || o.ip !== ip || o.type !== type || (this.regions[o.region] || '') !== region) {
        out.push({ kind: 'add', server: { id: id, name: name, ip: ip, type: type, status: status, region: region, x: x, y: y, placed: placed } });
        continue;
      }
      if (o.status !== status) out.push({ kind: 'status', id: id, status: status });
      if (o.x !== x || o.y !== y || o.placed !== placed) out.push({ kind: 'move', id: id, x: x, y: y, placed: placed });
    }
    this.servers.forEach(function (s) { if (!seen.has(s.key)) out.push({ kind: 'remove', id: s.id }); });
    /* links: by the pair of ids; a new server's links are new too */
    var c = doc.conns, want = new Set();
    for (i = 0; i < c.n; i++) {
      var a = this.byId.get(keys[c.from[i]]), b = this.byId.get(keys[c.to[i]]), t = c.type.charCodeAt(i) - 48;
      var old = a && b ? this.connByKey.get(pairKey(a, b)) : null;
      if (old) want.add(old);
      if (!old || old.type !== t) out.push({ kind: 'connect', from: ids[c.from[i]], to: ids[c.to[i]], type: t });
    }
    this.conns.forEach(function (cn) {
      if (!want.has(cn)) out.push({ kind: 'disconnect', from: cn.a.id, to: cn.b.id });
    });
    var names2 = new Set();
    doc.clusters.forEach(function (cl) {
      var o2 = self.clusterByKey.get(lower(cl.name)), ms = cl.members.map(function (j) { return keys[j]; });
      names2.add(lower(cl.name));
      var same = o2 && o2.description === cl.description && o2.members.length === ms.length &&
        o2.members.every(function (s, j) { return s.key === ms[j]; });
      if (!same) out.push({ kind: 'cluster', name: cl.name, description: cl.description, members: cl.members.map(function (j) { return ids[j]; }) });
    });
    this.clusters.forEach(function (cl) {
      if (!names2.has(cl.key)) out.push({ kind: 'cluster', name: cl.name, members: null });
    });
    var m = doc.metrics;
    if (m && m.idx) {
      for (i = 0; i < m.idx.length; i++) {
        var s = this.byId.get(keys[m.idx[i]]);
        if (s && s.m && s.m.checked === m.checked[i]) continue;
        var mc = { kind: 'metrics', id: ids[m.idx[i]], checked: m.checked[i] };
        for (k = 0; k < METRICS.length; k++) mc[METRICS[k]] = m[METRICS[k]][i];
        out.push(mc);
      }
    }
    /* alerts last: their ids name the servers the changes above made */
    if (doc.alerts && alertSig(doc.alerts) !== this.alertSig) out.push({ kind: 'alerts', alerts: doc.alerts });
    this.nextOrder = keys;
    return out;
  };

  U.Model = Model;
})(window.ucDiagram = window.ucDiagram || {});
