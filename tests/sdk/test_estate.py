# test_estate.py — the whole-estate calls against the real API: stats()
# agrees with the listings, export() round-trips through import_() (dry run
# changes nothing, merge restores a deleted server), a bad document is a
# 400 with per-path errors, and metrics() is Prometheus text.
# SPDX-License-Identifier: BSD-3-Clause
import copy
import re
import unittest

from support import SERVER_TYPES, STATES, ApiTestCase, add_servers, unique

KEYS = ("id", "name", "type", "ip", "region", "ports")


class StatsTest(ApiTestCase):
    def test_stats_agree_with_the_listing(self):
        """stats() counts match list_servers/list_connections/clusters"""
        region = unique("st")
        ids = add_servers(self.uc, 7, unique("st"), region=region,
                          types=("dns", "backup"))
        self.uc.connect_servers(ids[0], ids[1], "standard")
        self.uc.create_cluster(unique("st"), ids[:3])
        st = self.uc.stats()
        servers = list(self.uc.list_servers(page_size=1000))
        self.assertEqual(st["servers"], len(servers))
        self.assertEqual(st["connections"],
                         len(list(self.uc.list_connections(page_size=1000))))
        self.assertEqual(st["clusters"], len(self.uc.list_clusters()))
        self.assertEqual(st["by_region"][region], 7)
        for dim in ("by_type", "by_status"):
            self.assertEqual(sum(st[dim].values()), st["servers"], dim)
        self.assertTrue(set(st["by_type"]) <= set(SERVER_TYPES))
        self.assertTrue(set(st["by_status"]) <= set(STATES))
        want = {}
        for s in servers:
            want[s["type"]] = want.get(s["type"], 0) + 1
        self.assertEqual({k: v for k, v in st["by_type"].items() if v}, want)


class ExportImportTest(ApiTestCase):
    def setUp(self):
        self.ids = add_servers(self.uc, 3, unique("ex"), region="ex-region",
                               types=("web", "database"))
        self.uc.connect_servers(self.ids[0], self.ids[1], "database")

    def test_export_holds_the_estate(self):
        """export() is a document naming every server"""
        doc = self.uc.export()
        self.assertIsInstance(doc, dict)
        text = repr(doc)
        for sid in self.ids:
            self.assertIn(sid, text)

    def test_dry_run_counts_and_changes_nothing(self):
        """import_(dry_run=True) of a deleted server counts it, adds none"""
        doc = self.uc.export()
        gone = self.ids[2]
        before = self.uc.get_server(gone)
        self.uc.delete_server(gone)
        out = self.uc.import_(doc, mode="merge", dry_run=True)
        self.assertIs(out["dry_run"], True)
        self.assertGreaterEqual(out["servers"]["added"], 1)
        self.assertApiError(404, self.uc.get_server, gone)
        out = self.uc.import_(doc, mode="merge")
        self.assertIs(out["dry_run"], False)
        self.assertGreaterEqual(out["servers"]["added"], 1)
        after = self.uc.get_server(gone)
        self.assertEqual({k: after[k] for k in KEYS},
                         {k: before[k] for k in KEYS})

    def test_merge_is_idempotent(self):
        """importing the export again adds nothing"""
        doc = self.uc.export()
        out = self.uc.import_(doc)
        self.assertEqual(out["servers"]["added"], 0)
        self.assertEqual(out["connections"]["added"], 0)
        self.assertEqual(out["clusters"]["added"], 0)

    def test_json_text_is_accepted(self):
        """import_ takes the document as JSON text too"""
        import json
        out = self.uc.import_(json.dumps(self.uc.export()), dry_run=True)
        self.assertIs(out["dry_run"], True)

    def test_bad_document_is_400_with_paths(self):
        """a document with a bad ip is 400 with errors[].path; no change"""
        doc = self.uc.export()
        servers = doc.get("servers")
        self.assertIsInstance(servers, list, "native document has servers")
        bad = copy.deepcopy(doc)
        index = next(i for i, s in enumerate(servers)
                     if s.get("id") == self.ids[0])
        bad["servers"][index]["ip"] = "300.1.1.1"
        bad["servers"][index]["name"] = "Must not be stored"
        e = self.assertApiError(400, self.uc.import_, bad)
        self.assertTrue(e.errors, "errors lists the problems")
        paths = [x.get("path") for x in e.errors]
        self.assertTrue(any(p and re.search(r"servers\[%d\]" % index, p)
                            for p in paths), paths)
        self.assertNotEqual(self.uc.get_server(self.ids[0])["name"],
                            "Must not be stored")

    def test_not_json_is_400(self):
        """a body that is not JSON is a 400"""
        self.assertApiError(400, self.uc.import_, b"{not json")

    def test_bad_mode_is_refused_by_the_client(self):
        """mode must be merge or replace"""
        with self.assertRaises(ValueError):
            self.uc.import_({}, mode="upsert")


class MetricsTest(ApiTestCase):
    def test_metrics_is_prometheus_text(self):
        """metrics() is Prometheus text whose samples parse"""
        text = self.uc.metrics()
        self.assertIsInstance(text, str)
        self.assertRegex(text, r"(?m)^# TYPE \w+ (gauge|counter)")
        sample = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? '
                            r'-?[0-9.eE+-]+$|^[a-zA-Z_:][a-zA-Z0-9_:]*'
                            r'(\{[^}]*\})? (NaN|[+-]Inf)$')
        samples = [l for l in text.splitlines() if l and not l.startswith("#")]
        self.assertTrue(samples)
        for line in samples:
            self.assertRegex(line, sample)

    def test_metrics_agree_with_stats(self):
        """the servers/connections/clusters gauges equal stats()"""
        st = self.uc.stats()
        samples = {}
        for line in self.uc.metrics().splitlines():
            if line and not line.startswith("#"):
                name, value = line.rsplit(" ", 1)
                samples[name] = float(value)
        for key in ("servers", "connections", "clusters"):
            self.assertEqual(samples.get("unlimited_cluster_" + key),
                             float(st[key]), key)
        for t, n in st["by_type"].items():
            self.assertEqual(samples.get(
                'unlimited_cluster_servers_by_type{type="%s"}' % t), n, t)


if __name__ == "__main__":
    unittest.main()
