# test_servers.py — servers through the SDK against the real API: add/get
# round trip, listing across pages (250 servers, pages of 100), filters and
# sorting, PATCH/PUT updates, deletion, and the errors (400 bad input,
# 404 unknown id, 409 duplicate) that must leave stored data unchanged.
# SPDX-License-Identifier: BSD-3-Clause
import unittest

from support import (ISO_UTC, STATES, ApiTestCase, add_servers, unique)

SENT_KEYS = ("id", "name", "type", "ip", "region")


class AddGetTest(ApiTestCase):
    def test_add_returns_and_get_equals_what_was_sent(self):
        """add_server then get_server: equal to what was sent"""
        sid = unique("db")
        sent = {"id": sid, "name": "Primary DB ñ", "type": "database",
                "ip": "10.20.30.40", "region": "eu-west-1"}
        made = self.uc.add_server(sent["id"], sent["name"], sent["type"],
                                  sent["ip"], region=sent["region"],
                                  ports=[5432, 6432])
        got = self.uc.get_server(sid)
        for obj in (made, got):
            self.assertEqual({k: obj[k] for k in SENT_KEYS}, sent)
            self.assertEqual(obj["ports"], [5432, 6432])
            self.assertIs(obj["ports_override"], True)
            self.assertIn(obj["status"], STATES)
            self.assertRegex(obj["created"], ISO_UTC)
            self.assertRegex(obj["updated"], ISO_UTC)
        self.assertEqual(got["clusters"], [])
        self.assertEqual(got["connections"], [])

    def test_defaults_name_region_and_ports(self):
        """name defaults to the id, region to null, ports to the type's"""
        sid = unique("web")
        made = self.uc.add_server(sid, None, "web", "web.example.org")
        self.assertEqual(made["name"], sid)
        self.assertIsNone(made["region"])
        self.assertEqual(made["ports"], [80, 443, 8080])
        self.assertIs(made["ports_override"], False)
        self.assertEqual(self.uc.get_server(sid)["ip"], "web.example.org")

    def test_ipv6_address(self):
        """an IPv6 address is stored as sent"""
        sid = unique("dns")
        self.uc.add_server(sid, "Resolver", "dns", "2001:db8::53")
        self.assertEqual(self.uc.get_server(sid)["ip"], "2001:db8::53")


class ListTest(ApiTestCase):
    """250 servers in a region of their own, listed in pages of 100."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.region = unique("pg")
        cls.ids = add_servers(cls.uc, 250, unique("pg"), region=cls.region,
                              types=("web", "cache"))

    def test_generator_yields_all_250_exactly_once(self):
        """list_servers(page_size=100) yields all 250 servers exactly once"""
        got = [s["id"] for s in self.uc.list_servers(region=self.region,
                                                     page_size=100)]
        self.assertEqual(len(got), 250)
        self.assertEqual(sorted(got), sorted(self.ids))

    def test_pages_are_100_100_50_with_cursors(self):
        """the API pages 100, 100, 50 and the last page has no cursor"""
        sizes = []
        cursor = None
        for _ in range(5):
            page = self.uc.list_servers_page(cursor=cursor, page_size=100,
                                             region=self.region)
            sizes.append(len(page["servers"]))
            self.assertEqual(page["total"], 250)
            cursor = page["next_cursor"]
            if cursor is None:
                break
        self.assertEqual(sizes, [100, 100, 50])

    def test_sort_by_name_descending_across_pages(self):
        """sort=name order=desc is ordered across page boundaries"""
        names = [s["name"] for s in self.uc.list_servers(
            region=self.region, sort="name", order="desc", page_size=100)]
        self.assertEqual(names, ["Node %03d" % i for i in range(249, -1, -1)])

    def test_type_filter(self):
        """type=cache lists exactly the cache servers of the region"""
        got = sorted(s["id"] for s in self.uc.list_servers(
            region=self.region, type="cache", page_size=100))
        self.assertEqual(got, self.ids[1::2])

    def test_search(self):
        """q= finds a server by its id"""
        got = [s["id"] for s in self.uc.list_servers(q=self.ids[137])]
        self.assertEqual(got, [self.ids[137]])

    def test_whole_estate_listing_has_no_duplicates(self):
        """the unfiltered listing (pages of 1000) has every id once"""
        got = [s["id"] for s in self.uc.list_servers(page_size=1000)]
        self.assertEqual(len(got), len(set(got)))
        self.assertTrue(set(self.ids) <= set(got))

    def test_page_size_checked_before_any_request(self):
        """page_size outside 1..1000 and limit=/cursor= are refused"""
        for bad in (0, 1001, "100", True):
            with self.assertRaises(ValueError):
                self.uc.list_servers(page_size=bad)
        with self.assertRaises(TypeError):
            self.uc.list_servers(limit=10)

    def test_unknown_filter_is_a_400(self):
        """an unknown filter is refused by the API with 400"""
        self.assertApiError(400, list, self.uc.list_servers(colour="red"))

    def test_bad_filter_value_is_a_400(self):
        """a status outside the vocabulary is refused with 400"""
        self.assertApiError(400, list, self.uc.list_servers(status="busy"))


class UpdateDeleteTest(ApiTestCase):
    def test_patch_changes_only_given_fields(self):
        """update_server (PATCH) changes the given fields only"""
        sid = unique("upd")
        self.uc.add_server(sid, "Before", "web", "10.1.1.1", region="r1",
                           ports=[8080])
        out = self.uc.update_server(sid, name="After", ip="10.1.1.2")
        got = self.uc.get_server(sid)
        for obj in (out, got):
            self.assertEqual(obj["name"], "After")
            self.assertEqual(obj["ip"], "10.1.1.2")
            self.assertEqual(obj["type"], "web")
            self.assertEqual(obj["region"], "r1")
            self.assertEqual(obj["ports"], [8080])

    def test_patch_region_to_null(self):
        """PATCH region=None clears the region"""
        sid = unique("upd")
        self.uc.add_server(sid, "R", "cache", "10.1.1.3", region="r2")
        self.uc.update_server(sid, region=None)
        self.assertIsNone(self.uc.get_server(sid)["region"])

    def test_put_replaces(self):
        """replace_server (PUT) replaces every field"""
        sid = unique("put")
        self.uc.add_server(sid, "Old", "web", "10.1.2.1", region="r3",
                           ports=[81])
        self.uc.replace_server(sid, "New", "dns", "10.1.2.2")
        got = self.uc.get_server(sid)
        self.assertEqual((got["name"], got["type"], got["ip"], got["region"]),
                         ("New", "dns", "10.1.2.2", None))
        self.assertEqual(got["ports"], [53])
        self.assertIs(got["ports_override"], False)

    def test_patch_bad_value_changes_nothing(self):
        """a PATCH with a bad ip is a 400 and changes nothing"""
        sid = unique("upd")
        before = self.uc.add_server(sid, "Keep", "web", "10.1.3.1")
        self.assertApiError(400, self.uc.update_server, sid, name="Changed",
                            ip="999.1.1.1", code="invalid", field="ip")
        self.assertEqual(self.uc.get_server(sid)["name"], before["name"])

    def test_delete(self):
        """delete_server, then get_server and a second delete are 404"""
        sid = unique("del")
        self.uc.add_server(sid, "Gone", "backup", "10.1.4.1")
        self.assertIsNone(self.uc.delete_server(sid))
        self.assertApiError(404, self.uc.get_server, sid, code="not_found")
        self.assertApiError(404, self.uc.delete_server, sid,
                            code="not_found")


class ErrorTest(ApiTestCase):
    def test_bad_ip_is_400_on_field_ip(self):
        """a bad ip raises ApiError 400 invalid, field ip, nothing stored"""
        sid = unique("bad")
        for ip in ("999.0.0.1", "not a host", "-bad-.example", ""):
            self.assertApiError(400, self.uc.add_server, sid, "x", "web", ip,
                                code="invalid", field="ip")
        self.assertApiError(404, self.uc.get_server, sid)

    def test_bad_type_is_400_on_field_type(self):
        """an unknown server type is 400 on field type"""
        self.assertApiError(400, self.uc.add_server, unique("bad"), "x",
                            "mainframe", "10.0.0.1", code="invalid",
                            field="type")

    def test_bad_id_is_400_on_field_id(self):
        """an id with a space or a slash is 400 on field id"""
        for sid in ("has space", "a/b", "-lead", "x" * 65):
            self.assertApiError(400, self.uc.add_server, sid, "x", "web",
                                "10.0.0.1", code="invalid", field="id")

    def test_bad_region_is_400_on_field_region(self):
        """an upper-case region is 400 on field region"""
        self.assertApiError(400, self.uc.add_server, unique("bad"), "x",
                            "web", "10.0.0.1", region="EU West",
                            code="invalid", field="region")

    def test_unknown_id_is_404(self):
        """get/update/delete of an unknown id raise ApiError 404"""
        sid = unique("nobody")
        self.assertApiError(404, self.uc.get_server, sid, code="not_found")
        self.assertApiError(404, self.uc.update_server, sid, name="x",
                            code="not_found")
        self.assertApiError(404, self.uc.delete_server, sid,
                            code="not_found")

    def test_duplicate_is_409_and_keeps_the_first(self):
        """adding an existing id is 409 conflict on id; the first stays"""
        sid = unique("dup")
        self.uc.add_server(sid, "First", "web", "10.0.0.1")
        self.assertApiError(409, self.uc.add_server, sid, "Second", "dns",
                            "10.0.0.2", code="conflict", field="id")
        got = self.uc.get_server(sid)
        self.assertEqual((got["name"], got["type"], got["ip"]),
                         ("First", "web", "10.0.0.1"))

    def test_error_attributes(self):
        """ApiError carries status, code, field, message and the lang key"""
        e = self.assertApiError(400, self.uc.add_server, unique("bad"), "x",
                                "web", "1.2.3.999")
        self.assertEqual((e.status, e.code, e.field), (400, "invalid", "ip"))
        self.assertTrue(e.key.startswith("err_"), e.key)
        self.assertIn("400", str(e))


if __name__ == "__main__":
    unittest.main()
