# test_readme.py — runs every ```python block of sdk/python/README.md, in
# order and in one namespace, against the suite's server (UC_URL, UC_USER,
# UC_PASSWORD, as the README says), then checks what they should have done.
# SPDX-License-Identifier: BSD-3-Clause
import contextlib
import io
import os
import re
import shutil
import tempfile
import traceback
import unittest

from support import manager
from unlimited_cluster import ApiError

README = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..",
                                       "sdk", "python", "README.md"))


def python_blocks(text):
    return re.findall(r"^```python\n(.*?)^```", text, re.M | re.S)


class ReadmeTest(unittest.TestCase):
    def test_examples_run_against_the_server(self):
        """every python block of the README runs and does what it says"""
        with open(README, encoding="utf-8") as f:
            text = f.read()
        for var in ("UC_URL", "UC_USER", "UC_PASSWORD"):
            self.assertIn("`%s`" % var, text, "the README documents " + var)
        blocks = python_blocks(text)
        self.assertGreaterEqual(len(blocks), 6)
        tmp = tempfile.mkdtemp(prefix="uc-readme-")
        self.addCleanup(shutil.rmtree, tmp, True)
        cwd = os.getcwd()
        os.chdir(tmp)
        self.addCleanup(os.chdir, cwd)
        namespace = {"__name__": "__readme__"}
        out = io.StringIO()
        for i, code in enumerate(blocks, 1):
            try:
                with contextlib.redirect_stdout(out):
                    exec(compile(code, "README.md block %d" % i, "exec"),
                         namespace)
            except Exception:
                self.fail("README block %d failed:\n%s\n%s" % (
                    i, code, traceback.format_exc()))
        # What the examples did, checked independently.
        uc = manager()
        self.assertEqual(uc.get_server("db-01")["ports"], [5432])
        self.assertEqual(uc.get_server("web-01")["clusters"], ["shop"])
        self.assertEqual(sorted(uc.get_cluster("shop")["servers"]),
                         ["db-01", "lb-01", "web-01"])
        for gone in ("web-02", "web-09"):
            with self.assertRaises(ApiError) as cm:
                uc.get_server(gone)
            self.assertEqual(cm.exception.status, 404)
        page = os.path.join(tmp, "estate.html")
        self.assertTrue(os.path.getsize(page) > 1000)
        with open(page, encoding="utf-8") as f:
            html = f.read()
        for sid in ("lb-01", "web-01", "db-01"):
            self.assertIn(sid, html)
        self.assertIn("db-01 [5432] unknown", out.getvalue())
        self.assertIn("[('mon-01', 'cache-01', 'monitoring')]",
                      out.getvalue())


if __name__ == "__main__":
    unittest.main()
