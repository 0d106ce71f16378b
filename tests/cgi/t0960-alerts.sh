# t0960-alerts.sh — the alert pages: rules list, the rule form with every
# field, save (create, change, validation messages, nothing saved on
# error), test-fire, delete; the alerts page with severity, root cause and
# dependants, acknowledge, silence (quick and custom), end a silence,
# history paging; the alerts ACL; the dashboard's count line.

for s in db1:database web1:web web2:web; do
    post add_server.cgi "id=${s%%:*}&type=${s##*:}&ip=10.0.2.${#s}"
done
dump() { sqlite3 -readonly "$DB" .dump; }

cgi GET rules.cgi ""
check status_is 200
MSG="rules list shows the shipped rules" check body_has 'edit_rule.cgi?name=cpu_high'
MSG="…marked as following Module Config" check body_has '(Module Config)'
MSG="…with a severity badge" check body_has 'uc-badge uc-sev uc-state-inactive'
MSG="…and a New rule button" check body_has 'href="edit_rule.cgi"'

# A shipped rule shows the numbers Module Config sets.
printf 'cpu_threshold=90\ncpu_for=10m\n' >>"$WEBMIN_CONFIG/unlimited-cluster/config"
cgi GET rules.cgi ""
MSG="a shipped rule shows Module Config's threshold and duration" check body_has 'CPU % &gt; 90 for 10m, clears at 80'
cgi GET edit_rule.cgi "name=cpu_high"
MSG="…and its form starts from them" check body_has 'name="threshold" value="90"'
sed -i '/^cpu_threshold=90$/d; /^cpu_for=10m$/d' "$WEBMIN_CONFIG/unlimited-cluster/config"

cgi GET edit_rule.cgi ""
check status_is 200
for f in name metric op threshold clear_at for_s hold_s predict_s scope scope_value severity action target enabled; do
    MSG="the new-rule form has $f" check body_has "name=\"$f\""
done
cgi GET edit_rule.cgi "name=CPU_HIGH"
check status_is 200
MSG="an existing rule's form is filled" check body_has 'value="70"'
MSG="…with the test-fire button" check body_has 'Test-fire'
MSG="…and delete" check body_has 'action="delete_rule.cgi"'
cgi GET edit_rule.cgi "name=nothing"
MSG="an unknown rule is 404" check status_is 404

post save_rule.cgi "name=disk_full&metric=disk&op=%3E&threshold=90&clear_at=85&for_s=10m&hold_s=0&predict_s=0&scope=type&scope_value=web&severity=critical&action=record&target=&enabled=1"
MSG="save_rule creates" check status_is 302
check header_has Location "edit_rule.cgi?name=disk_full"
check sql_is "SELECT for_s || ' ' || clear_at || ' ' || severity FROM rules WHERE name='disk_full'" "600 85.0 critical"
MSG="the create is logged" check grep -q '"create" "rule" "disk_full"' "$WEBMIN_VAR/webmin.log"

before=$(dump)
post save_rule.cgi "name=x&metric=disk&op=%3E&threshold=90&clear_at=95"
MSG="a clear level above the threshold is 400" check status_is 400
MSG="…naming the field" check body_has 'Clears at'
MSG="…and why" check body_has 'must be at or below the threshold (90)'
MSG="…and that nothing was saved" check body_has 'Nothing was changed'
post save_rule.cgi "name=x&metric=disk&threshold=abc"
MSG="a threshold that is not a number is 400" check status_is 400
post save_rule.cgi "name=x&metric=disk&threshold=1&scope=server&scope_value=ghost"
MSG="a scope naming no server is 400" check status_is 400
post save_rule.cgi "name=x&metric=disk&threshold=1&for_s=3d"
MSG="a duration over a day is 400" check status_is 400
post save_rule.cgi "name=DISK_FULL&metric=disk&threshold=1"
MSG="a duplicate name is 409" check status_is 409
post save_rule.cgi "old=nothing&threshold=1"
MSG="changing an unknown rule is 404" check status_is 404
cgi GET save_rule.cgi "name=x&metric=cpu&threshold=1"
MSG="save_rule refuses GET" check status_is 405
MSG="refused saves changed nothing" check test "$before" = "$(dump)"

post save_rule.cgi "old=cpu_high&threshold=95"
MSG="a change keeps the other fields" check sql_is "SELECT threshold || ' ' || clear_at || ' ' || from_config FROM rules WHERE name='cpu_high'" "95.0 70.0 0"
MSG="…and is logged" check grep -q '"modify" "rule" "cpu_high"' "$WEBMIN_VAR/webmin.log"

post save_rule.cgi "old=disk_full&test=1&server=web2"
MSG="test-fire shows the outcome" check status_is 200
MSG="…of the record action on web2" check body_has 'Rule disk_full was test-fired on web2 and its action succeeded.'
check sql_is "SELECT count(*) FROM alert_log WHERE event='test' AND rule='disk_full' AND server='web2'" 1
post save_rule.cgi "old=disk_full&test=1&server=ghost"
MSG="test-fire on an unknown server is 404" check status_is 404

sqlite3 "$DB" "INSERT INTO alerts(aid, rule, server, state, value, started, fired, cause) VALUES
 (1, (SELECT rid FROM rules WHERE name='server_down'), 'db1', 'firing', 0, 1000, 1030, NULL),
 (2, (SELECT rid FROM rules WHERE name='cpu_high'), 'web1', 'firing', 99, 1001, 1301, 'db1'),
 (3, (SELECT rid FROM rules WHERE name='memory_high'), 'web2', 'pending', 90, 1002, NULL, NULL);"
for i in $(seq 1 60); do
    sqlite3 "$DB" "INSERT INTO alert_log(at, rule, server, event, value) VALUES ($((2000 + i)), 'cpu_high', 'web1', 'pending', $i)"
done

cgi GET diagram_data.cgi ""
check status_is 200
alerts_doc=$(python3 -c 'import json,sys; print(json.dumps(json.loads(sys.stdin.read())["alerts"], sort_keys=True))' <<<"$BODY" 2>&1)
MSG="the diagram document counts alerts per server and marks the root cause" check test "$alerts_doc" = '{"count": [1, 1, 0], "critical": 1, "firing": 2, "ids": "db1\nweb1\nweb2", "root": "100"}'

cgi GET alerts.cgi ""
check status_is 200
MSG="alerts page counts" check body_has '2 alerts firing (1 critical).'
MSG="…critical in red" check body_has 'uc-state-inactive">critical'
MSG="…the root cause explains its dependants" check body_has 'Root cause</strong> of <a href="edit_server.cgi?id=web1">'
MSG="…a dependant names its cause" check body_has 'caused by</span> <a href="edit_server.cgi?id=db1">'
MSG="…acknowledge buttons" check body_has 'name="do" value="ack"'
MSG="…silence for 4h" check body_has 'name="duration" value="4h"'
MSG="…a custom silence field" check body_has 'placeholder="such as 2h"'
MSG="…history with a next page" check body_has 'alerts.cgi?before='
next=$(grep -o 'alerts.cgi?before=[0-9]*' <<<"$BODY" | head -1 | cut -d= -f2)
cgi GET alerts.cgi "before=$next"
check status_is 200
MSG="the next history page" check body_has 'Newest'
cgi GET alerts.cgi "before=x1"
MSG="a bad before is 400" check status_is 400

post save_alert.cgi "do=ack&id=2"
check status_is 302
check sql_is "SELECT acked_by FROM alerts WHERE aid=2" admin
MSG="ack is logged" check grep -q '"acknowledge" "alert" "2"' "$WEBMIN_VAR/webmin.log"
before=$(dump)
post save_alert.cgi "do=ack&id=2"
MSG="acknowledging twice is 409" check status_is 409
post save_alert.cgi "do=ack&id=99"
MSG="an unknown alert is 404" check status_is 404
post save_alert.cgi "do=silence&rule=cpu_high&server=web1&duration=5s"
MSG="a silence under a minute is 400" check status_is 400
post save_alert.cgi "do=silence&duration=1h"
MSG="a silence of nothing is 400" check status_is 400
post save_alert.cgi "do=reboot"
MSG="an unknown operation is 400" check status_is 400
MSG="refused operations changed nothing" check test "$before" = "$(dump)"
post save_alert.cgi "do=silence&rule=cpu_high&server=web1&duration=4h"
check status_is 302
check sql_is "SELECT until - created FROM silences" 14400
MSG="silence is logged" check grep -q '"silence" "alert" "web1"' "$WEBMIN_VAR/webmin.log"
post save_alert.cgi "do=silence&rule=cpu_high&server=web2&duration=90m&reason=deploy"
check sql_is "SELECT until - created FROM silences WHERE server='web2'" 5400
cgi GET alerts.cgi ""
MSG="the page lists the silences" check body_has 'deploy'
sid=$(sql "SELECT sid FROM silences WHERE server='web2'")
post save_alert.cgi "do=unsilence&id=$sid"
check sql_is "SELECT count(*) FROM silences" 1

printf 'watcher: unlimited-cluster\n' >>"$WEBMIN_CONFIG/webmin.acl"
printf 'alerts=0\n' >"$WEBMIN_CONFIG/unlimited-cluster/watcher.acl"
before=$(dump)
CGI_USER=watcher
cgi GET alerts.cgi ""
MSG="a user without alerts may look" check status_is 200
MSG="…without ack buttons" check body_lacks 'value="ack"'
cgi GET edit_rule.cgi "name=cpu_high"
MSG="…sees no rule form" check body_lacks 'action="save_rule.cgi"'
post save_alert.cgi "do=ack&id=1"
MSG="…ack is 403" check status_is 403
post save_rule.cgi "old=cpu_high&threshold=1"
MSG="…save_rule is 403" check status_is 403
post delete_rule.cgi "name=cpu_high"
MSG="…delete_rule is 403" check status_is 403
MSG="…and nothing changed" check test "$before" = "$(dump)"

# The alerts permission alone is enough to act on alerts from the pages.
printf 'oncall: unlimited-cluster\n' >>"$WEBMIN_CONFIG/webmin.acl"
printf 'edit=0\nalerts=1\n' >"$WEBMIN_CONFIG/unlimited-cluster/oncall.acl"
CGI_USER=oncall
post save_rule.cgi "old=cpu_high&name=cpu_high&metric=cpu&op=%3E&threshold=91&clear_at=80&for_s=300&hold_s=0&predict_s=0&scope=all&scope_value=&severity=warning&action=record&target=&enabled=1"
MSG="a user with alerts but not edit may save a rule" check status_is 302
check sql_is "SELECT threshold FROM rules WHERE name='cpu_high'" 91.0
post add_server.cgi "id=nope1&type=web&ip=10.9.9.9"
MSG="…but still not add a server" check status_is 403
CGI_USER=admin

cgi GET index.cgi ""
MSG="the dashboard shows the alert count" check body_has '2 alerts firing (1 critical)'
MSG="…with a link to the alerts page" check body_has 'href="alerts.cgi"'

post delete_rule.cgi "name=disk_full"
check status_is 302
check sql_is "SELECT count(*) FROM rules WHERE name='disk_full'" 0
MSG="delete is logged" check grep -q '"delete" "rule" "disk_full"' "$WEBMIN_VAR/webmin.log"
post delete_rule.cgi "name=disk_full"
MSG="deleting again is 404" check status_is 404

# The server page's charts: a dashed forecast on the percentage charts.
HIST_FILL="$STAGE/../../tools/hist_fill"
rid=$(sql "SELECT rid FROM servers WHERE id='web1'")
MSG="hist_fill writes an hour of samples" check "$HIST_FILL" "$WEBMIN_VAR/modules/unlimited-cluster/history" "$rid" 3600 60 "$(date +%s)"
cgi GET edit_server.cgi "id=web1&range=1h"
check status_is 200
MSG="cpu, memory and disk charts carry a dashed forecast" check test "$(grep -o 'class="uc-chart-forecast"' <<<"$BODY" | wc -l)" -eq 3
MSG="…drawn dashed" check body_has 'stroke-dasharray="4 3"'
