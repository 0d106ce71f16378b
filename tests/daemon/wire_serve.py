#!/usr/bin/env python3
# wire_serve.py — a loopback server answering each path with fixed bytes,
# for the daemon's own HTTP/1 reader (t32-http-wire.sh): chunked bodies,
# lengths on a connection left open, interim 1xx answers, headers split
# over many packets, answers that are not HTTP, cut short or too large.
#   wire_serve.py PORTFILE   (the port is written there; request lines
#   are appended to PORTFILE.log; every connection ends within 10 s; the
#   process stops on SIGTERM)
# SPDX-License-Identifier: BSD-3-Clause
import os
import signal
import socket
import sys
import threading
import time

HOLD_S = 10  # how long an answer that leaves the connection open holds it

# path: (list of byte strings sent with a short pause between them,
#        whether the connection then stays open)
ANSWERS = {
    "/chunked": ([b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                  b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n"], True),
    "/chunked-split": ([b"HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n",
                        b"1", b"0\r", b"\n0123456789", b"abcdef", b"\r\n",
                        b"0\r\n", b"\r\n"], True),
    "/length-open": ([b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"], True),
    "/length-zero": ([b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"], True),
    "/no-content": ([b"HTTP/1.1 204 No Content\r\n\r\n"], True),
    "/continue": ([b"HTTP/1.1 100 Continue\r\n\r\n",
                   b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"], True),
    "/split": ([bytes([b]) for b in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"]
               + [b"ok"], True),
    "/http10": ([b"HTTP/1.0 200 OK\r\n\r\n", b"to the end " * 10], False),
    "/not-http": ([b"SSH-2.0-OpenSSH_9.2\r\n"], True),
    "/empty": ([], False),
    "/short": ([b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"], False),
    "/short-chunked": ([b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        b"a\r\nabc"], False),
    "/bad-length": ([b"HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\nok"], True),
    "/bad-chunk": ([b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    b"zz\r\nok\r\n0\r\n\r\n"], True),
    "/huge-head": ([b"HTTP/1.1 200 OK\r\n"]
                   + [b"X-Pad: " + b"p" * 1000 + b"\r\n"] * 70 + [b"\r\n"], True),
    "/long-line": ([b"HTTP/1.1 200 OK\r\nX-Long: " + b"q" * 3000 + b"\r\n"
                    b"Content-Length: 4\r\n\r\nlong"], True),
    "/big": ([b"HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n"
              + b"b" * 200000], True),
    "/missing": ([b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"], True),
}


def write_port(portfile, port):
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, portfile)


def handle(c, portfile):
    try:
        c.settimeout(HOLD_S)
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = c.recv(4096)
            if not chunk:
                return
            data += chunk
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        with open(portfile + ".log", "a") as f:
            f.write(head.replace("\r\n", " | ") + "\n")
        path = head.split(" ")[1] if head.count(" ") >= 2 else "/"
        parts, stay_open = ANSWERS.get(path, ([b"HTTP/1.1 200 OK\r\n"
                                                b"Content-Length: 2\r\n\r\nok"], True))
        for i, part in enumerate(parts):
            if i:
                time.sleep(0.02)
            c.sendall(part)
        if stay_open:  # as a server ignoring "Connection: close" would
            end = time.time() + HOLD_S
            while time.time() < end and c.recv(4096):
                pass
    except OSError:
        pass
    finally:
        c.close()


def main():
    portfile = sys.argv[1]
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    write_port(portfile, s.getsockname()[1])
    while True:
        c, _ = s.accept()
        threading.Thread(target=handle, args=(c, portfile), daemon=True).start()


main()
