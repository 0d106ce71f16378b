# t70-estate.sh — edits made while the daemon runs (added, changed,
# removed servers, maintenance) are picked up within a second or two,
# names are resolved, and samples reach the history.
# shellcheck shell=bash

fresh check_interval=1 icmp=0 metrics=0 fail_count=2 ok_count=1 timeout_ms=500
serve tcp 127.0.0.1 0 lst
L=$PORT_OUT
closed=$(free_port)
add_server db-1 database 127.0.0.1 "$L"
start_daemon
MSG="the first server is probed" check wait_for 5 status_is db-1 active

t0=$(date +%s%N)
add_server db-2 database 127.0.0.1 "$L"
probed() { [ -n "$(cur db-2 checked)" ]; }
wait_for 5 probed
ms=$((($(date +%s%N) - t0) / 1000000))
MSG="a server added while running is probed within 2 s ($ms ms)" check [ "$ms" -le 2000 ]
MSG="...and is active" check status_is db-2 active
MSG="...the log counts the change" check grep -q 'estate changed: 1 added' "$LOG"

t0=$(date +%s%N)
q "UPDATE servers SET ports = '$closed', updated = updated + 1 WHERE id = 'db-2';"
refused() { grep -q "tcp/$closed" <<<"$(cur db-2 error)"; }
wait_for 5 refused
ms=$((($(date +%s%N) - t0) / 1000000))
MSG="a changed port list is used within 2 s ($ms ms)" check [ "$ms" -le 2000 ]
MSG="...and the server goes inactive after 2 rounds" check wait_for 5 status_is db-2 inactive

del_server db-2
row_gone() { [ -z "$(cur db-2 checked)" ] && [ "$(q "SELECT count(*) FROM servers WHERE id='db-2';")" = 0 ]; }
sleep 2
MSG="a deleted server's current values go with it" check row_gone
MSG="...and are not written back" check test -z "$(cur db-2 checked)"
MSG="...the log counts the removal" check grep -q 'estate changed: 0 added, 0 changed, 1 removed' "$LOG"

probe_set db-1 maintenance 1
in_maint() { status_is db-1 unknown && [ "$(cur db-1 error)" = maintenance ]; }
MSG="maintenance: status unknown, error 'maintenance', within 2 s" check wait_for 2 in_maint
checked=$(cur db-1 checked)
sleep 2.2
MSG="...and no more checks" check test "$(cur db-1 checked)" = "$checked"
probe_set db-1 maintenance 0
MSG="maintenance off: active again" check wait_for 3 status_is db-1 active

add_server named-1 database localhost "$L"
MSG="a host name is resolved (localhost)" check wait_for 4 status_is named-1 active
add_server nx-1 database no-such-host.invalid "$L"
MSG="a name that does not resolve: inactive after 2 rounds" check wait_for 6 status_is nx-1 inactive
MSG="...with the resolver's reason" check grep -q 'cannot resolve no-such-host.invalid' <<<"$(cur nx-1 error)"
MSG="...counted" check [ "$(counter daemon_dns_failures_total)" -ge 2 ]
stop_daemon
MSG="SIGTERM stops it cleanly (exit $DRC)" check [ "$DRC" = 0 ]
raw=$(ls "$MOD"/history/raw-*.db 2>/dev/null | head -1)
MSG="samples reached the history (${raw##*/})" check test -s "${raw:-/nonexistent}"
