/* diagram.test.js — browser tests of the diagram (diagram.cgi and
 * diagram_data.cgi) on the standalone server run.sh started with the demo
 * estate: Debian's chromium, headless, driven by playwright-core. Every
 * check prints `ok N - name` or `not ok N - name`; the database is checked
 * with the sqlite3 command. Environment: UC_BASE UC_USER UC_PASS
 * UC_VIEWER UC_VIEWER_PASS UC_DB UC_TMP CHROMIUM.
 * SPDX-License-Identifier: BSD-3-Clause */
'use strict';
const fs = require('fs');
const path = require('path');
const { MOD, USER, PASS, ok, sql, sqlWrite, until, newPage, run } = require('./lib');

const VIEWER = process.env.UC_VIEWER, VIEWER_PASS = process.env.UC_VIEWER_PASS;
const TMP = process.env.UC_TMP || '/tmp';
const TYPES = { web: '#4CAF50', database: '#2196F3', dns: '#FF9800', cache: '#9C27B0',
  loadbalancer: '#F44336', filesystem: '#795548', monitoring: '#607D8B', backup: '#FF5722',
  security: '#E91E63' };

function auth(user, pass) {
  return 'Basic ' + Buffer.from(user + ':' + pass).toString('base64');
}

/* fetch through the server as a script (no Referer unless given). */
async function http(method, url, opts) {
  opts = opts || {};
  const headers = Object.assign({ Authorization: auth(opts.user || USER, opts.pass || PASS) }, opts.headers || {});
  const r = await fetch(url.startsWith('http') ? url : MOD + url, { method, headers, body: opts.body, redirect: 'manual' });
  const buf = Buffer.from(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, buf, text: buf.toString('utf8') };
}

function json(text) { try { return JSON.parse(text); } catch (e) { return null; } }

async function open(browser, query, who) {
  const page = await newPage(browser, who, { acceptDownloads: true });
  page.on('dialog', d => (page.onDialog ? page.onDialog(d) : d.accept()));
  /* live=0: the diagram's own polling, not the live event stream
   * (static/live.js, tested with events.cgi) */
  await page.goto(MOD + 'diagram.cgi' + (query ? query + '&live=0' : '?live=0'));
  await page.waitForFunction(() => window.ucDiagram && ucDiagram.stats() && ucDiagram.stats().firstPaintMs != null,
                             null, { timeout: 20000 });
  return page;
}

const stats = page => page.evaluate(() => ucDiagram.stats());
const server = (page, id) => page.evaluate(i => ucDiagram.server(i), id);
const at = (page, id) => page.evaluate(i => ucDiagram.screenOf(i), id);

/* Waits until the page's own edit finished (its status line says so). */
async function saved(page) {
  return until(() => page.evaluate(() => {
    const s = document.querySelector('.ucd-status');
    return s && !/ucd-status-error/.test(s.className) && s.textContent.length > 0 &&
      s.textContent === (ucDiagram.instance().texts.diagram_status_saved || 'Saved.') ? s.textContent : '';
  }), 5000);
}

async function statusText(page) {
  return page.evaluate(() => document.querySelector('.ucd-status').textContent);
}

/* A point of the floor with no server (nor cluster, when bare) under it,
 * near (dx, dy) pixels from the canvas centre. */
async function emptyPoint(page, bare) {
  return page.evaluate((bareOnly) => {
    const d = ucDiagram.instance(), r = d.canvas.getBoundingClientRect();
    for (let k = 0; k < 400; k++) {
      const x = 60 + (k * 97) % (d.view.w - 300), y = 40 + (k * 61) % (d.view.h - 80);
      if (!d.hitServer({ x, y }) && (!bareOnly || !d.hitCluster({ x, y })) &&
          document.elementFromPoint(r.left + x, r.top + y) === d.canvas) return { x: r.left + x, y: r.top + y };
    }
    return null;
  }, !!bare);
}

async function dragBetween(page, a, b) {
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

/* The canvas as the screen shows it: a real screenshot of its box,
 * decoded in the page; counts pixels near each type colour (the minimap
 * corner left out: it has every colour too). */
async function typeColoursOnScreen(page) {
  const box = await page.evaluate(() => ucDiagram.instance().canvas.getBoundingClientRect().toJSON());
  const png = await page.screenshot({ clip: { x: box.x, y: box.y, width: box.width - 230, height: box.height } });
  return page.evaluate(async ({ b64, types }) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const x = c.getContext('2d');
    x.drawImage(img, 0, 0);
    const d = x.getImageData(0, 0, c.width, c.height).data, out = {};
    const want = Object.keys(types).map(k => [k, parseInt(types[k].slice(1), 16)]);
    want.forEach(w => { out[w[0]] = 0; });
    for (let i = 0; i < d.length; i += 4) {
      for (const [k, v] of want) {
        if (Math.abs(d[i] - (v >> 16)) <= 6 && Math.abs(d[i + 1] - ((v >> 8) & 255)) <= 6 &&
            Math.abs(d[i + 2] - (v & 255)) <= 6) out[k]++;
      }
    }
    return out;
  }, { b64: png.toString('base64'), types: TYPES });
}

async function testRendering(browser) {
  const page = await open(browser);
  const st = await stats(page);
  const count = +sql('SELECT count(*) FROM servers');
  ok(st.servers === count && count >= 23, `the diagram holds every server of the estate (${st.servers}/${count})`, st);
  ok(st.drawn === count, 'fitted to the screen, every server is drawn', st);
  ok(st.conns === +sql('SELECT count(*) FROM connections'), 'and every connection', st);
  ok(st.clusters === 4, 'and the four clusters', st);
  ok(st.firstPaintMs < 1000, `first paint ${Math.round(st.firstPaintMs)} ms after the data arrived`);
  const seen = await typeColoursOnScreen(page);
  const missing = Object.keys(seen).filter(k => seen[k] < 20);
  ok(missing.length === 0, 'a screenshot holds every type\'s colour', seen);
  ok(page.errors.length === 0, 'no script errors', page.errors);
  await page.context().close();
}

async function testConnect(browser) {
  const page = await open(browser);
  const a = await at(page, 'dns-01'), b = await at(page, 'web-01');
  await page.mouse.click(a.x, a.y);
  await page.keyboard.down('Shift');
  await page.mouse.click(b.x, b.y);
  await page.keyboard.up('Shift');
  const sel = (await stats(page)).selected.sort();
  ok(sel.join() === 'dns-01,web-01', 'click and shift-click select two servers', sel);
  await page.click('[data-act="mode-connect"]');
  await dragBetween(page, a, b);
  const chooser = await page.waitForSelector('.ucd-chooser:not([hidden]) [data-type="http"]', { timeout: 3000 }).catch(() => null);
  ok(!!chooser, 'dropping on another server asks for the connection type');
  if (chooser) await chooser.click();
  await saved(page);
  const row = await until(() => sql("SELECT type FROM connections WHERE from_id='dns-01' AND to_id='web-01'"), 5000);
  ok(row === 'http', 'the connection is in the database with the chosen type', row);
  const conns = (await server(page, 'dns-01')).conns;
  ok(conns.some(c => c.to === 'web-01' && c.type === 'http'), 'and in the diagram', conns);
  await page.waitForTimeout(300);
  const st = await stats(page);
  ok(st.drawnConns === st.conns, 'and drawn', st);
  /* dropping on empty floor connects nothing */
  const before = sql('SELECT count(*) FROM connections');
  await dragBetween(page, a, await emptyPoint(page));
  await page.waitForTimeout(300);
  ok(sql('SELECT count(*) FROM connections') === before &&
     !(await page.isVisible('.ucd-chooser')), 'a drag to nowhere connects nothing');
  await page.context().close();
}

async function testMove(browser) {
  let page = await open(browser);
  const a = await at(page, 'nas-01');
  const before = await server(page, 'nas-01');
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(a.x + 60, a.y - 40, { steps: 6 });
  await page.mouse.move(a.x + 120, a.y - 80, { steps: 6 });
  await page.mouse.up();
  await saved(page);
  const after = await server(page, 'nas-01');
  ok(after.x !== before.x || after.y !== before.y, 'dragging a server moves it', [before, after]);
  const row = await until(() => sql("SELECT x || ',' || y FROM servers WHERE id='nas-01'") === `${after.x}.0,${after.y}.0` ||
    sql("SELECT x || ',' || y FROM servers WHERE id='nas-01'"), 5000);
  ok(row === true, 'the new position is stored', row);
  ok(Number.isInteger(after.x) && Number.isInteger(after.y), 'on a whole tile (FossFLOW tiles)', after);
  await page.reload();
  await page.waitForFunction(() => window.ucDiagram && ucDiagram.stats() && ucDiagram.stats().firstPaintMs != null);
  const again = await server(page, 'nas-01');
  ok(again.x === after.x && again.y === after.y && again.placed, 'and it is still there after a reload', again);
  /* Dropping onto an occupied tile lands next to it instead. */
  const b = await at(page, 'backup-01'), t = await at(page, 'nas-01');
  await dragBetween(page, b, t);
  await saved(page);
  const nas = await server(page, 'nas-01'), bk = await server(page, 'backup-01');
  ok(nas.x !== bk.x || nas.y !== bk.y, 'two servers never share a tile', [nas, bk]);
  /* Moving a selected cluster's area moves its members. */
  const members = ['web-east-1', 'web-east-2', 'db-east'];
  const start = await Promise.all(members.map(id => server(page, id)));
  const p = await page.evaluate(() => {
    const d = ucDiagram.instance(), cl = d.model.clusterByKey.get('us-east'), v = d.view;
    d.selectCluster(cl);
    const a0 = cl.area, r = d.canvas.getBoundingClientRect();
    /* tiles (k, -k) away where no other server stands */
    let off = null;
    for (let k = 2; k < 40 && !off; k++) {
      const free = cl.members.every(s => !d.model.servers.some(o => cl.members.indexOf(o) < 0 && o.x === s.x + k && o.y === s.y - k));
      if (free) off = k;
    }
    /* a floor point of the area with no server on it */
    for (let x = a0.x0 - 0.4; x <= a0.x1 + 0.4; x += 0.2) {
      for (let y = a0.y0 - 0.4; y <= a0.y1 + 0.4; y += 0.2) {
        const q = { x: v.px(x, y), y: v.py(x, y) };
        if (!d.hitServer(q) && d.hitCluster(q) === cl)
          return { x: r.left + q.x, y: r.top + q.y, tx: r.left + v.px(x + off, y - off), ty: r.top + v.py(x + off, y - off) };
      }
    }
    return null;
  });
  ok(!!p, 'a selected cluster area can be grabbed');
  if (p) {
    await dragBetween(page, p, { x: p.tx, y: p.ty });
    await saved(page);
    const end = await Promise.all(members.map(id => server(page, id)));
    const dx = end.map((s, i) => s.x - start[i].x), dy = end.map((s, i) => s.y - start[i].y);
    ok(dx.every(v => v === dx[0]) && dy.every(v => v === dy[0]) && (dx[0] || dy[0]),
       'dragging it moves every member by the same tiles', { dx, dy });
    const rows = sql("SELECT x || ',' || y FROM servers WHERE id IN ('web-east-1','web-east-2','db-east') ORDER BY id");
    ok(rows === end.slice().sort((u, v) => u.id < v.id ? -1 : 1).map(s => `${s.x}.0,${s.y}.0`).join('\n'),
       'and stores their positions', rows);
  }
  await page.context().close();
}

async function testTooltip(browser) {
  sqlWrite("UPDATE servers SET status='warning' WHERE id='db-primary';" +
    "INSERT OR REPLACE INTO probe_current(server, checked, latency_ms, cpu, mem, disk, net_in, net_out, uptime)" +
    " VALUES ('db-primary', strftime('%s','now'), 1.5, 42, 63, 71, 1500000, 2000, 90061)");
  const page = await open(browser);
  const p = await at(page, 'db-primary');
  await page.mouse.move(p.x, p.y);
  const tip = await until(() => page.evaluate(() => {
    const t = document.querySelector('.ucd-tip');
    return t && !t.hidden && t.getAttribute('data-id') === 'db-primary' ? t.innerText : '';
  }), 3000);
  ok(!!tip, 'hovering a server shows its tooltip', tip);
  ok(/Warning/.test(tip), 'with its status', tip);
  ok(/CPU\s+42 %/.test(tip) && /Memory\s+63 %/.test(tip) && /Disk\s+71 %/.test(tip), 'with CPU, memory and disk', tip);
  ok(/1\.5 MB\/s \/ 2\.0 KB\/s/.test(tip) && /1\.5 ms/.test(tip) && /1 d 1 h/.test(tip),
     'with network, latency and uptime', tip);
  /* metrics written later arrive by the metrics poll */
  await page.close();
  const live = await open(browser, '?poll=1');
  sqlWrite("UPDATE probe_current SET cpu = 87, checked = strftime('%s','now') + 1 WHERE server='db-primary'");
  const cpu = await until(async () => { const s = await server(live, 'db-primary'); return s.metrics && s.metrics.cpu === 87; }, 9000, 250);
  ok(cpu, 'new metrics reach an open diagram');
  const q = await at(live, 'db-primary');
  await live.mouse.move(q.x, q.y);
  const tip2 = await until(() => live.evaluate(() => document.querySelector('.ucd-tip').innerText), 2000);
  ok(/CPU\s+87 %/.test(tip2), 'and show in the tooltip', tip2);
  const r = await at(live, 'lb-01');
  await live.mouse.move(r.x, r.y);
  const tip3 = await until(() => live.evaluate(() => {
    const t = document.querySelector('.ucd-tip');
    return t.getAttribute('data-id') === 'lb-01' ? t.innerText : '';
  }), 2000);
  ok(/No metrics/.test(tip3) && /Unknown/.test(tip3), 'a server never probed says so', tip3);
  await live.context().close();
}

async function testLive(browser) {
  const page = await open(browser, '?poll=1');
  const t0 = Date.now();
  let r = await http('POST', 'add_server.cgi', { body: 'id=late-01&type=cache&ip=10.9.9.9&region=eu-west-1',
    headers: { Referer: MOD, 'Content-Type': 'application/x-www-form-urlencoded' } });
  ok(r.status === 302, 'a server added through the pages', r.status);
  r = await http('POST', 'connect.cgi', { body: 'from=late-01&to=db-west&type=cache',
    headers: { Referer: MOD, 'Content-Type': 'application/x-www-form-urlencoded' } });
  const seen = await until(async () => { const s = await server(page, 'late-01'); return s && s.conns.length === 1 ? s : null; }, 5000);
  ok(!!seen, `appears in the open diagram with its connection (${Date.now() - t0} ms)`, seen);
  ok(seen && seen.x !== null && !seen.placed, 'placed by the layout (not stored)', seen);
  sqlWrite("UPDATE servers SET status='inactive' WHERE id='web-west-1'");
  const down = await until(async () => (await server(page, 'web-west-1')).status === 'inactive', 5000);
  ok(down, 'a status change by the monitoring daemon appears too');
  r = await http('POST', 'delete_server.cgi', { body: 'id=late-01',
    headers: { Referer: MOD, 'Content-Type': 'application/x-www-form-urlencoded' } });
  const gone = await until(async () => (await server(page, 'late-01')) === null, 5000);
  ok(r.status === 302 && gone, 'and a deletion');
  /* The hook the live event stream calls. */
  const res = await page.evaluate(() => ucDiagram.applyChanges([
    { kind: 'status', id: 'web-01', status: 'active' },
    { kind: 'move', id: 'web-02', x: 40, y: 40 },
    { kind: 'add', server: { id: 'ev-01', type: 'dns', x: 42, y: 40, region: 'eu-west-1' } },
    { kind: 'connect', from: 'ev-01', to: 'web-02', type: 'monitoring' },
    { kind: 'disconnect', from: 'lb-01', to: 'web-01' },
    { kind: 'nonsense' }, { kind: 'remove', id: 'no-such-server' }]));
  const ev = await server(page, 'ev-01'), w2 = await server(page, 'web-02');
  ok(res.count === 5 && ev && ev.conns.length === 1 && w2.x === 40 &&
     (await server(page, 'web-01')).status === 'active', 'applyChanges() takes the live stream\'s changes', res);
  await page.context().close();
}

async function testKeyboard(browser) {
  const page = await open(browser);
  const canvas = '.ucd-canvas';
  await page.focus(canvas);
  await page.keyboard.press('Control+a');
  let st = await stats(page);
  ok(st.selected.length === st.servers, 'Ctrl+A selects every server', st.selected.length);
  await page.keyboard.press('Escape');
  ok((await stats(page)).selected.length === 0, 'Escape clears the selection');
  const z0 = (await stats(page)).zoom;
  await page.keyboard.press('=');
  const z1 = (await stats(page)).zoom;
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  const z2 = (await stats(page)).zoom;
  ok(z1 > z0 && z2 < z1, '+ and - zoom', [z0, z1, z2]);
  const o0 = await page.evaluate(() => ucDiagram.instance().view.ox);
  await page.keyboard.press('ArrowLeft');
  const o1 = await page.evaluate(() => ucDiagram.instance().view.ox);
  ok(o1 > o0, 'arrow keys pan', [o0, o1]);
  await page.keyboard.press('c');
  ok((await stats(page)).mode === 'connect', 'C switches to connecting');
  await page.keyboard.press('Escape');
  ok((await stats(page)).mode === 'select', 'Escape back to selecting');
  await page.keyboard.press('f');
  /* Delete removes the selected server after asking */
  const p = await at(page, 'fw-01');
  await page.mouse.click(p.x, p.y);
  let asked = '';
  page.onDialog = d => { asked = d.message(); d.accept(); };
  await page.keyboard.press('Delete');
  const gone = await until(() => sql("SELECT count(*) FROM servers WHERE id='fw-01'") === '0', 5000);
  ok(gone && /Delete 1/.test(asked), 'Delete removes the selected server, after asking', asked);
  /* The page drops it when the answer arrives, which may be just after
   * the database row goes. */
  ok(await until(async () => !(await server(page, 'fw-01')), 3000), 'and it leaves the diagram');
  /* / focuses the search box; Enter goes to the first match */
  await page.focus(canvas);
  await page.keyboard.press('/');
  await page.keyboard.type('db-ord');
  await page.keyboard.press('Enter');
  st = await stats(page);
  const c = await page.evaluate(() => { const d = ucDiagram.instance(), s = d.model.get('db-orders');
    return [Math.round(d.view.px(s.x, s.y) - d.view.w / 2), Math.round(d.view.py(s.x, s.y) - d.view.h / 2)]; });
  ok(st.selected.join() === 'db-orders' && Math.abs(c[0]) < 2 && Math.abs(c[1]) < 2,
     'the search box finds a server, selects it and centres it', { sel: st.selected, c });
  await page.context().close();
}

async function testMenu(browser) {
  const page = await open(browser);
  const p = await at(page, 'svc-auth');
  await page.mouse.click(p.x, p.y, { button: 'right' });
  const items = await page.$$eval('.ucd-menu:not([hidden]) [data-menu]', els => els.map(e => e.getAttribute('data-menu')));
  ok(['details', 'connect', 'disconnect', 'add-cluster', 'new-cluster', 'delete'].every(i => items.includes(i)),
     'right-click on a server opens its menu', items);
  await page.keyboard.press('Escape');
  /* Add to cluster */
  await page.mouse.click(p.x, p.y, { button: 'right' });
  await page.click('.ucd-menu [data-menu="add-cluster"]:has-text("web-tier")');
  const joined = await until(() => sql("SELECT count(*) FROM cluster_members WHERE cluster='web-tier' AND server='svc-auth'") === '1', 5000);
  ok(joined, '"Add to cluster" adds it');
  /* Create a cluster from the selection */
  const a = await at(page, 'dns-01'), b = await at(page, 'backup-01');
  await page.mouse.click(a.x, a.y);
  await page.keyboard.down('Shift');
  await page.mouse.click(b.x, b.y);
  await page.keyboard.up('Shift');
  page.onDialog = d => d.accept(d.type() === 'prompt' ? 'diag-made' : undefined);
  await page.mouse.click(b.x, b.y, { button: 'right' });
  await page.click('.ucd-menu [data-menu="new-cluster"]');
  const made = await until(() => sql("SELECT group_concat(server) FROM (SELECT server FROM cluster_members WHERE cluster='diag-made' ORDER BY server)"), 5000);
  ok(made === 'backup-01,dns-01', '"Create a cluster" makes one of the selection', made);
  const inModel = await until(async () => { const s = await server(page, 'dns-01'); return s.clusters.includes('diag-made'); }, 5000);
  ok(inModel, 'and the diagram shows it');
  /* Disconnect from a right-click on a connection */
  const mid = await page.evaluate(() => {
    const d = ucDiagram.instance(), c = d.model.connBetween('svc-orders', 'db-orders');
    const r = d.canvas.getBoundingClientRect(), m = ucDiagram.bend(c.a, c.b);
    const pts = [[c.a.x, c.a.y], [m.x, m.y], [c.b.x, c.b.y]].map(t => [d.view.px(t[0], t[1]), d.view.py(t[0], t[1])]);
    /* a point on the drawn line with no server over it */
    for (let leg = 0; leg < 2; leg++) {
      for (let f = 0.1; f < 0.95; f += 0.05) {
        const q = { x: pts[leg][0] + (pts[leg + 1][0] - pts[leg][0]) * f, y: pts[leg][1] + (pts[leg + 1][1] - pts[leg][1]) * f };
        if (!d.hitServer(q) && d.hitConn(q) === c) return { x: r.left + q.x, y: r.top + q.y };
      }
    }
    return null;
  });
  page.onDialog = d => d.accept();
  await page.mouse.click(mid.x, mid.y, { button: 'right' });
  ok(!!mid, 'a connection can be pointed at');
  const dis = await page.waitForSelector('.ucd-menu:not([hidden]) [data-menu="disconnect"]', { timeout: 2000 }).catch(() => null);
  ok(!!dis, 'right-click on a connection offers to disconnect it');
  if (dis) await dis.click();
  const cut = await until(() => sql("SELECT count(*) FROM connections WHERE (from_id='svc-orders' AND to_id='db-orders') OR (from_id='db-orders' AND to_id='svc-orders')") === '0', 5000);
  ok(cut, 'and disconnects it');
  /* Open details goes to the server's page */
  const q = await at(page, 'mon-01');
  await page.mouse.click(q.x, q.y, { button: 'right' });
  await Promise.all([page.waitForNavigation({ timeout: 5000 }).catch(() => null),
                     page.click('.ucd-menu [data-menu="details"]')]);
  ok(/edit_server\.cgi\?id=mon-01/.test(page.url()), '"Open details" opens the server\'s page', page.url());
  await page.context().close();
}

async function testReadOnly(browser) {
  const page = await open(browser, '', [VIEWER, VIEWER_PASS]);
  const st = await stats(page);
  ok(st.servers > 20 && !st.edit, 'a read-only user sees the same estate', st);
  ok(await page.$('[data-act="mode-connect"]') === null && await page.$('[data-act="arrange"]') === null,
     'without the editing tools');
  const before = sql("SELECT x || ',' || y FROM servers WHERE id='cache-01'");
  const p = await at(page, 'cache-01');
  await dragBetween(page, p, { x: p.x + 150, y: p.y });
  await page.waitForTimeout(500);
  ok(sql("SELECT x || ',' || y FROM servers WHERE id='cache-01'") === before, 'dragging a server does not move it');
  const p2 = await at(page, 'cache-01');
  await page.mouse.click(p2.x, p2.y, { button: 'right' });
  const items = await page.$$eval('.ucd-menu:not([hidden]) [data-menu]', els => els.map(e => e.getAttribute('data-menu')));
  ok(!items.includes('delete') && !items.includes('connect') && items.includes('details'), 'its menu only looks', items);
  const r = await page.evaluate(async () => {
    const res = await fetch('diagram_data.cgi', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'move', moves: [['cache-01', 1, 1]] }) });
    return [res.status, await res.text()];
  });
  ok(r[0] === 403 && /err_cannot_edit/.test(r[1]), 'and the server refuses its moves', r);
  await page.context().close();
}

async function testExports(browser) {
  const page = await open(browser);
  let [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-act="png"]')]);
  let file = path.join(TMP, 'd.png');
  await dl.saveAs(file);
  let buf = fs.readFileSync(file);
  const w = buf.readUInt32BE(16), h = buf.readUInt32BE(20);
  const info = (await stats(page)).lastExport;
  ok(buf.slice(1, 4).toString() === 'PNG' && w === info.width && h === info.height && w > 500,
     `PNG export (${w}x${h} at 50%)`, info);
  await page.selectOption('.ucd-scale', '1');
  [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-act="png"]')]);
  await dl.saveAs(file);
  buf = fs.readFileSync(file);
  ok(Math.abs(buf.readUInt32BE(16) - 2 * w) <= 2, 'at the chosen resolution (100% is twice 50%)', [w, buf.readUInt32BE(16)]);
  [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-act="svg"]')]);
  file = path.join(TMP, 'd.svg');
  await dl.saveAs(file);
  const svg = fs.readFileSync(file, 'utf8');
  const names = sql('SELECT id FROM servers').split('\n');
  ok(/^<svg xmlns/.test(svg) && names.every(id => svg.includes('>' + id + '<')), 'SVG export with every server', names.filter(id => !svg.includes('>' + id + '<')));
  [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-act="html"]')]);
  file = path.join(TMP, 'd.html');
  await dl.saveAs(file);
  const html = fs.readFileSync(file, 'utf8');
  ok(/id="ucd-data"/.test(html) && !/<script src=/.test(html) && !/<link /.test(html), 'HTML snapshot: one self-contained file');
  /* it opens offline: nothing but the file itself may load */
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const requests = [];
  await ctx.route('**/*', route => { requests.push(route.request().url()); return route.request().url().startsWith('file:') ? route.continue() : route.abort(); });
  const snap = await ctx.newPage();
  const errs = [];
  snap.on('pageerror', e => errs.push(e.message));
  await snap.goto('file://' + file);
  await snap.waitForFunction(() => window.ucDiagram && ucDiagram.stats() && ucDiagram.stats().firstPaintMs != null, null, { timeout: 10000 }).catch(() => null);
  const s = await snap.evaluate(() => window.ucDiagram && ucDiagram.stats());
  ok(s && s.servers === names.length && s.snapshot && !s.edit, 'and opens offline, read only, with every server', s);
  ok(requests.every(u => u.startsWith('file:')) && errs.length === 0, 'without any network request or error', { requests, errs });
  const q = await snap.evaluate(() => ucDiagram.screenOf('db-west'));
  await snap.mouse.move(q.x, q.y);
  const tip = await until(() => snap.evaluate(() => { const t = document.querySelector('.ucd-tip'); return t && !t.hidden ? t.innerText : ''; }), 2000);
  ok(/db-west/.test(tip), 'and stays interactive (tooltip)', tip);
  await ctx.close();
  await page.context().close();
}

async function testFullScreenAndTools(browser) {
  const page = await open(browser, '?full=1');
  const st = await stats(page);
  const h = await page.evaluate(() => ucDiagram.instance().canvas.getBoundingClientRect().height);
  ok(st.servers > 20 && h > 700, 'full=1 fills the screen for a wall display', { h });
  await page.click('[data-act="zoom-in"]');
  await page.click('[data-act="zoom-in"]');
  const z = (await stats(page)).zoom;
  await page.click('[data-act="fit"]');
  const z2 = (await stats(page)).zoom;
  ok(z2 < z, 'the fit button shows the whole estate again', [z, z2]);
  const before = await page.evaluate(() => [ucDiagram.instance().view.ox, ucDiagram.instance().view.oy]);
  const mini = await page.evaluate(() => { const d = ucDiagram.instance(), r = d.miniRect(), c = d.canvas.getBoundingClientRect();
    return r && { x: c.left + r.x + 10, y: c.top + r.y + 10 }; });
  ok(!!mini, 'a minimap is drawn');
  if (mini) {
    await page.mouse.click(mini.x, mini.y);
    const after = await page.evaluate(() => [ucDiagram.instance().view.ox, ucDiagram.instance().view.oy]);
    ok(after[0] !== before[0] || after[1] !== before[1], 'clicking the minimap moves the view', [before, after]);
  }
  /* wheel zoom keeps the point under the cursor */
  const p = await at(page, 'db-east');
  await page.mouse.move(p.x, p.y);
  await page.mouse.wheel(0, -300);
  await page.waitForTimeout(100);
  const p2 = await at(page, 'db-east');
  ok(Math.abs(p2.y - p.y) < 20 && Math.abs(p2.x - p.x) < 20 && (await stats(page)).zoom > z2, 'the wheel zooms at the cursor', [p, p2]);
  /* box selection */
  const box = await page.evaluate(() => ucDiagram.instance().canvas.getBoundingClientRect().toJSON());
  await page.keyboard.down('Shift');
  await dragBetween(page, { x: box.x + 2, y: box.y + 2 }, { x: box.x + box.width - 2, y: box.y + box.height - 2 });
  await page.keyboard.up('Shift');
  const sel = (await stats(page)).selected.length, drawn = (await stats(page)).drawn;
  ok(sel > 0 && sel <= drawn, 'shift-drag selects the servers in the box', { sel, drawn });
  /* a second boot (Authentic's PJAX visit) replaces the first */
  const again = await page.evaluate(() => { const r = document.getElementById('ucd-root'); ucDiagram.boot(r);
    return new Promise(res => setTimeout(() => res(ucDiagram.stats()), 1500)); });
  ok(again.servers === st.servers && page.errors.length === 0, 'booting again (a PJAX visit) starts over cleanly', page.errors);
  await page.context().close();
}

async function testData() {
  let r = await http('GET', 'diagram_data.cgi', { headers: { 'Accept-Encoding': 'gzip' } });
  /* (fetch decompresses by itself: the body here is the JSON) */
  const gz = r.headers.get('content-encoding') === 'gzip';
  ok(r.status === 200 && gz, 'diagram_data.cgi is gzipped when the browser accepts it', r.headers.get('content-encoding'));
  const doc = json(r.text);
  ok(doc && doc.format === 'uc-diagram' && doc.servers.n === +sql('SELECT count(*) FROM servers'), 'and holds the estate', doc && doc.servers.n);
  r = await http('GET', 'diagram_data.cgi?since=' + doc.fp);
  ok(json(r.text) && json(r.text).same === true && r.buf.length < 100, 'since=<fingerprint> answers "same" while nothing changed', r.text.slice(0, 100));
  r = await http('GET', 'diagram_data.cgi?since=0000000000000000');
  ok(json(r.text) && json(r.text).servers, 'and the whole estate otherwise');
  /* a status written by the monitoring daemon: only the statuses travel */
  const ids = doc.servers.id.split('\n'), at = ids.indexOf('db-west');
  sqlWrite("UPDATE servers SET status='warning' WHERE id='db-west'");
  r = await http('GET', `diagram_data.cgi?since=${doc.fp}&ssince=${doc.sfp}`);
  const st = json(r.text);
  ok(st && !st.servers && st.fp === doc.fp && st.sfp !== doc.sfp && st.status.length === ids.length &&
     st.status[at] === '2', 'after a status change, the poller gets only the statuses', r.text.slice(0, 200));
  r = await http('GET', 'diagram_data.cgi?layout=spiral');
  ok(r.status === 400 && /diagram_err_layout/.test(r.text), 'an unknown layout is refused', r.text);
  r = await http('GET', 'diagram_data.cgi?msince=soon');
  ok(r.status === 400, 'a bad msince is refused', r.text);
  r = await http('GET', 'diagram_data.cgi?format=html');
  ok(r.status === 200 && /attachment/.test(r.headers.get('content-disposition') || '') && /id="ucd-data"/.test(r.text),
     'format=html sends the snapshot as a download');
  const pos = sql("SELECT x || ',' || y FROM servers WHERE id='web-03'");
  const post = (body, extra) => http('POST', 'diagram_data.cgi', Object.assign({ body: JSON.stringify(body),
    headers: Object.assign({ 'Content-Type': 'application/json', Referer: MOD }, (extra && extra.headers) || {}) }, extra || {}));
  r = await http('POST', 'diagram_data.cgi', { body: JSON.stringify({ action: 'move', moves: [['web-03', 1, 1]] }),
    headers: { 'Content-Type': 'application/json' } });
  ok(r.status === 403 && /err_referer/.test(r.text), 'a move without Referer or Origin is refused', r.text);
  r = await http('POST', 'diagram_data.cgi', { body: JSON.stringify({ action: 'move', moves: [['web-03', 1, 1]] }),
    headers: { 'Content-Type': 'application/json', Referer: 'http://evil.example/' } });
  ok(r.status === 403, 'and one from another site', r.status);
  r = await http('POST', 'diagram_data.cgi', { body: 'action=move', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Referer: MOD } });
  ok(r.status === 415, 'a form body is refused (JSON only)', r.status);
  r = await post({ action: 'move', moves: [['web-03', 1, 1], ['nope', 2, 2]] });
  ok(r.status === 404 && sql("SELECT x || ',' || y FROM servers WHERE id='web-03'") === pos,
     'an unknown server in a batch changes nothing', r.text);
  r = await post({ action: 'move', moves: [['web-03', 1e9, 1]] });
  ok(r.status === 400 && /err_out_of_range/.test(r.text), 'a position out of range is refused', r.text);
  r = await post({ action: 'move', moves: [['web-03', 'x', 1]] });
  ok(r.status === 400 && /diagram_err_moves/.test(r.text), 'a malformed move is refused', r.text);
  r = await post({ action: 'move', moves: [['web-03', 1, 1]], extra: 1 });
  ok(r.status === 400 && /extra/.test(r.text), 'an unknown key is refused', r.text);
  r = await post({ action: 'fly' });
  ok(r.status === 400 && /diagram_err_action/.test(r.text), 'an unknown action is refused', r.text);
  r = await post({ action: 'move', moves: [['WEB-03', 31, -7], ['web-04', 33, -7]] });
  const moved = json(r.text);
  ok(r.status === 200 && moved.moved === 2 && sql("SELECT x || ',' || y FROM servers WHERE id IN ('web-03','web-04') ORDER BY id") === '31.0,-7.0\n33.0,-7.0',
     'many moves in one request are stored', r.text);
  ok(moved.fp !== moved.fp_before && moved.fp === json((await http('GET', 'diagram_data.cgi?since=x')).text).fp,
     'and the answer carries the new fingerprint', moved);
  ok(/move server 2|"move" "server" "2"/.test(fs.readFileSync(process.env.UC_STATE + '/var/webmin.log', 'utf8')),
     'the move is in Webmin\'s action log');
  const unplaced = +sql('SELECT count(*) FROM servers WHERE x IS NULL');
  r = await post({ action: 'arrange', layout: 'grid', all: false });
  ok(r.status === 200 && json(r.text).moved === unplaced && sql('SELECT count(*) FROM servers WHERE x IS NULL') === '0' &&
     sql("SELECT x || ',' || y FROM servers WHERE id='web-03'") === '31.0,-7.0',
     '"arrange" places the servers without a position and keeps the hand-placed ones', r.text);
  r = await post({ action: 'arrange', layout: 'circular', all: true });
  ok(r.status === 200 && json(r.text).moved === +sql('SELECT count(*) FROM servers') &&
     sql("SELECT x || ',' || y FROM servers WHERE id='web-03'") !== '31.0,-7.0', 'with all, it lays out every server', r.text);
  r = await http('POST', 'diagram_data.cgi', { user: VIEWER, pass: VIEWER_PASS, body: JSON.stringify({ action: 'arrange', layout: 'grid' }),
    headers: { 'Content-Type': 'application/json', Referer: MOD } });
  ok(r.status === 403, 'a read-only user cannot arrange', r.status);
  r = await http('GET', 'diagram.cgi?poll=0');
  ok(r.status === 400, 'diagram.cgi refuses poll=0', r.status);
  r = await http('GET', 'diagram.cgi?focus=%3Cx%3E');
  ok(r.status === 400, 'and a bad focus id', r.status);
}

run([testRendering, testConnect, testMove, testTooltip, testLive, testKeyboard, testMenu,
     testReadOnly, testExports, testFullScreenAndTools, testData]);
