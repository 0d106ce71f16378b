/* diagram-ui.js — everything around the canvas: toolbar, search, tooltip,
 * context menus, the connection type chooser, legend and status line
 * (built with DOM calls and textContent only), and the edits, made through
 * the module's own pages (connect.cgi, disconnect.cgi, delete_server.cgi,
 * save_cluster.cgi, create_cluster.cgi) and diagram_data.cgi. Mixed into
 * the Diagram by diagram.js.
 * SPDX-License-Identifier: BSD-3-Clause */
(function (U) {
  'use strict';
  var M = U.uiMethods = {};
  var IDENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
  var SVGNS = 'http://www.w3.org/2000/svg';
  var BATCH = 1000; /* servers per request to the pages (their limit) */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  U.el = el;

  M.t = function (key, a1, a2) {
    var s = this.texts[key];
    if (s == null) s = key;
    return s.replace(/\$([12])/g, function (m, d) {
      var v = d === '1' ? a1 : a2;
      return v == null ? '' : String(v);
    });
  };

  function button(d, label, act, title) {
    var b = el('button', 'ucd-btn', label);
    b.type = 'button';
    b.setAttribute('data-act', act);
    if (title) b.title = title;
    return b;
  }

  /* ---- building ---- */

  M.buildUI = function () {
    var d = this, root = this.root, o = this.opts;
    while (root.firstChild) root.removeChild(root.firstChild);
    root.classList.add('ucd');
    var bar = el('div', 'ucd-bar');
    bar.setAttribute('role', 'toolbar');

    var find = el('div', 'ucd-find');
    var input = el('input', 'ucd-search form-control');
    input.type = 'search';
    input.placeholder = this.t('diagram_search');
    input.setAttribute('aria-label', this.t('diagram_search'));
    input.autocomplete = 'off';
    var results = el('ul', 'ucd-results');
    results.setAttribute('role', 'listbox');
    results.hidden = true;
    find.appendChild(input);
    find.appendChild(results);
    bar.appendChild(find);
    this.searchInput = input;
    this.searchResults = results;

    var view = el('span', 'ucd-group');
    view.appendChild(button(d, this.t('diagram_fit'), 'fit'));
    view.appendChild(button(d, '\u2212', 'zoom-out', this.t('diagram_zoom_out')));
    view.appendChild(button(d, '+', 'zoom-in', this.t('diagram_zoom_in')));
    bar.appendChild(view);

    if (o.edit) {
      var mode = el('span', 'ucd-group');
      mode.appendChild(button(d, this.t('diagram_mode_select'), 'mode-select'));
      mode.appendChild(button(d, this.t('diagram_mode_connect'), 'mode-connect'));
      bar.appendChild(mode);
      var lay = el('span', 'ucd-group');
      var sel = el('select', 'ucd-layout form-control');
      sel.setAttribute('aria-label', this.t('diagram_layout'));
      ['auto', 'circular', 'grid', 'region'].forEach(function (k) {
        var op = el('option', null, d.t('diagram_layout_' + k));
        op.value = k;
        if (k === o.layout) op.selected = true;
        sel.appendChild(op);
      });
      this.layoutSelect = sel;
      lay.appendChild(sel);
      var all = el('label', 'ucd-check');
      var box = el('input');
      box.type = 'checkbox';
      box.className = 'ucd-arrange-all';
      this.arrangeAll = box;
      all.appendChild(box);
      all.appendChild(document.createTextNode(' ' + this.t('diagram_arrange_all')));
      lay.appendChild(button(d, this.t('diagram_arrange'), 'arrange'));
      lay.appendChild(all);
      bar.appendChild(lay);
    }

    var ex = el('span', 'ucd-group');
    var scale = el('select', 'ucd-scale form-control');
    scale.setAttribute('aria-label', this.t('diagram_png_scale'));
    [['0.25', '25%'], ['0.5', '50%'], ['1', '100%'], ['2', '200%']].forEach(function (s) {
      var op = el('option', null, s[1]);
      op.value = s[0];
      if (s[0] === '0.5') op.selected = true;
      scale.appendChild(op);
    });
    this.scaleSelect = scale;
    ex.appendChild(el('span', 'ucd-label', this.t('diagram_export')));
    ex.appendChild(scale);
    ex.appendChild(button(d, this.t('diagram_export_png'), 'png'));
    ex.appendChild(button(d, this.t('diagram_export_svg'), 'svg'));
    if (!o.snapshot && o.exportHtml) {
      var a = el('a', 'ucd-btn', this.t('diagram_export_html'));
      a.href = o.src + '?format=html';
      a.setAttribute('download', 'unlimited-cluster-diagram.html');
      a.setAttribute('data-act', 'html');
      ex.appendChild(a);
    }
    bar.appendChild(ex);

    var more = el('span', 'ucd-group');
    if (!o.full && !o.snapshot) {
      var fs = el('a', 'ucd-btn', this.t('diagram_fullscreen'));
      fs.href = 'diagram.cgi?full=1';
      fs.target = '_blank';
      fs.rel = 'noopener';
      fs.setAttribute('data-act', 'full');
      more.appendChild(fs);
    }
    more.appendChild(button(d, this.t('diagram_legend'), 'legend'));
    bar.appendChild(more);
    root.appendChild(bar);

    var stage = el('div', 'ucd-stage');
    var canvas = el('canvas', 'ucd-canvas');
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', this.t('diagram_title'));
    stage.appendChild(canvas);
    this.tip = el('div', 'ucd-tip');
    this.tip.hidden = true;
    this.menu = el('div', 'ucd-menu');
    this.menu.setAttribute('role', 'menu');
    this.menu.hidden = true;
    this.chooser = el('div', 'ucd-chooser');
    this.chooser.hidden = true;
    this.legend = this.buildLegend();
    this.legend.hidden = !o.full;
    stage.appendChild(this.tip);
    stage.appendChild(this.menu);
    stage.appendChild(this.chooser);
    stage.appendChild(this.legend);
    root.appendChild(stage);
    this.statusLine = el('div', 'ucd-status');
    this.statusLine.setAttribute('role', 'status');
    this.statusLine.setAttribute('aria-live', 'polite');
    root.appendChild(this.statusLine);
    this.stage = stage;
    this.canvas = canvas;

    this.listen(bar, 'click', function (e) {
      var b = e.target.closest ? e.target.closest('[data-act]') : null;
      if (b && b.tagName === 'BUTTON') d.act(b.getAttribute('data-act'));
    });
    this.listen(input, 'input', function () {
      clearTimeout(d.searchTimer);
      d.searchTimer = setTimeout(function () { d.search(input.value); }, 120);
    });
    this.listen(input, 'keydown', function (e) {
      if (e.key === 'Enter') {
        e.preventDefault();
        d.search(input.value);
        if (d.searchHits && d.searchHits.length) d.focusServer(d.searchHits[0]);
        results.hidden = true;
      } else if (e.key === 'Escape') {
        results.hidden = true;
      }
    });
    this.setMode('select');
  };

  M.act = function (what) {
    var v = this.view;
    if (what === 'fit') this.fit();
    else if (what === 'zoom-in') this.zoomBy(1.25);
    else if (what === 'zoom-out') this.zoomBy(0.8);
    else if (what === 'mode-select') this.setMode('select');
    else if (what === 'mode-connect') this.setMode('connect');
    else if (what === 'arrange') this.arrange(this.layoutSelect.value, this.arrangeAll.checked);
    else if (what === 'png') this.exportPNG(parseFloat(this.scaleSelect.value));
    else if (what === 'svg') this.exportSVG();
    else if (what === 'legend') this.legend.hidden = !this.legend.hidden;
    this.invalidate('static');
    return v;
  };

  M.setMode = function (mode) {
    this.mode = mode;
    var bs = this.root.querySelectorAll('[data-act^="mode-"]');
    for (var i = 0; i < bs.length; i++) {
      var on = bs[i].getAttribute('data-act') === 'mode-' + mode;
      bs[i].setAttribute('aria-pressed', on ? 'true' : 'false');
      bs[i].classList.toggle('ucd-on', on);
    }
    this.canvas.classList.toggle('ucd-connecting', mode === 'connect');
    this.showStatus(mode === 'connect' ? this.t('diagram_status_connect_hint') : null);
  };

  M.buildLegend = function () {
    var box = el('div', 'ucd-legend'), d = this;
    box.appendChild(el('h3', null, this.t('diagram_legend_servers')));
    var ul = el('ul');
    (this.model ? this.model.types : []).forEach(function (t) {
      var li = el('li'), sw = el('span', 'ucd-swatch ucd-c-' + t.name);
      li.appendChild(sw);
      li.appendChild(document.createTextNode(d.t('type_' + t.name)));
      ul.appendChild(li);
    });
    ['active', 'warning', 'inactive', 'unknown'].forEach(function (s) {
      var li = el('li'), dot = el('span', 'ucd-dot ucd-s-' + s);
      li.appendChild(dot);
      li.appendChild(document.createTextNode(d.t('state_' + s)));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    box.appendChild(el('h3', null, this.t('diagram_legend_links')));
    ul = el('ul');
    Object.keys(U.CONN_STYLES).concat(['down']).forEach(function (k) {
      var st = U.CONN_STYLES[k] || U.CONN_STYLES.standard, li = el('li');
      var svg = document.createElementNS(SVGNS, 'svg');
      svg.setAttribute('width', '40');
      svg.setAttribute('height', '10');
      svg.setAttribute('class', 'ucd-line');
      var ln = document.createElementNS(SVGNS, 'line');
      ln.setAttribute('x1', '2'); ln.setAttribute('y1', '5'); ln.setAttribute('x2', '38'); ln.setAttribute('y2', '5');
      ln.setAttribute('stroke', k === 'down' ? U.DOWN_COLOUR : st.color);
      ln.setAttribute('stroke-width', '2.5');
      ln.setAttribute('stroke-linecap', 'round');
      if (st.dash.length) ln.setAttribute('stroke-dasharray', st.dash.map(function (x) { return x * 2.5; }).join(' '));
      svg.appendChild(ln);
      li.appendChild(svg);
      li.appendChild(document.createTextNode(k === 'down' ? d.t('diagram_legend_down') : d.t('conn_' + k)));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  };

  /* ---- status ---- */

  M.showStatus = function (msg, kind) {
    var line = this.statusLine;
    if (!line) return;
    clearTimeout(this.statusTimer);
    var base = this.model ? this.t('diagram_status_counts', this.model.servers.length, this.model.conns.length) : '';
    var n = this.model ? this.selected().length : 0;
    if (n) base += ' \u00b7 ' + this.t('diagram_status_selected', n);
    if (!this.opts.edit && !this.opts.snapshot) base += ' \u00b7 ' + this.t('diagram_read_only');
    if (this.opts.snapshot && this.snapshotNote) base += ' \u00b7 ' + this.snapshotNote;
    line.textContent = msg ? msg : base;
    line.className = 'ucd-status' + (kind ? ' ucd-status-' + kind : '');
    if (msg && kind !== 'sticky') {
      var d = this;
      this.statusTimer = setTimeout(function () { d.showStatus(); }, 5000);
    }
  };

  /* ---- tooltip ---- */

  function fmtBytes(v) {
    if (v == null) return null;
    var u = ['B/s', 'KB/s', 'MB/s', 'GB/s'], i = 0;
    while (v >= 1000 && i < u.length - 1) { v /= 1000; i++; }
    return (v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)) + ' ' + u[i];
  }
  function fmtUptime(s) {
    if (s == null) return null;
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    return d ? d + ' d ' + h + ' h' : h ? h + ' h ' + m + ' min' : m + ' min';
  }
  function fmtPct(v) { return v == null ? null : (v < 10 ? v.toFixed(1) : Math.round(v)) + ' %'; }
  function fmtAgo(s) {
    return s < 90 ? Math.max(0, Math.round(s)) + ' s' : s < 5400 ? Math.round(s / 60) + ' min' : Math.round(s / 3600) + ' h';
  }
  U.fmt = { bytes: fmtBytes, uptime: fmtUptime, pct: fmtPct };

  function row(tbody, label, value, cls) {
    var tr = el('tr', cls), th = el('th', null, label), td = el('td', null, value == null ? '\u2014' : value);
    tr.appendChild(th);
    tr.appendChild(td);
    tbody.appendChild(tr);
    return td;
  }

  M.showTip = function (s, p) {
    var tip = this.tip, m = this.model, t = m.types[s.type] || m.types[0], d = this;
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    var h = el('div', 'ucd-tip-title');
    h.appendChild(el('span', 'ucd-dot ucd-s-' + m.states[s.status]));
    h.appendChild(document.createTextNode(s.name));
    tip.appendChild(h);
    var tb = el('tbody'), table = el('table');
    table.appendChild(tb);
    if (s.name !== s.id) row(tb, 'id', s.id);
    row(tb, this.t('diagram_tip_type'), this.t('type_' + t.name));
    row(tb, this.t('diagram_tip_status'), this.t('state_' + m.states[s.status]), 'ucd-tip-status');
    row(tb, this.t('diagram_tip_ip'), s.ip);
    if (s.region) row(tb, this.t('diagram_tip_region'), m.regions[s.region]);
    if (s.clusters.length) row(tb, this.t('diagram_tip_clusters'), s.clusters.map(function (c) { return c.name; }).join(', '));
    var x = s.m;
    if (x) {
      row(tb, this.t('diagram_tip_cpu'), fmtPct(x.cpu), 'ucd-tip-m ucd-tip-cpu');
      row(tb, this.t('diagram_tip_mem'), fmtPct(x.mem), 'ucd-tip-m ucd-tip-mem');
      row(tb, this.t('diagram_tip_disk'), fmtPct(x.disk), 'ucd-tip-m ucd-tip-disk');
      var net = x.net_in == null && x.net_out == null ? null : (fmtBytes(x.net_in) || '\u2014') + ' / ' + (fmtBytes(x.net_out) || '\u2014');
      row(tb, this.t('diagram_tip_net'), net, 'ucd-tip-m ucd-tip-net');
      row(tb, this.t('diagram_tip_latency'), x.latency_ms == null ? null : x.latency_ms.toFixed(1) + ' ms', 'ucd-tip-m ucd-tip-latency');
      row(tb, this.t('diagram_tip_uptime'), fmtUptime(x.uptime), 'ucd-tip-m ucd-tip-uptime');
    }
    tip.appendChild(table);
    var foot = el('div', 'ucd-tip-foot');
    if (x && x.checked) foot.textContent = this.t('diagram_tip_checked', fmtAgo(Date.now() / 1000 - x.checked));
    else foot.textContent = this.t('diagram_tip_no_metrics');
    tip.appendChild(foot);
    tip.setAttribute('data-id', s.id);
    this.placeFloat(tip, p);
    this.hoverMetrics(s);
    return d;
  };

  M.showClusterTip = function (cl, p) {
    var tip = this.tip, m = this.model, n = [0, 0, 0, 0];
    cl.members.forEach(function (s) { n[s.status]++; });
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    tip.appendChild(el('div', 'ucd-tip-title', cl.name));
    if (cl.description) tip.appendChild(el('div', 'ucd-tip-desc', cl.description));
    var tb = el('tbody'), table = el('table');
    table.appendChild(tb);
    row(tb, this.t('diagram_tip_members'), String(cl.members.length));
    for (var i = 1; i < 4; i++) if (n[i]) row(tb, this.t('state_' + m.states[i]), String(n[i]));
    tip.appendChild(table);
    tip.setAttribute('data-id', '');
    this.placeFloat(tip, p);
  };

  M.hideTip = function () {
    if (this.tip) this.tip.hidden = true;
  };

  /* Shows a floating box near p, kept inside the stage. */
  M.placeFloat = function (box, p) {
    box.hidden = false;
    box.ucdSize = { w: box.offsetWidth, h: box.offsetHeight, W: this.stage.clientWidth, H: this.stage.clientHeight };
    this.moveFloat(box, p);
  };

  /* Moves a shown box, with the size it had when shown (no layout). */
  M.moveFloat = function (box, p) {
    var z = box.ucdSize;
    if (!p || !z) return;
    var W = z.W, H = z.H, w = z.w, h = z.h;
    var x = p.x + 16, y = p.y + 16;
    if (x + w > W - 4) x = Math.max(4, p.x - w - 12);
    if (y + h > H - 4) y = Math.max(4, H - h - 4);
    box.style.left = x + 'px';
    box.style.top = y + 'px';
  };

  /* ---- search ---- */

  M.search = function (q) {
    var res = this.searchResults, d = this;
    q = q.trim().toLowerCase();
    while (res.firstChild) res.removeChild(res.firstChild);
    this.searchHits = [];
    if (!q) { res.hidden = true; return; }
    var pre = [], sub = [], all = this.model.servers;
    for (var i = 0; i < all.length && pre.length < 10; i++) {
      var s = all[i], name = s.name.toLowerCase();
      if (s.key.indexOf(q) === 0 || name.indexOf(q) === 0) pre.push(s);
      else if (sub.length < 10 && (s.key.indexOf(q) > 0 || name.indexOf(q) > 0 || s.ip.indexOf(q) === 0)) sub.push(s);
    }
    this.searchHits = pre.concat(sub).slice(0, 10);
    if (!this.searchHits.length) {
      res.appendChild(el('li', 'ucd-none', this.t('diagram_search_none')));
    }
    this.searchHits.forEach(function (s) {
      var li = el('li'), b = el('button', null, s.name === s.id ? s.id : s.name + ' (' + s.id + ')');
      b.type = 'button';
      b.setAttribute('role', 'option');
      d.listen(b, 'click', function () { d.focusServer(s); res.hidden = true; });
      li.appendChild(b);
      res.appendChild(li);
    });
    res.hidden = false;
  };

  /* ---- menus ---- */

  M.closeMenus = function () {
    if (this.menu) this.menu.hidden = true;
    if (this.chooser) this.chooser.hidden = true;
    if (this.searchResults) this.searchResults.hidden = true;
  };

  /* items: [{label, act: fn} | {heading} | null (separator)] */
  M.openMenu = function (items, p) {
    var menu = this.menu, d = this, first = null;
    while (menu.firstChild) menu.removeChild(menu.firstChild);
    items.forEach(function (it) {
      if (!it) { menu.appendChild(el('hr')); return; }
      if (it.heading) { menu.appendChild(el('div', 'ucd-menu-h', it.heading)); return; }
      var b = el('button', 'ucd-menu-i', it.label);
      b.type = 'button';
      b.setAttribute('role', 'menuitem');
      if (it.id) b.setAttribute('data-menu', it.id);
      d.listen(b, 'click', function () { menu.hidden = true; it.act(); d.canvas.focus({ preventScroll: true }); });
      menu.appendChild(b);
      if (!first) first = b;
    });
    this.placeFloat(menu, p);
    this.hideTip();
    if (first) first.focus({ preventScroll: true });
  };

  M.onMenuKey = function (e) {
    var items = Array.prototype.slice.call(this.menu.querySelectorAll('button'));
    var i = items.indexOf(document.activeElement);
    if (e.key === 'ArrowDown') { items[(i + 1) % items.length].focus(); e.preventDefault(); }
    else if (e.key === 'ArrowUp') { items[(i - 1 + items.length) % items.length].focus(); e.preventDefault(); }
    else if (e.key === 'Escape') { this.closeMenus(); this.canvas.focus(); e.preventDefault(); }
    e.stopPropagation();
  };

  M.serverMenu = function (s, p) {
    var d = this, sel = this.selected(), items = [], o = this.opts;
    if (!o.snapshot) items.push({ id: 'details', label: this.t('diagram_menu_details'), act: function () { d.openDetails(s); } });
    if (o.edit) {
      items.push({ id: 'connect', label: this.t('diagram_menu_connect'), act: function () {
        d.connectFrom = s;
        d.showStatus(d.t('diagram_status_connect_hint'), 'sticky');
      } });
      if (sel.length >= 2) {
        items.push({ id: 'connect-sel', label: this.t('diagram_menu_connect_sel', sel.length), act: function () {
          d.chooseType(p, function (type) { d.connectSelected(sel, type); });
        } });
      }
      var others = this.model.connsOf(s).slice(0, 8);
      if (sel.length === 2) {
        var pair = this.model.connBetween(sel[0].id, sel[1].id);
        if (pair) others = [pair];
      }
      others.forEach(function (c) {
        var other = c.a === s ? c.b : c.a;
        if (sel.length === 2) other = c.a === sel[0] ? c.b : c.a;
        items.push({ id: 'disconnect', label: d.t('diagram_menu_disconnect', c.a.name, c.b.name), act: function () {
          d.disconnect(c.a, c.b);
        } });
        return other;
      });
      var choices = this.model.clusters.filter(function (cl) {
        return sel.some(function (x) { return x.clusters.indexOf(cl) < 0; });
      }).slice(0, 12);
      if (choices.length) {
        items.push(null, { heading: this.t('diagram_menu_add_cluster') });
        choices.forEach(function (cl) {
          items.push({ id: 'add-cluster', label: cl.name, act: function () { d.addToCluster(sel, cl); } });
        });
      }
      if (!o.scoped) items.push({ id: 'new-cluster', label: this.t('diagram_menu_new_cluster'), act: function () { d.createCluster(sel); } });
      items.push(null, { id: 'delete', label: sel.length > 1 ? this.t('diagram_menu_delete_n', sel.length) : this.t('diagram_menu_delete'),
                         act: function () { d.deleteServers(sel); } });
    }
    s.clusters.slice(0, 3).forEach(function (cl) {
      items.push({ id: 'select-cluster', label: d.t('diagram_menu_select_cluster', cl.name), act: function () { d.selectCluster(cl); } });
    });
    this.openMenu(items, p);
  };

  M.connMenu = function (c, p) {
    var d = this, items = [];
    items.push({ heading: this.t('diagram_tip_link', c.a.name, c.b.name) + ' \u00b7 ' + this.t('conn_' + this.model.ctypes[c.type]) });
    if (this.opts.edit) items.push({ id: 'disconnect', label: this.t('diagram_menu_disconnect', c.a.name, c.b.name), act: function () { d.disconnect(c.a, c.b); } });
    if (!this.opts.snapshot) {
      items.push({ id: 'details', label: this.t('diagram_menu_details') + ': ' + c.a.name, act: function () { d.openDetails(c.a); } });
      items.push({ id: 'details-b', label: this.t('diagram_menu_details') + ': ' + c.b.name, act: function () { d.openDetails(c.b); } });
    }
    this.openMenu(items, p);
  };

  M.clusterMenu = function (cl, p) {
    var d = this, items = [{ heading: cl.name }];
    items.push({ id: 'select-cluster', label: this.t('diagram_menu_select_cluster', cl.name), act: function () { d.selectCluster(cl); } });
    items.push({ id: 'fit-here', label: this.t('diagram_menu_fit_here'), act: function () { if (cl.area) d.fitTo(cl.area); } });
    if (!this.opts.snapshot) items.push({ id: 'open-cluster', label: this.t('diagram_menu_open_cluster'), act: function () { d.navigate('edit_cluster.cgi?name=' + encodeURIComponent(cl.name)); } });
    this.openMenu(items, p);
  };

  M.floorMenu = function (p) {
    var d = this, items = [{ id: 'fit', label: this.t('diagram_fit'), act: function () { d.fit(); } }];
    if (this.opts.edit) {
      items.push({ id: 'arrange', label: this.t('diagram_arrange'), act: function () {
        d.arrange(d.layoutSelect.value, d.arrangeAll.checked);
      } });
    }
    this.openMenu(items, p);
  };

  /* The type chooser for a new connection; cb(typeName). */
  M.chooseType = function (p, cb) {
    var box = this.chooser, d = this;
    while (box.firstChild) box.removeChild(box.firstChild);
    box.appendChild(el('div', 'ucd-menu-h', this.t('diagram_choose_type')));
    this.model.ctypes.forEach(function (name) {
      var b = el('button', 'ucd-btn ucd-type-' + name, d.t('conn_' + name));
      b.type = 'button';
      b.setAttribute('data-type', name);
      d.listen(b, 'click', function () { box.hidden = true; cb(name); });
      box.appendChild(b);
    });
    var c = el('button', 'ucd-btn', this.t('diagram_cancel'));
    c.type = 'button';
    this.listen(c, 'click', function () { box.hidden = true; });
    box.appendChild(c);
    this.placeFloat(box, p);
    box.querySelector('button').focus({ preventScroll: true });
  };

  M.askConnect = function (a, b, p) {
    var d = this;
    this.chooseType(p, function (type) { d.connect(a, b, type); });
  };

  /* ---- talking to the pages ---- */

  /* Text of a page's error box (or the status) from an HTML answer. */
  function errorText(html, status) {
    try {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var box = doc.querySelector('.uc-error');
      if (box) return box.textContent.replace(/\s+/g, ' ').trim();
    } catch (e) { /* not HTML */ }
    return 'HTTP ' + status;
  }

  /* POSTs a form to a page of the module; a page answers success with a
   * redirect (kept unfollowed) and failure with its error page. */
  M.post = function (url, pairs) {
    var body = new URLSearchParams();
    pairs.forEach(function (p) { body.append(p[0], p[1]); });
    return fetch(url, { method: 'POST', body: body, credentials: 'same-origin', redirect: 'manual' })
      .then(function (r) {
        if (r.type === 'opaqueredirect' || (r.status >= 300 && r.status < 400)) return true;
        return r.text().then(function (txt) { throw new Error(errorText(txt, r.status)); });
      });
  };

  /* JSON to diagram_data.cgi; resolves with the answer. */
  M.postData = function (body) {
    return fetch(this.opts.src, {
      method: 'POST', credentials: 'same-origin', body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' }
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok || j.error) throw new Error(j.error ? j.error.message : 'HTTP ' + r.status);
        return j;
      });
    });
  };

  M.done = function (changes) {
    this.edits = (this.edits || 0) + 1;
    if (changes) this.applyChanges(changes);
    this.showStatus(this.t('diagram_status_saved'));
    this.pollSoon();
  };
  M.failed = function (err) {
    this.edits = (this.edits || 0) + 1;
    this.showStatus(this.t('diagram_status_error', err.message), 'error');
    this.pollSoon();
  };

  M.connect = function (a, b, type) {
    var d = this;
    return this.post('connect.cgi', [['from', a.id], ['to', b.id], ['type', type]]).then(function () {
      d.done([{ kind: 'connect', from: a.id, to: b.id, type: type }]);
    }, function (e) { d.failed(e); });
  };

  M.connectSelected = function (list, type) {
    var d = this, pairs = [['type', type]];
    list.slice(0, BATCH).forEach(function (s) { pairs.push(['servers', s.id]); });
    return this.post('connect.cgi', pairs).then(function () { d.done(); }, function (e) { d.failed(e); });
  };

  M.disconnect = function (a, b) {
    var d = this;
    if (!window.confirm(this.t('diagram_confirm_disconnect', a.name, b.name))) return null;
    return this.post('disconnect.cgi', [['from', a.id], ['to', b.id]]).then(function () {
      d.done([{ kind: 'disconnect', from: a.id, to: b.id }]);
    }, function (e) { d.failed(e); });
  };

  /* Runs the batches one after the other. */
  function chain(list, size, fn) {
    var p = Promise.resolve();
    for (var i = 0; i < list.length; i += size) {
      (function (part) { p = p.then(function () { return fn(part); }); })(list.slice(i, i + size));
    }
    return p;
  }

  M.deleteServers = function (list) {
    var d = this;
    if (!list.length || !window.confirm(this.t('diagram_confirm_delete', list.length))) return null;
    return chain(list, BATCH, function (part) {
      return d.post('delete_server.cgi', part.map(function (s) { return ['servers', s.id]; })).then(function () {
        d.applyChanges(part.map(function (s) { return { kind: 'remove', id: s.id }; }));
      });
    }).then(function () { d.done(); }, function (e) { d.failed(e); });
  };

  M.addToCluster = function (list, cl) {
    var d = this, todo = list.filter(function (s) { return s.clusters.indexOf(cl) < 0; });
    if (todo.length > 200) { this.failed(new Error(this.t('diagram_status_too_many', 200))); return null; }
    return chain(todo, 1, function (part) {
      return d.post('save_cluster.cgi', [['name', cl.name], ['add', part[0].id]]);
    }).then(function () {
      d.done([{ kind: 'cluster', name: cl.name, members: cl.members.concat(todo) }]);
    }, function (e) { d.failed(e); });
  };

  M.createCluster = function (list) {
    var d = this, name = window.prompt(this.t('diagram_prompt_cluster'), '');
    if (name == null) return null;
    name = name.trim();
    if (!IDENT.test(name)) { this.failed(new Error(this.t('diagram_bad_name'))); return null; }
    var pairs = [['name', name]];
    list.slice(0, BATCH).forEach(function (s) { pairs.push(['servers', s.id]); });
    return this.post('create_cluster.cgi', pairs).then(function () {
      d.done([{ kind: 'cluster', name: name, description: '', members: list.slice(0, BATCH) }]);
    }, function (e) { d.failed(e); });
  };

  M.saveMoves = function (moves) {
    var d = this;
    return chain(moves, 50000, function (part) {
      return d.postData({ action: 'move', moves: part }).then(function (r) {
        d.edits = (d.edits || 0) + 1;
        if (r.fp_before === d.model.fp) d.model.fp = r.fp; /* only ours changed */
      });
    }).then(function () { d.showStatus(d.t('diagram_status_saved')); });
  };

  M.arrange = function (layout, all) {
    var d = this;
    return this.postData({ action: 'arrange', layout: layout, all: !!all }).then(function (r) {
      d.showStatus(d.t('diagram_status_arranged', r.moved));
      return d.reload(true);
    }, function (e) { d.failed(e); });
  };

  /* Opens a page of the module the way a link click would (Authentic's
   * loader picks it up). */
  M.navigate = function (href) {
    if (this.opts.snapshot) return;
    var a = el('a');
    a.href = href;
    a.hidden = true;
    this.root.appendChild(a);
    a.click();
    if (a.parentNode) a.parentNode.removeChild(a);
  };

  M.openDetails = function (s) {
    this.navigate('edit_server.cgi?id=' + encodeURIComponent(s.id));
  };
})(window.ucDiagram = window.ucDiagram || {});
