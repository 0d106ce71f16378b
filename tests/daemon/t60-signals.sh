# t60-signals.sh — one daemon per database, SIGHUP reloads the config,
# SIGTERM stops cleanly, and without --foreground it detaches.
# shellcheck shell=bash

fresh check_interval=1 icmp=0 metrics=0
serve tcp 127.0.0.1 0 lst
add_server db-1 database 127.0.0.1 "$PORT_OUT"
start_daemon
MSG="the pidfile holds the daemon's pid" check test "$(cat "$MOD/unlimited-clusterd.pid")" = "$DPID"
MSG="daemon_state holds its pid" check test "$(state pid)" = "$DPID"
"$D" --config "$CFG" --var "$VAR" --once >"$W/second.out" 2>&1
rc=$?
MSG="a second daemon on the same folder refuses to start (exit $rc)" \
    check grep -q "already running (pid $DPID)" "$W/second.out"

beat1=$(state heartbeat)
beats() { [ "$(state heartbeat)" -gt "$beat1" ]; }
MSG="the heartbeat advances while it runs" check wait_for 12 beats

setcfg check_interval=2 icmp=1 metrics=0
kill -HUP "$DPID"
MSG="SIGHUP reloads the config" check wait_for 5 grep -q 'configuration reloaded (interval 2 s' "$LOG"
interval_is() { [ "$(state interval)" = 2 ]; }
MSG="...daemon_state shows the new interval" check wait_for 3 interval_is
MSG="...and ICMP now on" check grep -qE '^(raw|dgram)' <<<"$(state icmp)"
MSG="...and it is still running" check kill -0 "$DPID"
icmp_seen() { [ -n "$(cur db-1 icmp_ms)" ]; }
MSG="...and pings with the new config" check wait_for 6 icmp_seen

stop_daemon
MSG="SIGTERM: exit 0 within 5 s (exit $DRC)" check [ "$DRC" = 0 ]
MSG="...the pidfile is gone" check test ! -e "$MOD/unlimited-clusterd.pid"
MSG="...daemon_state records the stop" check test -n "$(state stopped)" -a -z "$(state pid)"
MSG="...the log says stopped" check grep -q 'daemon: stopped' "$LOG"
MSG="...and it never wrote to stderr" check test ! -s "$W/daemon.out"

# Without --foreground (and not under systemd) it detaches.
env -u INVOCATION_ID "$D" --config "$CFG" --var "$VAR" >"$W/bg.out" 2>&1
rc=$?
MSG="without --foreground the command returns 0 once the daemon runs" check [ "$rc" -eq 0 ]
bgpid=$(cat "$MOD/unlimited-clusterd.pid" 2>/dev/null)
[ -n "$bgpid" ] && PIDS+=("$bgpid")
MSG="...and the detached daemon ($bgpid) is alive" check kill -0 "${bgpid:-0}"
kill -TERM "${bgpid:-0}" 2>/dev/null
gone() { ! kill -0 "${bgpid:-0}" 2>/dev/null; }
MSG="...and stops on SIGTERM" check wait_for 5 gone

# A database that cannot be opened: exit 1 with one line on stderr.
echo "not a database" >"$W/bad.db"
"$D" --config "$CFG" --var "$VAR" --db "$W/bad.db" --once >"$W/bad.out" 2>&1
rc=$?
MSG="a damaged database: exit 1, one clear line (exit $rc)" \
    check test "$rc" = 1 -a "$(grep -c 'cannot open the database' "$W/bad.out")" = 1
