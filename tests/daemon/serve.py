#!/usr/bin/env python3
# serve.py — loopback servers for the daemon tests and the bench.
#   serve.py tcp  ADDR PORT PORTFILE   accept and close (PORT 0 = any)
#   serve.py https ADDR PORT PORTFILE  the same over TLS with PORTFILE.pem
#                                      (certificate and key, made by the test)
#   serve.py http ADDR PORT PORTFILE   an HTTP server with test paths:
#     /            200 "ok"            /missing     404
#     /slow        200 after 0.4 s     /redir-file  302 to file:///etc/passwd
#     /redir-ftp   302 to ftp://...    /redir-http?to=URL  302 to URL
#     /big         endless body (written bytes in PORTFILE.big)
#     /hits        number of requests so far (not counting /hits)
#   every request path is appended to PORTFILE.log
# The chosen port is written to PORTFILE once listening. Stops on SIGTERM.
# SPDX-License-Identifier: BSD-3-Clause
import http.server
import os
import signal
import socket
import socketserver
import sys
import threading
import time
import urllib.parse


def write_port(portfile, port):
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, portfile)


def serve_tcp(addr, port, portfile):
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(4096)
    write_port(portfile, s.getsockname()[1])
    while True:
        c, _ = s.accept()
        c.close()


class Handler(http.server.BaseHTTPRequestHandler):
    hits = 0
    lock = threading.Lock()
    portfile = None

    def log_message(self, fmt, *args):
        pass

    def reply(self, code, body=b"ok\n", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/hits":
            with Handler.lock:
                Handler.hits += 1
                with open(Handler.portfile + ".log", "a") as f:
                    f.write(self.path + "\n")
        if url.path == "/":
            self.reply(200)
        elif url.path == "/slow":
            time.sleep(0.4)
            self.reply(200)
        elif url.path == "/redir-file":
            self.reply(302, b"", [("Location", "file:///etc/passwd")])
        elif url.path == "/redir-ftp":
            self.reply(302, b"", [("Location", "ftp://127.0.0.1:1/x")])
        elif url.path == "/redir-http":
            to = urllib.parse.parse_qs(url.query).get("to", ["/"])[0]
            self.reply(302, b"", [("Location", to)])
        elif url.path == "/hits":
            self.reply(200, b"%d\n" % Handler.hits)
        elif url.path == "/big":
            self.send_response(200)
            self.end_headers()
            sent = 0
            chunk = b"x" * 65536
            try:
                while sent < 64 * 1024 * 1024:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            with open(Handler.portfile + ".big", "w") as f:
                f.write("%d\n" % sent)
        else:
            self.reply(404, b"not found\n")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 4096


def serve_http(addr, port, portfile, tls=False):
    Handler.portfile = portfile
    srv = Server((addr, port), Handler)
    if tls:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(portfile + ".pem")
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    write_port(portfile, srv.server_address[1])
    srv.serve_forever()


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("tcp", "http", "https"):
        sys.stderr.write(__doc__ or "usage: serve.py tcp|http ADDR PORT FILE\n")
        sys.exit(2)
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    mode, addr, port, portfile = sys.argv[1:]
    if mode == "tcp":
        serve_tcp(addr, int(port), portfile)
    else:
        serve_http(addr, int(port), portfile, mode == "https")


if __name__ == "__main__":
    main()
