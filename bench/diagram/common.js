/* common.js — shared by the diagram benchmarks: Debian's chromium driven
 * by playwright-core (headless, software rendering, 1280x800, the flags of
 * ../../../shared/notes/fossflow.md §6.1), percentiles, and the notes'
 * interaction method: the wall time from sending an input event until two
 * animation frames have run in the page.
 * SPDX-License-Identifier: BSD-3-Clause */
'use strict';
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

function pct(list, p) {
  if (!list.length) return null;
  const s = list.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

function summary(list) {
  return { n: list.length, p50: pct(list, 0.5), p95: pct(list, 0.95), max: pct(list, 1) };
}

/* Wall time of fn() plus two animation frames, n times. */
async function wall(page, n, fn, limitMs) {
  const out = [];
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    if (limitMs && Date.now() - t0 > limitMs) break;
    const a = performance.now();
    await fn(i);
    await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
    out.push(performance.now() - a);
  }
  return out;
}

function round(v) { return v == null ? null : Math.round(v * 10) / 10; }

module.exports = { launch, pct, summary, wall, round };
