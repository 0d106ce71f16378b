/* diagram-icons.js — one isometric icon per server type, drawn by us as
 * lists of primitives (polygons, ellipses, cylinders, lines) in the type's
 * colour, so that the canvas and the SVG export draw the same shapes.
 * Icon space: scene pixels at zoom 1, origin at the centre of the tile
 * the server stands on, y down (FossFLOW's projection: +u up-right, +v
 * up-left). Also the cached sprites the renderer blits.
 * SPDX-License-Identifier: BSD-3-Clause */
(function (U) {
  'use strict';
  var TW = U.TW, TH = U.TH;

  /* A point on the floor (u, v in tiles) at height h (pixels). */
  function P(u, v, h) { return [(TW / 2) * (u - v), -(TH / 2) * (u + v) - (h || 0)]; }

  function hex(c) {
    var n = parseInt(c.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  /* f > 0 mixes towards white, f < 0 towards black. */
  function shade(c, f) {
    var a = hex(c), t = f < 0 ? 0 : 255, p = Math.abs(f), o = '#';
    for (var i = 0; i < 3; i++) {
      var v = Math.round((t - a[i]) * p + a[i]);
      o += (v < 16 ? '0' : '') + v.toString(16);
    }
    return o;
  }
  U.shade = shade;
  U.rgba = function (c, alpha) { var a = hex(c); return 'rgba(' + a[0] + ',' + a[1] + ',' + a[2] + ',' + alpha + ')'; };

  function flat(pts) { var o = []; for (var i = 0; i < pts.length; i++) o.push(pts[i][0], pts[i][1]); return o; }
  function poly(pts, fill, stroke, w) { return { t: 'poly', p: flat(pts), f: fill || null, s: stroke || null, w: w || 1 }; }
  function line(pts, stroke, w) { return { t: 'line', p: flat(pts), s: stroke, w: w || 1.5 }; }

  /* An iso box over u0..u1 x v0..v1, heights h0..h1: its three seen faces. */
  function box(u0, v0, u1, v1, h0, h1, c) {
    var edge = shade(c, -0.45);
    return [
      poly([P(u0, v0, h0), P(u0, v1, h0), P(u0, v1, h1), P(u0, v0, h1)], c, edge, 0.8),
      poly([P(u0, v0, h0), P(u1, v0, h0), P(u1, v0, h1), P(u0, v0, h1)], shade(c, -0.25), edge, 0.8),
      poly([P(u0, v0, h1), P(u1, v0, h1), P(u1, v1, h1), P(u0, v1, h1)], shade(c, 0.35), edge, 0.8)
    ];
  }
  /* Points on the faces of that box: left (u = u0), right (v = v0), top. */
  function faces(u0, v0, u1, v1, h1) {
    return {
      L: function (t, h) { return P(u0, v0 + t * (v1 - v0), h); },
      R: function (t, h) { return P(u0 + t * (u1 - u0), v0, h); },
      T: function (a, b) { return P(u0 + a * (u1 - u0), v0 + b * (v1 - v0), h1); }
    };
  }
  /* A vertical cylinder of floor radius r (tiles) from h0 to h1. */
  function cyl(r, h0, h1, c) {
    var rx = TW * r / Math.SQRT2, ry = TH * r / Math.SQRT2, edge = shade(c, -0.45);
    return [
      { t: 'cyl', rx: rx, ry: ry, h0: h0, h1: h1, f: c, s: edge, w: 0.8 },
      { t: 'ell', cx: 0, cy: -h1, rx: rx, ry: ry, f: shade(c, 0.35), s: edge, w: 0.8 }
    ];
  }

  var ICONS = {
    web: function (c) {
      var o = box(-0.28, -0.38, 0.28, 0.38, 0, 78, c), f = faces(-0.28, -0.38, 0.28, 0.38, 78);
      var dark = shade(c, -0.55);
      [16, 32, 48, 64].forEach(function (h) {
        o.push(line([f.L(0.1, h), f.L(0.72, h)], dark, 2.2));
        o.push(poly([f.L(0.8, h - 2), f.L(0.88, h - 2), f.L(0.88, h + 3), f.L(0.8, h + 3)], '#b9f6ca'));
      });
      return o;
    },
    database: function (c) {
      var o = [];
      [[0, 20], [25, 45], [50, 70]].forEach(function (h) { o = o.concat(cyl(0.34, h[0], h[1], c)); });
      return o;
    },
    dns: function (c) {
      var o = box(-0.36, -0.36, 0.36, 0.36, 0, 14, c), r = 27, cy = -46;
      o.push({ t: 'line', p: [0, -12, 0, cy + r], s: shade(c, -0.5), w: 4 });
      o.push({ t: 'ell', cx: 0, cy: cy, rx: r, ry: r, f: c, s: shade(c, -0.45), w: 1 });
      o.push({ t: 'ell', cx: 0, cy: cy, rx: r * 0.45, ry: r, f: null, s: shade(c, 0.55), w: 1.6 });
      o.push({ t: 'ell', cx: 0, cy: cy, rx: r, ry: r * 0.3, f: null, s: shade(c, 0.55), w: 1.6 });
      o.push({ t: 'line', p: [0, cy - r, 0, cy + r], s: shade(c, 0.55), w: 1.6 });
      o.push({ t: 'ell', cx: -9, cy: cy - 10, rx: 6, ry: 4, f: 'rgba(255,255,255,0.55)', s: null });
      return o;
    },
    cache: function (c) {
      var o = box(-0.36, -0.36, 0.36, 0.36, 0, 34, c), f = faces(-0.36, -0.36, 0.36, 0.36, 34);
      var bolt = [[0.62, 0.12], [0.3, 0.55], [0.5, 0.55], [0.38, 0.9], [0.74, 0.42], [0.54, 0.42], [0.7, 0.12]];
      o.push(poly(bolt.map(function (p) { return f.T(p[0], p[1]); }), '#ffeb3b', shade(c, -0.6), 1.2));
      return o;
    },
    loadbalancer: function (c) {
      var o = box(-0.4, -0.4, 0.4, 0.4, 0, 22, c), f = faces(-0.4, -0.4, 0.4, 0.4, 22);
      var w = '#ffffff';
      o.push(line([f.T(0.15, 0.5), f.T(0.5, 0.5)], w, 3.5));
      o.push(line([f.T(0.5, 0.5), f.T(0.82, 0.2)], w, 3.5));
      o.push(line([f.T(0.5, 0.5), f.T(0.82, 0.8)], w, 3.5));
      o.push(poly([f.T(0.9, 0.12), f.T(0.7, 0.14), f.T(0.86, 0.34)], w));
      o.push(poly([f.T(0.9, 0.88), f.T(0.7, 0.86), f.T(0.86, 0.66)], w));
      return o;
    },
    filesystem: function (c) {
      var o = box(-0.3, -0.38, 0.3, 0.38, 0, 64, c), f = faces(-0.3, -0.38, 0.3, 0.38, 64);
      var dark = shade(c, -0.55), light = shade(c, 0.5);
      [[6, 22], [26, 42], [46, 60]].forEach(function (h) {
        o.push(poly([f.L(0.08, h[0]), f.L(0.92, h[0]), f.L(0.92, h[1]), f.L(0.08, h[1])], null, dark, 1.4));
        o.push(line([f.L(0.4, (h[0] + h[1]) / 2), f.L(0.6, (h[0] + h[1]) / 2)], light, 3));
      });
      return o;
    },
    monitoring: function (c) {
      var dark = shade(c, -0.5);
      var o = box(-0.3, -0.3, 0.3, 0.3, 0, 26, c).concat(box(-0.04, -0.04, 0.04, 0.04, 26, 36, dark));
      o = o.concat(box(-0.06, -0.42, 0.06, 0.42, 36, 84, c));
      var f = faces(-0.06, -0.42, 0.06, 0.42, 84);
      o.push(poly([f.L(0.12, 42), f.L(0.88, 42), f.L(0.88, 78), f.L(0.12, 78)], '#1c2833'));
      o.push(line([f.L(0.16, 49), f.L(0.32, 60), f.L(0.46, 53), f.L(0.62, 70), f.L(0.76, 58), f.L(0.85, 66)], '#69f0ae', 2.2));
      return o;
    },
    backup: function (c) {
      var o = box(-0.36, -0.36, 0.36, 0.36, 0, 40, c), f = faces(-0.36, -0.36, 0.36, 0.36, 40);
      var tape = shade(c, 0.6);
      o.push(poly([f.T(0, 0.42), f.T(1, 0.42), f.T(1, 0.58), f.T(0, 0.58)], tape));
      o.push(poly([f.L(0.42, 0), f.L(0.58, 0), f.L(0.58, 40), f.L(0.42, 40)], tape));
      o.push(poly([f.R(0.25, 12), f.R(0.75, 12), f.R(0.75, 28), f.R(0.25, 28)], '#ffffff', shade(c, -0.5), 1));
      return o;
    },
    security: function (c) {
      var o = box(-0.32, -0.32, 0.32, 0.32, 0, 10, shade(c, -0.25)), dark = shade(c, -0.5);
      var top = -14;
      o.push(poly([[-27, top - 56], [0, top - 66], [27, top - 56], [24, top - 26], [0, top - 2], [-24, top - 26]], c, dark, 1.5));
      o.push(poly([[0, top - 63], [24, top - 55], [21, top - 27], [0, top - 5]], shade(c, -0.2)));
      o.push({ t: 'ell', cx: 0, cy: top - 42, rx: 6, ry: 6, f: '#ffffff', s: null });
      o.push(poly([[-3, top - 40], [3, top - 40], [5, top - 24], [-5, top - 24]], '#ffffff'));
      return o;
    }
  };

  /* Height in pixels (zoom 1) of each icon above its tile centre: where
   * the state marker and labels go. */
  U.ICON_TOP = { web: 106, database: 91, dns: 74, cache: 64, loadbalancer: 56,
                 filesystem: 93, monitoring: 104, backup: 70, security: 81 };

  var cache = {};
  /* The primitives of a type's icon in colour c. */
  U.iconPrims = function (type, c) {
    var k = type + c;
    if (!cache[k]) cache[k] = (ICONS[type] || ICONS.web)(c);
    return cache[k];
  };

  /* Draws primitives on a 2D context already translated to the tile
   * centre and scaled. */
  U.drawPrims = function (ctx, prims) {
    for (var i = 0; i < prims.length; i++) {
      var p = prims[i], k;
      ctx.beginPath();
      if (p.t === 'poly' || p.t === 'line') {
        ctx.moveTo(p.p[0], p.p[1]);
        for (k = 2; k < p.p.length; k += 2) ctx.lineTo(p.p[k], p.p[k + 1]);
        if (p.t === 'poly') ctx.closePath();
      } else if (p.t === 'ell') {
        ctx.ellipse(p.cx, p.cy, p.rx, p.ry, 0, 0, 2 * Math.PI);
      } else if (p.t === 'cyl') {
        ctx.moveTo(-p.rx, -p.h1);
        ctx.lineTo(-p.rx, -p.h0);
        ctx.ellipse(0, -p.h0, p.rx, p.ry, 0, Math.PI, 0, true);
        ctx.lineTo(p.rx, -p.h1);
        ctx.closePath();
      }
      if (p.f && p.t !== 'line') { ctx.fillStyle = p.f; ctx.fill(); }
      if (p.s) {
        ctx.strokeStyle = p.s;
        ctx.lineWidth = p.w;
        ctx.lineJoin = 'round';
        ctx.lineCap = 'round';
        ctx.stroke();
      }
    }
  };

  /* The same primitives as SVG elements (strings), offset by (dx, dy) and
   * scaled by k. */
  function n(v) { return Math.round(v * 10) / 10; }
  U.svgPrims = function (prims, dx, dy, k) {
    var out = [];
    for (var i = 0; i < prims.length; i++) {
      var p = prims[i], st = '', j;
      st += ' fill="' + (p.f && p.t !== 'line' ? p.f : 'none') + '"';
      if (p.s) st += ' stroke="' + p.s + '" stroke-width="' + n(p.w * k) + '" stroke-linejoin="round" stroke-linecap="round"';
      if (p.t === 'poly' || p.t === 'line') {
        var pts = [];
        for (j = 0; j < p.p.length; j += 2) pts.push(n(dx + p.p[j] * k) + ',' + n(dy + p.p[j + 1] * k));
        out.push('<' + (p.t === 'poly' ? 'polygon' : 'polyline') + ' points="' + pts.join(' ') + '"' + st + '/>');
      } else if (p.t === 'ell') {
        out.push('<ellipse cx="' + n(dx + p.cx * k) + '" cy="' + n(dy + p.cy * k) + '" rx="' + n(p.rx * k) + '" ry="' + n(p.ry * k) + '"' + st + '/>');
      } else if (p.t === 'cyl') {
        var rx = n(p.rx * k), ry = n(p.ry * k);
        var x0 = n(dx - p.rx * k), x1 = n(dx + p.rx * k), yt = n(dy - p.h1 * k), yb = n(dy - p.h0 * k);
        out.push('<path d="M' + x0 + ',' + yt + 'L' + x0 + ',' + yb + 'A' + rx + ',' + ry + ' 0 0 0 ' + x1 + ',' + yb + 'L' + x1 + ',' + yt + 'Z"' + st + '/>');
      }
    }
    return out.join('');
  };

  /* A cached bitmap of a type's icon at scale k (steps of a quarter
   * octave): {img, ax, ay} with (ax, ay) the tile centre in the bitmap. */
  var sprites = {};
  U.sprite = function (type, color, z) {
    var step = Math.round(Math.log(z) / Math.LN2 * 4);
    var k = Math.pow(2, step / 4), key = type + color + step;
    var sp = sprites[key];
    if (sp) return sp;
    var w = Math.ceil(TW * 0.9 * k) + 4, top = (U.ICON_TOP[type] || 100) + 8;
    var h = Math.ceil((top + TH / 2 + 4) * k) + 4;
    var cv = document.createElement('canvas');
    cv.width = w;
    cv.height = h;
    var ctx = cv.getContext('2d');
    ctx.translate(w / 2, top * k + 2);
    ctx.scale(k, k);
    U.drawPrims(ctx, U.iconPrims(type, color));
    sp = { img: cv, ax: w / 2, ay: top * k + 2, k: k };
    sprites[key] = sp;
    return sp;
  };
})(window.ucDiagram = window.ucDiagram || {});
