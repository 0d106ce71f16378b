# t10-once.sh — options, one round (--once), statuses from TCP checks,
# what lands in the database (schema, current values, counters, state).
# shellcheck shell=bash

"$D" --help >"$T/help.out" 2>&1
MSG="--help prints the usage, exit 0" check grep -q -- '--once' "$T/help.out"
"$D" --no-such-option >/dev/null 2>&1
rc=$?
MSG="an unknown option exits 2 (got $rc)" check [ "$rc" -eq 2 ]
"$D" --once extra-arg >/dev/null 2>&1
rc=$?
MSG="a stray argument exits 2 (got $rc)" check [ "$rc" -eq 2 ]

fresh fail_count=1 icmp=0 metrics=0
MSG="the daemon creates the database at schema version 2 or later" \
    check [ "$(q 'PRAGMA user_version;')" -ge 2 ]
serve tcp 127.0.0.1 0 open
open=$PORT_OUT
closed=$(free_port)
add_server up-1 database 127.0.0.1 "$open"
add_server down-1 database 127.0.0.1 "$closed"
add_server half-1 cache 127.0.0.1 "$open $closed"
"$D" --config "$CFG" --var "$VAR" --once >"$W/out" 2>&1
rc=$?
MSG="--once probes every server and exits 0 (got $rc)" check [ "$rc" -eq 0 ]
MSG="--once writes nothing to stdout or stderr" check [ ! -s "$W/out" ]
MSG="all ports answer: active" check [ "$(status_of up-1)" = active ]
MSG="no port answers (fail_count=1): inactive" check [ "$(status_of down-1)" = inactive ]
MSG="some ports answer: warning" check [ "$(status_of half-1)" = warning ]
MSG="current values: 2 checks, 1 failed for half-1" \
    check [ "$(cur half-1 "checks || '/' || failed")" = "2/1" ]
MSG="the failed port is named in the error" \
    check grep -q "tcp/$closed: Connection refused" <<<"$(cur half-1 error)"
MSG="the connect time is recorded" \
    check between "$(cur up-1 "coalesce(tcp_ms, -1)")" 0 1000
MSG="the check time is recorded" \
    check between "$(cur up-1 checked)" $(($(date +%s) - 60)) $(($(date +%s) + 1))
MSG="daemon_probes_total{kind=tcp} counts 4 connects" \
    check [ "$(counter daemon_probes_total tcp)" = 4 ]
MSG="daemon_probe_failures_total{kind=tcp} counts 2" \
    check [ "$(counter daemon_probe_failures_total tcp)" = 2 ]
MSG="daemon_state says it stopped and holds no pid" \
    check test -n "$(state stopped)" -a -z "$(state pid)"
MSG="daemon_state explains that ICMP is off by config" \
    check grep -q 'disabled (module config icmp=0)' <<<"$(state icmp)"
MSG="the status change is logged" \
    check grep -q 'server down-1: unknown -> inactive: tcp/' "$LOG"
MSG="the pidfile is removed at exit" check [ ! -e "$MOD/unlimited-clusterd.pid" ]
kill "$SERVE_PID"
