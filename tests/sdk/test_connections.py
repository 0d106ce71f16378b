# test_connections.py — connections through the SDK against the real API:
# connect, list (per server and across pages), disconnect, the 400/404/409
# errors, and that deleting a server removes its connections.
# SPDX-License-Identifier: BSD-3-Clause
import unittest

from support import ISO_UTC, ApiTestCase, add_servers, unique


class ConnectTest(ApiTestCase):
    def setUp(self):
        self.lb, self.web, self.db = (unique("lb"), unique("web"),
                                      unique("db"))
        self.uc.add_server(self.lb, "LB", "loadbalancer", "10.9.0.1")
        self.uc.add_server(self.web, "Web", "web", "10.9.0.2")
        self.uc.add_server(self.db, "DB", "database", "10.9.0.3")

    def test_connect_returns_the_connection(self):
        """connect_servers returns {id, from, to, type, created}"""
        c = self.uc.connect_servers(self.lb, self.web, "http")
        self.assertEqual((c["from"], c["to"], c["type"]),
                         (self.lb, self.web, "http"))
        self.assertIn("id", c)
        self.assertRegex(c["created"], ISO_UTC)

    def test_connection_is_listed_and_shown_on_both_servers(self):
        """the connection appears in list_connections and get_server"""
        self.uc.connect_servers(self.web, self.db, "database")
        listed = [(c["from"], c["to"], c["type"])
                  for c in self.uc.list_connections(server=self.db)]
        self.assertEqual(listed, [(self.web, self.db, "database")])
        for sid in (self.web, self.db):
            shown = [(c["from"], c["to"], c["type"])
                     for c in self.uc.get_server(sid)["connections"]]
            self.assertEqual(shown, [(self.web, self.db, "database")])

    def test_default_type_is_standard(self):
        """connect_servers without a type makes a standard connection"""
        self.assertEqual(self.uc.connect_servers(self.lb, self.db)["type"],
                         "standard")

    def test_disconnect(self):
        """disconnect_servers removes it; a second time is 404"""
        self.uc.connect_servers(self.lb, self.web, "http")
        self.assertIsNone(self.uc.disconnect_servers(self.lb, self.web))
        self.assertEqual(list(self.uc.list_connections(server=self.web)), [])
        self.assertApiError(404, self.uc.disconnect_servers, self.lb,
                            self.web, code="not_found")

    def test_duplicate_is_409(self):
        """connecting the same pair twice is 409 conflict"""
        self.uc.connect_servers(self.lb, self.web, "http")
        self.assertApiError(409, self.uc.connect_servers, self.lb, self.web,
                            "http", code="conflict")
        self.assertEqual(len(list(self.uc.list_connections(
            server=self.lb))), 1)

    def test_unknown_server_is_404(self):
        """connecting to an unknown server is 404 and stores nothing"""
        self.assertApiError(404, self.uc.connect_servers, self.lb,
                            unique("nobody"), "http", code="not_found")
        self.assertEqual(list(self.uc.list_connections(server=self.lb)), [])

    def test_bad_type_is_400(self):
        """an unknown connection type is 400 on field type"""
        self.assertApiError(400, self.uc.connect_servers, self.lb, self.web,
                            "telepathy", code="invalid", field="type")

    def test_self_connection_is_400(self):
        """a server cannot be connected to itself"""
        self.assertApiError(400, self.uc.connect_servers, self.web, self.web,
                            "http", code="invalid")

    def test_delete_server_removes_its_connections(self):
        """deleting a server removes its connections"""
        self.uc.connect_servers(self.lb, self.web, "http")
        self.uc.connect_servers(self.web, self.db, "database")
        self.uc.delete_server(self.web)
        self.assertEqual(list(self.uc.list_connections(server=self.lb)), [])
        self.assertEqual(list(self.uc.list_connections(server=self.db)), [])


class ConnectionPagingTest(ApiTestCase):
    def test_120_connections_in_pages_of_50(self):
        """list_connections(page_size=50) yields 120 connections once each"""
        hub = unique("hub")
        self.uc.add_server(hub, "Monitor", "monitoring", "10.8.0.1")
        spokes = add_servers(self.uc, 120, unique("spoke"))
        for sid in spokes:
            self.uc.connect_servers(hub, sid, "monitoring")
        got = [c["to"] for c in self.uc.list_connections(server=hub,
                                                         page_size=50)]
        self.assertEqual(len(got), 120)
        self.assertEqual(sorted(got), sorted(spokes))
        everything = [(c["from"], c["to"]) for c in
                      self.uc.list_connections(page_size=1000)]
        self.assertEqual(len(everything), len(set(everything)))
        self.assertTrue({(hub, s) for s in spokes} <= set(everything))


if __name__ == "__main__":
    unittest.main()
