# support.py — shared helpers for the SDK tests: a client built from the
# suite's environment (UC_URL, UC_USER, UC_PASSWORD from run.sh), unique
# ids so that tests sharing one server never collide, and assertApiError.
# SPDX-License-Identifier: BSD-3-Clause
import os
import unittest
import uuid

from unlimited_cluster import ApiError, UnlimitedClusterManager

SERVER_TYPES = ("web", "database", "dns", "cache", "loadbalancer",
                "filesystem", "monitoring", "backup", "security")
STATES = ("unknown", "active", "warning", "inactive")
ISO_UTC = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"


def manager(**kw):
    return UnlimitedClusterManager(os.environ["UC_URL"],
                                   os.environ["UC_USER"],
                                   os.environ["UC_PASSWORD"], **kw)


def unique(prefix):
    """An id/region/cluster name no other test uses: prefix-<8 hex>."""
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


class ApiTestCase(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.uc = manager()

    def assertApiError(self, status, fn, *args, code=None, field=None,
                       **kwargs):
        """fn(*args, **kwargs) raises ApiError with this status, decoded
        from the API's own JSON error body (not a web server's page)."""
        with self.assertRaises(ApiError) as cm:
            fn(*args, **kwargs)
        e = cm.exception
        self.assertEqual(e.status, status, "wrong status: %s" % e)
        self.assertIsNotNone(e.payload, "not the API's JSON error: %s" % e)
        self.assertTrue(e.message, "the error has a message")
        if code is not None:
            self.assertEqual(e.code, code, str(e))
        if field is not None:
            self.assertEqual(e.field, field, str(e))
        return e


def add_servers(uc, n, prefix, region=None, types=("web",)):
    """Adds n servers prefix-000.. (types in turn); returns their ids."""
    ids = []
    for i in range(n):
        sid = "%s-%03d" % (prefix, i)
        uc.add_server(sid, "Node %03d" % i, types[i % len(types)],
                      "10.%d.%d.%d" % (i // 65536 % 256, i // 256 % 256,
                                       i % 256), region=region)
        ids.append(sid)
    return ids
