# dashboard.py — renders the estate (servers, connections, clusters) into
# one self-contained HTML page: inline CSS and JS from dashboard.html, the
# data as JSON in <script type="application/json"> with < > & escaped, and
# no reference to anything outside the file.
# SPDX-License-Identifier: BSD-3-Clause
"""The self-contained HTML dashboard."""

from __future__ import annotations

import datetime
import html
import json
import os
import re

_TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         "dashboard.html")
_SERVER_KEYS = ("id", "name", "type", "ip", "region", "status", "ports")


def embed_json(value):
    """JSON text safe inside a <script> element: no "<", ">" or "&" (so no
    "</script>" or "<!--"), non-ASCII as \\u escapes (so U+2028 too)."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"),
                      sort_keys=True)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


def render(estate, title=None, source=None, now=None):
    """The page for estate = {"servers": [...], "connections": [...],
    "clusters": [{"name","description","servers":[ids]}, ...]} as a str."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    data = {
        "generated": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "source": source or "",
        "servers": [{k: s.get(k) for k in _SERVER_KEYS}
                    for s in estate.get("servers", [])],
        "connections": [{"from": c.get("from"), "to": c.get("to"),
                         "type": c.get("type")}
                        for c in estate.get("connections", [])],
        "clusters": [{"name": c.get("name"),
                      "description": c.get("description") or "",
                      "servers": list(c.get("servers") or [])}
                     for c in estate.get("clusters", [])],
    }
    with open(_TEMPLATE, encoding="utf-8") as f:
        page = f.read()
    values = {"@@TITLE@@": html.escape(title or "Unlimited Cluster estate",
                                       quote=True),
              "@@DATA@@": embed_json(data)}
    # One pass, so that a title holding a marker is not replaced again.
    return re.sub("@@(?:TITLE|DATA)@@", lambda m: values[m.group(0)], page)
