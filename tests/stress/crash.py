#!/usr/bin/env python3
# crash.py — kill -9 at random moments during thousands of writes: the
# staged CGIs are run directly (miniserv's environment, body on stdin),
# --parallel at a time, a seeded share of them killed after a random delay;
# the monitoring daemon runs meanwhile and is killed with SIGKILL and
# restarted at random intervals. A write counts as acknowledged when its
# CGI exited and answered the expected status. Afterwards:
# PRAGMA integrity_check (the database and every history file) and every
# acknowledged write present. The schedule (operations, which CGI is
# killed and when, the daemon's kill times) comes from --seed; the moment a
# kill lands in a CGI's life depends on the machine's timing.
# Prints one JSON summary line; exit 0 when nothing was lost or damaged.
# SPDX-License-Identifier: BSD-3-Clause
import argparse
import glob
import json
import os
import random
import selectors
import signal
import sqlite3
import subprocess
import time
import urllib.parse

REFERER = "http://127.0.0.1:10000/unlimited-cluster/"


class Op:
    __slots__ = ("i", "kind", "script", "pinfo", "method", "body", "ctype",
                 "want", "what", "key", "val", "proc", "kill_at", "killed",
                 "acked", "status", "out")

    def __init__(self, i, kind, script, pinfo, method, body, ctype, want,
                 what, key, val):
        self.i, self.kind, self.script, self.pinfo = i, kind, script, pinfo
        self.method, self.body, self.ctype, self.want = (method, body, ctype,
                                                         want)
        self.what, self.key, self.val = what, key, val
        self.proc, self.kill_at, self.killed = None, None, False
        self.acked, self.status, self.out = False, None, bytearray()


def env_for(a, op):
    env = {
        "REMOTE_USER": "admin", "REMOTE_ADDR": "127.0.0.1",
        "WEBMIN_CONFIG": a.cfg, "WEBMIN_VAR": a.var,
        "SCRIPT_NAME": "/unlimited-cluster/" + op.script,
        "SCRIPT_FILENAME": os.path.join(a.stage, op.script),
        "PATH_INFO": op.pinfo, "QUERY_STRING": "",
        "REQUEST_URI": "/unlimited-cluster/" + op.script + op.pinfo,
        "REQUEST_METHOD": op.method, "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "10000", "SERVER_PROTOCOL": "HTTP/1.0",
        "SERVER_SOFTWARE": "MiniServ/2.660", "GATEWAY_INTERFACE": "CGI/1.1",
        "HTTP_HOST": "127.0.0.1:10000", "PATH": "/usr/bin:/bin",
    }
    for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        if k in os.environ:
            env[k] = os.environ[k]
    if op.kind == "page":
        env["HTTP_REFERER"] = REFERER
    if op.body:
        env["CONTENT_LENGTH"] = str(len(op.body))
        env["CONTENT_TYPE"] = op.ctype
    return env


def status_of(out):
    head = out.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    lines = head.split("\r\n")
    if lines and lines[0].startswith("HTTP/1."):
        return int(lines[0].split()[1])
    for ln in lines:
        if ln.startswith("Location:"):
            return 302
        if ln.startswith("Status:"):
            return int(ln.split()[1])
    return 200


class Plan:
    """Seeded operations over servers s<i>, each touched by one write at a
    time (so that the order of writes to one server is known)."""

    def __init__(self, rng, port):
        self.rng, self.port = rng, port
        self.acked = []          # ids whose creation was acknowledged
        self.busy = set()        # ids with a write in flight
        self.pairs = set()

    def next(self, i):
        r, form = self.rng.random(), urllib.parse.urlencode
        free = [s for s in self.rng.sample(self.acked, min(8, len(self.acked)))
                if s not in self.busy] if self.acked else []
        sid = f"s{i}"
        if r < 0.15 or len(free) < 2:
            return Op(i, "page", "add_server.cgi", "", "POST",
                      form({"id": sid, "type": "web", "ip": "127.0.0.1",
                            "ports": str(self.port)}).encode(),
                      "application/x-www-form-urlencoded", (302,),
                      "add", sid, None)
        if r < 0.30:
            return Op(i, "api", "nph-api.cgi", "/servers", "POST",
                      json.dumps({"id": sid, "type": "web",
                                  "ip": "127.0.0.1",
                                  "ports": [self.port]}).encode(),
                      "application/json", (201,), "add", sid, None)
        target = free[0]
        if r < 0.55:
            return Op(i, "api", "nph-api.cgi", f"/servers/{target}", "PATCH",
                      json.dumps({"name": f"n{i}"}).encode(),
                      "application/json", (200,), "name", target, f"n{i}")
        if r < 0.75:
            return Op(i, "page", "save_server.cgi", "", "POST",
                      form({"id": target, "name": f"n{i}", "type": "web",
                            "ip": "127.0.0.1",
                            "ports": str(self.port)}).encode(),
                      "application/x-www-form-urlencoded", (302,), "name",
                      target, f"n{i}")
        other = free[1]
        pair = frozenset((target, other))  # a connection has no direction
        if pair in self.pairs:
            return self.next_add(i)
        self.pairs.add(pair)
        return Op(i, "page", "connect.cgi", "", "POST",
                  form({"from": target, "to": other,
                        "type": "standard"}).encode(),
                  "application/x-www-form-urlencoded", (302,), "conn",
                  target, other)

    def next_add(self, i):
        sid = f"s{i}"
        return Op(i, "api", "nph-api.cgi", "/servers", "POST",
                  json.dumps({"id": sid, "type": "web", "ip": "127.0.0.1",
                              "ports": [self.port]}).encode(),
                  "application/json", (201,), "add", sid, None)


class Daemon:
    def __init__(self, a, rng):
        self.a, self.rng = a, rng
        self.proc, self.kills, self.starts = None, 0, 0
        self.next_kill = None

    def start(self):
        self.proc = subprocess.Popen(
            [self.a.daemon, "--config", self.a.cfg, "--var", self.a.var,
             "--foreground"], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.starts += 1
        self.next_kill = time.monotonic() + self.rng.uniform(
            self.a.daemon_min_s, self.a.daemon_max_s)

    def tick(self, now):
        if self.proc is None or now < self.next_kill:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.kills += 1
        self.proc.wait()
        self.start()

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def verify(a, ops):
    problems = []
    try:
        con = sqlite3.connect(a.db, timeout=30)
        ic = [r[0] for r in con.execute("PRAGMA integrity_check")]
        if ic != ["ok"]:
            problems.append(f"integrity_check: {ic[:3]}")
        names = dict(con.execute("SELECT id, name FROM servers"))
        conns = set(con.execute("SELECT from_id, to_id FROM connections"))
        con.close()
    except sqlite3.Error as ex:
        return [f"cluster.db: {ex}"], 0, 0, 0
    # Per server, the names written in order: the final one must be the
    # last acknowledged one or one written (unacknowledged) after it.
    history = {}
    checked = 0
    for op in ops:
        if op.what == "name":
            history.setdefault(op.key, []).append(op)
        if not op.acked:
            continue
        checked += 1
        if op.what == "add" and op.key not in names:
            problems.append(f"acknowledged add {op.key} missing")
        elif op.what == "conn" and (op.key, op.val) not in conns:
            problems.append(f"acknowledged connection {op.key}->{op.val} "
                            "missing")
    for sid, hist in history.items():
        last = max((k for k, op in enumerate(hist) if op.acked), default=None)
        if last is None:
            continue
        allowed = {op.val for op in hist[last:]}
        if names.get(sid) not in allowed:
            problems.append(f"{sid}: name {names.get(sid)!r}, acknowledged "
                            f"{hist[last].val!r}")
    hist_files = sorted(glob.glob(os.path.join(a.var, "modules",
                                               "unlimited-cluster", "**",
                                               "*.db"), recursive=True))
    hist_files = [f for f in hist_files if not f.endswith("cluster.db")]
    for f in hist_files:
        try:
            c = sqlite3.connect(f, timeout=30)
            r = [x[0] for x in c.execute("PRAGMA integrity_check")]
            c.close()
        except sqlite3.Error as ex:
            r = [str(ex)]
        if r != ["ok"]:
            problems.append(f"{os.path.basename(f)}: {r[:2]}")
    return problems, checked, len(hist_files), len(names)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stage", required=True)
    ap.add_argument("--cfg", required=True)
    ap.add_argument("--var", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--daemon", required=True)
    ap.add_argument("--writes", type=int, default=10000)
    ap.add_argument("--parallel", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kill-share", type=float, default=0.10)
    ap.add_argument("--kill-max-ms", type=float, default=25.0)
    ap.add_argument("--daemon-min-s", type=float, default=0.2)
    ap.add_argument("--daemon-max-s", type=float, default=1.5)
    ap.add_argument("--probe-port", type=int, default=9)
    ap.add_argument("--max-seconds", type=float, default=600)
    ap.add_argument("--stderr", help="file the CGIs' stderr is appended to")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    plan = Plan(random.Random(a.seed * 7919 + 1), a.probe_port)
    daemon = Daemon(a, random.Random(a.seed * 104729 + 2))
    cgi_err = open(a.stderr, "ab") if a.stderr else subprocess.DEVNULL
    sel = selectors.DefaultSelector()
    daemon.start()
    ops, inflight, issued = [], [], 0
    errors, cgi_kills = [], 0
    t0 = time.monotonic()
    while (issued < a.writes or inflight) and \
            time.monotonic() - t0 < a.max_seconds:
        while issued < a.writes and len(inflight) < a.parallel:
            op = plan.next(issued)
            issued += 1
            if op.what in ("name", "conn"):
                plan.busy.add(op.key)
            if rng.random() < a.kill_share:
                op.kill_at = rng.uniform(0, a.kill_max_ms) / 1000.0
            op.proc = subprocess.Popen(
                [os.path.join(a.stage, op.script)], cwd=a.stage,
                env=env_for(a, op), stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=cgi_err)
            if op.kill_at is not None:
                op.kill_at += time.monotonic()
            try:
                op.proc.stdin.write(op.body)
                op.proc.stdin.close()
            except BrokenPipeError:
                pass
            ops.append(op)
            inflight.append(op)
            sel.register(op.proc.stdout, selectors.EVENT_READ, op)
        # Wait for output (a CGI's end is the end of its output), the next
        # kill of a CGI or the daemon's next kill, whichever comes first.
        now = time.monotonic()
        due = [op.kill_at for op in inflight
               if op.kill_at is not None and not op.killed]
        due.append(daemon.next_kill)
        timeout = min(0.05, max(0.0, min(due) - now))
        for key, _ in sel.select(timeout):
            op = key.data
            chunk = os.read(key.fd, 65536)
            if chunk:
                op.out += chunk
                continue
            sel.unregister(key.fileobj)
            op.proc.stdout.close()
            rc = op.proc.wait()
            inflight.remove(op)
            plan.busy.discard(op.key)
            if op.killed:
                continue
            out = bytes(op.out)
            if rc != 0:  # a crash of its own (or a sanitizer's exit)
                errors.append({"i": op.i, "script": op.script,
                               "pinfo": op.pinfo, "status": f"exit {rc}",
                               "body": out[-300:].decode("utf-8",
                                                         "replace")})
                continue
            op.status = status_of(out)
            if op.status in op.want:
                op.acked = True
                if op.what == "add":
                    plan.acked.append(op.key)
            else:
                errors.append({"i": op.i, "script": op.script,
                               "pinfo": op.pinfo, "status": op.status,
                               "body": out[-300:].decode("utf-8",
                                                         "replace")})
        now = time.monotonic()
        for op in inflight:
            if op.kill_at is None or op.killed or now < op.kill_at:
                continue
            op.killed = True  # even if it ended meanwhile: not acknowledged
            if op.proc.poll() is None:
                op.proc.send_signal(signal.SIGKILL)
                cgi_kills += 1
        daemon.tick(now)
    daemon.stop()
    secs = time.monotonic() - t0
    problems, checked, nhist, nservers = verify(a, ops)
    killed_adds = [op for op in ops if op.killed and op.what == "add"]
    summary = {
        "writes": issued, "completed": len(ops) - len(inflight),
        "seconds": round(secs, 1), "seed": a.seed,
        "parallel": a.parallel, "cgi_kills": cgi_kills,
        "daemon_kills": daemon.kills, "daemon_starts": daemon.starts,
        "acknowledged": sum(1 for op in ops if op.acked),
        "acknowledged_checked": checked,
        "killed_adds_present": 0, "killed_adds": len(killed_adds),
        "errors": len(errors), "servers": nservers,
        "history_files_checked": nhist, "problems": problems[:10],
        "error_examples": errors[:3],
    }
    if killed_adds:
        con = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True, timeout=30)
        summary["killed_adds_present"] = sum(
            1 for op in killed_adds if con.execute(
                "SELECT 1 FROM servers WHERE id = ?", (op.key,)).fetchone())
        con.close()
    print(json.dumps(summary))
    ok = not problems and not errors and issued == a.writes and not inflight
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
