# t10-concurrency.sh — STRESS_WRITERS (100) concurrent writers through the
# real HTTP server (lighttpd on loopback, tools/lighttpd.sh), pages and API
# mixed, while the monitoring daemon probes their servers every second and
# writes its samples into the same database. No acknowledged write may be
# lost, no answer may be a 5xx, no user may read "database is locked".
# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash

# shellcheck source=tools/lighttpd.sh disable=SC1091
. "$ROOT/tools/lighttpd.sh"
fresh "$T/conc"
STATE="$W/state"
USER_PW=$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
uc_state_init "$STATE" admin "$USER_PW" en
CFG="$STATE/etc"
VAR="$STATE/var"
MOD="$VAR/modules/unlimited-cluster"
DB="$MOD/cluster.db"
for kv in check_interval=1 fail_count=1 icmp=0 metrics=0 http=0; do setcfg "$kv"; done
if uc_server_start "$STATE" "$STAGE" 0 >/dev/null; then
    PIDS+=("$UC_PID")
    ok "lighttpd serves the stage on 127.0.0.1:$UC_PORT"
    # The daemon creates the database and probes the writers' servers (on
    # lighttpd's own port: loopback, always answering).
    "$D" --config "$CFG" --var "$VAR" --foreground >"$W/daemon.out" 2>&1 &
    DPID=$!
    PIDS+=("$DPID")
    counters() { q "$DB" "SELECT count(*) FROM daemon_counters" 2>/dev/null | grep -q '^[1-9]'; }
    MSG="the daemon starts, creates the database and writes its first batch" \
        check wait_for 10 counters
    flushes0=$(q "$DB" "SELECT coalesce(max(CAST(value AS INTEGER)), 0)
        FROM daemon_counters WHERE family = 'daemon_flushes_total'")
    start_s=$(date +%s)
    python3 "$HERE/writers.py" --port "$UC_PORT" --user admin \
        --password "$USER_PW" --db "$DB" --writers "${STRESS_WRITERS:-100}" \
        --ops "${STRESS_OPS:-10}" --probe-port "$UC_PORT" \
        --log "$W/requests.log" >"$W/summary.json" 2>"$W/writers.err"
    rc=$?
    echo "# concurrency: $(cat "$W/summary.json")"
    SHOW="$W/summary.json"
    MSG="every request answered as expected, none lost, no 5xx, no busy text (writers.py exit $rc)" \
        check [ "$rc" -eq 0 ]
    SHOW="$W/summary.json"
    MSG="no request answered 503 (the busy answer)" \
        check lacks '"503"' "$W/summary.json"
    # The daemon kept writing meanwhile: its sample of the writers' servers
    # and more flushes than before.
    sleep 1.5
    flushes1=$(q "$DB" "SELECT coalesce(max(CAST(value AS INTEGER)), 0)
        FROM daemon_counters WHERE family = 'daemon_flushes_total'")
    sampled=$(q "$DB" "SELECT count(*) FROM probe_current
        WHERE server LIKE 'w%-%' AND checked >= $start_s")
    echo "# daemon: flushes $flushes0 -> $flushes1, writers' servers sampled: $sampled"
    MSG="the daemon wrote samples of the writers' servers during the run ($sampled)" \
        check [ "${sampled:-0}" -gt 0 ]
    MSG="the daemon flushed during the run ($flushes0 -> $flushes1)" \
        check [ "${flushes1:-0}" -gt "${flushes0:-0}" ]
    kill -0 "$DPID" 2>/dev/null
    MSG="the daemon is still running" check [ $? -eq 0 ]
    MSG="PRAGMA integrity_check is ok afterwards" check integrity_ok "$DB"
    MSG="no CGI wrote 'locked' to the server's error log" \
        check lacks 'locked' "$STATE/cgi-stderr.log"
else
    not_ok "lighttpd did not start"
fi
uc_server_stop "$STATE"
