# t91-alerts-topology.sh — one outage, one notification: a database and
# the three web servers connected to it stop (real loopback listeners);
# server_down fires for all four, but only the database's alert notifies,
# listing the web servers as dependants, and their alerts name it as the
# root cause. The command action runs once with the dependants in its
# environment. When everything is back, only the database's resolution
# notifies.
# shellcheck shell=bash

# ev_n EVENT [SERVER] — server_down rows of alert_log.
ev_n() {
    # shellcheck disable=SC2016 # '$2' is inside the double quotes: expands
    q "SELECT count(*) FROM alert_log WHERE rule = 'server_down'
       AND event = '$1' ${2:+AND server = '$2'};"
}
ev_n_is() { [ "$(ev_n "$1" "${3:-}")" = "$2" ]; }

ran="$T/$CASE.ran"
rm -f "$ran"
fresh check_interval=1 fail_count=2 ok_count=1 icmp=0 metrics=0 \
    timeout_ms=300 down_for=2 notify_interval=0 \
    "command=printf '%s %s %s\\n' \"\$UC_EVENT\" \"\$UC_SERVER\" \"\$UC_DEPENDANTS\" >>$ran"
q "UPDATE rules SET action = 'command' WHERE name = 'server_down';"
dbport=$(free_port)
serve tcp 127.0.0.3 "$dbport" db
DBPID=$SERVE_PID
add_server db-1 database 127.0.0.3 "$dbport"
WEBPIDS=()
for i in 1 2 3; do
    serve http "127.0.0.$((3 + i))" 0 "web$i"
    WEBPIDS+=("$SERVE_PID")
    add_server "web-$i" web "127.0.0.$((3 + i))" "$PORT_OUT"
    q "INSERT INTO connections (from_id, to_id, type, created)
       VALUES ('web-$i', 'db-1', 'database', strftime('%s'));"
done
start_daemon
all_active() {
    [ "$(q "SELECT count(*) FROM servers WHERE status = 'active';")" = 4 ]
}
MSG="four servers active" check wait_for 10 all_active

# The database stops; its web tier fails with it half a second later.
kill "$DBPID"
sleep 0.5
kill "${WEBPIDS[@]}"
MSG="server_down fires for all four" check wait_for 15 ev_n_is firing 4
sleep 3 # more rounds: nothing else may notify
MSG="exactly one notification" check [ "$(ev_n notified)" = 1 ]
MSG="it is the database's" check [ "$(ev_n notified db-1)" = 1 ]
detail=$(q "SELECT detail FROM alert_log WHERE event = 'notified';")
MSG="it lists the three web servers ($detail)" \
    check grep -q '3 dependants: web-1 web-2 web-3' <<<"$detail"
MSG="the web servers' alerts name the database as root cause" \
    check [ "$(q "SELECT count(*) FROM alerts WHERE cause = 'db-1'
                 AND state = 'firing' AND notified IS NULL;")" = 3 ]
MSG="the database's own alert has no cause" \
    check [ "$(q "SELECT count(*) FROM alerts WHERE server = 'db-1'
                 AND state = 'firing' AND cause IS NULL;")" = 1 ]
MSG="three suppressed rows in the log" check [ "$(ev_n suppressed)" = 3 ]
MSG="the command action ran once" check wait_for 5 test -s "$ran"
MSG="once, for db-1, with the dependants ($(head -c 200 "$ran" 2>/dev/null))" \
    check [ "$(grep -c '^firing db-1 .*web-1.*web-2.*web-3' "$ran")" = 1 ]
MSG="and for nothing else" check [ "$(wc -l <"$ran")" = 1 ]

# Everything back.
serve tcp 127.0.0.3 "$dbport" db
for i in 1 2 3; do
    python3 "$HERE/serve.py" http "127.0.0.$((3 + i))" \
        "$(q "SELECT ports FROM servers WHERE id = 'web-$i';")" \
        "$W/web$i.again" >/dev/null 2>&1 &
    PIDS+=("$!")
done
MSG="all four resolved" check wait_for 15 ev_n_is resolved 4
sleep 2
MSG="only the database's resolution notified (2 notifications)" \
    check [ "$(ev_n notified):$(ev_n notified db-1)" = 2:2 ]
ran_resolved() { [ "$(grep -c '^resolved db-1' "$ran")" = 1 ]; }
MSG="the command ran for the resolution" check wait_for 5 ran_resolved
stop_daemon
MSG="SIGTERM stops it cleanly (exit $DRC)" check [ "$DRC" = 0 ]
