#!/usr/bin/env python3
# fakeexp.py — a stand-in node_exporter for the alert tests: serves
# /metrics with node_load1 set to the number in VALUEFILE (re-read on
# every scrape), so a test moves a metric exactly where it wants it.
#   fakeexp.py ADDR PORT PORTFILE VALUEFILE   (PORT 0 = any free one)
# The chosen port is written to PORTFILE once listening. Stops on SIGTERM.
# SPDX-License-Identifier: BSD-3-Clause
import http.server
import os
import signal
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    valuefile = None

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        try:
            with open(Handler.valuefile) as f:
                v = float(f.read().strip() or "0")
        except (OSError, ValueError):
            v = 0.0
        body = ("# HELP node_load1 1m load average.\n"
                "# TYPE node_load1 gauge\n"
                "node_load1 %r\n" % v).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    addr, port, portfile, Handler.valuefile = sys.argv[1:5]
    srv = http.server.ThreadingHTTPServer((addr, int(port)), Handler)
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, portfile)
    srv.serve_forever()


if __name__ == "__main__":
    main()
