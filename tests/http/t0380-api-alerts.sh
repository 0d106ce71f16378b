# shellcheck shell=bash
# t0380-api-alerts.sh — the REST API's alerting routes through lighttpd:
# rules (create, read, replace, patch, delete, test-fire), active alerts
# with root cause and dependants, history paging, acknowledge, silences;
# every error status; the alerts ACL and cluster scoping; a failed request
# leaves the database as it was, byte for byte.

for s in a-db-1 a-web-1 a-web-2 a-web-3; do
    type=web
    case $s in a-db-*) type=database ;; esac
    api POST /servers "{\"id\":\"$s\",\"type\":\"$type\",\"ip\":\"$s.internal\",\"region\":\"eu-west-1\"}"
done
api POST /clusters '{"name":"a-front","servers":["a-web-1"]}'

# ---- rules ----
api GET /rules
assert_status 200 "GET /rules"
assert_eq "cpu_high memory_high server_down" "$(json_list '$.rules' name)" \
    "…lists the three shipped rules by name"
assert_json '$.rules[0].from_config' 1 "…which follow Module Config"

api POST /rules '{"name":"disk_full","metric":"disk","op":">","threshold":90,"clear_at":85,"for_s":"10m","severity":"critical","scope":"type","scope_value":"WEB"}'
assert_status 201 "POST /rules is 201"
assert_header Location "/unlimited-cluster/nph-api.cgi/rules/disk_full" "…with a Location header"
assert_json '$.for_s' 600 "…a duration given as text is stored in seconds"
assert_json '$.scope_value' web "…the scope value as stored"
assert_json '$.from_config' 0 "…a new rule does not follow Module Config"
assert_logged '"create" "rule" "disk_full"' "the create is in the action log"

api GET /rules/DISK_FULL
assert_status 200 "GET /rules/{name} ignores case"
assert_json '$.clear_at' 85.0 "…with the clear level"

before=$(db_dump)
api POST /rules '{"name":"disk_full","metric":"disk","threshold":1}'
assert_status 409 "a duplicate rule name is 409"
assert_json '$.error.key' rule_err_exists "…rule_err_exists"
api POST /rules '{"name":"x","metric":"disk","threshold":90,"clear_at":95}'
assert_status 400 "a clear level above a > threshold is 400"
assert_json '$.error.field' clear_at "…naming clear_at"
api POST /rules '{"name":"x","metric":"temperature","threshold":90}'
assert_status 400 "an unknown metric is 400"
assert_json '$.error.field' metric "…naming metric"
api POST /rules '{"name":"x","metric":"cpu","threshold":"ninety"}'
assert_status 400 "a threshold that is not a number is 400"
assert_json '$.error.key' rule_err_want_number "…wants a number"
api POST /rules '{"name":"x","metric":"cpu","threshold":90,"for_s":-5}'
assert_status 400 "a negative duration is 400"
api POST /rules '{"name":"x","metric":"cpu","threshold":90,"scope":"cluster","scope_value":"nowhere"}'
assert_status 400 "a scope naming no cluster is 400"
assert_json '$.error.field' scope_value "…naming scope_value"
api POST /rules '{"name":"x","metric":"cpu","threshold":90,"colour":"red"}'
assert_status 400 "an unknown key is 400"
api POST /rules '{"name":"x","metric":"cpu"}'
assert_status 400 "a missing threshold is 400"
assert_json '$.error.field' threshold "…naming threshold"
api POST /rules '{"name":"x",'
assert_status 400 "malformed JSON is 400"
http POST nph-api.cgi/rules 'name=x'
assert_status 415 "a form body is 415"
big=$(head -c 70000 /dev/zero | tr '\0' 'x')
api POST /rules "{\"name\":\"big\",\"metric\":\"cpu\",\"threshold\":1,\"target\":\"$big\"}"
assert_status 413 "a body over 64 KiB is 413"
api DELETE /rules
assert_status 405 "DELETE /rules is 405"
assert_header Allow "GET, HEAD, POST" "…with Allow"
assert_eq "$before" "$(db_dump)" "the failed rule requests left the database unchanged"

api PATCH /rules/cpu_high '{"threshold":95,"hold_s":120}'
assert_status 200 "PATCH changes some fields"
assert_json '$.threshold' 95.0 "…the threshold"
assert_json '$.clear_at' 70.0 "…and keeps the others"
assert_json '$.from_config' 0 "…and an edited shipped rule stops following Module Config"
assert_logged '"modify" "rule" "cpu_high"' "the change is in the action log"
api PUT /rules/disk_full '{"metric":"disk","threshold":80}'
assert_status 200 "PUT replaces"
assert_json '$.clear_at' "" "…absent fields take their defaults (no clear level)"
assert_json '$.severity' warning "…(severity warning)"
api PUT /rules/disk_full '{"threshold":80}'
assert_status 400 "PUT without the metric is 400"
api PATCH /rules/nothing '{"threshold":1}'
assert_status 404 "PATCH of an unknown rule is 404"
api PATCH /rules/disk_full '{"name":"memory_high"}'
assert_status 409 "renaming onto another rule is 409"

api POST /rules/disk_full/test '{"server":"a-web-2"}'
assert_status 200 "POST /rules/{name}/test"
assert_json '$.server' a-web-2 "…on the server asked for"
assert_json '$.ok' 1 "…the record action succeeds"
assert_eq 1 "$(db_query "SELECT count(*) FROM alert_log WHERE event='test' AND rule='disk_full' AND server='a-web-2'")" \
    "…and the test is in the alert log"
api POST /rules/disk_full/test ''
assert_status 200 "a test without a server picks one in the rule's scope"
assert_json '$.server' a-db-1 "…the first by id (PUT made the scope all)"
api POST /rules/disk_full/test '{"server":"ghost"}'
assert_status 404 "a test on an unknown server is 404"
api POST /rules/disk_full/test '{"srv":"a-web-1"}'
assert_status 400 "a test with an unknown key is 400"

# ---- alerts, as the daemon writes them ----
sqlite3 -batch -cmd '.timeout 5000' "$UC_DB" "
INSERT INTO alerts(aid, rule, server, state, value, started, fired, cause) VALUES
 (901, (SELECT rid FROM rules WHERE name='server_down'), 'a-db-1', 'firing', 0, 1000, 1030, NULL),
 (902, (SELECT rid FROM rules WHERE name='cpu_high'), 'a-web-1', 'firing', 99, 1001, 1301, 'a-db-1'),
 (903, (SELECT rid FROM rules WHERE name='cpu_high'), 'a-web-2', 'firing', 97, 1002, 1302, 'a-db-1'),
 (904, (SELECT rid FROM rules WHERE name='memory_high'), 'a-web-3', 'pending', 90, 1003, NULL, NULL),
 (905, (SELECT rid FROM rules WHERE name='memory_high'), 'a-web-2', 'resolved', 70, 900, 950, NULL);
INSERT INTO alert_log(at, alert, rule, server, event, value) VALUES
 (1030, 901, 'server_down', 'a-db-1', 'firing', 0),
 (1301, 902, 'cpu_high', 'a-web-1', 'suppressed', 99),
 (1302, 903, 'cpu_high', 'a-web-2', 'suppressed', 97);"

api GET /alerts
assert_status 200 "GET /alerts"
assert_eq "901 902 903 904" "$(json_list '$.alerts' id)" "…the open ones, firing and critical first"
assert_json '$.alerts[0].dependants' '["a-web-1","a-web-2"]' "…the root cause lists its dependants"
assert_json '$.alerts[1].cause' a-db-1 "…a dependant names its root cause"
assert_json '$.counts.firing' 3 "…counts firing"
assert_json '$.counts.critical' 1 "…and critical"
api GET '/alerts?state=pending'
assert_eq "904" "$(json_list '$.alerts' id)" "?state=pending"
api GET '/alerts?severity=critical&server=A-DB-1'
assert_eq "901" "$(json_list '$.alerts' id)" "?severity=&server="
api GET '/alerts?state=resolved'
assert_status 400 "?state=resolved is 400"
api GET '/alerts?colour=red'
assert_status 400 "an unknown query key is 400"

api_walk '/alerts/history?limit=2' '$.events' event
assert_eq 3 "$WALK_PAGES" "the history pages two at a time"
assert_eq "suppressed suppressed firing test test " "${WALK_ITEMS:0:39}" "…newest first"
api GET '/alerts/history?limit=5&cursor=bogus'
assert_status 400 "a bad cursor is 400"
api GET '/alerts/history?server=a-db-1'
assert_eq "firing test" "$(json_list '$.events' event)" "?server= filters the history"

before=$(db_dump)
api POST /alerts/905/ack
assert_status 409 "acknowledging a resolved alert is 409"
api POST /alerts/999/ack
assert_status 404 "acknowledging an unknown alert is 404"
api POST /alerts/abc/ack
assert_status 400 "a bad alert id is 400"
api POST /alerts/902/ack '{"note":"x"}'
assert_status 400 "ack takes no body"
assert_eq "$before" "$(db_dump)" "the failed acknowledgements left the database unchanged"
api POST /alerts/902/ack
assert_status 200 "POST /alerts/{id}/ack"
assert_json '$.acknowledged.by' admin "…records who"
assert_logged '"acknowledge" "alert" "902"' "…in the action log"
assert_eq 1 "$(db_query "SELECT count(*) FROM alert_log WHERE alert=902 AND event='acknowledged' AND who='admin'")" \
    "…and in the alert log"
api POST /alerts/902/ack
assert_status 409 "acknowledging twice is 409"

# ---- silences ----
api POST /silences '{"rule":"cpu_high","server":"a-web-1","duration":"4h","reason":"maintenance"}'
assert_status 201 "POST /silences is 201"
sid=$(json_get '$.id')
assert_header Location "/unlimited-cluster/nph-api.cgi/silences/$sid" "…with a Location header"
assert_logged '"silence" "alert" "a-web-1"' "…in the action log"
now=$(date +%s)
assert_eq 1 "$(db_query "SELECT count(*) FROM silences WHERE sid=$sid AND until BETWEEN $now + 14390 AND $now + 14410")" \
    "…until four hours from now"
before=$(db_dump)
api POST /silences '{"duration":"1h"}'
assert_status 400 "a silence of nothing is 400"
api POST /silences '{"rule":"cpu_high","duration":"10s"}'
assert_status 400 "a silence under a minute is 400"
api POST /silences '{"rule":"cpu_high","duration":"31d"}'
assert_status 400 "a silence over 30 days is 400"
api POST /silences '{"rule":"nothing","duration":"1h"}'
assert_status 404 "a silence of an unknown rule is 404"
api POST /silences '{"server":"ghost","duration":"1h"}'
assert_status 404 "a silence of an unknown server is 404"
api DELETE /silences/99999
assert_status 404 "ending an unknown silence is 404"
assert_eq "$before" "$(db_dump)" "the failed silence requests left the database unchanged"
api GET /silences
assert_status 200 "GET /silences"
assert_eq "$sid" "$(json_list '$.silences' id)" "…lists the one in force"
api DELETE "/silences/$sid"
assert_status 204 "DELETE /silences/{id} is 204"

# ---- permissions ----
uc_user_add watcher watcherpw 'alerts=0\n'
for req in "POST /rules {\"name\":\"w\",\"metric\":\"cpu\",\"threshold\":1}" \
    "PATCH /rules/cpu_high {\"threshold\":1}" "DELETE /rules/cpu_high" \
    "POST /alerts/903/ack" "POST /silences {\"rule\":\"cpu_high\",\"duration\":\"1h\"}" \
    "POST /rules/cpu_high/test"; do
    read -r m p b <<<"$req"
    before=$(db_dump)
    api "$m" "$p" "${b:-}" -u watcher:watcherpw
    assert_status 403 "$m $p without the alerts ACL is 403"
    assert_eq "$before" "$(db_dump)" "…and changes nothing"
done
api GET /alerts '' -u watcher:watcherpw
assert_status 200 "…but reading alerts is allowed"

uc_user_add fronter fronterpw 'clusters=a-front\n'
api GET /alerts '' -u fronter:fronterpw
assert_eq "902" "$(json_list '$.alerts' id)" "a user limited to a cluster sees only its servers' alerts"
api GET /alerts/history '' -u fronter:fronterpw
assert_eq "silenced acknowledged suppressed" "$(json_list '$.events' event)" "…and only their history"
assert_eq "a-web-1 a-web-1 a-web-1" "$(json_list '$.events' server)" "…of their server"
api POST /silences '{"rule":"cpu_high","duration":"1h"}' -u fronter:fronterpw
assert_status 403 "…must name a server to silence"
api POST /rules '{"name":"mine","metric":"cpu","threshold":1}' -u fronter:fronterpw
assert_status 403 "…may not write a rule covering everything"
api POST /rules '{"name":"mine","metric":"cpu","threshold":1,"scope":"cluster","scope_value":"a-front"}' -u fronter:fronterpw
assert_status 201 "…but may for their cluster"
api POST /alerts/903/ack '' -u fronter:fronterpw
assert_status 404 "…and another cluster's alert is not found"

api DELETE /rules/disk_full
assert_status 204 "DELETE /rules/{name} is 204"
assert_logged '"delete" "rule" "disk_full"' "…in the action log"
api GET /rules/disk_full
assert_status 404 "…and it is gone"
api DELETE /rules/mine
for s in a-db-1 a-web-1 a-web-2 a-web-3; do api DELETE "/servers/$s"; done
api DELETE /clusters/a-front
