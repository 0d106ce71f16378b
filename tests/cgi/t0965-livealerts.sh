# t0965-livealerts.sh — alert badges live: diagram_data.cgi?part=alerts
# answers the diagram document's "alerts" member alone (same numbers as
# the whole document, same scope, any user who may see the diagram, a
# clear 400 for another part), and an alert firing through a writer of the
# store (tools/store_sql, as the daemon writes) puts an 'alerts' event in
# events.cgi's journal for the users who may see that server only.

for s in db1:database web1:web web2:web; do
    post add_server.cgi "id=${s%%:*}&type=${s##*:}&ip=10.0.3.${#s}"
done
post create_cluster.cgi "name=alpha&servers=web1&autoconnect=0"
py_alerts() { # the document's alerts member (or the whole answer), sorted
    python3 -c 'import json,sys
d = json.loads(sys.stdin.read())
print(json.dumps(d.get("alerts", d) if "servers" in d else d, sort_keys=True))' <<<"$BODY" 2>&1
}

cgi GET diagram_data.cgi "part=alerts"
check status_is 200
check header_has Content-Type application/json
MSG="part=alerts with no alerts: zeros and empty lists" check test "$(py_alerts)" = '{"count": [], "critical": 0, "firing": 0, "ids": "", "root": ""}'

sqlite3 "$DB" "INSERT INTO alerts(aid, rule, server, state, value, started, fired, cause) VALUES
 (1, (SELECT rid FROM rules WHERE name='server_down'), 'db1', 'firing', 0, 1000, 1030, NULL),
 (2, (SELECT rid FROM rules WHERE name='cpu_high'), 'web1', 'firing', 99, 1001, 1301, 'db1'),
 (3, (SELECT rid FROM rules WHERE name='memory_high'), 'web2', 'pending', 90, 1002, NULL, NULL);"
cgi GET diagram_data.cgi "part=alerts"
check status_is 200
part=$(py_alerts)
MSG="part=alerts counts firing alerts per server and marks the root cause" check test "$part" = '{"count": [1, 1, 0], "critical": 1, "firing": 2, "ids": "db1\nweb1\nweb2", "root": "100"}'
MSG="…and carries nothing of the estate" check body_lacks '"servers"'
cgi GET diagram_data.cgi ""
MSG="…the same as the whole document's alerts member" check test "$(py_alerts)" = "$part"

cgi GET diagram_data.cgi "part=servers"
MSG="another part is 400" check status_is 400
MSG="…naming the field and the parts there are" check body_has '"field":"part"'
check body_has 'livealert_err_part'
cgi GET diagram_data.cgi "part="
MSG="an empty part is 400 too" check status_is 400

CGI_USER=viewer
printf 'viewer: unlimited-cluster\n' >>"$WEBMIN_CONFIG/webmin.acl"
printf 'edit=0\nalerts=0\n' >"$WEBMIN_CONFIG/unlimited-cluster/viewer.acl"
cgi GET diagram_data.cgi "part=alerts"
MSG="a read-only user reads the badges as the diagram shows them" check test "$(py_alerts)" = "$part"

CGI_USER=scoped
printf 'scoped: unlimited-cluster\n' >>"$WEBMIN_CONFIG/webmin.acl"
printf 'clusters=alpha\n' >"$WEBMIN_CONFIG/unlimited-cluster/scoped.acl"
cgi GET diagram_data.cgi "part=alerts"
check status_is 200
MSG="limited to alpha: only web1's alert (db1 is hidden, so no root mark)" check test "$(py_alerts)" = '{"count": [1], "critical": 0, "firing": 1, "ids": "web1", "root": "0"}'

CGI_USER=stranger
cgi GET diagram_data.cgi "part=alerts"
MSG="a user without the module is refused" check status_is 403

# The journal: a writer of the store fires web2's pending alert.
CGI_USER="admin"
store_sql="$STAGE/../../tools/store_sql"
MSG="the store_sql tool is built beside the stage" check test -x "$store_sql"
cgi GET events.cgi "poll=1"
since=$(python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["last"])' <<<"$BODY" 2>&1)
"$store_sql" "$DB" "UPDATE alerts SET state='firing', fired=2000 WHERE aid=3;
 UPDATE alerts SET state='resolved', resolved=2001 WHERE aid=2;"
MSG="store_sql wrote" check test $? -eq 0
cgi GET events.cgi "poll=1&since=$since"
check status_is 200
evs=$(python3 -c 'import json,sys
print(" ".join("%s:%s:%s" % (e["kind"], e.get("id"), e.get("state")) for e in json.loads(sys.stdin.read())["events"]))' <<<"$BODY" 2>&1)
MSG="events.cgi carries one 'alerts' event per transition" check test "$evs" = "alerts:web2:firing alerts:web1:resolved"
cgi GET diagram_data.cgi "part=alerts"
MSG="…and part=alerts then shows the new badges" check test "$(py_alerts)" = '{"count": [1, 1], "critical": 1, "firing": 2, "ids": "db1\nweb2", "root": "00"}'
CGI_USER=scoped
cgi GET events.cgi "poll=1&since=$since"
evs=$(python3 -c 'import json,sys
print(" ".join("%s:%s:%s" % (e["kind"], e.get("id"), e.get("state")) for e in json.loads(sys.stdin.read())["events"]))' <<<"$BODY" 2>&1)
MSG="limited to alpha: only web1's alert event" check test "$evs" = "alerts:web1:resolved"
CGI_USER="admin"
