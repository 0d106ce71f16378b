#!/usr/bin/env python3
# writers.py — N concurrent writers through the real HTTP server: each
# writer runs its own sequence of page posts (add_server, save_server,
# connect, create_cluster, delete_server, with the same-host Referer a
# browser sends) and API calls (POST/PATCH/DELETE on nph-api.cgi), all
# writers released at once. Every answer is recorded; then the database is
# read to check that every acknowledged (2xx/3xx) write is there.
# Prints one JSON summary line; exit 0 when nothing was lost, no answer was
# 5xx and no body mentioned a busy or locked database.
# SPDX-License-Identifier: BSD-3-Clause
import argparse
import base64
import http.client
import json
import sqlite3
import threading
import time
import urllib.parse

MODULE = "/unlimited-cluster/"
# What a user must never read, whatever the status.
BUSY_TEXT = ("database is locked", "SQLITE_BUSY", "database is busy",
             "database table is locked", "err_db_busy")


def plan(w, port):
    """The writes of writer w, in order: (kind, method, path, body,
    expected statuses, check) where check describes what must be in the
    database afterwards when the write was acknowledged."""
    p, a, d = f"w{w}-p", f"w{w}-a", f"w{w}-d"
    ports = str(port)
    form = urllib.parse.urlencode
    return [
        ("page", "POST", "add_server.cgi",
         form({"id": p, "type": "web", "ip": "127.0.0.1", "ports": ports}),
         (302,), ("exists", p, None)),
        ("api", "POST", "nph-api.cgi/servers",
         json.dumps({"id": a, "type": "database", "ip": "127.0.0.1",
                     "ports": [port]}), (201,), ("exists", a, None)),
        ("api", "POST", "nph-api.cgi/servers",
         json.dumps({"id": d, "type": "cache", "ip": "127.0.0.1",
                     "ports": [port]}), (201,), None),
        ("page", "POST", "save_server.cgi",
         form({"id": p, "name": f"renamed-{w}", "type": "web",
               "ip": "127.0.0.1", "ports": ports}),
         (302,), ("server", p, f"renamed-{w}")),
        ("api", "PATCH", f"nph-api.cgi/servers/{a}",
         json.dumps({"name": f"patched-{w}"}), (200,),
         ("server", a, f"patched-{w}")),
        ("page", "POST", "connect.cgi",
         form({"from": p, "to": a, "type": "database"}), (302,),
         ("conn", p, a)),
        ("api", "POST", "nph-api.cgi/connections",
         json.dumps({"from": a, "to": d, "type": "standard"}), (201,), None),
        ("page", "POST", "create_cluster.cgi",
         form([("name", f"c-{w}"), ("servers", p), ("servers", a)]), (302,),
         ("member", f"c-{w}", p)),
        ("api", "DELETE", f"nph-api.cgi/servers/{d}", None, (204,),
         ("gone", d, None)),
        ("api", "POST", "nph-api.cgi/clusters",
         json.dumps({"name": f"k-{w}", "servers": [a]}), (201,),
         ("member", f"k-{w}", a)),
    ]


class Writer(threading.Thread):
    def __init__(self, w, args, barrier):
        super().__init__(daemon=True)
        self.w, self.args, self.barrier = w, args, barrier
        self.results = []

    def run(self):
        a = self.args
        auth = base64.b64encode(f"{a.user}:{a.password}".encode()).decode()
        ops = plan(self.w, a.probe_port)[: a.ops]
        try:
            self.barrier.wait(timeout=60)
        except threading.BrokenBarrierError:
            pass
        for kind, method, path, body, want, chk in ops:
            hdr = {"Authorization": "Basic " + auth,
                   "Host": f"127.0.0.1:{a.port}"}
            if kind == "page":
                hdr["Referer"] = f"http://127.0.0.1:{a.port}{MODULE}"
                hdr["Content-Type"] = "application/x-www-form-urlencoded"
            elif body is not None:
                hdr["Content-Type"] = "application/json"
            t0 = time.monotonic()
            status, text = 0, ""
            try:
                c = http.client.HTTPConnection("127.0.0.1", a.port,
                                               timeout=120)
                c.request(method, MODULE + path, body=body, headers=hdr)
                r = c.getresponse()
                status, text = r.status, r.read().decode("utf-8", "replace")
                c.close()
            except (OSError, http.client.HTTPException) as ex:
                text = f"no answer: {ex}"
            self.results.append({
                "writer": self.w, "kind": kind, "method": method,
                "path": path, "status": status, "want": list(want),
                "ms": round((time.monotonic() - t0) * 1000, 1),
                "check": chk, "body": text[:300]})


def verify(db, results):
    """The acknowledged writes missing from the database."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    missing = []
    for r in results:
        if not (200 <= r["status"] < 400) or r["check"] is None:
            continue
        what, k, v = r["check"]
        if what == "server":
            row = con.execute("SELECT name FROM servers WHERE id = ?",
                              (k,)).fetchone()
            ok = row is not None and row[0] == v
        elif what == "conn":
            ok = con.execute(
                "SELECT 1 FROM connections WHERE from_id = ? AND to_id = ?",
                (k, v)).fetchone() is not None
        elif what == "member":
            ok = con.execute(
                "SELECT 1 FROM cluster_members WHERE cluster = ? AND "
                "server = ?", (k, v)).fetchone() is not None
        elif what == "exists":
            ok = con.execute("SELECT 1 FROM servers WHERE id = ?",
                             (k,)).fetchone() is not None
        else:  # gone
            ok = con.execute("SELECT 1 FROM servers WHERE id = ?",
                             (k,)).fetchone() is None
        if not ok:
            missing.append(r)
    con.close()
    return missing


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--writers", type=int, default=100)
    ap.add_argument("--ops", type=int, default=10)
    ap.add_argument("--probe-port", type=int, default=9)
    ap.add_argument("--log", required=True)
    a = ap.parse_args()
    barrier = threading.Barrier(a.writers)
    ws = [Writer(w, a, barrier) for w in range(a.writers)]
    t0 = time.monotonic()
    for w in ws:
        w.start()
    for w in ws:
        w.join(timeout=600)
    secs = time.monotonic() - t0
    results = [r for w in ws for r in w.results]
    with open(a.log, "w") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")
    by_status = {}
    for r in results:
        by_status[str(r["status"])] = by_status.get(str(r["status"]), 0) + 1
    unexpected = [r for r in results if r["status"] not in r["want"]]
    busy = [r for r in results if any(b in r["body"] for b in BUSY_TEXT)]
    server_err = [r for r in results if r["status"] >= 500 or r["status"] == 0]
    missing = verify(a.db, results)
    ms = sorted(r["ms"] for r in results) or [0]
    summary = {
        "writers": a.writers, "requests": len(results),
        "expected": a.writers * min(a.ops, 10), "seconds": round(secs, 2),
        "by_status": by_status, "unexpected": len(unexpected),
        "server_errors": len(server_err), "busy_text": len(busy),
        "acknowledged": sum(1 for r in results if 200 <= r["status"] < 400),
        "missing": len(missing),
        "ms_p50": ms[len(ms) // 2], "ms_p99": ms[int(len(ms) * 0.99)],
        "ms_max": ms[-1],
        "examples": [{k: r[k] for k in ("method", "path", "status", "body")}
                     for r in (unexpected + missing)[:3]],
    }
    print(json.dumps(summary))
    good = (not unexpected and not busy and not server_err and not missing
            and len(results) == summary["expected"])
    return 0 if good else 1


if __name__ == "__main__":
    raise SystemExit(main())
