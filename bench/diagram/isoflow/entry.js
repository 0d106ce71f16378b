/* entry.js — the page that renders the `isoflow` npm component (React 18,
 * the isoflow icon pack) with a generated model, as in
 * ../../../../shared/notes/fossflow.md §6.1: N items on a square grid 3
 * tiles apart, icons cycling server/storage/cache/loadbalancer/firewall/vm,
 * N connectors (a chain i -> i+1 plus one link back to the first), N/10
 * rectangles, names only, fitToView, EDITABLE. Bundled once with esbuild
 * (bench/diagram.sh); runs offline from two static files.
 * SPDX-License-Identifier: BSD-3-Clause */
import React from 'react';
import { createRoot } from 'react-dom/client';
import Isoflow from 'isoflow';
import pack from '@isoflow/isopacks/dist/isoflow';

const ICONS = ['server', 'storage', 'cache', 'loadbalancer', 'firewall', 'vm'];

function model(n) {
  const cols = Math.ceil(Math.sqrt(n)), items = [], viewItems = [], connectors = [], rectangles = [];
  for (let i = 0; i < n; i++) {
    const id = 'srv-' + i;
    items.push({ id, name: 'server-' + i, icon: ICONS[i % ICONS.length] });
    viewItems.push({ id, tile: { x: 3 * (i % cols), y: 3 * Math.floor(i / cols) } });
  }
  const link = (a, b, k) => connectors.push({ id: 'c-' + k, color: 'blue', anchors: [
    { id: 'c-' + k + '-a', ref: { item: 'srv-' + a } }, { id: 'c-' + k + '-b', ref: { item: 'srv-' + b } }] });
  for (let i = 0; i + 1 < n; i++) link(i, i + 1, i);
  if (n > 1) link(n - 1, 0, n - 1);
  for (let r = 0; r < Math.floor(n / 10); r++) {
    const t = viewItems[r * 10].tile;
    rectangles.push({ id: 'r-' + r, color: 'group', from: { x: t.x - 1, y: t.y - 1 }, to: { x: t.x + 1, y: t.y + 1 } });
  }
  return {
    title: 'bench ' + n, icons: pack.icons, colors: [{ id: 'blue', value: '#1e88e5' }, { id: 'group', value: '#a5b8f3' }],
    items, views: [{ id: 'v', name: 'bench', items: viewItems, connectors, rectangles }], fitToView: true
  };
}

window.__bench = {
  /* Renders n items; resolves when every node's image is in the page. */
  render(n) {
    const data = model(n), root = createRoot(document.getElementById('root'));
    const t0 = performance.now();
    root.render(React.createElement(Isoflow, { initialData: data, editorMode: 'EDITABLE', height: '100vh' }));
    return new Promise(resolve => {
      const check = () => {
        if (document.querySelectorAll('#root img').length >= n) resolve(performance.now() - t0);
        else setTimeout(check, 50);
      };
      check();
    });
  }
};
