# t20-status.sh — a real listener stops and starts again: the server goes
# inactive only after fail_count failed rounds and comes back only after
# ok_count good ones. Rounds are 2 s apart: a round that changes no status
# is written at the next once-a-second flush, so with 1 s rounds the state
# between two rounds could be on disk for only a few milliseconds and the
# watcher below could miss it (it did once, under the sanitizer build).
# shellcheck shell=bash

fresh check_interval=2 fail_count=2 ok_count=3 icmp=0 metrics=0 timeout_ms=300
port=$(free_port)
serve tcp 127.0.0.1 "$port" lst
add_server db-1 database 127.0.0.1 "$port"
start_daemon
MSG="a listening server becomes active" check wait_for 5 status_is db-1 active

# Watch every round while the listener is down.
kill "$SERVE_PID"
seen=""
for _ in $(seq 200); do
    row=$(q "SELECT c.fails || ':' || s.status FROM servers s
             JOIN probe_current c ON c.server = s.id WHERE s.id = 'db-1';")
    seen="$seen $row"
    [ "${row#*:}" = inactive ] && break
    sleep 0.1
done
MSG="after 1 failed round it is still active" check grep -q ' 1:active' <<<"$seen"
MSG="it is never inactive after a single failure" check not grep -q ' 1:inactive' <<<"$seen"
MSG="after 2 failed rounds it is inactive ($(tail -c 30 <<<"$seen"))" \
    check grep -qE ' [2-9]:inactive' <<<"$seen"
MSG="the error says the connection was refused" \
    check grep -q 'Connection refused' <<<"$(cur db-1 error)"

serve tcp 127.0.0.1 "$port" lst
seen=""
for _ in $(seq 200); do
    row=$(q "SELECT c.oks || ':' || s.status FROM servers s
             JOIN probe_current c ON c.server = s.id WHERE s.id = 'db-1';")
    seen="$seen $row"
    [ "${row#*:}" = active ] && break
    sleep 0.1
done
MSG="1 good round: still inactive" check grep -q ' 1:inactive' <<<"$seen"
MSG="2 good rounds: still inactive" check grep -q ' 2:inactive' <<<"$seen"
MSG="never active before 3 good rounds" check not grep -qE ' [12]:active' <<<"$seen"
MSG="3 good rounds: active again ($(tail -c 30 <<<"$seen"))" \
    check grep -qE ' [3-9]:active' <<<"$seen"
MSG="status_since moved to the change" \
    check between "$(cur db-1 status_since)" $(($(date +%s) - 5)) $(($(date +%s) + 1))
MSG="both changes are in the log" \
    check [ "$(grep -c 'server db-1: ' "$LOG")" -ge 3 ]
stop_daemon
MSG="SIGTERM stops it cleanly (exit $DRC)" check [ "$DRC" = 0 ]
