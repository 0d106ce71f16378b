#!/usr/bin/env python3
# hookrx.py — a loopback webhook receiver for t95-actions.sh.
#   hookrx.py PORTFILE PLAN
# PLAN is a comma-separated list of HTTP statuses, one per request, the
# last one repeating ("503,503,200": fails twice, then accepts). Each
# request is appended to PORTFILE.log as one JSON line:
#   {"t": monotonic seconds, "path", "content_type", "user_agent",
#    "status": what was answered, "body": the parsed JSON (or null),
#    "raw": the body when it was not JSON}
# The chosen port is written to PORTFILE once listening. Stops on SIGTERM
# or after 60 s.
# SPDX-License-Identifier: BSD-3-Clause
import http.server
import json
import os
import signal
import sys
import threading
import time

portfile, plan = sys.argv[1], sys.argv[2].split(",")
count = 0
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(min(n, 1 << 20))
        with lock:
            status = int(plan[min(count, len(plan) - 1)])
            count += 1
        try:
            body, text = json.loads(raw), None
        except ValueError:
            body, text = None, raw.decode("utf-8", "replace")
        rec = {"t": time.monotonic(), "path": self.path,
               "content_type": self.headers.get("Content-Type"),
               "user_agent": self.headers.get("User-Agent"),
               "status": status, "body": body, "raw": text}
        with lock, open(portfile + ".log", "a") as f:
            f.write(json.dumps(rec) + "\n")
        answer = b"accepted" if status < 300 else b"try later"
        self.send_response(status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
threading.Timer(60, lambda: os._exit(0)).start()
tmp = portfile + ".tmp"
with open(tmp, "w") as f:
    f.write("%d\n" % server.server_address[1])
os.rename(tmp, portfile)
server.serve_forever()
