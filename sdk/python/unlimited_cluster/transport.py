# transport.py — HTTP for the client, standard library only (urllib): JSON
# in and out, HTTP basic auth (the standalone server) or a Webmin session
# cookie from /session_login.cgi, and API errors turned into ApiError.
# SPDX-License-Identifier: BSD-3-Clause
"""HTTP transport with basic or Webmin session authentication."""

from __future__ import annotations

import base64
import http.client
import http.cookies
import json
import re
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request

from .errors import ApiError, ConnectionFailed

AUTH_MODES = ("basic", "webmin", "auto")
_USER_AGENT = "unlimited-cluster-python/%s"
# A Webmin session id: hex (miniserv's default is 32 hex digits).
_SID_VALUE = re.compile(r"^[0-9a-f]{16,128}$")


class Response:
    """One HTTP answer: status, headers (an email.message.Message), body."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def content_type(self):
        return (self.headers.get("Content-Type") or "").lower()

    def json(self):
        if not self.body:
            return None
        try:
            return json.loads(self.body.decode("utf-8"))
        except ValueError as exc:
            raise ApiError(self.status, "bad_response",
                           "the API answered with invalid JSON: %s" % exc)

    def text(self):
        return self.body.decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are answers to look at (Webmin's login), not to follow."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Transport:
    """Sends requests to <url>nph-api.cgi/<route> with authentication.

    auth: "basic"  — HTTP basic auth on every request (the standalone server,
                     or a Webmin whose miniserv accepts basic auth);
          "webmin" — log in through /session_login.cgi and send the session
                     cookie (logging in again once when the session expires);
          "auto"   — basic first; switch to a Webmin session as soon as an
                     answer is Webmin's login page.
    """

    def __init__(self, url, user, password, auth="auto", timeout=30.0,
                 verify=True, login_url=None, user_agent=None):
        if auth not in AUTH_MODES:
            raise ValueError("auth must be one of %s, not %r"
                             % (", ".join(AUTH_MODES), auth))
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("url must be an http:// or https:// URL of the "
                             "module, e.g. https://host:10000/"
                             "unlimited-cluster/, not %r" % url)
        if parts.query or parts.fragment:
            raise ValueError("url must not have a query or fragment: %r" % url)
        if not url.endswith("/"):
            url += "/"
        self.url = url
        self.api_url = url + "nph-api.cgi"
        # The module sits one level below Webmin's root (or its webprefix).
        self.login_url = login_url or urllib.parse.urljoin(
            url, "../session_login.cgi")
        self.user = user
        self._password = password
        self.mode = auth
        self.timeout = timeout
        self.user_agent = user_agent or _USER_AGENT % _version()
        self._cookies = {}
        self._session = False
        handlers = [_NoRedirect()]
        if parts.scheme == "https":
            handlers.append(urllib.request.HTTPSHandler(
                context=_ssl_context(verify)))
        self._opener = urllib.request.build_opener(*handlers)

    # -- requests ---------------------------------------------------------

    def request(self, method, route, params=None, body=None, raw_body=None,
                content_type="application/json", accept="application/json"):
        """Sends one API request; returns the Response for a 1xx-3xx answer
        and raises ApiError for 4xx/5xx. route is "servers/web-01" (already
        quoted); params a dict (None values left out); body a JSON-able
        object, or raw_body bytes sent as they are."""
        url = self.api_url + "/" + route.lstrip("/")
        query = _encode_params(params)
        if query:
            url += "?" + query
        data = raw_body
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Accept": accept}
        if data is not None:
            headers["Content-Type"] = content_type
        if self.mode == "webmin" and not self._session:
            self.login()
        resp = self._send(method, url, data, headers)
        if _is_login_page(resp):
            if self.mode == "basic":
                raise ApiError(401, "unauthorized",
                               "Webmin answered with its login page: it does "
                               "not accept HTTP basic auth here; use "
                               "auth=\"webmin\" or \"auto\"")
            # No session yet (auto), or it expired: log in once and retry.
            self.mode = "webmin"
            self.login()
            resp = self._send(method, url, data, headers)
            if _is_login_page(resp):
                raise ApiError(401, "unauthorized",
                               "Webmin still asks for a login after a "
                               "successful session login")
        if resp.status >= 400:
            raise ApiError.from_response(resp.status, resp.body,
                                         resp.content_type)
        if resp.status >= 300:
            # The API never redirects: a wrong url (http for https, a
            # missing module path) does.
            raise ApiError(resp.status, "redirect",
                           "the server redirected %s to %s; check the url"
                           % (url, resp.headers.get("Location") or "?"))
        return resp

    def _send(self, method, url, data, headers, auth=True):
        headers = dict(headers)
        headers["User-Agent"] = self.user_agent
        if auth and self.mode in ("basic", "auto"):
            token = base64.b64encode(("%s:%s" % (self.user, self._password))
                                     .encode("utf-8")).decode("ascii")
            headers["Authorization"] = "Basic " + token
        cookie = self._cookie_header()
        if cookie:
            headers["Cookie"] = cookie
        req = urllib.request.Request(url, data=data, headers=headers,
                                     method=method)
        try:
            with self._opener.open(req, timeout=self.timeout) as f:
                return Response(f.status, f.headers, f.read())
        except urllib.error.HTTPError as f:
            try:
                body = f.read()
            except (OSError, http.client.HTTPException):
                body = b""
            finally:
                f.close()
            return Response(f.code, f.headers, body)
        except (urllib.error.URLError, OSError, socket.timeout,
                http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise ConnectionFailed("%s %s: %s" % (method, url, reason)) \
                from exc

    # -- Webmin session ---------------------------------------------------

    def login(self):
        """Logs in through Webmin's /session_login.cgi (miniserv's own form:
        user and pass POSTed with the cookie testing=1) and keeps the session
        cookie. Raises ApiError(401) when Webmin refuses the login."""
        form = urllib.parse.urlencode({"user": self.user,
                                       "pass": self._password,
                                       "page": "/"}).encode("ascii")
        self._cookies = {}
        self._session = False
        resp = self._send("POST", self.login_url, form,
                          {"Content-Type": "application/x-www-form-urlencoded",
                           "Accept": "text/html"}, auth=False)
        sid = None
        for name, value in _set_cookies(resp.headers):
            if name == "testing":
                continue
            if _SID_VALUE.match(value):
                sid = name
                self._cookies[name] = value
        if 300 <= resp.status < 400 and sid:
            self._session = True
            return
        if resp.status < 300:
            # miniserv shows the login form again after a wrong password.
            raise ApiError(401, "unauthorized",
                           "Webmin refused the login for user %r at %s"
                           % (self.user, self.login_url))
        raise ApiError.from_response(resp.status, resp.body,
                                     resp.content_type)

    def logout(self):
        """Ends the Webmin session, if there is one."""
        if not self._session:
            return
        try:
            self._send("GET", self.login_url + "?logout=1", None,
                       {"Accept": "text/html"}, auth=False)
        except ConnectionFailed:
            pass
        self._session = False
        self._cookies = {}

    def _cookie_header(self):
        if self.mode != "webmin" and not self._cookies:
            return None
        # miniserv requires testing=1 beside the session cookie.
        pairs = ["testing=1"]
        pairs += ["%s=%s" % kv for kv in sorted(self._cookies.items())]
        return "; ".join(pairs)


def _is_login_page(resp):
    """True when the answer is Webmin's login form instead of the API:
    miniserv serves session_login.cgi (200 or 401, HTML) for a request
    without a valid session, or redirects to it."""
    if 300 <= resp.status < 400:
        return "session_login" in (resp.headers.get("Location") or "")
    if resp.status not in (200, 401) or "html" not in resp.content_type:
        return False
    head = resp.body[:65536].decode("utf-8", "replace")
    return "session_login.cgi" in head


def _set_cookies(headers):
    """(name, value) for every Set-Cookie header of an answer."""
    out = []
    for line in headers.get_all("Set-Cookie") or []:
        jar = http.cookies.SimpleCookie()
        try:
            jar.load(line)
        except http.cookies.CookieError:
            continue
        for name, morsel in jar.items():
            out.append((name, morsel.value))
    return out


def _encode_params(params):
    if not params:
        return ""
    pairs = []
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "1" if value else "0"
        pairs.append((key, str(value)))
    return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote)


def _ssl_context(verify):
    """verify: True (system CAs), False (accept any certificate, e.g.
    Webmin's self-signed default) or a CA bundle path."""
    if verify is False:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx
    if isinstance(verify, str):
        return ssl.create_default_context(cafile=verify)
    return ssl.create_default_context()


def _version():
    from . import __version__
    return __version__
