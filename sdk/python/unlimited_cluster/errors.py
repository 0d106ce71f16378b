# errors.py — ApiError, the one exception the client raises: the HTTP status
# and the API's JSON error body ({"error":{"code","field","message","key"}}),
# plus ConnectionFailed for when no HTTP answer arrived at all.
# SPDX-License-Identifier: BSD-3-Clause
"""Exceptions raised by :class:`unlimited_cluster.UnlimitedClusterManager`."""

from __future__ import annotations

import json
import re

# The API's stable error codes by HTTP status (used when a body is not the
# API's JSON, e.g. a 401 from the web server in front of it).
_CODE_BY_STATUS = {
    400: "invalid",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    500: "internal",
    503: "busy",
}


class ApiError(Exception):
    """An error answer from the API (or from the web server in front of it).

    Attributes:
        status:  HTTP status (400, 404, 409, ...); None when no answer came.
        code:    the API's code: "invalid", "forbidden", "not_found",
                 "method_not_allowed", "conflict", "too_large",
                 "unsupported_media_type", "busy", "internal" (docs/api.md);
                 "unauthorized" for a failed login; "connection" when no
                 answer came.
        field:   the request field the error is about ("ip"), or None.
        message: a human readable message.
        key:     the module's lang key ("err_..."), or None.
        errors:  for a rejected import, the list of
                 {"path": "$.servers[3].ip", "code", "message"}; else [].
        payload: the decoded JSON error body, or None when the body was not
                 the API's JSON (then the error came from a web server).
    """

    def __init__(self, status, code, message, field=None, key=None,
                 errors=None, payload=None):
        self.status = status
        self.code = code
        self.field = field
        self.message = message
        self.key = key
        self.errors = list(errors or [])
        self.payload = payload
        where = " (field %s)" % field if field else ""
        super().__init__("%s %s: %s%s" % (status, code, message, where))

    @classmethod
    def from_response(cls, status, body, content_type=""):
        """Builds the error for an HTTP answer with status >= 400."""
        fallback = _CODE_BY_STATUS.get(status, "http_%s" % status)
        payload = None
        if isinstance(body, str):
            body = body.encode("utf-8")
        body = body or b""
        looks_json = "json" in (content_type or "").lower() or \
            body[:1] == b"{"
        if body and looks_json:
            try:
                payload = json.loads(body)
            except ValueError:
                payload = None
        if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
            err = payload["error"]
            errors = payload.get("errors")
            return cls(status, err.get("code") or fallback,
                       err.get("message") or "HTTP %s" % status,
                       field=err.get("field") or None, key=err.get("key"),
                       errors=errors if isinstance(errors, list) else None,
                       payload=payload)
        return cls(status, fallback, _text_excerpt(body) or "HTTP %s" % status)


class ConnectionFailed(ApiError):
    """No HTTP answer: refused, timed out, TLS failure, bad host name."""

    def __init__(self, message):
        super().__init__(None, "connection", message)


def _text_excerpt(body, limit=200):
    """The start of a non-JSON body as one line of text, tags removed."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    text = re.sub(r"<[^>]*>", " ", body or "")
    text = re.sub(r"\s+", " ", text).strip()
    return text[:limit]
