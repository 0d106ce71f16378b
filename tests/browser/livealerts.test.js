/* livealerts.test.js — alert badges arrive live (docs/events.md): with the
 * diagram open on its event stream (static/live.js), an alert written by
 * a writer of the store (tools/store_sql, as the monitoring daemon
 * writes) becoming firing puts a badge on its server without a reload;
 * pending shows none; resolving takes it away; a burst of transitions
 * costs at most one part=alerts fetch a second; the dashboard's alert
 * line follows too. Run by livealerts.sh. Environment: UC_BASE UC_USER
 * UC_PASS UC_DB UC_STORE_SQL CHROMIUM.
 * SPDX-License-Identifier: BSD-3-Clause */
'use strict';
const { execFileSync } = require('child_process');
const { MOD, DB, ok, sql, sqlWrite, until, sleep, newPage, run } = require('./lib');

const STORE_SQL = process.env.UC_STORE_SQL;

/* A write as the daemon makes it: the journal's triggers are armed. */
function storeSql(q) { execFileSync(STORE_SQL, [DB, q]); }

const RULE = name => `(SELECT rid FROM rules WHERE name = '${name}')`;
const badge = (page, id) => page.evaluate(i => {
  const s = ucDiagram.instance().model.get(i);
  return s ? { alerts: s.alerts || 0, root: !!s.rootCause } : null;
}, id);
const fetches = page => page.evaluate(() => ucLive.status().alertFetches);

/* Pixels of the badges' red (#d32f2f) on the canvas as shown. */
function badgePixels(page) {
  return page.evaluate(() => {
    const c = ucDiagram.instance().canvas, d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let k = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - 211) <= 6 && Math.abs(d[i + 1] - 47) <= 6 && Math.abs(d[i + 2] - 47) <= 6) k++;
    }
    return k;
  });
}

/* Waits until the picture was drawn again after now. */
async function redrawn(page, before) {
  return until(() => page.evaluate(b => ucDiagram.stats().staticRenders > b && !ucDiagram.instance().staticDirty, before), 3000, 50);
}

async function testDiagram(browser) {
  const page = await newPage(browser);
  await page.goto(MOD + 'diagram.cgi');
  await page.waitForFunction(() => window.ucDiagram && ucDiagram.stats() && ucDiagram.stats().firstPaintMs != null,
                             null, { timeout: 20000 });
  const streaming = await until(() => page.evaluate(() => document.documentElement.getAttribute('data-uc-live') === 'stream' &&
                                                      window.ucLive && ucLive.status().mode === 'stream'), 10000);
  ok(streaming, 'the diagram listens to the event stream');
  /* db-primary big in the middle, so its badge is drawn as an icon's */
  let r0 = await page.evaluate(() => {
    const d = ucDiagram.instance(), s = d.model.get('db-primary');
    d.view.centre(s.x, s.y, 0.8);
    const r = ucDiagram.stats().staticRenders;
    d.invalidate('static');
    window.ucSamePage = 'not reloaded';
    window.ucFirstInstance = d;
    return r;
  });
  await redrawn(page, r0);
  ok(await badgePixels(page) === 0, 'no badge while no alert is open', await badgePixels(page));

  /* Pending: an event, a fetch, still no badge. */
  let f0 = await fetches(page);
  storeSql(`INSERT INTO alerts (aid, rule, server, state, value, started) VALUES
            (901, ${RULE('server_down')}, 'db-primary', 'pending', 0, unixepoch())`);
  const asked = await until(async () => (await fetches(page)) > f0, 5000);
  ok(asked, 'an alert opening makes the diagram ask for the badges', { f0, now: await fetches(page) });
  await sleep(300);
  ok((await badge(page, 'db-primary')).alerts === 0 && await badgePixels(page) === 0, 'a pending alert shows no badge',
     await badge(page, 'db-primary'));

  /* Firing: the badge appears without a reload. */
  r0 = await page.evaluate(() => ucDiagram.stats().staticRenders);
  const polls0 = await page.evaluate(() => ucDiagram.stats().polls);
  const t0 = Date.now();
  storeSql("UPDATE alerts SET state = 'firing', fired = unixepoch() WHERE aid = 901");
  const fired = await until(async () => (await badge(page, 'db-primary')).alerts === 1, 5000, 25);
  const ms = Date.now() - t0;
  ok(fired, `the badge's count arrives live when the alert fires (${ms} ms)`, await badge(page, 'db-primary'));
  ok(ms < 3000, 'within 3 s', ms);
  await redrawn(page, r0);
  const px = await until(() => badgePixels(page), 3000, 50);
  ok(px > 20, 'and the red badge is drawn on the canvas', px);
  const same = await page.evaluate(() => window.ucSamePage === 'not reloaded' && ucDiagram.instance() === window.ucFirstInstance);
  ok(same, 'without reloading the page or the diagram');
  ok(await page.evaluate(() => ucDiagram.stats().polls) === polls0, 'nor the diagram\'s own poll bringing it',
     { before: polls0, after: await page.evaluate(() => ucDiagram.stats().polls) });

  /* A burst of transitions, one every 200 ms (each its own batch on the
   * stream): at most one fetch a second. */
  f0 = await fetches(page);
  const tb = Date.now();
  for (let i = 0; i < 10; i++) {
    if (i) await sleep(200);
    if (i % 2 === 0) {
      storeSql(`INSERT INTO alerts (rule, server, state, value, started, fired) VALUES
                (${RULE('cpu_high')}, 'web-01', 'firing', 95, unixepoch(), unixepoch())`);
    } else {
      storeSql("UPDATE alerts SET state = 'resolved', resolved = unixepoch() WHERE server = 'web-01' AND state = 'firing'");
    }
  }
  const burstMs = Date.now() - tb;
  await sleep(2500);
  const df = (await fetches(page)) - f0;
  const events = +sql("SELECT count(*) FROM events WHERE kind = 'alerts' AND id = 'web-01'");
  ok(events === 10 && df >= 2 && df <= Math.floor(burstMs / 1000) + 2,
     `10 transitions in ${burstMs} ms: 10 events, ${df} fetches (at most one a second)`, { events, df, burstMs });
  ok((await badge(page, 'web-01')).alerts === 0 && (await badge(page, 'db-primary')).alerts === 1,
     'and the badges end as the last transition left them', [await badge(page, 'web-01'), await badge(page, 'db-primary')]);

  /* Root cause: web-01's alert caused by db-primary rings it. */
  storeSql(`INSERT INTO alerts (aid, rule, server, state, value, started, fired, cause) VALUES
            (990, ${RULE('cpu_high')}, 'web-01', 'firing', 99, unixepoch(), unixepoch(), 'db-primary')`);
  const rooted = await until(async () => (await badge(page, 'db-primary')).root && (await badge(page, 'web-01')).alerts === 1, 5000);
  ok(rooted, 'a dependant\'s alert naming db-primary as its cause marks db-primary live', await badge(page, 'db-primary'));

  /* Resolved: the badges go. */
  r0 = await page.evaluate(() => ucDiagram.stats().staticRenders);
  storeSql("UPDATE alerts SET state = 'resolved', resolved = unixepoch() WHERE aid IN (901, 990)");
  const gone = await until(async () => { const b = await badge(page, 'db-primary'); return b.alerts === 0 && !b.root; }, 5000);
  ok(gone, 'resolving takes the badge away live', await badge(page, 'db-primary'));
  await redrawn(page, r0);
  const px2 = await until(async () => (await badgePixels(page)) === 0, 3000, 50);
  ok(px2, 'and off the canvas', await badgePixels(page));

  /* A 'reset' (a flood, a restore) re-reads the badges too: an alert
   * written behind the journal's back (the sqlite3 shell) shows then. */
  sqlWrite(`INSERT INTO alerts (rule, server, state, value, started, fired) VALUES
            (${RULE('server_down')}, 'db-east', 'firing', 0, unixepoch(), unixepoch())`);
  await sleep(1500);
  ok((await badge(page, 'db-east')).alerts === 0, 'an alert written without the journal is not heard of', await badge(page, 'db-east'));
  storeSql("INSERT INTO events (at, kind) VALUES (unixepoch(), 'reset')");
  const afterReset = await until(async () => (await badge(page, 'db-east')).alerts === 1, 5000);
  ok(afterReset, 'until a reset event, which brings its badge', await badge(page, 'db-east'));
  storeSql("UPDATE alerts SET state = 'resolved', resolved = unixepoch() WHERE server = 'db-east'");
  ok(page.errors.length === 0, 'no script errors', page.errors);
  await page.context().close();
}

async function testDashboard(browser) {
  const page = await newPage(browser);
  await page.goto(MOD + 'index.cgi');
  const streaming = await until(() => page.evaluate(() => window.ucLive && ucLive.status() && ucLive.status().mode === 'stream'), 10000);
  ok(streaming, 'the dashboard listens to the event stream');
  const line = () => page.evaluate(() => { const l = document.querySelector('.uc-alert-line'); return l ? l.textContent : null; });
  const before = await line();
  ok(/^0 alerts firing/.test(before || ''), 'its alert line says none are firing', before);
  await page.evaluate(() => { window.ucSamePage = 'not reloaded'; });
  storeSql(`INSERT INTO alerts (rule, server, state, value, started, fired) VALUES
            (${RULE('server_down')}, 'db-west', 'firing', 0, unixepoch(), unixepoch())`);
  const after = await until(async () => { const t = await line(); return /^1 alerts firing \(1 critical\)/.test(t || '') ? t : null; }, 5000);
  ok(after, 'an alert firing updates the alert line live', await line());
  ok(await page.evaluate(() => window.ucSamePage === 'not reloaded'), 'without reloading the page');
  ok(page.errors.length === 0, 'no script errors', page.errors);
  await page.context().close();
}

run([testDiagram, testDashboard]);
