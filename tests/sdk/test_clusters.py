# test_clusters.py — clusters through the SDK against the real API: create,
# list, get, update (members and description), delete, and the errors.
# SPDX-License-Identifier: BSD-3-Clause
import unittest

from unlimited_cluster import ApiError

from support import ApiTestCase, add_servers, unique


class ClusterTest(ApiTestCase):
    def setUp(self):
        self.ids = add_servers(self.uc, 3, unique("cl"))
        self.name = unique("shop")

    def test_create_get_list(self):
        """create_cluster, then get_cluster and list_clusters show it"""
        made = self.uc.create_cluster(self.name, self.ids[:2],
                                      description="Shop front")
        self.assertEqual(made["name"], self.name)
        got = self.uc.get_cluster(self.name)
        self.assertEqual(got["name"], self.name)
        self.assertEqual(got["description"], "Shop front")
        self.assertEqual(sorted(got["servers"]), self.ids[:2])
        listed = {c["name"]: c for c in self.uc.list_clusters()}
        self.assertIn(self.name, listed)
        self.assertEqual(listed[self.name]["members"], 2)
        self.assertEqual(listed[self.name]["description"], "Shop front")

    def test_autoconnect_wires_by_role(self):
        """create_cluster(autoconnect=True) wires lb->web->db by role"""
        lb, web, db = unique("alb"), unique("aweb"), unique("adb")
        self.uc.add_server(lb, "LB", "loadbalancer", "10.7.0.1")
        self.uc.add_server(web, "Web", "web", "10.7.0.2")
        self.uc.add_server(db, "DB", "database", "10.7.0.3")
        self.uc.create_cluster(self.name, [lb, web, db], autoconnect=True)
        got = sorted((c["from"], c["to"], c["type"])
                     for c in self.uc.list_connections(server=web))
        self.assertEqual(got, sorted([(lb, web, "http"),
                                      (web, db, "database")]))

    def test_no_autoconnect_by_default(self):
        """create_cluster without autoconnect adds no connection"""
        self.uc.create_cluster(self.name, self.ids)
        for sid in self.ids:
            self.assertEqual(list(self.uc.list_connections(server=sid)), [])

    def test_membership_shows_on_the_server(self):
        """get_server lists the server's clusters"""
        self.uc.create_cluster(self.name, [self.ids[0]])
        self.assertEqual(self.uc.get_server(self.ids[0])["clusters"],
                         [self.name])
        self.assertEqual(self.uc.get_server(self.ids[1])["clusters"], [])

    def test_cluster_filter_on_servers(self):
        """list_servers(cluster=name) yields exactly the members"""
        self.uc.create_cluster(self.name, self.ids[1:])
        got = sorted(s["id"] for s in self.uc.list_servers(cluster=self.name))
        self.assertEqual(got, self.ids[1:])

    def test_update_members_keeps_description(self):
        """update_cluster(servers=...) replaces members, keeps description"""
        self.uc.create_cluster(self.name, self.ids[:2], description="D")
        self.uc.update_cluster(self.name, servers=[self.ids[2]])
        got = self.uc.get_cluster(self.name)
        self.assertEqual(got["servers"], [self.ids[2]])
        self.assertEqual(got["description"], "D")

    def test_update_description_keeps_members(self):
        """update_cluster(description=...) keeps the members"""
        self.uc.create_cluster(self.name, self.ids, description="Old")
        self.uc.update_cluster(self.name, description="New")
        got = self.uc.get_cluster(self.name)
        self.assertEqual(sorted(got["servers"]), self.ids)
        self.assertEqual(got["description"], "New")

    def test_delete_keeps_servers(self):
        """delete_cluster: the cluster is gone (404), its servers stay"""
        self.uc.create_cluster(self.name, self.ids)
        self.assertIsNone(self.uc.delete_cluster(self.name))
        self.assertApiError(404, self.uc.get_cluster, self.name,
                            code="not_found")
        self.assertApiError(404, self.uc.delete_cluster, self.name)
        self.assertEqual(self.uc.get_server(self.ids[0])["clusters"], [])

    def test_duplicate_is_409(self):
        """creating an existing cluster is 409 conflict"""
        self.uc.create_cluster(self.name, self.ids[:1])
        self.assertApiError(409, self.uc.create_cluster, self.name,
                            self.ids[1:], code="conflict")
        self.assertEqual(self.uc.get_cluster(self.name)["servers"],
                         self.ids[:1])

    def test_unknown_member_is_refused(self):
        """a member that does not exist is refused; no cluster is made"""
        with self.assertRaises(ApiError) as cm:
            self.uc.create_cluster(self.name, [self.ids[0],
                                               unique("nobody")])
        self.assertIn(cm.exception.status, (400, 404), str(cm.exception))
        self.assertIsNotNone(cm.exception.payload, str(cm.exception))
        self.assertApiError(404, self.uc.get_cluster, self.name)

    def test_bad_name_is_400(self):
        """a cluster name with a space is 400 on field name"""
        self.assertApiError(400, self.uc.create_cluster, "bad name",
                            self.ids, code="invalid", field="name")

    def test_unknown_cluster_is_404(self):
        """get/update/delete of an unknown cluster raise 404"""
        name = unique("nocluster")
        self.assertApiError(404, self.uc.get_cluster, name)
        self.assertApiError(404, self.uc.update_cluster, name,
                            servers=[], description="")
        self.assertApiError(404, self.uc.delete_cluster, name)


if __name__ == "__main__":
    unittest.main()
