/* lib.js — what every browser test (*.test.js, run by run.sh) shares:
 * `ok` prints `ok N - name` / `not ok N - name`; sql/sqlWrite reach the
 * database through the sqlite3 command; `until` polls; newPage opens a
 * page in a fresh context logged in with HTTP basic auth (the admin by
 * default) that collects its script errors in page.errors; run launches
 * Debian's headless chromium, runs each test function (one that throws
 * is a failed check), prints `N passed, M failed` and exits non-zero on
 * any failure. Environment: UC_BASE UC_USER UC_PASS UC_DB CHROMIUM.
 * SPDX-License-Identifier: BSD-3-Clause */
'use strict';
const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');

const BASE = process.env.UC_BASE;
const MOD = BASE + '/unlimited-cluster/';
const USER = process.env.UC_USER, PASS = process.env.UC_PASS;
const DB = process.env.UC_DB;

let n = 0, failed = 0;
function ok(cond, name, diag) {
  n++;
  if (cond) { console.log(`ok ${n} - ${name}`); return true; }
  failed++;
  console.log(`not ok ${n} - ${name}`);
  if (diag !== undefined) console.log('#   ' + String(typeof diag === 'string' ? diag : JSON.stringify(diag)).slice(0, 600));
  return false;
}

function sql(q) {
  return execFileSync('sqlite3', ['-readonly', '-batch', '-cmd', '.timeout 5000', DB, q]).toString().trim();
}
function sqlWrite(q) {
  execFileSync('sqlite3', ['-batch', '-cmd', '.timeout 5000', DB, q]);
}

/* fn's first truthy answer, polled every step ms (100), or its last one
 * after ms (5000). */
async function until(fn, ms, step) {
  const end = Date.now() + (ms || 5000);
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) return v;
    await new Promise(r => setTimeout(r, step || 100));
  }
}
const sleep = ms => new Promise(r => setTimeout(r, ms));

/* who: [user, password], the admin when left out; options: more
 * browser.newContext options. */
async function newPage(browser, who, options) {
  const ctx = await browser.newContext(Object.assign({
    httpCredentials: { username: who ? who[0] : USER, password: who ? who[1] : PASS },
    viewport: { width: 1280, height: 860 }
  }, options || {}));
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', e => page.errors.push(e.message));
  return page;
}

function run(tests) {
  (async () => {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'], headless: true });
    for (const t of tests) {
      console.log('# ' + t.name);
      try {
        await t(browser);
      } catch (e) {
        ok(false, t.name + ' ran to the end', e.stack);
      }
    }
    await browser.close();
    console.log(`${n - failed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  })();
}

module.exports = { BASE, MOD, USER, PASS, DB, ok, sql, sqlWrite, until, sleep, newPage, run };
