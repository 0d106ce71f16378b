/* live.js — live updates for the open dashboard and diagram, from
 * events.cgi (help/events.html): one EventSource per page, reconnecting
 * with a growing delay, and polling events.cgi?poll=1 when a stream
 * cannot be had (no EventSource, refused because the user already has
 * four open, or failing). Changes are handed over in batches:
 *   diagram page   window.ucDiagram.apply(changes) (or .applyChanges),
 *                  the kinds of the diagram's Model.apply; what those
 *                  kinds cannot say (a member leaving, a new description,
 *                  a reset) asks the diagram for its fingerprint poll;
 *                  "metrics" fetches diagram_data.cgi?msince=;
 *                  "alerts" fetches diagram_data.cgi?part=alerts (the
 *                  badges only), at most once a second.
 *   dashboard      re-reads index.cgi and swaps the counts, the
 *                  breakdowns and the table in place (ticks kept).
 * Start: <script src="static/live.js" data-uc-live="index|diagram">, or
 * window.ucLive.start('index'|'diagram') when already loaded. It stops by
 * itself when the page it serves is gone (Authentic PJAX). The state is
 * on <html data-uc-live="stream|poll|off"> for styles and tests.
 * Plain ES5, no libraries.
 * SPDX-License-Identifier: BSD-3-Clause */
(function (W, D) {
  'use strict';
  var SRC = 'events.cgi';
  var FLUSH_MS = 40;        /* events arriving together are applied together */
  var POLL_MS = 2000;       /* polling interval (events.cgi says retry_ms) */
  var STREAM_RETRY_S = 60;  /* while polling, try a stream again after this */
  var REFRESH_MS = 250;     /* dashboard: wait for more changes first */
  var ALERTS_MS = 1000;     /* diagram: badges re-read at most this often */
  var METRICS = ['cpu', 'mem', 'disk', 'net_in', 'net_out', 'latency_ms', 'uptime'];

  var autostartAttr = function () {
    var cs = D.currentScript;
    return cs && cs.getAttribute('data-uc-live');
  };

  if (W.ucLive && W.ucLive.version) { /* a PJAX visit loaded us again */
    var again = autostartAttr();
    if (again) W.ucLive.start(again);
    return;
  }

  var L = W.ucLive = { version: 1 };
  var s = null; /* the running session */

  function setMode(mode) {
    if (s) s.mode = mode;
    D.documentElement.setAttribute('data-uc-live', mode);
  }

  function diagram() { return W.ucDiagram || null; }

  function diagramInstance() {
    var U = diagram();
    return U && typeof U.instance === 'function' ? U.instance() : null;
  }

  /* Is the page we serve still shown? */
  function alive() {
    if (!s) return false;
    if (s.page === 'diagram') {
      var U = diagram();
      if (!U) return false;
      return typeof U.instance === 'function' ? !!U.instance() : true;
    }
    return !!D.querySelector('.uc-cards');
  }

  L.start = function (page) {
    L.stop();
    s = { page: page === 'diagram' ? 'diagram' : 'index', es: null, last: null,
          queue: [], timers: {}, failures: 0, errors: 0, mode: 'off',
          events: 0, polls: 0, hello: false, metricsAt: 0, busy: {},
          alertsAt: 0, alertsAgain: false, alertFetches: 0 };
    s.timers.watch = setInterval(function () { if (!alive()) L.stop(); }, 3000);
    connect();
  };

  L.stop = function () {
    if (!s) return;
    if (s.es) s.es.close();
    for (var k in s.timers) {
      if (Object.prototype.hasOwnProperty.call(s.timers, k)) {
        clearTimeout(s.timers[k]);
        clearInterval(s.timers[k]);
      }
    }
    s = null;
    setMode('off');
  };

  /* For tests and the status line: what the session is doing. */
  L.status = function () {
    return s ? { page: s.page, mode: s.mode, last: s.last, events: s.events, polls: s.polls,
                 alertFetches: s.alertFetches } : null;
  };

  /* ---- the stream ---- */

  function connect() {
    if (!s) return;
    if (!W.EventSource) { startPolling(); return; }
    var url = SRC + (s.last !== null ? '?since=' + encodeURIComponent(s.last) : '');
    var es;
    try { es = new W.EventSource(url); } catch (e) { startPolling(); return; }
    s.es = es;
    es.onmessage = function (ev) {
      if (!s || s.es !== es) return;
      var d;
      try { d = JSON.parse(ev.data); } catch (e) { return; }
      if (ev.lastEventId) s.last = +ev.lastEventId;
      s.errors = 0;
      if (d.kind === 'hello') {
        s.failures = 0;
        s.last = d.last;
        setMode('stream');
        /* Changes between the page's own load and this moment: the
         * diagram's fingerprint poll catches them once. */
        if (!s.hello && s.page === 'diagram') { askDiagramToPoll(); alertsSoon(); }
        s.hello = true;
        return;
      }
      receive([d]);
    };
    es.onerror = function () {
      if (!s || s.es !== es) return;
      s.errors++;
      /* CLOSED: refused (429: four streams open already, or an error
       * page); CONNECTING: the browser retries by itself (also at the
       * end of each stream's lifetime), unless that keeps failing. */
      if (es.readyState === 2 || s.errors > 5) {
        es.close();
        s.es = null;
        s.failures++;
        if (s.failures >= 2) startPolling();
        else s.timers.retry = setTimeout(connect, 1000 + Math.random() * 2000);
      }
    };
  }

  /* ---- polling ---- */

  function startPolling() {
    if (!s) return;
    setMode('poll');
    clearTimeout(s.timers.poll);
    s.timers.poll = setTimeout(poll, 0);
    clearTimeout(s.timers.back);
    if (W.EventSource) {
      s.timers.back = setTimeout(function () {
        if (!s || s.mode !== 'poll') return;
        clearTimeout(s.timers.poll);
        s.failures = 1; /* one more refusal and we poll again */
        connect();
      }, STREAM_RETRY_S * 1000);
    }
  }

  function poll() {
    if (!s || s.mode !== 'poll') return;
    if (!alive()) { L.stop(); return; }
    var session = s;
    var url = SRC + '?poll=1' + (s.last !== null ? '&since=' + encodeURIComponent(s.last) : '');
    s.polls++;
    W.fetch(url, { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (doc) {
        if (s !== session) return;
        if (doc.error) throw new Error(doc.error.message);
        var first = s.last === null;
        s.last = doc.last;
        if (doc.reset) receive([{ kind: 'reset' }]);
        else if (!first && doc.events && doc.events.length) receive(doc.events);
        s.timers.poll = setTimeout(poll, doc.retry_ms || POLL_MS);
      }).then(null, function () {
        if (s !== session) return;
        s.timers.poll = setTimeout(poll, 3 * POLL_MS);
      });
  }

  /* ---- applying ---- */

  function receive(list) {
    if (!s) return;
    s.events += list.length;
    Array.prototype.push.apply(s.queue, list);
    if (!s.timers.flush) s.timers.flush = setTimeout(flush, FLUSH_MS);
  }

  function flush() {
    if (!s) return;
    s.timers.flush = null;
    if (!alive()) { L.stop(); return; }
    var batch = s.queue;
    s.queue = [];
    if (s.page === 'diagram') toDiagram(batch);
    else toDashboard(batch);
  }

  function applyToDiagram(list) {
    var U = diagram();
    if (!U || !list.length) return;
    var fn = typeof U.apply === 'function' ? U.apply : U.applyChanges;
    if (typeof fn === 'function') fn.call(U, list);
  }

  function askDiagramToPoll() {
    var i = diagramInstance();
    if (i && typeof i.pollSoon === 'function') i.pollSoon();
  }

  function knownServer(id) {
    var U = diagram();
    return !!(U && typeof U.server === 'function' && U.server(id));
  }

  /* Journal events (help/events.html) -> the diagram's changes. */
  function toDiagram(batch) {
    var out = [], needPoll = false, metrics = false, alerts = false;
    for (var i = 0; i < batch.length; i++) {
      var d = batch[i], sv;
      switch (d.kind) {
      case 'status':
        out.push({ kind: 'status', id: d.id, status: d.status });
        break;
      case 'move':
        if (typeof d.x === 'number' && typeof d.y === 'number') out.push({ kind: 'move', id: d.id, x: d.x, y: d.y });
        else needPoll = true; /* back to the layout's choice */
        break;
      case 'add':
      case 'join':
        sv = d.server;
        if (!sv) break;
        if (d.kind === 'join') sv.clusters = [d.cluster];
        /* A new server without a position: the diagram's layout places it. */
        if (sv.placed || knownServer(sv.id)) out.push({ kind: 'add', server: sv });
        else needPoll = true;
        break;
      case 'remove':
        out.push({ kind: 'remove', id: d.id });
        break;
      case 'connect':
        out.push({ kind: 'connect', from: d.from, to: d.to, type: d.type });
        break;
      case 'disconnect':
        out.push({ kind: 'disconnect', from: d.from, to: d.to });
        break;
      case 'cluster':
        out.push({ kind: 'cluster', name: d.name, description: d.description, members: [] });
        break;
      case 'cluster_remove':
        out.push({ kind: 'cluster', name: d.name, members: null });
        break;
      case 'metrics':
        metrics = true;
        break;
      case 'alerts':
        alerts = true;
        break;
      case 'reset': /* the fingerprint poll does not see alerts */
        needPoll = alerts = true;
        break;
      default: /* leave, cluster_info */
        needPoll = true;
      }
    }
    applyToDiagram(out);
    if (needPoll) askDiagramToPoll();
    if (metrics) fetchMetrics();
    if (alerts) alertsSoon();
  }

  /* 'alerts' events: the badges again, however many events come, at most
   * once per ALERTS_MS (one right away after a quiet spell), and once
   * more after a fetch that events overtook. */
  function alertsSoon() {
    if (!s || s.timers.alerts) return;
    var wait = Math.max(0, s.alertsAt + ALERTS_MS - Date.now());
    s.timers.alerts = setTimeout(fetchAlerts, wait);
  }

  function fetchAlerts() {
    if (!s) return;
    s.timers.alerts = null;
    if (s.busy.alerts) { s.alertsAgain = true; return; }
    var session = s;
    s.busy.alerts = true;
    s.alertsAgain = false;
    s.alertsAt = Date.now();
    s.alertFetches++;
    W.fetch('diagram_data.cgi?part=alerts', { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (a) {
        if (s !== session || !a || a.error || typeof a.ids !== 'string') return;
        applyToDiagram([{ kind: 'alerts', alerts: a }]);
      }).then(null, function () { /* the next event tries again */ })
      .then(function () {
        if (s !== session) return;
        s.busy.alerts = false;
        if (s.alertsAgain) { s.alertsAgain = false; alertsSoon(); }
      });
  }

  function fetchMetrics() {
    if (!s || s.busy.metrics) return;
    var i = diagramInstance();
    var since = Math.max(s.metricsAt, (i && i.model && i.model.metricsAt) || 0);
    var session = s;
    s.busy.metrics = true;
    W.fetch('diagram_data.cgi?msince=' + Math.floor(since), { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (m) {
        if (s !== session || !m || m.error || !m.checked) return;
        if (m.at > s.metricsAt) s.metricsAt = m.at;
        var ids = (m.ids || '').split('\n'), out = [];
        for (var k = 0; k < m.checked.length; k++) {
          var ch = { kind: 'metrics', id: ids[k], checked: m.checked[k] };
          for (var j = 0; j < METRICS.length; j++) ch[METRICS[j]] = m[METRICS[j]] ? m[METRICS[j]][k] : null;
          out.push(ch);
        }
        applyToDiagram(out);
      }).then(null, function () { /* the next marker tries again */ })
      .then(function () { if (s === session) s.busy.metrics = false; });
  }

  /* ---- the dashboard ---- */

  /* .uc-alert-line: the firing alerts' count ('alerts' events) */
  var PARTS = ['.uc-cards', '.uc-alert-line', '.uc-grid2', '.uc-count', '.table-responsive'];

  function toDashboard(batch) {
    for (var i = 0; i < batch.length; i++) {
      if (batch[i].kind !== 'metrics') {
        clearTimeout(s.timers.refresh);
        s.timers.refresh = setTimeout(refreshDashboard, REFRESH_MS);
        return;
      }
    }
  }

  function dashboardUrl() {
    var p = W.location.pathname;
    return /\/index\.cgi$/.test(p) || /\/unlimited-cluster\/?$/.test(p) ? W.location.href : 'index.cgi';
  }

  function refreshDashboard() {
    if (!s) return;
    if (s.busy.refresh) { s.timers.refresh = setTimeout(refreshDashboard, REFRESH_MS); return; }
    var session = s;
    s.busy.refresh = true;
    W.fetch(dashboardUrl(), { credentials: 'same-origin' })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        if (s !== session || !alive()) return;
        var doc = new W.DOMParser().parseFromString(html, 'text/html');
        var ticked = {};
        Array.prototype.forEach.call(D.querySelectorAll('.uc-sel:checked'), function (c) { ticked[c.value] = true; });
        PARTS.forEach(function (sel) {
          var now = D.querySelector(sel), next = doc.querySelector(sel);
          if (now && next) now.parentNode.replaceChild(D.importNode(next, true), now);
        });
        Array.prototype.forEach.call(D.querySelectorAll('.uc-sel'), function (c) {
          if (ticked[c.value]) c.checked = true;
        });
        D.documentElement.setAttribute('data-uc-live-refreshed', String(Date.now()));
      }).then(null, function () { /* the next change tries again */ })
      .then(function () { if (s === session) s.busy.refresh = false; });
  }

  W.addEventListener('pagehide', function () { L.stop(); });

  var first = autostartAttr();
  if (first) L.start(first);
})(window, document);
