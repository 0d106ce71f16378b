# test_errors.py — ApiError.from_response on its own: the API's JSON error
# body, an import's per-path errors, and bodies that are not the API's JSON
# (a web server's HTML page, garbage).
# SPDX-License-Identifier: BSD-3-Clause
import json
import unittest

from unlimited_cluster import ApiError


class FromResponseTest(unittest.TestCase):
    def test_api_json_error(self):
        """status, code, field, message and key come from the JSON body"""
        body = json.dumps({"error": {"code": "invalid", "field": "ip",
                                     "message": "Not an IP address",
                                     "key": "err_host"}}).encode()
        e = ApiError.from_response(400, body, "application/json")
        self.assertEqual((e.status, e.code, e.field, e.message, e.key),
                         (400, "invalid", "ip", "Not an IP address",
                          "err_host"))
        self.assertEqual(e.errors, [])
        self.assertIsNotNone(e.payload)
        self.assertIn("field ip", str(e))

    def test_import_errors_list(self):
        """an import's errors[] is kept on .errors"""
        errors = [{"path": "$.servers[3].ip", "code": "invalid",
                   "message": "bad"}]
        body = json.dumps({"error": {"code": "invalid", "message": "x"},
                           "errors": errors}).encode()
        e = ApiError.from_response(400, body, "application/json")
        self.assertEqual(e.errors, errors)
        self.assertIsNone(e.field)

    def test_html_error_page(self):
        """a web server's HTML page gives the status's code and its text"""
        e = ApiError.from_response(
            401, b"<html><body><h1>401 Unauthorized</h1></body></html>",
            "text/html")
        self.assertEqual((e.status, e.code), (401, "unauthorized"))
        self.assertEqual(e.message, "401 Unauthorized")
        self.assertIsNone(e.payload)

    def test_broken_json_and_empty_body(self):
        """invalid JSON or no body still gives a usable error"""
        e = ApiError.from_response(503, b"{oops", "application/json")
        self.assertEqual((e.code, e.message), ("busy", "{oops"))
        e = ApiError.from_response(418, b"", "")
        self.assertEqual((e.code, e.message), ("http_418", "HTTP 418"))


if __name__ == "__main__":
    unittest.main()
