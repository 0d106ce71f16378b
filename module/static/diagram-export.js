/* diagram-export.js — pictures out, made in the browser: a PNG of the
 * whole estate cropped to its content at a chosen scale, and an SVG
 * drawing with the same shapes (icons from the same primitives). The HTML
 * snapshot is made by the server (diagram_data.cgi?format=html). Mixed
 * into the Diagram by diagram.js.
 * SPDX-License-Identifier: BSD-3-Clause */
(function (U) {
  'use strict';
  var M = U.exportMethods = {};
  var TW = U.TW, TH = U.TH;
  var MAX_SIDE = 16000, MAX_PIXELS = 120e6; /* what browsers can allocate */
  var SVG_ICONS_MAX = 5000;  /* more servers: simple shapes in the SVG */
  var SVG_LINKS_MAX = 50000; /* more links: an even sample of them */

  /* The content's extent in scene pixels (zoom 1), areas and icons
   * included; null when there is nothing. */
  M.sceneBounds = function () {
    var m = this.model, b = m.bounds();
    if (!b) return null;
    m.areas();
    (m.zones || []).forEach(function (z) {
      b.x0 = Math.min(b.x0, z.x0); b.y0 = Math.min(b.y0, z.y0);
      b.x1 = Math.max(b.x1, z.x1); b.y1 = Math.max(b.y1, z.y1);
    });
    return {
      x0: U.sceneX(b.x0 - 0.5, b.y1 + 0.5) - 20, x1: U.sceneX(b.x1 + 0.5, b.y0 - 0.5) + 20,
      y0: U.sceneY(b.x1 + 0.5, b.y1 + 0.5) - 130, y1: U.sceneY(b.x0 - 0.5, b.y0 - 0.5) + 40
    };
  };

  function download(blob, name) {
    var a = document.createElement('a'), url = URL.createObjectURL(blob);
    a.href = url;
    a.download = name;
    a.click(); /* detached: no page script sees the click */
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function stamp() {
    return new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
  }

  /* Renders the whole estate at zoom `scale` (clamped to what a canvas
   * can hold) and downloads it; resolves with {width, height, scale,
   * bytes}. */
  M.exportPNG = function (scale) {
    var d = this, b = this.sceneBounds();
    if (!b) return Promise.resolve(null);
    var z = scale || 0.5, w = b.x1 - b.x0, h = b.y1 - b.y0;
    z = Math.min(z, MAX_SIDE / w, MAX_SIDE / h, Math.sqrt(MAX_PIXELS / (w * h)));
    var W = Math.max(1, Math.ceil(w * z)), H = Math.max(1, Math.ceil(h * z));
    var cv = document.createElement('canvas');
    cv.width = W;
    cv.height = H;
    var view = new U.View(W, H);
    view.z = z;
    view.ox = -b.x0 * z;
    view.oy = -b.y0 * z;
    U.drawScene(cv.getContext('2d'), view, this.model, {});
    return new Promise(function (resolve) {
      cv.toBlob(function (blob) {
        var info = { kind: 'png', width: W, height: H, scale: z, bytes: blob ? blob.size : 0 };
        d.lastExport = info;
        if (blob) download(blob, 'unlimited-cluster-' + stamp() + '.png');
        d.showStatus(d.t('diagram_status_saved'));
        resolve(info);
      }, 'image/png');
    });
  };

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function n(v) { return Math.round(v * 10) / 10; }

  function floorPoints(v, x0, y0, x1, y1) {
    return [[x0 - 0.5, y1 + 0.5], [x1 + 0.5, y1 + 0.5], [x1 + 0.5, y0 - 0.5], [x0 - 0.5, y0 - 0.5]]
      .map(function (p) { return n(v.px(p[0], p[1])) + ',' + n(v.py(p[0], p[1])); }).join(' ');
  }

  function text(x, y, size, fill, s, anchor) {
    return '<text x="' + n(x) + '" y="' + n(y) + '" font-size="' + size + '" font-weight="600" fill="' + fill +
      '" text-anchor="' + (anchor || 'middle') + '" stroke="#ffffff" stroke-width="3" paint-order="stroke">' + esc(s) + '</text>';
  }

  /* The SVG text of the whole estate at zoom 1. */
  M.svgText = function () {
    var m = this.model, b = this.sceneBounds(), out = [], i;
    if (!b) b = { x0: 0, y0: 0, x1: 100, y1: 100 };
    var v = new U.View(b.x1 - b.x0, b.y1 - b.y0);
    v.z = 1; v.ox = -b.x0; v.oy = -b.y0;
    out.push('<svg xmlns="http://www.w3.org/2000/svg" width="' + Math.ceil(v.w / 2) + '" height="' + Math.ceil(v.h / 2) +
             '" viewBox="0 0 ' + Math.ceil(v.w) + ' ' + Math.ceil(v.h) + '" font-family="Arial, sans-serif">');
    out.push('<rect width="100%" height="100%" fill="' + U.BACKGROUND + '"/>');
    m.areas();
    (m.zones || []).forEach(function (z) {
      out.push('<polygon points="' + floorPoints(v, z.x0, z.y0, z.x1, z.y1) +
               '" fill="rgba(96,125,139,0.07)" stroke="rgba(69,90,100,0.55)" stroke-width="1.5" stroke-dasharray="8 6"/>');
      out.push(text(v.px(z.x0 - 0.5, z.y1 + 0.5) + 6, v.py(z.x0 - 0.5, z.y1 + 0.5) - 6, 22, '#37474f', z.name, 'start'));
    });
    m.clusters.forEach(function (cl) {
      var a = cl.area;
      if (!a) return;
      out.push('<polygon points="' + floorPoints(v, a.x0, a.y0, a.x1, a.y1) + '" fill="' + cl.color +
               '" fill-opacity="0.5" stroke="' + U.shade(cl.color, -0.35) + '" stroke-width="1.2"/>');
    });
    var w = 6, stride = Math.max(1, Math.ceil(m.conns.length / SVG_LINKS_MAX));
    m.conns.forEach(function (c, ci) {
      if (ci % stride) return;
      var st = U.CONN_STYLES[m.ctypes[c.type]] || U.CONN_STYLES.standard;
      var colour = U.connDown(c) ? U.DOWN_COLOUR : st.color, bend = U.bend(c.a, c.b);
      var pts = [[c.a.x, c.a.y], [bend.x, bend.y], [c.b.x, c.b.y]].map(function (p) {
        return n(v.px(p[0], p[1])) + ',' + n(v.py(p[0], p[1]));
      }).join(' ');
      out.push('<polyline points="' + pts + '" fill="none" stroke="#ffffff" stroke-opacity="0.7" stroke-width="' + (w * 2.2) + '" stroke-linecap="round" stroke-linejoin="round"/>');
      out.push('<polyline points="' + pts + '" fill="none" stroke="' + colour + '" stroke-width="' + w +
               '" stroke-linecap="round" stroke-linejoin="round"' +
               (st.dash.length ? ' stroke-dasharray="' + st.dash.map(function (x) { return n(x * w); }).join(' ') + '"' : '') + '/>');
      var x0 = v.px(bend.x, bend.y), y0 = v.py(bend.x, bend.y), x1 = v.px(c.b.x, c.b.y), y1 = v.py(c.b.x, c.b.y);
      if (x0 === x1 && y0 === y1) { x0 = v.px(c.a.x, c.a.y); y0 = v.py(c.a.x, c.a.y); }
      var dx = x1 - x0, dy = y1 - y0, len = Math.sqrt(dx * dx + dy * dy) || 1, s = 9;
      dx /= len; dy /= len;
      var mx = x0 + dx * len * 0.6, my = y0 + dy * len * 0.6;
      out.push('<polygon fill="' + colour + '" points="' + n(mx + dx * s) + ',' + n(my + dy * s) + ' ' +
               n(mx - dx * s * 0.6 - dy * s * 0.75) + ',' + n(my - dy * s * 0.6 + dx * s * 0.75) + ' ' +
               n(mx - dx * s * 0.6 + dy * s * 0.75) + ',' + n(my - dy * s * 0.6 - dx * s * 0.75) + '"/>');
    });
    var order = m.depthOrder(), icons = order.length <= SVG_ICONS_MAX;
    for (i = 0; i < order.length; i++) {
      var s = order[i], t = m.types[s.type] || m.types[0], x = v.px(s.x, s.y), y = v.py(s.x, s.y);
      if (icons) {
        out.push(U.svgPrims(U.iconPrims(t.name, t.color), x, y, 1));
        var top = U.ICON_TOP[t.name] || 100;
        out.push('<circle cx="' + n(x + TW * 0.22) + '" cy="' + n(y - top + 6) + '" r="8" fill="' +
                 U.STATE_COLOURS[s.status] + '" stroke="#ffffff" stroke-width="2.4"/>');
        out.push(text(x, y + TH * 0.5 + 16, 14, '#263238', s.name));
      } else {
        out.push('<polygon points="' + [[x - TW * 0.36, y], [x, y - TH * 0.36], [x + TW * 0.36, y], [x, y + TH * 0.36]]
          .map(function (p) { return n(p[0]) + ',' + n(p[1]); }).join(' ') + '" fill="' + t.color + '"/>');
      }
    }
    m.clusters.forEach(function (cl) {
      if (cl.area) out.push(text(v.px(cl.area.x0 - 0.5, cl.area.y0 - 0.5), v.py(cl.area.x0 - 0.5, cl.area.y0 - 0.5) + 18, 15,
                                 U.shade(cl.color, -0.7), cl.name));
    });
    out.push('</svg>\n');
    return out.join('\n');
  };

  M.exportSVG = function () {
    var svg = this.svgText();
    this.lastExport = { kind: 'svg', bytes: svg.length };
    download(new Blob([svg], { type: 'image/svg+xml' }), 'unlimited-cluster-' + stamp() + '.svg');
    this.showStatus(this.t('diagram_status_saved'));
    return svg;
  };
})(window.ucDiagram = window.ucDiagram || {});
