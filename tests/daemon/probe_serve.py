#!/usr/bin/env python3
# probe_serve.py — hostile loopback servers for t85-probe-safety.sh. Every
# connection is bounded (30 s at most), the process stops on SIGTERM.
#   probe_serve.py MODE PORTFILE
#     hang    accepts, reads the request, never answers
#     drip    200 with a body of one byte every 50 ms (never ends)
#     http    paths: /redir-https 302 to https://same host,
#             /redir-gopher and /redir-dict 302 to those schemes,
#             /redir-unix 302 to a URL naming a unix socket,
#             /metrics an endless text body, anything else 200 "ok"
#     bomb    /metrics is a gzip bomb (64 MiB of zeros, ~64 KiB sent)
#   every request line is appended to PORTFILE.log; the bytes written by
#   endless answers to PORTFILE.sent
# SPDX-License-Identifier: BSD-3-Clause
import gzip
import os
import signal
import socket
import sys
import threading
import time

LIMIT_S = 30
BOMB = (gzip.compress(b"\0" * (64 << 20), compresslevel=9)
        if sys.argv[1] == "bomb" else b"")


def write_port(portfile, port):
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, portfile)


def read_request(c):
    data = b""
    c.settimeout(LIMIT_S)
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = c.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.split(b"\r\n", 1)[0].decode("latin-1")


def endless(c, portfile, line, delay):
    sent = 0
    end = time.time() + LIMIT_S
    try:
        while time.time() < end:
            c.sendall(line)
            sent += len(line)
            if delay:
                time.sleep(delay)
    except OSError:
        pass
    with open(portfile + ".sent", "w") as f:
        f.write("%d\n" % sent)


def handle(c, mode, portfile, port):
    try:
        req = read_request(c)
        with open(portfile + ".log", "a") as f:
            f.write(req + "\n")
        path = req.split(" ")[1] if req.count(" ") >= 2 else "/"
        if mode == "hang":
            time.sleep(LIMIT_S)
            return
        if mode == "drip":
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
            endless(c, portfile, b"x", 0.05)
            return
        targets = {
            "/redir-https": "https://127.0.0.1:%d/" % port,
            "/redir-gopher": "gopher://127.0.0.1:%d/" % port,
            "/redir-unix": "http://localhost/x --unix-socket /run/docker.sock",
            "/redir-dict": "dict://127.0.0.1:%d/" % port,
        }
        if path in targets:
            c.sendall(("HTTP/1.1 302 Found\r\nLocation: %s\r\n"
                       "Content-Length: 0\r\n\r\n" % targets[path]).encode())
        elif path == "/metrics" and mode == "bomb":
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                      b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n"
                      % len(BOMB))
            c.sendall(BOMB)
        elif path == "/metrics":
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
            endless(c, portfile, b"# HELP x y\n" * 4096, 0)
        else:
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    except OSError:
        pass
    finally:
        c.close()


def main():
    mode, portfile = sys.argv[1], sys.argv[2]
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    port = s.getsockname()[1]
    write_port(portfile, port)
    while True:
        c, _ = s.accept()
        threading.Thread(target=handle, args=(c, mode, portfile, port),
                         daemon=True).start()


main()
