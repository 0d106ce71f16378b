# test_alerts.py — alert rules, alerts and silences through the SDK against
# the real API: rules(), create_rule(), update_rule(), test_rule(),
# delete_rule(); alerts() with the root cause, alert_counts(), ack();
# silence(), silences(), unsilence(); alert_history() paging; the errors.
# SPDX-License-Identifier: BSD-3-Clause
import os
import sqlite3
import unittest

from support import ApiTestCase, add_servers, unique

DB = os.path.join(os.environ.get("UC_STATE", ""), "var", "modules",
                  "unlimited-cluster", "cluster.db")


def seed_alerts(db_id, web_ids):
    """What the daemon writes: db down (the root), web servers' cpu alerts
    caused by it. Returns the alert ids (db first)."""
    con = sqlite3.connect(DB, timeout=10)
    try:
        ids = []
        with con:
            cur = con.execute(
                "INSERT INTO alerts(rule, server, state, value, started,"
                " fired) VALUES ((SELECT rid FROM rules WHERE"
                " name='server_down'), ?, 'firing', 0, 1000, 1030)", (db_id,))
            ids.append(cur.lastrowid)
            for w in web_ids:
                cur = con.execute(
                    "INSERT INTO alerts(rule, server, state, value, started,"
                    " fired, cause) VALUES ((SELECT rid FROM rules WHERE"
                    " name='cpu_high'), ?, 'firing', 95, 1001, 1301, ?)",
                    (w, db_id))
                ids.append(cur.lastrowid)
                con.execute("INSERT INTO alert_log(at, alert, rule, server,"
                            " event, value) VALUES (1301, ?, 'cpu_high', ?,"
                            " 'suppressed', 95)", (cur.lastrowid, w))
        return ids
    finally:
        con.close()


class RuleTest(ApiTestCase):
    def setUp(self):
        self.name = unique("rule")

    def tearDown(self):
        try:
            self.uc.delete_rule(self.name)
        except Exception:
            pass

    def test_shipped_rules(self):
        """rules() lists the three shipped rules, following Module Config"""
        by_name = {r["name"]: r for r in self.uc.rules()}
        for name in ("cpu_high", "memory_high", "server_down"):
            self.assertIn(name, by_name)
        self.assertEqual(by_name["server_down"]["metric"], "up")

    def test_create_update_delete(self):
        """create_rule stores every field; update_rule changes some"""
        made = self.uc.create_rule(self.name, "disk", 90, clear_at=85,
                                   for_s="10m", severity="critical")
        self.assertEqual(made["for_s"], 600)
        self.assertEqual(made["clear_at"], 85)
        self.assertFalse(made["from_config"])
        changed = self.uc.update_rule(self.name, hold_s=120, enabled=False)
        self.assertEqual(changed["hold_s"], 120)
        self.assertFalse(changed["enabled"])
        self.assertEqual(changed["threshold"], 90)
        self.assertEqual(self.uc.get_rule(self.name.upper())["name"],
                         self.name)
        self.uc.delete_rule(self.name)
        self.assertApiError(404, self.uc.get_rule, self.name,
                            code="not_found")

    def test_refusals(self):
        """bad values are 400 naming the field; a duplicate is 409"""
        self.assertApiError(400, self.uc.create_rule, self.name, "disk", 90,
                            clear_at=95, field="clear_at")
        self.assertApiError(400, self.uc.create_rule, self.name, "heat", 1,
                            field="metric")
        self.assertApiError(400, self.uc.create_rule, self.name, "cpu", "x",
                            field="threshold")
        self.uc.create_rule(self.name, "cpu", 1)
        self.assertApiError(409, self.uc.create_rule, self.name, "cpu", 2,
                            code="conflict")

    def test_test_fire(self):
        """test_rule runs the action for the server named"""
        sid = add_servers(self.uc, 1, unique("tf"))[0]
        self.uc.create_rule(self.name, "cpu", 50, scope="server",
                            scope_value=sid)
        got = self.uc.test_rule(self.name)
        self.assertEqual((got["server"], got["ok"], got["ran"]),
                         (sid, True, False))
        self.assertApiError(404, self.uc.test_rule, self.name, server="nope")
        self.uc.delete_server(sid)


class AlertTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        prefix = unique("al")
        cls.db = add_servers(cls.uc, 1, prefix + "-db",
                             types=("database",))[0]
        cls.webs = add_servers(cls.uc, 2, prefix + "-web")
        cls.ids = seed_alerts(cls.db, cls.webs)

    def test_alerts_with_root_cause(self):
        """alerts() gives each alert's cause and the root's dependants"""
        mine = {a["id"]: a for a in self.uc.alerts()
                if a["id"] in self.ids}
        root = mine[self.ids[0]]
        self.assertIsNone(root["cause"])
        self.assertEqual(sorted(root["dependants"]), sorted(self.webs))
        self.assertEqual(mine[self.ids[1]]["cause"], self.db)
        only = self.uc.alerts(severity="critical", server=self.db)
        self.assertEqual([a["id"] for a in only], [self.ids[0]])
        self.assertGreaterEqual(self.uc.alert_counts()["firing"], 3)
        self.assertApiError(400, self.uc.alerts, state="gone", field="state")

    def test_ack(self):
        """ack() records who; a second ack is 409"""
        got = self.uc.ack(self.ids[1])
        self.assertEqual(got["acknowledged"]["by"], os.environ["UC_USER"])
        self.assertApiError(409, self.uc.ack, self.ids[1], code="conflict")
        self.assertApiError(404, self.uc.ack, 987654321)
        with self.assertRaises(ValueError):
            self.uc.ack("1")

    def test_silences(self):
        """silence() for 4h, listed by silences(), ended by unsilence()"""
        s = self.uc.silence("4h", rule="cpu_high", server=self.webs[0],
                            reason="maintenance")
        self.assertEqual(s["server"], self.webs[0])
        self.assertIn(s["id"], [x["id"] for x in self.uc.silences()])
        self.uc.unsilence(s["id"])
        self.assertNotIn(s["id"], [x["id"] for x in self.uc.silences()])
        self.assertApiError(404, self.uc.unsilence, s["id"])
        self.assertApiError(400, self.uc.silence, 10, rule="cpu_high",
                            field="duration")
        with self.assertRaises(ValueError):
            self.uc.silence("1h")

    def test_history_pages(self):
        """alert_history() walks every page, newest first"""
        events = list(self.uc.alert_history(page_size=1,
                                            server=self.webs[1]))
        self.assertGreaterEqual(len(events), 1)
        self.assertEqual(events[-1]["event"], "suppressed")
        ids = [e["id"] for e in events]
        self.assertEqual(ids, sorted(ids, reverse=True))


if __name__ == "__main__":
    unittest.main()
