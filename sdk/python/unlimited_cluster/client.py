# client.py — UnlimitedClusterManager: one method per REST API route of the
# unlimited-cluster Webmin module (servers, connections, clusters, alert
# rules, alerts and silences, stats, export/import, metrics) and the
# self-contained HTML dashboard.
# SPDX-License-Identifier: BSD-3-Clause
"""The client class."""

from __future__ import annotations

import urllib.parse

from . import dashboard
from .errors import ApiError
from .transport import Transport

# Query keys GET /servers accepts besides limit and cursor.
SERVER_FILTERS = ("type", "region", "status", "cluster", "q", "sort", "order")
PAGE_SIZE_MAX = 1000
# Pagination stops with an error rather than loop on a server that keeps
# answering with cursors (at most this many pages per listing).
_MAX_PAGES = 1_000_000


def _seg(value):
    """One path segment: an id or cluster name, percent-encoded."""
    if not isinstance(value, str) or value == "":
        raise ValueError("an id or name must be a non-empty string, not %r"
                         % (value,))
    return urllib.parse.quote(value, safe="")


def _page_size(page_size):
    if isinstance(page_size, bool) or not isinstance(page_size, int) or \
            not 1 <= page_size <= PAGE_SIZE_MAX:
        raise ValueError("page_size must be an integer 1..%d, not %r"
                         % (PAGE_SIZE_MAX, page_size))
    return page_size


def _drop_none(fields):
    return {k: v for k, v in fields.items() if v is not None}


class UnlimitedClusterManager:
    """Client for the unlimited-cluster REST API.

    url:      the module's address, e.g.
              "https://webmin.example.com:10000/unlimited-cluster/"
              (the API is <url>nph-api.cgi/<route>);
    user, password: a Webmin user with the module;
    auth:     "auto" (default), "basic" or "webmin" (see Transport);
    timeout:  seconds per HTTP request;
    verify:   True, False (accept a self-signed certificate) or a CA file;
    login_url: Webmin's /session_login.cgi when it is not next to the module.

    Every method raises ApiError (status, code, field, message) when the API
    refuses a request.
    """

    def __init__(self, url, user, password, auth="auto", timeout=30.0,
                 verify=True, login_url=None):
        self._t = Transport(url, user, password, auth=auth, timeout=timeout,
                            verify=verify, login_url=login_url)

    @property
    def url(self):
        """The module's base URL (with a trailing slash)."""
        return self._t.url

    def close(self):
        """Logs out of a Webmin session (nothing to do for basic auth)."""
        self._t.logout()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return "UnlimitedClusterManager(%r, user=%r)" % (self._t.url,
                                                         self._t.user)

    # -- servers ----------------------------------------------------------

    def add_server(self, id, name, type, ip, region=None, ports=None):
        """Creates a server (POST /servers) and returns it as the API stored
        it. name None means "same as id"; ports (list of ints) None means the
        type's usual ports."""
        body = _drop_none({"id": id, "name": name, "type": type, "ip": ip,
                           "region": region,
                           "ports": list(ports) if ports is not None
                           else None})
        return self._t.request("POST", "servers", body=body).json()

    def get_server(self, id):
        """One server with its "clusters" and "connections"."""
        return self._t.request("GET", "servers/" + _seg(id)).json()

    def list_servers(self, page_size=100, **filters):
        """Yields every server matching the filters, following next_cursor
        page by page. filters: type, region, status, cluster, q (search),
        sort (id|name|type|ip|region|status), order (asc|desc)."""
        for key in ("limit", "cursor"):
            if key in filters:
                raise TypeError("list_servers() pages by itself; use "
                                "page_size= instead of %s=" % key)
        return self._paginate("servers", "servers", page_size, filters)

    def list_servers_page(self, cursor=None, page_size=100, **filters):
        """One page of GET /servers as the API answers it: {"servers",
        "next_cursor", "total", "total_exact"}."""
        params = dict(filters, limit=_page_size(page_size), cursor=cursor)
        return self._t.request("GET", "servers", params=params).json()

    def update_server(self, id, **fields):
        """Changes the given fields of a server (PATCH /servers/{id}):
        name, type, ip, region, ports, status, position. Returns the
        server."""
        if not fields:
            raise TypeError("update_server() needs at least one field")
        return self._t.request("PATCH", "servers/" + _seg(id),
                               body=fields).json()

    def replace_server(self, id, name, type, ip, region=None, ports=None):
        """Replaces a server's fields (PUT /servers/{id}); fields not given
        go back to their defaults. Returns the server."""
        body = _drop_none({"name": name, "type": type, "ip": ip,
                           "region": region,
                           "ports": list(ports) if ports is not None
                           else None})
        return self._t.request("PUT", "servers/" + _seg(id),
                               body=body).json()

    def delete_server(self, id):
        """Deletes a server with its connections and cluster memberships."""
        self._t.request("DELETE", "servers/" + _seg(id))

    # -- connections ------------------------------------------------------

    def connect_servers(self, from_id, to_id, type="standard"):
        """Connects two servers (POST /connections); type is one of
        standard, http, database, cache, monitoring. Returns the connection
        {"id","from","to","type","created"}."""
        body = {"from": from_id, "to": to_id, "type": type}
        return self._t.request("POST", "connections", body=body).json()

    def disconnect_servers(self, from_id, to_id):
        """Removes the connection from_id -> to_id."""
        self._t.request("DELETE", "connections",
                        params={"from": from_id, "to": to_id})

    def list_connections(self, server=None, page_size=100):
        """Yields every connection (those of one server when server is
        given), following next_cursor page by page."""
        return self._paginate("connections", "connections", page_size,
                              {"server": server})

    # -- clusters ---------------------------------------------------------

    def create_cluster(self, name, servers, description=None,
                       autoconnect=False):
        """Creates a cluster of the given server ids (POST /clusters).
        autoconnect=True also wires the members by role, as the module's
        form does (load balancer -> web, web -> database and cache,
        monitoring -> everyone)."""
        body = _drop_none({"name": name, "description": description,
                           "servers": list(servers)})
        if autoconnect:
            body["autoconnect"] = True
        return self._t.request("POST", "clusters", body=body).json()

    def list_clusters(self):
        """Every cluster: a list of {"name","description","members"}."""
        return list(self._paginate("clusters", "clusters", None, {}))

    def get_cluster(self, name):
        """One cluster with "servers": the ids of its members."""
        return self._t.request("GET", "clusters/" + _seg(name)).json()

    def update_cluster(self, name, servers=None, description=None):
        """Sets a cluster's members and/or description (PUT
        /clusters/{name}); what is not given is kept as it is."""
        if servers is None or description is None:
            current = self.get_cluster(name)
            if servers is None:
                servers = current.get("servers") or []
            if description is None:
                description = current.get("description") or ""
        body = {"description": description, "servers": list(servers)}
        return self._t.request("PUT", "clusters/" + _seg(name),
                               body=body).json()

    def delete_cluster(self, name):
        """Deletes a cluster (its servers stay)."""
        self._t.request("DELETE", "clusters/" + _seg(name))

    # -- alert rules, alerts and silences ---------------------------------

    def rules(self):
        """Every alert rule (GET /rules), by name."""
        return self._t.request("GET", "rules").json()["rules"]

    def get_rule(self, name):
        """One rule: {"name","metric","op","threshold","clear_at","for_s",
        "hold_s","predict_s","scope","scope_value","severity","action",
        "target","enabled","from_config","created","updated"}."""
        return self._t.request("GET", "rules/" + _seg(name)).json()

    def create_rule(self, name, metric, threshold, **fields):
        """Creates a rule (POST /rules); fields are the other rule fields
        (op=">", clear_at=70, for_s=300 or "5m", hold_s, predict_s,
        scope="cluster", scope_value="shop", severity, action, target,
        enabled). Returns the rule as stored."""
        body = dict(fields, name=name, metric=metric, threshold=threshold)
        return self._t.request("POST", "rules", body=body).json()

    def update_rule(self, name, **fields):
        """Changes the given fields of a rule (PATCH /rules/{name});
        name="new" in fields renames it."""
        return self._t.request("PATCH", "rules/" + _seg(name),
                               body=fields).json()

    def delete_rule(self, name):
        """Deletes a rule with its alerts and silences."""
        self._t.request("DELETE", "rules/" + _seg(name))

    def test_rule(self, name, server=None):
        """Test-fires a rule now (POST /rules/{name}/test): runs its action
        for server (default: the first the rule covers). Returns
        {"rule","server","action","ran","ok","detail"}."""
        body = _drop_none({"server": server})
        return self._t.request("POST", "rules/" + _seg(name) + "/test",
                               body=body).json()

    def alerts(self, state=None, severity=None, server=None):
        """The active alerts, firing and critical first, each with "cause"
        (the root-cause server) and "dependants"."""
        params = _drop_none({"state": state, "severity": severity,
                             "server": server})
        return self._t.request("GET", "alerts", params=params).json()["alerts"]

    def alert_counts(self):
        """{"firing","pending","critical","warning","info","acknowledged",
        "root_causes"} of the active alerts."""
        return self._t.request("GET", "alerts").json()["counts"]

    def alert_history(self, page_size=100, server=None, rule=None):
        """The alert log, newest first, fetched a page at a time."""
        return self._paginate("alerts/history", "events", page_size,
                              _drop_none({"server": server, "rule": rule}))

    def ack(self, alert_id):
        """Acknowledges an active alert; returns it."""
        if isinstance(alert_id, bool) or not isinstance(alert_id, int) or \
                alert_id < 1:
            raise ValueError("alert_id must be a positive integer, not %r"
                             % (alert_id,))
        return self._t.request("POST", "alerts/%d/ack" % alert_id).json()

    def silence(self, duration, rule=None, server=None, reason=None):
        """Silences a rule and/or a server for duration (seconds as an int,
        or text such as "4h"; 60 s to 30 days). Returns the silence."""
        if rule is None and server is None:
            raise ValueError("silence needs a rule, a server or both")
        body = _drop_none({"rule": rule, "server": server,
                           "duration": str(duration), "reason": reason})
        return self._t.request("POST", "silences", body=body).json()

    def silences(self):
        """The silences in force, soonest end first."""
        return self._t.request("GET", "silences").json()["silences"]

    def unsilence(self, silence_id):
        """Ends a silence."""
        self._t.request("DELETE", "silences/%d" % int(silence_id))

    # -- the estate -------------------------------------------------------

    def stats(self):
        """Counts: {"servers","connections","clusters","by_type",
        "by_status","by_region"}."""
        return self._t.request("GET", "stats").json()

    def export(self, format="native"):
        """The whole estate. format "native" (the default) returns the
        native document as a dict; any other format returns the text."""
        resp = self._t.request("GET", "export", params={"format": format},
                               accept="*/*")
        if format == "native":
            return resp.json()
        return resp.text()

    def import_(self, doc, mode="merge", dry_run=False):
        """Imports a native document (a dict, or its JSON text/bytes).
        mode "merge" adds and updates, "replace" makes the estate equal to
        doc. dry_run=True only validates and counts. Returns
        {"dry_run","servers":{"added","updated"},"connections":{"added"},
        "clusters":{"added","updated"}}. A rejected document raises
        ApiError(400) whose .errors lists [{"path","code","message"}]."""
        if mode not in ("merge", "replace"):
            raise ValueError("mode must be \"merge\" or \"replace\"")
        params = {"mode": mode, "dry_run": bool(dry_run)}
        if isinstance(doc, (bytes, bytearray)):
            resp = self._t.request("POST", "import", params=params,
                                   raw_body=bytes(doc))
        elif isinstance(doc, str):
            resp = self._t.request("POST", "import", params=params,
                                   raw_body=doc.encode("utf-8"))
        else:
            resp = self._t.request("POST", "import", params=params, body=doc)
        return resp.json()

    def metrics(self):
        """The Prometheus text exposition of GET /metrics."""
        return self._t.request("GET", "metrics", accept="text/plain").text()

    def generate_interactive_dashboard(self, path, title=None):
        """Writes ONE self-contained HTML file (no network use when opened)
        showing the estate, and returns path. When the API offers GET
        /export?format=html that page is written; otherwise the client
        builds its own from the servers, connections and clusters."""
        page = None
        try:
            resp = self._t.request("GET", "export",
                                   params={"format": "html"},
                                   accept="text/html")
            if resp.status == 200 and "html" in resp.content_type:
                page = resp.body
        except ApiError as exc:
            # Only "no such format/route" or "not allowed" fall back.
            if exc.status is None or exc.status == 401 or exc.status >= 500:
                raise
        if page is None:
            estate = {
                "servers": list(self.list_servers(page_size=PAGE_SIZE_MAX)),
                "connections": list(self.list_connections(
                    page_size=PAGE_SIZE_MAX)),
                "clusters": [self.get_cluster(c["name"])
                             for c in self.list_clusters()],
            }
            page = dashboard.render(estate, title=title,
                                    source=self._t.url).encode("utf-8")
        with open(path, "wb") as f:
            f.write(page)
        return path

    # -- paging -----------------------------------------------------------

    def _paginate(self, route, key, page_size, params):
        params = dict(params)
        if page_size is not None:
            params["limit"] = _page_size(page_size)
        return self._pages(route, key, params)

    def _pages(self, route, key, params):
        seen = set()
        cursor = None
        for _ in range(_MAX_PAGES):
            page = self._t.request("GET", route,
                                   params=dict(params, cursor=cursor)).json()
            if not isinstance(page, dict) or \
                    not isinstance(page.get(key), list):
                raise ApiError(200, "bad_response",
                               "GET /%s did not answer with a %r list"
                               % (route, key))
            for item in page[key]:
                yield item
            cursor = page.get("next_cursor")
            if not cursor:
                return
            if cursor in seen:
                raise ApiError(200, "bad_response",
                               "GET /%s repeated the cursor %r"
                               % (route, cursor))
            seen.add(cursor)
        raise ApiError(200, "bad_response", "GET /%s: too many pages" % route)
