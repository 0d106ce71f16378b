# test_auth.py — authentication and transport errors. Basic auth against
# the real standalone server (wrong password is a 401, a closed port is
# ConnectionFailed). Webmin session login is checked through a small front
# that plays miniserv's part as described in shared/notes/webmin.md "Login
# recipe" (POST /session_login.cgi with user/pass and cookie testing=1 ->
# 302 + sid cookie; no valid sid -> the login page, basic auth ignored) and
# forwards authenticated requests to the real API: no Webmin is installed
# here, so the front is the only stand-in; the API behind it is real.
# SPDX-License-Identifier: BSD-3-Clause
import http.client
import http.server
import os
import secrets
import socket
import threading
import unittest
import urllib.parse

from support import ApiTestCase, manager, unique
from unlimited_cluster import (ApiError, ConnectionFailed,
                               UnlimitedClusterManager)

LOGIN_PAGE = (b"<!DOCTYPE html><html><head><title>Login to Webmin</title>"
              b"</head><body><form action=\"/session_login.cgi\" "
              b"method=\"post\"><input name=\"user\"><input name=\"pass\" "
              b"type=\"password\"></form></body></html>")


class FakeMiniserv(http.server.ThreadingHTTPServer):
    """miniserv's session login in front of the real API."""

    daemon_threads = True

    def __init__(self, backend_url, user, password):
        super().__init__(("127.0.0.1", 0), FrontHandler)
        self.backend = urllib.parse.urlsplit(backend_url)
        self.user, self.password = user, password
        self.sessions = set()
        self.logins = self.logouts = self.failed = 0
        self.basic_seen = 0
        self.lock = threading.Lock()


class FrontHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def _cookies(self):
        out = {}
        for part in (self.headers.get("Cookie") or "").split(";"):
            if "=" in part:
                k, v = part.strip().split("=", 1)
                out[k] = v
        return out

    def _send(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _login_page(self):
        self._send(200, LOGIN_PAGE, [("Content-Type", "text/html")])

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else None

    def do_POST(self):
        if self.path.split("?")[0] == "/session_login.cgi":
            return self._login()
        return self._forward()

    def do_GET(self):
        if self.path.startswith("/session_login.cgi"):
            if "logout=1" in self.path:
                with self.server.lock:
                    self.server.sessions.discard(self._cookies().get("sid"))
                    self.server.logouts += 1
            return self._login_page()
        return self._forward()

    do_PATCH = do_PUT = do_DELETE = do_GET

    def _login(self):
        srv = self.server
        form = urllib.parse.parse_qs((self._body() or b"").decode())
        if self._cookies().get("testing") != "1":
            return self._send(500, b"Error - No cookies",
                              [("Content-Type", "text/html")])
        if form.get("user") == [srv.user] and form.get("pass") == [
                srv.password]:
            sid = secrets.token_hex(16)
            with srv.lock:
                srv.sessions.add(sid)
                srv.logins += 1
            return self._send(302, b"", [
                ("Set-Cookie", "sid=%s; path=/; httpOnly; SameSite=Lax"
                 % sid), ("Location", "/")])
        with srv.lock:
            srv.failed += 1
        return self._login_page()

    def _forward(self):
        srv = self.server
        if self.headers.get("Authorization"):
            with srv.lock:
                srv.basic_seen += 1
        if self._cookies().get("sid") not in srv.sessions:
            # miniserv in session mode serves session_login.cgi instead.
            if self.command in ("POST", "PUT", "PATCH"):
                self._body()
            return self._login_page()
        body = self._body() if self.command in ("POST", "PUT",
                                                "PATCH") else None
        headers = {"Authorization": basic(srv.user, srv.password)}
        for k in ("Content-Type", "Accept"):
            if self.headers.get(k):
                headers[k] = self.headers[k]
        conn = http.client.HTTPConnection(srv.backend.hostname,
                                          srv.backend.port, timeout=30)
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            keep = [(k, v) for k, v in resp.getheaders()
                    if k.lower() in ("content-type", "location")]
            self._send(resp.status, data, keep)
        finally:
            conn.close()


def basic(user, password):
    import base64
    return "Basic " + base64.b64encode(
        ("%s:%s" % (user, password)).encode()).decode()


class BasicAuthTest(ApiTestCase):
    def test_wrong_password_is_401(self):
        """a wrong password raises ApiError 401 unauthorized"""
        uc = UnlimitedClusterManager(os.environ["UC_URL"],
                                     os.environ["UC_USER"], "wrong-password")
        with self.assertRaises(ApiError) as cm:
            uc.stats()
        self.assertEqual((cm.exception.status, cm.exception.code),
                         (401, "unauthorized"))

    def test_explicit_basic_mode(self):
        """auth='basic' talks to the standalone server"""
        uc = manager(auth="basic")
        sid = unique("basic")
        uc.add_server(sid, "B", "web", "10.3.0.1")
        self.assertEqual(uc.get_server(sid)["id"], sid)

    def test_url_without_trailing_slash(self):
        """the module URL works with or without its trailing slash"""
        uc = UnlimitedClusterManager(os.environ["UC_URL"].rstrip("/"),
                                     os.environ["UC_USER"],
                                     os.environ["UC_PASSWORD"])
        self.assertIn("servers", uc.stats())

    def test_wrong_module_path_is_a_web_server_error(self):
        """a url that is not the module gives ApiError without payload"""
        parts = urllib.parse.urlsplit(os.environ["UC_URL"])
        uc = UnlimitedClusterManager("http://%s/no-such-module/" % parts.netloc,
                                     os.environ["UC_USER"],
                                     os.environ["UC_PASSWORD"])
        with self.assertRaises(ApiError) as cm:
            uc.stats()
        self.assertIn(cm.exception.status, (403, 404))
        self.assertIsNone(cm.exception.payload)

    def test_closed_port_is_connection_failed(self):
        """no server listening raises ConnectionFailed (an ApiError)"""
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        uc = UnlimitedClusterManager(
            "http://127.0.0.1:%d/unlimited-cluster/" % port, "a", "b",
            timeout=5)
        with self.assertRaises(ConnectionFailed) as cm:
            uc.stats()
        self.assertIsNone(cm.exception.status)
        self.assertIsInstance(cm.exception, ApiError)

    def test_bad_arguments(self):
        """a bad url or auth mode is a ValueError at once"""
        for url in ("ftp://x/", "127.0.0.1:10000", "http://h/m/?a=1"):
            with self.assertRaises(ValueError):
                UnlimitedClusterManager(url, "a", "b")
        with self.assertRaises(ValueError):
            UnlimitedClusterManager("http://h/m/", "a", "b", auth="digest")


class WebminSessionTest(ApiTestCase):
    def setUp(self):
        self.front = FakeMiniserv(os.environ["UC_URL"], os.environ["UC_USER"],
                                  os.environ["UC_PASSWORD"])
        self.thread = threading.Thread(target=self.front.serve_forever,
                                       daemon=True)
        self.thread.start()
        self.url = "http://127.0.0.1:%d/unlimited-cluster/" % (
            self.front.server_address[1])

    def tearDown(self):
        self.front.shutdown()
        self.front.server_close()
        self.thread.join(10)

    def client(self, auth, password=None):
        return UnlimitedClusterManager(
            self.url, os.environ["UC_USER"],
            password or os.environ["UC_PASSWORD"], auth=auth)

    def test_webmin_mode_logs_in_once(self):
        """auth='webmin' logs in once and sends the session cookie"""
        uc = self.client("webmin")
        sid = unique("sess")
        uc.add_server(sid, "S", "web", "10.4.0.1")
        self.assertEqual(uc.get_server(sid)["name"], "S")
        self.assertEqual(len(list(uc.list_servers(q=sid))), 1)
        self.assertEqual(self.front.logins, 1)
        self.assertEqual(self.front.basic_seen, 0)

    def test_auto_mode_switches_to_a_session(self):
        """auth='auto' gets the login page, logs in and retries"""
        uc = self.client("auto")
        sid = unique("auto")
        made = uc.add_server(sid, "A", "cache", "10.4.0.2")
        self.assertEqual(made["id"], sid)
        self.assertEqual(uc.get_server(sid)["type"], "cache")
        self.assertEqual(self.front.logins, 1)
        self.assertEqual(self.front.basic_seen, 1)

    def test_expired_session_logs_in_again(self):
        """a session that expired is renewed once, transparently"""
        uc = self.client("webmin")
        uc.stats()
        self.front.sessions.clear()
        self.assertIn("servers", uc.stats())
        self.assertEqual(self.front.logins, 2)

    def test_api_errors_pass_through_the_session(self):
        """ApiError from the API keeps its status through a session"""
        uc = self.client("webmin")
        self.assertApiError(404, uc.get_server, unique("nobody"),
                            code="not_found")

    def test_wrong_password_is_401(self):
        """a refused Webmin login raises ApiError 401"""
        uc = self.client("webmin", password="wrong")
        with self.assertRaises(ApiError) as cm:
            uc.stats()
        self.assertEqual((cm.exception.status, cm.exception.code),
                         (401, "unauthorized"))
        self.assertEqual(self.front.failed, 1)

    def test_basic_mode_reports_the_login_page(self):
        """auth='basic' against session-only Webmin is a clear 401"""
        with self.assertRaises(ApiError) as cm:
            self.client("basic").stats()
        self.assertEqual(cm.exception.status, 401)
        self.assertIn("webmin", cm.exception.message)

    def test_close_logs_out(self):
        """close() ends the Webmin session"""
        with self.client("webmin") as uc:
            uc.stats()
        self.assertEqual(self.front.logouts, 1)
        self.assertEqual(self.front.sessions, set())


if __name__ == "__main__":
    unittest.main()
