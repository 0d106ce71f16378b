# lib.sh — helpers for the daemon suite: fresh Webmin folders, servers
# written into the database the way the store writes them, loopback
# servers (serve.py, node_exporter, Prometheus) and the daemon itself,
# each remembered so that cleanup stops it. Sourced by run.sh.
# shellcheck shell=bash

: "${STAGE:?}" "${T:?}" "${HERE:?}"
# shellcheck source=tests/lib/results.sh
. "$HERE/../lib/results.sh"
# shellcheck source=tests/lib/processes.sh
. "$HERE/../lib/processes.sh"
D="$STAGE/unlimited-clusterd"

# What not_ok shows under a failure: the end of the case's daemon log.
fail_detail() {
    [ -n "${LOG:-}" ] && [ -f "$LOG" ] && tail -5 "$LOG" | sed 's/^/#   /'
    return 0
}
check() { if "$@"; then ok "${MSG:-$*}"; else not_ok "${MSG:-$*}"; fi; MSG=; }

# fresh KEY=VALUE... — new config and var folders for the current case,
# with the module config holding the given keys; creates the database.
fresh() {
    W="$T/$CASE"
    rm -rf "$W"
    CFG="$W/etc"
    VAR="$W/var"
    MOD="$VAR/modules/unlimited-cluster"
    DB="$MOD/cluster.db"
    LOG="$MOD/daemon.log"
    mkdir -p "$CFG/unlimited-cluster" "$MOD"
    : >"$CFG/unlimited-cluster/config"
    local kv
    for kv in "$@"; do echo "$kv" >>"$CFG/unlimited-cluster/config"; done
    "$D" --config "$CFG" --var "$VAR" --once >/dev/null 2>&1
}

# setcfg KEY=VALUE... — rewrites the module config.
setcfg() {
    : >"$CFG/unlimited-cluster/config"
    local kv
    for kv in "$@"; do echo "$kv" >>"$CFG/unlimited-cluster/config"; done
}

q() { sqlite3 -batch -noheader -cmd ".timeout 5000" "$DB" "$@"; }

# add_server ID TYPE IP [PORTS] — as store_server_add writes it (row and
# search index).
add_server() {
    q "PRAGMA foreign_keys=ON;
       INSERT INTO servers(id, name, type, ip, ports, created, updated)
       VALUES ('$1', '$1', '$2', '$3', '${4:-}', strftime('%s'), strftime('%s'));
       INSERT INTO servers_fts(rowid, id, name, ip, region)
       SELECT rid, id, name, ip, region FROM servers WHERE id = '$1';" >/dev/null
}

del_server() {
    q "PRAGMA foreign_keys=ON;
       INSERT INTO servers_fts(servers_fts, rowid, id, name, ip, region)
       SELECT 'delete', rid, id, name, ip, region FROM servers WHERE id = '$1';
       DELETE FROM servers WHERE id = '$1';" >/dev/null
}

# probe_set ID COLUMN VALUE — one probe setting (SQL literal value).
probe_set() {
    q "INSERT INTO probe_settings(server, $2, updated)
       VALUES ('$1', $3, strftime('%s'))
       ON CONFLICT (server) DO UPDATE SET $2 = $3;" >/dev/null
}

cur() { q "SELECT $2 FROM probe_current WHERE server = '$1';"; }
status_of() { q "SELECT status FROM servers WHERE id = '$1';"; }
status_is() { [ "$(status_of "$1")" = "$2" ]; }
cur_is() { [ "$(cur "$1" "$2")" = "$3" ]; }
counter() {
    q "SELECT CAST(value AS INTEGER) FROM daemon_counters
       WHERE family = '$1' AND kind = '${2:-}';"
}
state() { q "SELECT value FROM daemon_state WHERE key = '$1';"; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# serve MODE ADDR PORT NAME — starts serve.py; sets SERVE_PID and PORT_OUT
# (PORT 0 = any free one). Files: $W/NAME.port, .log, .big.
serve() {
    local f="$W/$4.port"
    rm -f "$f"
    python3 "$HERE/serve.py" "$1" "$2" "$3" "$f" >/dev/null 2>&1 &
    SERVE_PID=$!
    PIDS+=("$SERVE_PID")
    PORT_OUT=
    wait_for 5 test -s "$f" || return 1
    PORT_OUT=$(cat "$f")
}

# node_exporter ADDR PORT — starts a real prometheus-node-exporter.
node_exporter() {
    prometheus-node-exporter --web.listen-address="$1:$2" \
        >"$W/node_exporter.out" 2>&1 &
    NE_PID=$!
    PIDS+=("$NE_PID")
    wait_for 10 curl -sf -o /dev/null "http://$1:$2/metrics"
}

# start_daemon [ARGS] — the daemon in the foreground of a background job;
# returns when it has read the estate.
started() { [ "$(grep -c 'servers to probe' "$LOG" 2>/dev/null)" -gt "$1" ]; }
start_daemon() {
    local before
    before=$(grep -c 'servers to probe' "$LOG" 2>/dev/null)
    "$D" --config "$CFG" --var "$VAR" --foreground "$@" \
        >"$W/daemon.out" 2>&1 &
    DPID=$!
    PIDS+=("$DPID")
    wait_for 10 started "${before:-0}"
}

# stop_daemon — SIGTERM and wait (bounded); sets DRC to its exit status.
stop_daemon() {
    local late=0
    kill -TERM "$DPID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$DPID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$DPID" 2>/dev/null; then
        late=1
        kill -KILL "$DPID"
    fi
    wait "$DPID" 2>/dev/null
    DRC=$?
    [ "$late" -eq 0 ] || DRC=timeout
}

# Floats: near A B TOL.
near() { python3 -c "import sys; sys.exit(0 if abs(float('$1') - float('$2')) <= float('$3') else 1)" 2>/dev/null; }
between() { python3 -c "import sys; sys.exit(0 if float('$2') <= float('$1') <= float('$3') else 1)" 2>/dev/null; }
not() { ! "$@"; }
