# test_dashboard.py — generate_interactive_dashboard against the real API:
# one HTML file holding every server id, no external URL or <script src>,
# well-formed for html.parser, data JSON with "<" escaped; when chromium is
# installed, the page's script is run headless (no network) and the DOM it
# builds is checked.
# SPDX-License-Identifier: BSD-3-Clause
import html.parser
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import urllib.parse

from support import ApiTestCase, add_servers, unique
from unlimited_cluster import dashboard

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "param", "source", "track", "wbr"}
URL_ATTRS = {"src", "href", "action", "formaction", "data", "poster",
             "srcset", "xlink:href", "background"}


class Structure(html.parser.HTMLParser):
    """Checks nesting and collects tags, URL attributes and the JSON data."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.tags = [], [], {}
        self.url_attrs, self.scripts, self.doctype = [], [], None
        self._script = None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for name, value in attrs:
            if name in URL_ATTRS or name.startswith("on") and value and \
                    "http" in value:
                self.url_attrs.append((tag, name, value))
        if tag == "script":
            self._script = [dict(attrs), ""]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("</%s> closes <%s> at %s" % (
                tag, self.stack[-1] if self.stack else "nothing",
                self.getpos()))
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "script":
            self.scripts.append(self._script)
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data


# XML namespace names a script may use (document.createElementNS): they
# identify a vocabulary and are never fetched.
XML_NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink",
                  "http://www.w3.org/1999/xhtml",
                  "http://www.w3.org/2000/xmlns"}


def check_page(test, page, ids, own_origin):
    """The assertions every dashboard file must pass."""
    text = page.decode("utf-8")
    for sid in ids:
        test.assertIn(sid, text)
    test.assertNotRegex(text, r"(?i)<script[^>]*\bsrc\s*=")
    test.assertNotRegex(text, r"(?i)<link[^>]*\bhref\s*=")
    test.assertNotRegex(text, r"(?i)@import|url\(\s*['\"]?(https?:)?//")
    for url in re.findall(r"(?i)\b(?:https?:)?//[^\s\"'<>)\\]+", text):
        if url.rstrip("/") in XML_NAMESPACES:
            continue  # names for createElementNS, never fetched
        test.assertEqual(urllib.parse.urlsplit(url).netloc, own_origin,
                         "reference to another host: %s" % url)
    p = Structure()
    p.feed(text)
    p.close()
    test.assertEqual(p.problems, [])
    test.assertEqual(p.stack, [], "every element is closed")
    test.assertEqual((p.doctype or "").lower(), "doctype html")
    for tag in ("html", "head", "body", "title"):
        test.assertEqual(p.tags.get(tag), 1, tag)
    test.assertEqual(p.url_attrs, [], "no URL attributes")
    return p


class DashboardTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        prefix = unique("dash")
        cls.ids = add_servers(cls.uc, 12, prefix, region="dash-1",
                              types=("loadbalancer", "web", "database"))
        cls.evil = prefix + "-evil"
        cls.uc.add_server(cls.evil, '</script><script>alert(1)</script> & '
                          '"q" <!-- ñ', "security", "10.66.0.1")
        cls.uc.connect_servers(cls.ids[0], cls.ids[1], "http")
        cls.uc.connect_servers(cls.ids[1], cls.ids[2], "database")
        cls.cluster = unique("dash")
        cls.uc.create_cluster(cls.cluster, cls.ids[:3], description="D & <b>")
        cls.tmp = tempfile.mkdtemp(prefix="uc-dash-")
        cls.path = os.path.join(cls.tmp, "estate.html")
        cls.returned = cls.uc.generate_interactive_dashboard(cls.path)
        with open(cls.path, "rb") as f:
            cls.page = f.read()
        cls.all_ids = [s["id"] for s in cls.uc.list_servers(page_size=1000)]
        cls.own = urllib.parse.urlsplit(cls.uc.url).netloc

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_file_is_self_contained_and_well_formed(self):
        """the file has every server id, no external URL, parses as HTML"""
        self.assertEqual(self.returned, self.path)
        check_page(self, self.page, self.all_ids, self.own)

    def test_embedded_data(self):
        """the data script is JSON with < escaped and the whole estate"""
        p = check_page(self, self.page, [], self.own)
        data = [s for a, s in p.scripts if a.get("type") == "application/json"]
        self.assertTrue(data, "the module's snapshot embeds its data")
        self.assertNotIn("<", data[0])
        doc = json.loads(data[0])
        self.assertEqual(doc["format"], "uc-diagram")
        ids = doc["servers"]["id"].split("\n")
        self.assertEqual(sorted(ids), sorted(self.all_ids))
        # a name equal to the id is left out; the others line up with ids
        names = doc["servers"]["name"].split("\n")
        self.assertTrue(names[ids.index(self.evil)].startswith("</script>"))
        conns = doc["conns"]
        pairs = {(ids[f], ids[t], doc["ctypes"][int(k)])
                 for f, t, k in zip(conns["from"], conns["to"], conns["type"])}
        self.assertIn((self.ids[0], self.ids[1], "http"), pairs)
        clusters = {c["name"]: c for c in doc["clusters"]}
        members = [ids[m] if isinstance(m, int) else m
                   for m in clusters[self.cluster]["members"]]
        self.assertEqual(sorted(members), self.ids[:3])
        self.assertNotIn(b"<script>alert", self.page)

    def test_runs_in_a_headless_browser(self):
        """chromium runs the page offline: the whole estate, read only"""
        browser = shutil.which("chromium") or shutil.which("chromium-browser")
        if not browser:
            self.skipTest("chromium is not installed")
        profile = tempfile.mkdtemp(prefix="uc-chrome-", dir=self.tmp)
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu",
               "--no-first-run", "--user-data-dir=" + profile,
               "--host-resolver-rules=MAP * ~NOTFOUND",
               "--virtual-time-budget=5000", "--dump-dom",
               "file://" + self.path]
        out = subprocess.run(cmd, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=120,
                             check=False).stdout.decode("utf-8", "replace")
        # The script ran: its status line counts what it drew.
        m = re.search(r"([\d,.\s]+) servers, ([\d,.\s]+) connections", out)
        self.assertIsNotNone(m, "the diagram's status line is there")
        self.assertEqual(int(re.sub(r"\D", "", m.group(1))),
                         len(self.all_ids))
        self.assertIn("read only", out)
        self.assertIn("<canvas", out)


class RenderTest(unittest.TestCase):
    """dashboard.render on its own (no server)."""

    def test_escapes_markup_in_data_and_title(self):
        """names and titles cannot close the script or inject markup"""
        page = dashboard.render(
            {"servers": [{"id": "a-1", "name": "</script><b>x</b>&",
                          "type": "web", "ip": "10.0.0.1",
                          "status": "active", "region": None}],
             "connections": [], "clusters": [{"name": "c<1>",
                                              "servers": ["a-1"]}]},
            title="<i>T</i> @@DATA@@", source="http://127.0.0.1:1/m/")
        self.assertEqual(page.count("</script>"), 2)
        self.assertIn("<title>&lt;i&gt;T&lt;/i&gt; @@DATA@@</title>", page)
        p = check_page(self, page.encode(), ["a-1"], "127.0.0.1:1")
        data = [s for a, s in p.scripts if a.get("type") == "application/json"]
        self.assertEqual(json.loads(data[0])["servers"][0]["name"],
                         "</script><b>x</b>&")

    def test_empty_estate(self):
        """an empty estate renders a valid page"""
        check_page(self, dashboard.render({}).encode(), [], "")


if __name__ == "__main__":
    unittest.main()
